"""The store view: every form of the store in a table, filled by a worker as forms are read and linted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Static

from drafting.lint import LintConfig

from ..store_index import FormSummary, scan
from ..widgets.form_table import FormTable
from .base import JixiaoScreen
from .dialogs import Ask

COLUMNS = ("项目名称", "主管部门", "年度", "资金（万元）", "指标数", "错误", "警告", "待审核建议")
FLUSH_SECONDS = 0.5
SORTS = ("project", "department", "year", "total", "indicators", "errors", "warnings", "pending")


class StoreScreen(JixiaoScreen):
    BINDINGS = [
        Binding("enter", "open", "打开"),
        Binding("slash", "focus_filter", "筛选"),
        Binding("c", "filter_code", "按规则筛选"),
        Binding("p", "toggle_problems", "只看有问题的"),
        Binding("s", "sort", "排序"),
        Binding("r", "reload", "重新载入"),
        Binding("q", "app.quit", "退出"),
    ]

    def __init__(self, root: Path, config: LintConfig):
        super().__init__()
        self.root, self.config = root, config
        self.forms: dict[str, FormSummary] = {}
        self.waiting: list[FormSummary] = []  # read, not yet in the table
        self.flush_timer = None
        self.totals = Counter()  # errors, warnings, infos, pending over all forms, kept as forms come and go
        self.run_findings: dict[str, list] = {}
        self.text_filter = ""
        self.code_filter = ""
        self.problems_only = False
        self.sort_index = 0
        self.reading = True
        self.load_errors: list = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="筛选：项目名称或主管部门（/）", id="filter")
            yield Static("", id="filter-state")
        yield FormTable(id="forms", cursor_type="row", zebra_stripes=True)
        yield Static("正在读取……", id="summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "jixiao 绩效目标"
        self.sub_title = self.root.resolve().name
        table = self.query_one("#forms", DataTable)
        for label, key in zip(COLUMNS, SORTS):
            table.add_column(label, key=key)
        table.focus()
        self.load()

    # --- loading ----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load(self) -> None:
        for kind, payload in scan(self.root, self.config):
            self.app.call_from_thread(self._loaded, kind, payload)
        self.app.call_from_thread(self._done)

    def _loaded(self, kind: str, payload) -> None:
        if kind == "forms":
            for summary in payload:
                self._count(self.forms.get(summary.path), -1)
                self.forms[summary.path] = summary
                self._count(summary, 1)
            # Rows go into the table in batches: each redraw of a large table costs, so the first
            # chunk shows at once and later ones are gathered for a moment.
            self.waiting += payload
            if len(self.forms) == len(payload):  # the first chunk
                self._flush()
            elif self.flush_timer is None:
                self.flush_timer = self.set_timer(FLUSH_SECONDS, self._flush)
        elif kind == "errors":
            self.load_errors += payload
            for error in payload:
                self.notify(str(error), severity="error", timeout=8, markup=False)
        else:  # cross-form findings arrive last
            self._flush()
            self.run_findings = payload
            for path, found in payload.items():
                if path in self.forms:
                    self._count(self.forms[path], -1)
                    self.forms[path].add(found)
                    self._count(self.forms[path], 1)
            if self.code_filter or self.problems_only or SORTS[self.sort_index] in ("errors", "warnings"):
                self.refresh_table()  # the rows shown or their order may change
            else:
                self._update_rows(payload)

    def _done(self) -> None:
        self._flush()
        self.reading = False
        self.refresh_summary()

    def _flush(self) -> None:
        if self.flush_timer is not None:
            self.flush_timer.stop()
            self.flush_timer = None
        waiting, self.waiting = self.waiting, []
        if waiting:
            self._append(waiting)

    def _update_rows(self, paths) -> None:
        """The counts of rows already shown, changed in place (re-adding thousands of rows is slow)."""
        table = self.query_one("#forms", DataTable)
        for path in paths:
            if path in table.rows:
                for key, value in zip(SORTS, self._cells(self.forms[path])):
                    table.update_cell(path, key, value)
        self.refresh_summary()

    def _count(self, summary: FormSummary | None, sign: int) -> None:
        if summary is not None:
            self.totals.update({"errors": sign * summary.errors, "warnings": sign * summary.warnings,
                                "infos": sign * summary.infos, "pending": sign * summary.pending})

    def _append(self, summaries: list[FormSummary]) -> None:
        table = self.query_one("#forms", DataTable)
        for summary in summaries:
            if self._shown(summary):
                table.add_row(*self._cells(summary), key=summary.path)
        self.refresh_summary()

    # --- the table ----------------------------------------------------------------------------------

    @staticmethod
    def _cells(s: FormSummary) -> tuple:
        department = s.department if len(s.department) <= 12 else "…" + s.department[-11:]
        project = s.project if len(s.project) <= 14 else s.project[:13] + "…"
        return (project, department, s.year, f"{s.total / 10_000:,.2f}", s.indicators,
                s.errors or "", s.warnings or "", s.pending or "")

    def _shown(self, s: FormSummary) -> bool:
        if self.text_filter and self.text_filter not in s.project and self.text_filter not in s.department:
            return False
        if self.code_filter and not any(code.startswith(self.code_filter) for code in s.codes):
            return False
        return not self.problems_only or s.errors or s.warnings

    def refresh_table(self) -> None:
        table = self.query_one("#forms", DataTable)
        cursor = table.cursor_row
        table.clear()
        key = SORTS[self.sort_index]
        rows = sorted((s for s in self.forms.values() if self._shown(s)),
                      key=lambda s: (getattr(s, key) if key != "project" else s.project),
                      reverse=key in ("errors", "warnings", "pending", "total", "indicators"))
        for summary in rows:
            table.add_row(*self._cells(summary), key=summary.path)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self.refresh_summary()

    def refresh_summary(self) -> None:
        shown = self.query_one("#forms", DataTable).row_count
        t = self.totals
        state = "正在读取…… " if self.reading else ""
        self.query_one("#summary", Static).update(
            f"{state}共 {len(self.forms)} 张申报表（显示 {shown}）｜错误 {t['errors']}　警告 {t['warnings']}　"
            f"提示 {t['infos']}｜待审核建议 {t['pending']}"
            + (f"｜{len(self.load_errors)} 个文件无法读取" if self.load_errors else ""))
        filters = []
        if self.code_filter:
            filters.append(f"规则 {self.code_filter}")
        if self.problems_only:
            filters.append("只看有问题的")
        filters.append(f"按{COLUMNS[self.sort_index]}排序")
        self.query_one("#filter-state", Static).update("　".join(filters))

    def update_form(self, summary: FormSummary) -> None:
        """After the editor saved a form: its row shows the new state."""
        summary.add([f for f in self.run_findings.get(summary.path, []) if f.code not in summary.codes])
        self._count(self.forms.get(summary.path), -1)
        self.forms[summary.path] = summary
        self._count(summary, 1)
        self.refresh_table()

    # --- actions ------------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = event.value.strip()
        self.refresh_table()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#forms", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_filter_code(self) -> None:
        def chosen(code: str | None) -> None:
            self.code_filter = (code or "").upper()
            self.refresh_table()

        self.app.push_screen(Ask("按规则代码筛选（如 JX201、JX3；留空取消筛选）", self.code_filter), chosen)

    def action_toggle_problems(self) -> None:
        self.problems_only = not self.problems_only
        self.refresh_table()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.refresh_table()

    def action_reload(self) -> None:
        self.forms.clear()
        self.totals.clear()
        self.waiting.clear()
        self.query_one("#forms", DataTable).clear()
        self.reading = True
        self.load()

    def action_open(self) -> None:
        table = self.query_one("#forms", DataTable)
        if table.row_count:
            path = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
            self.app.open_form(Path(path), self.run_findings.get(path, []))

    @on(DataTable.RowSelected, "#forms")
    def _row_selected(self) -> None:
        self.action_open()
