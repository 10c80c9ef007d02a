"""The form editor: the form's header and goal, its indicator table with findings marked,
a findings panel with the rule's explanation, and the review panel for suggestions."""

from __future__ import annotations

from rich.cells import cell_len
from rich.markup import escape
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from drafting.lint.docs import rule_text
from drafting.lint.findings import Severity, nth
from drafting.suggestions import queue as review_queue
from drafting.suggestions.model import BLANK, units
from store import ConflictError, StoreError
from store.exporting.layout import amount_text

from ..cells import fit, short_level
from ..session import FormSession
from ..review import proposed_numbers
from ..suggest_report import ENGINE, KIND, model_fill_text
from ..widgets.suggestion_table import SuggestionTable
from .base import JixiaoScreen
from .compare import CompareScreen
from .dialogs import FUNDS_FIELDS, HEADER_FIELDS, Ask, Choose, Confirm, HeaderEditor, RowEditor

MARK = {Severity.ERROR: "[b red]✖[/]", Severity.WARNING: "[yellow]▲[/]", Severity.INFO: "[cyan]●[/]"}


def _short(text: str, limit: int) -> str:
    """Table cells stay narrow; the row editor and the panels show the whole text."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


ROW_COLUMNS = ("#", "一级", "二级", "三级指标", "指标值", "问题")
_VALUE_MIN = 18  # terminal columns: "2021年12月31日前" takes 18; longer values share the width with 三级
_GAPS = 6 * 2 + 1  # the padding of six columns, and the scroll bar


def _marks(found: list) -> str:
    """The worst severity's mark, the first code, and how many more: "▲ JX201+2"."""
    if not found:
        return ""
    worst = max(found, key=lambda f: f.severity.rank)
    codes = sorted({f.code for f in found})
    return f"{MARK[worst.severity]} {codes[0]}" + (f"+{len(codes) - 1}" if len(codes) > 1 else "")


def _paragraphs(text: str) -> str:
    """Docstring line breaks are for the source; on screen, let paragraphs wrap to the panel."""
    return "\n\n".join("".join(part.split("\n")) for part in text.split("\n\n"))


class EditorScreen(JixiaoScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("enter,e", "edit_row", "编辑"),
        Binding("a", "add_row", "加行"),
        Binding("d", "delete_row", "删行"),
        # The footer shows the keys used most; `?` lists them all.
        Binding("ctrl+up,K", "move(-1)", "上移", show=False),
        Binding("ctrl+down,J", "move(1)", "下移", show=False),
        Binding("ctrl+z", "undo", "撤销"),
        Binding("ctrl+y", "redo", "重做", show=False),
        Binding("g", "draft('rules')", "起草建议"),
        Binding("G", "draft('llm')", "大模型起草", show=False),
        Binding("x", "safe_fixes", "安全修复", show=False),
        Binding("h", "edit_header", "表头", show=False),
        Binding("f", "focus_findings", "问题", show=False),
        Binding("v", "focus_review", "审核"),
        Binding("c", "compare", "对比"),
        Binding("i", "focus_rows", "指标表", show=False),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, session: FormSession, llm_factory=None):
        super().__init__()
        self.session = session
        self.llm_factory = llm_factory  # () -> LLMEngine, or None when no LLM is configured
        self.suggestions = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="editor"):
            yield Static(id="form-head")
            with VerticalScroll(id="goal-box"):
                yield Static(id="goal")
            with Horizontal(id="work"):
                yield DataTable(id="rows", cursor_type="row")
                with TabbedContent(id="side"):
                    with TabPane("问题", id="tab-findings"):
                        yield DataTable(id="findings", cursor_type="row")
                        with VerticalScroll(id="rule-box"):
                            yield Static(id="rule")
                    with TabPane("建议", id="tab-review"):
                        yield SuggestionTable(id="suggestions", cursor_type="row")
                        with VerticalScroll(id="detail-box"):
                            yield Static(id="detail")
            yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        rows = self.query_one("#rows", DataTable)
        for label in ROW_COLUMNS:
            rows.add_column(label)
        self.query_one("#findings", DataTable).add_columns("位置", "代码", "说明")
        self.query_one("#suggestions", DataTable).add_columns("", "变更", "指标")
        self.refresh_all()
        rows.focus()
        self.call_after_refresh(self._draw_rows, None)  # again once the table knows its width

    # --- drawing -----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._draw_rows, None)  # the columns share the new width

    def refresh_all(self, keep_row: int | None = None) -> None:
        s = self.session
        d = s.declaration
        self.title = ("● " if s.dirty else "") + d.project
        self.sub_title = s.path.name
        funds = d.funds
        self.query_one("#form-head", Static).update(
            f"[b]{d.project}[/]　{d.year}年度　项目期 {d.period}　{d.attribute}\n"
            f"主管部门 {d.department}（{d.department_code}）　实施单位 {d.implementer}\n"
            f"年度资金总额 {funds.total / 10_000:g} 万元（财政拨款 {funds.fiscal / 10_000:g}，其他 {funds.other / 10_000:g}）")
        self.query_one("#goal", Static).update(f"[b]年度总体目标[/]　{d.goal or '（未填写）'}")
        self._draw_rows(keep_row)
        self._draw_findings()
        self._draw_suggestions()
        counts = {sev: sum(1 for f in s.findings if f.severity == sev) for sev in Severity}
        self.query_one("#side", TabbedContent).get_tab("tab-findings").label = (
            f"问题 {counts[Severity.ERROR]}/{counts[Severity.WARNING]}/{counts[Severity.INFO]}")
        self.query_one("#side", TabbedContent).get_tab("tab-review").label = f"建议 {len(self.suggestions)}"

    def _draw_rows(self, keep_row: int | None) -> None:
        table = self.query_one("#rows", DataTable)
        cursor = table.cursor_row if keep_row is None else keep_row
        table.clear()
        marks: dict[int, list] = {}
        for finding in self.session.findings:
            if finding.indicator is not None:
                marks.setdefault(finding.indicator, []).append(finding)
        previous = (None, None)
        cells = []
        for i, row in enumerate(self.session.declaration.indicators):
            cells.append([
                str(i + 1),
                short_level(row.level1) if row.level1 != previous[0] else "",
                short_level(row.level2) if (row.level1, row.level2) != previous else "",
                row.name, row.value, _marks(marks.get(i, [])),
            ])
            previous = (row.level1, row.level2)
        # 指标值 is what a reviewer reads first: it is shown whole (up to a limit); 三级 gets what is left.
        widths = [max([Text.from_markup(c[k]).cell_len for c in cells] + [cell_len(label)])
                  for k, label in enumerate(ROW_COLUMNS)]
        if not table.size.width:
            self.set_timer(0.1, lambda: self._draw_rows(None))  # not laid out yet: again once it has a width
        free = (table.size.width or 60) - _GAPS - widths[0] - widths[1] - widths[2] - widths[5]
        value_width = max(6, min(widths[4], max(_VALUE_MIN, free // 2), free - 8))
        name_width = max(8, free - value_width)
        for number, level1, level2, name, value, mark in cells:
            table.add_row(number, level1, level2, fit(name, name_width) or "[dim]（空）[/]",
                          fit(value, value_width) or "[dim]（空）[/]", mark)
        if table.row_count:
            table.move_cursor(row=max(0, min(cursor, table.row_count - 1)))

    def _draw_findings(self) -> None:
        table = self.query_one("#findings", DataTable)
        table.clear()
        for finding in self.session.findings:
            where = "全表" if finding.indicator is None else nth(finding.indicator)
            table.add_row(where, f"{MARK[finding.severity]} {finding.code}", _short(finding.message, 40))
        self._show_rule()

    def _draw_suggestions(self) -> None:
        self.suggestions = units(self.session.pending())  # a group is one line, decided as one
        table = self.query_one("#suggestions", DataTable)
        cursor = table.cursor_row
        table.clear()
        declaration = self.session.declaration
        room = max(table.size.width - 22, 12)  # what the mark and change columns leave
        for group in self.suggestions:
            s = group[0]
            target = s.after or s.before
            mark = "[magenta]LLM[/]" if s.display_only else "[yellow]填空[/]" if any(m.fill_in for m in group) else ""
            # The row it changes as the form is now (an accepted change above it moves it).
            index = review_queue.locate(declaration, s) if s.kind != "add" else None
            where = "" if index is None else nth(index)
            change = f"{KIND[s.kind]}{where}" + (f" 等{len(group)}项" if len(group) > 1 else "")
            table.add_row(mark, change, fit(f"{target.value}｜{target.name}", room))  # the target first: it is read first
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._show_detail()

    def _show_rule(self) -> None:
        table = self.query_one("#findings", DataTable)
        findings = self.session.findings
        text = ""
        if findings and 0 <= table.cursor_row < len(findings):
            text = _paragraphs(rule_text(findings[table.cursor_row].code))
        self.query_one("#rule", Static).update(text)

    def _show_detail(self) -> None:
        text = "没有待审核的建议：按 g 起草（离线规则），G 用大模型起草"
        group = self._current_group()
        if group:
            s = group[0]
            codes = "、".join(sorted({c for m in group for c in m.codes})) or "—"
            title = f"建议组：{len(group)} 项改动，一并接受或拒绝" if len(group) > 1 else KIND[s.kind]
            lines = [f"[b]{title}[/]（{codes}，{ENGINE.get(s.engine, s.engine)}）"]
            for m in group:  # a name or target may hold "[…]": escaped, it is text, not markup
                if m.before:
                    lines.append(f"[red]- {escape(f'{m.before.level2}｜{m.before.name}｜{m.before.value}')}[/]")
                if m.after:
                    lines.append(f"[green]+ {escape(f'{m.after.level2}｜{m.after.name}｜{m.after.value}')}[/]")
                    if m.after.scoring:
                        lines.append(f"  评分标准：{escape(m.after.scoring)}")
            lines += [f"理由：{escape(reason)}" for reason in dict.fromkeys(m.reason for m in group)]
            if any(m.fill_in for m in group):
                lines.append(f"[yellow]填空建议：按 y 或 e 填写空白“{BLANK}”后接受[/]")
            lines += [f"[magenta]{escape(model_fill_text(m))}[/]" for m in group if m.model_fill]
            lines.append("[dim]y 接受　n 拒绝　e 修改后接受　j/k 下一条/上一条[/]")
            text = "\n".join(lines)
        self.query_one("#detail", Static).update(text)

    def status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    # --- events ------------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#findings")
    def _finding_highlighted(self) -> None:
        self._show_rule()

    @on(DataTable.RowSelected, "#findings")
    def _finding_selected(self, event: DataTable.RowSelected) -> None:
        finding = self.session.findings[event.cursor_row]
        if finding.indicator is not None:
            rows = self.query_one("#rows", DataTable)
            rows.move_cursor(row=finding.indicator)
            rows.focus()

    @on(DataTable.RowHighlighted, "#suggestions")
    def _suggestion_highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#rows")
    def _row_selected(self) -> None:
        self.action_edit_row()

    # --- row actions ---------------------------------------------------------------------------------

    def _cursor(self) -> int | None:
        table = self.query_one("#rows", DataTable)
        return table.cursor_row if table.row_count else None

    def _changed(self, keep_row: int | None = None, note: str = "") -> None:
        self.refresh_all(keep_row)
        if note:
            self.status(note)

    def action_edit_row(self) -> None:
        index = self._cursor()
        if index is None:
            return
        row = self.session.declaration.indicators[index]

        def done(result) -> None:
            if result:
                self.session.set_row(index, *result)
                self._changed(index, f"已修改{nth(index)}")

        self.app.push_screen(RowEditor(self.session.declaration.vocabulary, row.level1, row.level2, row.name, row.value, f"编辑{nth(index)}指标"), done)

    def action_edit_header(self, values: dict | None = None, error: str = "") -> None:
        d = self.session.declaration
        if values is None:
            values = {key: getattr(d, key) for key, _ in HEADER_FIELDS}
            # Amounts exactly as stored ("1234567", "0.5"): a rounded display would be saved back rounded.
            values.update({key: amount_text(getattr(d.funds, key)) for key, _ in FUNDS_FIELDS}, goal=d.goal)

        def done(result) -> None:
            if result is None:
                return
            try:
                self.session.set_header(dict(result))
            except ValueError as exc:
                self.action_edit_header(result, str(exc))  # show it again, with the problem, nothing lost
                return
            self._changed(note="已修改表头")

        self.app.push_screen(HeaderEditor(values, error), done)

    def action_add_row(self) -> None:
        index = self.session.add_row(self._cursor())
        self._changed(index, f"已在{nth(index)}插入空行（Enter 编辑）")
        self.action_edit_row()

    def action_delete_row(self) -> None:
        index = self._cursor()
        if index is not None:
            self.session.delete_row(index)
            self._changed(index, f"已删除{nth(index)}（ctrl+z 撤销）")

    def action_move(self, delta: int) -> None:
        index = self._cursor()
        if index is not None:
            self._changed(self.session.move_row(index, delta))

    def action_undo(self) -> None:
        self._changed(note="已撤销" if self.session.undo() else "没有可撤销的修改")

    def action_redo(self) -> None:
        self._changed(note="已重做" if self.session.redo() else "没有可重做的修改")

    def action_safe_fixes(self) -> None:
        applied = self.session.apply_safe_fixes()
        self._changed(note=f"已应用 {applied} 处安全修复（运算符、空格、≥100%）" if applied else "没有可安全修复的问题")

    def action_focus_findings(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-findings"
        self.query_one("#findings", DataTable).focus()

    def action_focus_review(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-review"
        self.query_one("#suggestions", DataTable).focus()

    def action_focus_rows(self) -> None:
        self.query_one("#rows", DataTable).focus()

    # --- suggestions ------------------------------------------------------------------------------------

    def action_draft(self, engine: str) -> None:
        if engine == "llm" and self.llm_factory is None:
            self.notify("没有配置大模型（jixiao.toml 的 [llm] 或环境变量 OPENAI_BASE_URL / JIXIAO_MODEL）", severity="warning",
                        markup=False)  # "[llm]" is text, not markup
            return
        self.status(f"正在起草（{'大模型' if engine == 'llm' else '离线规则'}）……按 esc 取消")
        self._draft(engine)

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def _draft(self, engine: str) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        if engine == "rules":
            count, notes = self.session.draft_rules()
        else:
            from drafting.lint.view import FormView
            from drafting.suggestions.pipeline import run_library

            llm = self.llm_factory()
            form = FormView(str(self.session.path), self.session.declaration)
            result = llm.draft_all([(form, self.session.findings)], library=run_library([self.session.path])) \
                .results.get(str(self.session.path))
            if isinstance(result, Exception):
                raise result
            count, notes = self.session.queue_llm(result), []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._drafted, count, notes)

    def _drafted(self, count: int, notes: list[str]) -> None:
        self._changed(note=f"起草完成：{count} 条建议进入待审核" + (f"；{notes[0]}" if notes else ""))
        self.action_focus_review()

    def _current_group(self):
        table = self.query_one("#suggestions", DataTable)
        if self.suggestions and 0 <= table.cursor_row < len(self.suggestions):
            return self.suggestions[table.cursor_row]
        return None

    def action_accept(self, edits: dict | None = None) -> None:
        group = self._current_group()
        if group is None:
            return
        if edits is None and any(s.fill_in for s in group):
            self.action_edit_accept()  # a blank is the reviewer's to fill before anything is accepted
            return
        if self.session.accept(group, edits):
            self._changed(note=f"已接受建议 {group[0].key}（修改在编辑器中，ctrl+s 保存，ctrl+z 撤销）")
        else:
            self.notify("这条建议针对的指标已被修改，无法应用（已失效）", severity="warning")

    def action_reject(self) -> None:
        group = self._current_group()
        if group is not None:
            self.session.reject(group)
            self._changed(note=f"已拒绝建议 {group[0].key}")

    def action_edit_accept(self) -> None:
        group = self._current_group()
        editable = [s for s in group or [] if s.after is not None]
        if not editable:
            return
        # The row to edit: the fill-in's, else the first the group adds or rewrites.
        s = next((m for m in editable if m.fill_in), editable[0])

        def done(result) -> None:
            if result:
                level1, level2, name, value = result
                edited = s.after.model_copy(update={"level1": level1, "level2": level2, "name": name, "value": value})
                self.action_accept({s.id: edited})

        a = s.after
        title = "填写目标值后接受" if s.fill_in else "修改后接受"
        # The model's number is put in the field, selected for the reviewer to check or type over, and
        # said to be the model's.
        value, note, select = a.value, "", None
        if s.model_fill:
            value, note = s.model_fill.value, model_fill_text(s)
            numbers = proposed_numbers(a.value, value)
            at = a.value.find(BLANK)
            select = (at, at + len(numbers[0])) if numbers else None
            title = "核实模型提出的目标值后接受"
        self.app.push_screen(RowEditor(self.session.declaration.vocabulary, a.level1, a.level2, a.name, value, title,
                                       note, select), done)

    # --- saving and leaving ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            self.session.save()
        except ConflictError as exc:
            self._conflict(str(exc))
            return
        except (StoreError, OSError) as exc:
            self.notify(f"保存失败：{exc}", severity="error", timeout=10, markup=False)
            return
        self._changed(note=f"已保存 {self.session.path}")
        self.app.form_saved(self.session)

    def _conflict(self, message: str) -> None:
        def chosen(answer: str | None) -> None:
            if answer == "reload":
                self.session.reload()
                self._changed(note="已重新载入磁盘上的版本；编辑器中未保存的修改已放弃")
            elif answer == "saveas":
                self.app.push_screen(Ask("另存为（文件路径）", str(self.session.copy_path())), save_as)

        def save_as(path: str | None) -> None:
            if not path:
                return
            from pathlib import Path

            try:
                self.session.save_as(Path(path))
            except (StoreError, OSError) as exc:
                self.notify(f"另存失败：{exc}", severity="error", timeout=10, markup=False)
                return
            self._changed(note=f"编辑器中的版本已另存为 {path}；现在显示的是磁盘上的最新版本")

        self.app.push_screen(Choose(f"{message}\n磁盘上的文件已被修改，编辑器中的修改没有写入。\n"
                                    "重新载入：放弃编辑器中的修改；另存副本：把编辑器中的版本存到 .jixiao/副本/，再显示磁盘上的版本。",
                                    [("r", "重新载入", "reload"), ("a", "另存副本", "saveas"), ("c", "取消", "cancel")],
                                    ), chosen)

    def action_compare(self) -> None:
        self.status("正在查找可对比的版本（上一版本、上年同一项目）……")
        self._find_versions()

    @work(thread=True, exclusive=True, group="compare")
    def _find_versions(self) -> None:
        found, notes = self.session.versions()  # reads last year's store: not on the UI thread
        self.app.call_from_thread(self._compare, found, notes)

    def _compare(self, found, notes: list[str]) -> None:
        if not found:
            self.status(escape("；".join(notes) or "没有可对比的版本：本表没有 jixiao 保存的上一版本，"
                                                   "jixiao.toml 中也没有用 [lint] previous 设置上年申报表目录"))
            return
        self.status(escape("；".join(notes)))
        self.app.push_screen(CompareScreen(self.session, found))

    def action_back(self) -> None:
        if self.workers and any(w.group == "draft" and w.is_running for w in self.workers):
            self.workers.cancel_group(self, "draft")
            self.status("已取消起草")
            return
        if not self.session.dirty:
            self.app.pop_screen()
            return

        def answered(leave: bool) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(Confirm("有未保存的修改，放弃并返回？"), answered)
