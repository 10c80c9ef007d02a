"""The store view's list of forms."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class FormTable(DataTable):
    """Enter opens the form under the cursor. Said here, because the footer shows the focused
    table's own (unlabelled) Enter instead of the screen's."""

    BINDINGS = [Binding("enter", "select_cursor", "打开")]
