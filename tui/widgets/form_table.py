"""The store view's list of forms: a table that draws only the lines on screen.

Textual's DataTable measures every cell of every row it is given, which for a 10,000-form store took
longer than reading the store from the lint cache. Here the rows are plain strings, the columns have
known widths (the first one takes what is left), and a line is drawn only when it is visible, so
filling, sorting and filtering cost list operations.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

GAP = 2  # cells between columns
FIRST_MIN = 12  # the first column is never squeezed below this


def _cut(text: str, width: int) -> str:
    """The longest start of `text` within `width` cells."""
    used = 0
    for i, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return text[:i]
    return text


def fit(text: str, width: int, align: str = "left") -> str:
    """`text` in exactly `width` cells, cut with "…" when longer: "left"/"right" keep its start,
    "end" keeps its end (a department's own name is at the end of its full title)."""
    if cell_len(text) > width:
        if align == "end":
            text = "…" + _cut(text[::-1], width - 1)[::-1]
        else:
            text = _cut(text, width - 1) + "…"
    pad = " " * (width - cell_len(text))
    return pad + text if align == "right" else text + pad


class FormTable(ScrollView, can_focus=True):
    """Rows of cells with a fixed header line and a row cursor; Enter (or a click on the cursor row)
    posts `Selected` with the row's key."""

    BINDINGS = [
        Binding("enter", "select", "打开"),
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "to(0)", show=False),
        Binding("end", "to(-1)", show=False),
    ]
    COMPONENT_CLASSES = {"form-table--header", "form-table--cursor", "form-table--even"}
    DEFAULT_CSS = """
    FormTable {
        background: $surface;
        & > .form-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .form-table--even { background: $surface-lighten-1 50%; }
        & > .form-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .form-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        def __init__(self, table: FormTable, key: str) -> None:
            super().__init__()
            self.table, self.key = table, key

        @property
        def control(self) -> FormTable:
            return self.table

    def __init__(self, columns: list[tuple[str, int, str]], **kwargs) -> None:
        """columns: (label, width, align as `fit` takes it); the first column's width is its minimum."""
        super().__init__(**kwargs)
        self.columns = columns
        self.keys: list[str] = []
        self.cells: dict[str, tuple[str, ...]] = {}
        self.widths = [w for _, w, _ in columns]

    # --- data --------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.keys)

    def set_rows(self, rows: list[tuple[str, tuple]]) -> None:
        """Replace every row; the cursor stays on its form if that is still shown, else on its line."""
        current = self.cursor_key
        self.keys = [key for key, _ in rows]
        self.cells = {key: tuple(map(str, cells)) for key, cells in rows}
        self._resized()
        row = self.keys.index(current) if current in self.cells else self.cursor_row
        self.cursor_row = max(0, min(row, self.row_count - 1))

    def update_rows(self, rows: list[tuple[str, tuple]]) -> None:
        """New cells for rows already shown (others are ignored), drawn once."""
        for key, cells in rows:
            if key in self.cells:
                self.cells[key] = tuple(map(str, cells))
        self.refresh()

    def key_at(self, row: int) -> str:
        return self.keys[row]

    @property
    def cursor_key(self) -> str | None:
        return self.keys[self.cursor_row] if self.keys else None

    def move_cursor(self, row: int) -> None:
        self.cursor_row = max(0, min(row, self.row_count - 1))

    # --- geometry ----------------------------------------------------------------------------------

    def _resized(self) -> None:
        width = self.scrollable_content_region.width or sum(self.widths) + GAP * len(self.widths)
        rest = sum(w for _, w, _ in self.columns[1:]) + GAP * len(self.columns)
        self.widths[0] = max(FIRST_MIN, width - rest)
        self.virtual_size = Size(width, self.row_count + 1)  # + the header line
        self.refresh()

    def on_resize(self, _: events.Resize) -> None:
        self._resized()
        self._show_cursor()

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _show_cursor(self) -> None:
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + self._page:
            self.scroll_to(y=self.cursor_row - self._page + 1, animate=False)

    def watch_cursor_row(self) -> None:
        self._show_cursor()
        self.refresh()

    # --- drawing -----------------------------------------------------------------------------------

    def _line(self, cells: tuple[str, ...], style) -> Strip:
        text = " ".join(fit(cell, width, align) + " " for cell, width, (_, _, align)
                        in zip(cells, self.widths, self.columns))
        return Strip([Segment(fit(" " + text, self.size.width), style)])

    def render_line(self, y: int) -> Strip:
        if y == 0:
            header = self.get_component_rich_style("form-table--header")
            return self._line(tuple(label for label, _, _ in self.columns), header)
        row = round(self.scroll_offset.y) + y - 1
        if row >= self.row_count:
            return Strip.blank(self.size.width, self.rich_style)
        component = ("form-table--cursor" if row == self.cursor_row
                     else "form-table--even" if row % 2 else "")
        style = self.rich_style + self.get_component_rich_style(component) if component else self.rich_style
        return self._line(self.cells[self.keys[row]], style)

    # --- keys and mouse -----------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * self._page)

    def action_to(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else self.row_count - 1)

    def action_select(self) -> None:
        if self.keys:
            self.post_message(self.Selected(self, self.keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and row < self.row_count:
            if row == self.cursor_row or event.chain > 1:
                self.move_cursor(row)
                self.action_select()
            else:
                self.move_cursor(row)
