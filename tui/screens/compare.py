"""The form beside another version of itself (`c` in the editor): the version before jixiao's last
change, or last year's form of the same project. Rows are aligned, each change marked."""

from __future__ import annotations

from rich.cells import cell_len
from rich.markup import escape
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from drafting.compare.diff import FormDiff, RowChange
from drafting.compare.versions import Version
from drafting.lint.findings import nth

from ..cells import fit, short_level
from ..diff_report import direction_text, funds_text, rows_summary, shown
from ..session import FormSession
from .base import JixiaoScreen

# One 二级 column (the new form's; a row moved to another 二级 says so in 变化): both sides fit 80 columns.
COLUMNS = ("二级", "原#", "原三级指标", "原指标值", "变化", "#", "三级指标", "指标值")


def change_cell(row: RowChange) -> Text:
    """The change column: one word, coloured; the arrow says whether the target asks more (↑) or
    less (↓), whichever way its number moved; a weaker target stands out."""
    if row.change == "added":
        return Text("＋新增", style="green")
    if row.change == "removed":
        return Text("－删除", style="red")
    word = {"same": "相同", "renamed": "改名"}.get(row.change, "")
    if "retargeted" in row.change:
        word = ("改名" if row.change == "renamed+retargeted" else "") + {True: "↑提高", False: "↓放宽", None: "≠改值"}[row.stricter]
    if row.moved:
        word = "移动" if row.change == "same" else word + "·移动"
    if row.stricter is False:
        style = "bold red"
    elif word == "相同":
        style = "dim"
    else:
        style = "yellow" if "retargeted" in row.change else "cyan"
    return Text(word, style=style)


_VALUE_MAX = 18  # terminal columns: "2021年12月31日前" takes 18 …
_VALUE_MIN = 10  # … and narrow terminals cut longer values to this
_GAPS = len(COLUMNS) * 2 + 1  # the cells' padding, and the scroll bar


class CompareScreen(JixiaoScreen):
    BINDINGS = [
        Binding("escape,q", "back", "返回"),
        Binding("t", "switch", "换对比对象"),
        Binding("n", "next_change(1)", "下一处改动"),
        Binding("N", "next_change(-1)", "上一处改动", show=False),
    ]

    def __init__(self, session: FormSession, versions: list[Version]):
        super().__init__()
        self.session = session
        self.versions = versions
        self.current = 0
        self.diff: FormDiff | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="compare"):
            yield Static(id="compare-head")
            yield DataTable(id="compare-rows", cursor_type="row", zebra_stripes=True)
            yield Static(id="compare-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._draw()
        self.call_after_refresh(self._draw_rows)  # again once the table knows its width
        self.query_one("#compare-rows", DataTable).focus()

    def _draw(self) -> None:
        version = self.versions[self.current]
        self.diff = diff = self.session.side_by_side(version.form)
        self.title = f"对比：{diff.new_project}"
        self.sub_title = f"{version.label} ↔ 当前" + ("（含未保存的修改）" if self.session.dirty else "")
        now = "当前（含未保存的修改）" if self.session.dirty else "当前"
        lines = [f"[b]左：{escape(version.label)}[/]　{escape(diff.old_project)}　[b]右：{now}[/]　{escape(diff.new_project)}",
                 escape(f"左为 {diff.old_path}；{diff.basis}")]
        changes = [f"{c.label}：{c.old} → {c.new}" for c in diff.header] + funds_text(diff)
        if diff.goal.removed or diff.goal.added:
            changes.append(f"总体目标：删去 {len(diff.goal.removed)} 句，新增 {len(diff.goal.added)} 句")
        lines.append(escape("；".join(changes)) if changes else "[dim]表头、资金和总体目标未改动[/]")
        lint = f"检查问题：消除 {len(diff.lint_gone)} 个，新增 {len(diff.lint_new)} 个"
        more = f"　[dim]t 换对比对象（共 {len(self.versions)} 个）[/]" if len(self.versions) > 1 else ""
        lines.append(escape(rows_summary(diff)) + "　" + lint + more)
        self.query_one("#compare-head", Static).update("\n".join(lines))
        self._draw_rows()

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._draw_rows)  # the names share the new width

    def _draw_rows(self) -> None:
        """Both sides in the table's width: numbers, 二级, the change and the targets whole (up to a
        limit), the two names sharing what is left, cut with "…" (the line below shows them whole).
        Column widths are set, not left to the table: it keeps a column as wide as its widest cell
        ever, or (after clearing its columns) as its heading."""
        table = self.query_one("#compare-rows", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        if self.diff is None:
            return
        lines = []
        for row in self.diff.rows:
            level = short_level(row.new_level2 or row.old_level2)
            old = ("", "", "") if row.old_indicator is None else (str(row.old_indicator + 1), row.old_name, row.old_value)
            new = ("", "", "") if row.new_indicator is None else (str(row.new_indicator + 1), row.new_name, row.new_value)
            lines.append((level, old, change_cell(row), new))

        def widest(cells, heading: str) -> int:
            return max([cell_len(cell) for cell in cells] + [cell_len(heading)])

        width = table.size.width or 80  # not laid out yet: narrow, and drawn again on mount's refresh
        fixed = (widest([line[0] for line in lines], COLUMNS[0]) + widest([line[1][0] for line in lines], COLUMNS[1])
                 + widest([line[3][0] for line in lines], COLUMNS[5]) + max(cell_len(line[2].plain) for line in lines))
        cap = _VALUE_MAX if width >= 120 else _VALUE_MIN
        values = [min(widest([line[side][2] for line in lines], COLUMNS[k]), cap) for side, k in ((1, 3), (3, 7))]
        names = max(6, (width - _GAPS - fixed - sum(values)) // 2)
        rows = [(level, old[0], fit(old[1], names), fit(old[2], values[0]), change,
                 new[0], fit(new[1], names), fit(new[2], values[1])) for level, old, change, new in lines]
        for k, heading in enumerate(COLUMNS):  # the change column holds rich Text, the others str
            table.add_column(heading, width=widest([getattr(row[k], "plain", row[k]) for row in rows], heading))
        for row in rows:
            table.add_row(*row)
        if table.row_count:
            table.move_cursor(row=max(0, min(cursor, table.row_count - 1)))
        self._detail()

    def _detail(self) -> None:
        table = self.query_one("#compare-rows", DataTable)
        if self.diff is None or not self.diff.rows:
            return
        row = self.diff.rows[min(table.cursor_row, len(self.diff.rows) - 1)]
        old = f"原{nth(row.old_indicator)}：{row.old_level2}　{row.old_name}　{row.old_value}" \
            if row.old_indicator is not None else "原表：无（新增）"
        new = f"现{nth(row.new_indicator)}：{row.new_level2}　{row.new_name}　{row.new_value}" \
            if row.new_indicator is not None else "当前：无（已删除）"
        how = f"　（{direction_text(row)}）" if row.direction else ""
        self.query_one("#compare-detail", Static).update(escape(f"{old}\n{new}{how}"))

    @on(DataTable.RowHighlighted, "#compare-rows")
    def _highlighted(self) -> None:
        self._detail()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Only one version to compare with: `t` leaves the footer.
        return len(self.versions) > 1 if action == "switch" else True

    def action_switch(self) -> None:
        self.current = (self.current + 1) % len(self.versions)
        self._draw()

    def action_next_change(self, step: int) -> None:
        table = self.query_one("#compare-rows", DataTable)
        if self.diff is None or not self.diff.rows:
            return
        n = len(self.diff.rows)
        for k in range(1, n + 1):
            at = (table.cursor_row + step * k) % n
            if shown(self.diff.rows[at]):
                table.move_cursor(row=at)
                return
        self.notify("两个版本的指标没有改动")

    def action_back(self) -> None:
        self.app.pop_screen()
