"""The review panel's list of suggestions, with the review keys on it."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class SuggestionTable(DataTable):
    """The review panel's list: y accept, n reject, e edit then accept, j/k next/previous."""

    BINDINGS = [
        Binding("y", "screen.accept", "接受"),
        Binding("n", "screen.reject", "拒绝"),
        Binding("e", "screen.edit_accept", "改后接受"),
        Binding("j", "cursor_down", "下一条", show=False),
        Binding("k", "cursor_up", "上一条", show=False),
        # The indicator table's add/delete keys do nothing while deciding on suggestions: a reviewer
        # pressing d here means "no", not "delete a row of the form".
        Binding("d,a", "not_here", show=False),
    ]

    def action_not_here(self) -> None:
        self.notify("在建议列表中：y 接受，n 拒绝，e 修改后接受；增删指标行请先按 i 回到指标表", severity="warning")
