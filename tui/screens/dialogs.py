"""Small modal dialogs: confirm, choose, ask for a line of text, edit one indicator row."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static
from textual.widgets.input import Selection

from drafting.library import BLANK, has_blank
from store.values import Kind, parse_value
from store.vocabulary import Framework


class Confirm(ModalScreen[bool]):
    """A yes/no question: y / n, or the buttons."""

    BINDINGS = [Binding("y", "answer(True)", "是"), Binding("n,escape", "answer(False)", "否")]

    def __init__(self, question: str, yes: str = "是 (y)", no: str = "否 (n)"):
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class Choose(ModalScreen[str | None]):
    """One of several answers, each with its own key."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, question: str, choices: list[tuple[str, str, str]]):
        super().__init__()
        self.question, self.choices = question, choices  # (key, label, value)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            with Horizontal(classes="buttons"):
                for key, label, value in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{value}")

    def on_key(self, event) -> None:
        for key, _, value in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("choice-"))


class Ask(ModalScreen[str | None]):
    """A line of text (a file name, a lint code to filter by)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, question: str, value: str = "", placeholder: str = ""):
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            yield Input(self.value, placeholder=self.placeholder, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


def value_hint(value: str) -> str:
    """What the parser makes of a value, as the user types: flagged, never refused."""
    if has_blank(value):
        return f"[yellow]请把空白“{BLANK}”换成目标数字（没有单位的，连同单位），填写后才能确定[/]"
    parsed = parse_value(value)
    if parsed.kind == Kind.EMPTY:
        return "[red]指标值为空[/]"
    if parsed.kind == Kind.TEXT:
        return "[yellow]无法解析为数值或期限：请写如“≥1500人次”“≤45万元”“2021年12月31日前”[/]"
    if parsed.kind == Kind.DEADLINE:
        return f"[green]期限：{parsed.op.value if parsed.op else ''}{parsed.deadline:%Y年%m月%d日}[/]"
    op = parsed.op.value if parsed.op else "（无运算符）"
    unit = parsed.unit or "[yellow]（无单位）[/]"
    return f"[green]{op} {parsed.number:g}[/] {unit}"


class RowEditor(ModalScreen[tuple[str, str, str, str] | None]):
    """One indicator row: 一级/二级 chosen from the vocabulary, 三级 and 指标值 typed with a live hint."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消"), Binding("ctrl+s,ctrl+enter", "done", "确定")]

    def __init__(self, vocabulary: Framework, level1: str, level2: str, name: str, value: str, title: str = "编辑指标",
                 note: str = "", select: tuple[int, int] | None = None):
        super().__init__()
        self.vocabulary = vocabulary  # the form's framework gives the 一级/二级 choices
        self.initial = (level1 if level1 in vocabulary.level1 else vocabulary.level1[0], level2, name, value)
        self.title_text = title
        self.note = note  # shown under the title: where a prefilled value comes from
        self.select = select  # the part of the value to check first (the model's number): focused, selected

    def compose(self) -> ComposeResult:
        level1, level2, name, value = self.initial
        choices2 = self.vocabulary.level2_of(level1)
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="question")
            if self.note:
                yield Label(self.note, id="note", markup=False)
            with Grid(classes="form-grid"):
                yield Label("一级指标")
                yield Select([(x, x) for x in self.vocabulary.level1], value=level1, allow_blank=False, id="level1")
                yield Label("二级指标")
                yield Select([(x, x) for x in choices2], value=level2 if level2 in choices2 else choices2[0],
                             allow_blank=False, id="level2")
                yield Label("三级指标")
                yield Input(name, placeholder="考核的对象，如“参训党员人次”", id="name", select_on_focus=False)
                yield Label("指标值")
                yield Input(value, placeholder="如“≥1500人次”", id="value", select_on_focus=False)
            yield Static(value_hint(value), id="hint")
            with Horizontal(classes="buttons"):
                yield Button("确定 (ctrl+s)", variant="primary", id="ok")
                yield Button("取消 (esc)", id="cancel")

    def on_mount(self) -> None:
        if self.select is not None:  # a proposed number: what is typed replaces it
            value = self.query_one("#value", Input)
            value.focus()
            value.selection = Selection(*self.select)  # at once: keys typed straight away must land on it
            return
        # A fill-in opens on its first blank (the name's, then the value's): what is typed replaces it.
        blank = next((i for i in self.query(Input) if BLANK in i.value), None)
        (blank or self.query_one("#name", Input)).focus()  # else the 三级 name, not a level

    def on_descendant_focus(self, event) -> None:
        """A field with a blank, however it is reached (tab, enter, the mouse), has the blank selected."""
        field = event.widget
        if isinstance(field, Input) and BLANK in field.value:
            start = field.value.find(BLANK)
            self.call_after_refresh(setattr, field, "selection", Selection(start, start + 1))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "level1":
            level2 = self.query_one("#level2", Select)
            choices = self.vocabulary.level2_of(str(event.value))
            if level2.value in choices:
                return  # the 二级 still fits (Select also posts Changed when it mounts): keep it
            level2.set_options([(x, x) for x in choices])
            level2.value = choices[0]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "value":
            self.query_one("#hint", Static).update(value_hint(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name":
            self.query_one("#value", Input).focus()
        else:
            self.action_done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_done()
        else:
            self.dismiss(None)

    def action_done(self) -> None:
        if any(has_blank(self.query_one(f"#{field}", Input).value) for field in ("name", "value")):
            self.query_one("#hint", Static).update(f"[red]还有空白“{BLANK}”未填写：填写后才能确定[/]")
            return
        self.dismiss((
            str(self.query_one("#level1", Select).value),
            str(self.query_one("#level2", Select).value),
            self.query_one("#name", Input).value.strip(),
            self.query_one("#value", Input).value.strip(),
        ))


HEADER_FIELDS = (
    ("project", "项目名称"), ("department", "主管部门"), ("department_code", "主管部门代码"),
    ("implementer", "实施单位"), ("implementer_code", "实施单位代码"), ("attribute", "项目属性"),
    ("period", "项目期"),
)
FUNDS_FIELDS = (("total", "年度资金总额（元）"), ("fiscal", "其中：财政拨款（元）"), ("other", "其他资金（元）"))


class HeaderEditor(ModalScreen[dict | None]):
    """The form's header fields, funds (元) and goal. Returns the changed values; the caller validates."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消"), Binding("ctrl+s", "done", "确定")]

    def __init__(self, values: dict, error: str = ""):
        super().__init__()
        self.values, self.error = values, error

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with VerticalScroll(classes="dialog wide tall"):
            yield Label("编辑表头（ctrl+s 确定，esc 取消）", classes="question")
            # The problem shows first, where it is seen without scrolling.
            yield Static(f"[red]{self.error}[/]" if self.error else "", id="header-error")
            with Grid(classes="form-grid header-grid"):
                for key, label in HEADER_FIELDS + FUNDS_FIELDS:
                    yield Label(label)
                    # Not selected on focus: a key typed after an error must not replace the field.
                    yield Input(str(self.values.get(key, "")), id=f"field-{key}", select_on_focus=False)
            yield Label("年度总体目标（每段一行）")
            yield TextArea(self.values.get("goal", ""), id="field-goal", soft_wrap=True)

    def on_mount(self) -> None:
        # The field the problem names, else the first.
        wrong = next((key for key, label in HEADER_FIELDS + FUNDS_FIELDS if label.split("（")[0] in self.error), "project")
        self.query_one(f"#field-{wrong}", Input).focus()

    def action_done(self) -> None:
        from textual.widgets import TextArea

        result = {key: self.query_one(f"#field-{key}", Input).value for key, _ in HEADER_FIELDS + FUNDS_FIELDS}
        result["goal"] = self.query_one("#field-goal", TextArea).text
        self.dismiss(result)
