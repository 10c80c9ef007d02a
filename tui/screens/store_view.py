"""The store view: every form of the store in a table, filled by a worker as forms are read and linted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Static

from drafting.lint import LintConfig

from ..store_index import FormSummary, scan
from ..widgets.form_table import FormTable
from .base import JixiaoScreen
from .dialogs import Ask

# (heading, width in cells, right-aligned); 项目名称 takes the width the others leave.
COLUMNS = (("项目名称", 16, "left"), ("主管部门", 20, "end"), ("年度", 4, "left"), ("资金（万元）", 12, "right"),
           ("指标数", 6, "right"), ("错误", 4, "right"), ("警告", 4, "right"), ("待审核建议", 10, "right"))
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
        self.totals = Counter()  # errors, warnings, infos, pending over all forms, kept as forms come and go
        self.run_findings: dict[str, list] = {}
        self.text_filter = ""
        self.code_filter = ""
        self.problems_only = False
        self.sort_index = 0
        self.reading = True
        self.load_errors: list = []
        self.failure = ""  # why reading stopped, when it did

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="筛选：项目名称或主管部门（/）", id="filter")
            yield Static("", id="filter-state")
        yield FormTable(list(COLUMNS), id="forms")
        yield Static("正在读取……", id="summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "jixiao 绩效目标"
        self.sub_title = self.root.resolve().name
        self.query_one("#forms", FormTable).focus()
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
            self.refresh_table()
        elif kind == "errors":
            self.load_errors += payload
            for error in payload:
                self.notify(str(error), severity="error", timeout=8, markup=False)
        else:  # cross-form findings arrive last
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
        self.reading = False
        self.refresh_summary()

    def load_failed(self, error: BaseException) -> None:
        """Reading stopped part way: say so instead of "正在读取" for ever; r tries again."""
        self.reading = False
        self.failure = str(error)
        self.refresh_summary()

    def _update_rows(self, paths) -> None:
        """The counts of rows already shown, changed in place (re-adding thousands of rows is slow)."""
        self.query_one("#forms", FormTable).update_rows([(path, self._cells(self.forms[path])) for path in paths])
        self.refresh_summary()

    def _count(self, summary: FormSummary | None, sign: int) -> None:
        if summary is not None:
            self.totals.update({"errors": sign * summary.errors, "warnings": sign * summary.warnings,
                                "infos": sign * summary.infos, "pending": sign * summary.pending})

    # --- the table ----------------------------------------------------------------------------------

    @staticmethod
    def _cells(s: FormSummary) -> tuple:
        return (s.project, s.department, s.year, f"{s.total / 10_000:,.2f}", s.indicators,
                s.errors or "", s.warnings or "", s.pending or "")

    def _shown(self, s: FormSummary) -> bool:
        if self.text_filter and self.text_filter not in s.project and self.text_filter not in s.department:
            return False
        if self.code_filter and not any(code.startswith(self.code_filter) for code in s.codes):
            return False
        return not self.problems_only or s.errors or s.warnings

    def refresh_table(self) -> None:
        key = SORTS[self.sort_index]
        rows = sorted((s for s in self.forms.values() if self._shown(s)), key=lambda s: getattr(s, key),
                      reverse=key in ("errors", "warnings", "pending", "total", "indicators"))
        self.query_one("#forms", FormTable).set_rows([(s.path, self._cells(s)) for s in rows])
        self.refresh_summary()

    def refresh_summary(self) -> None:
        shown = self.query_one("#forms", FormTable).row_count
        t = self.totals
        state = "正在读取…… " if self.reading else ""
        self.query_one("#summary", Static).update(
            f"{state}共 {len(self.forms)} 张申报表（显示 {shown}）｜错误 {t['errors']}　警告 {t['warnings']}　"
            f"提示 {t['infos']}｜待审核建议 {t['pending']}"
            + (f"｜{len(self.load_errors)} 个文件无法读取" if self.load_errors else "")
            + (f"｜读取中断：{self.failure}（按 r 重试）" if self.failure else ""))
        filters = []
        if self.code_filter:
            filters.append(f"规则 {self.code_filter}")
        if self.problems_only:
            filters.append("只看有问题的")
        filters.append(f"按{COLUMNS[self.sort_index][0]}排序")
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
        self.query_one("#forms", FormTable).focus()

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
        self.load_errors.clear()
        self.failure = ""
        self.query_one("#forms", FormTable).set_rows([])
        self.reading = True
        self.load()

    def action_open(self) -> None:
        path = self.query_one("#forms", FormTable).cursor_key
        if path is not None:
            self.app.open_form(Path(path), self.run_findings.get(path, []))

    @on(FormTable.Selected, "#forms")
    def _row_selected(self) -> None:
        self.action_open()
