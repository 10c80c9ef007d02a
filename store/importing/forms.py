"""Reads 申报表 forms out of table rows, whatever the source (pasted text, an Excel sheet).

The layout is recognised by its labels and by the 一级/二级 vocabulary, never by column
positions alone: pasted tables drift, merge cells and break lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ImportFormatError
from ..columns import (EXTRA_KEYS, LEVEL1, LEVEL2, NAME, OP, STANDARD, UNIT, VALUE, combine, heading_key,
                       is_bare_number, role_of)
from ..vocabulary import ALL_LEVEL2, COST, MARKS_2021, as_level1, as_level2, clean_level

TITLE_MARK = "绩效目标申报表"
PERFORMANCE = "绩效指标"  # the 名称 column's only cell

_YEAR_LINE = re.compile(r"[(（]\s*(\d{4})\s*年度?\s*[)）]")
_RULE = re.compile(r"-{2,}")
_CODED = re.compile(r"^\s*[【\[〔]\s*([^】\]〕]*?)\s*[】\]〕]\s*(.*)$")
_ATTRIBUTE = re.compile(r"^\s*(\d+)\s*[-－—–、.]\s*(.*)$")
_AMOUNT = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|元)?$")
# What offices write under the table: who filled it in, who checked it, when, how to reach them;
# and a 合计 row summing the 分值 column.
_FOOTER = re.compile(r"(?:填报|填表|审核|联系|单位负责人|财务负责人|项目负责人|负责人|日期|备注|说明|注)\s*(?:人|日期|电话|方式)?\s*[：:]"
                     r"|(?:合\s*计|总\s*计|小\s*计)$")
_HEADER_UNIT = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")

# Labels are matched whole, after dropping spaces and colons, so that prose never reads as one.
LABELS = {
    "项目名称": "project",
    "主管部门及代码": "department",
    "主管部门": "department",
    "实施单位": "implementer",
    "实施单位及代码": "implementer",
    "项目属性": "attribute",
    "项目期": "period",
    "项目资金": "funds",
    "项目资金(万元)": "funds",
    "项目资金(元)": "funds",
    "年度资金总额": "total",
    "资金总额": "total",
    "中期资金总额": "midterm_total",  # the 中期 template: 中期 and 年度 amounts side by side
    "其中财政拨款": "fiscal",
    "财政拨款": "fiscal",
    "其他资金": "other",
    "年度总体目标": "goal",
    "总体目标": "goal",
    "年度绩效目标": "goal",
    "指标体系": "framework",  # written by export only where the table cannot show it
}


def label_of(cell: str) -> str | None:
    key = re.sub(r"[\s:：]", "", cell).replace("（", "(").replace("）", ")")
    return LABELS.get(key)


@dataclass
class Row:
    line: int  # 1-based line in a text file, row number in a sheet
    cells: list[str]


@dataclass
class RawIndicator:
    line: int
    level1: str
    level2: str
    name: str
    value: str
    extras: dict[str, str] = field(default_factory=dict)  # 中期指标值, 分值, 评分标准 … by TOML key


@dataclass
class RawForm:
    """One form as read, before its money unit is decided."""

    where: str  # the file (and sheet) it came from
    line: int  # where it starts
    region: str = ""
    year: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    amounts: dict[str, tuple[float, str | None]] = field(default_factory=dict)  # key → (number, unit written)
    header_unit: str | None = None  # what "项目资金 (…)" says
    goal: list[str] = field(default_factory=list)
    midterm_amounts: dict[str, tuple[float, str | None]] = field(default_factory=dict)  # the 中期 template's
    midterm_goal: list[str] = field(default_factory=list)
    has_table: bool = False
    indicators: list[RawIndicator] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the table's headings, when not the printed form's
    notes: list[str] = field(default_factory=list)
    problem: tuple[str, int] | None = None  # the first thing that stops this form from importing

    def fail(self, reason: str, line: int | None = None) -> ImportFormatError:
        return ImportFormatError(self.where, reason, line or self.line)


def _cells(row: Row) -> list[str]:
    cells = [str(c).strip() for c in row.cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


class FormReader:
    """A small state machine over rows: title → header fields → goal → indicator table."""

    def __init__(self, where: str):
        self.where = where
        self.forms: list[RawForm] = []
        self.form: RawForm | None = None
        self.state = "header"
        self.heading_at: dict[int, str] = {}  # the indicator table's headings by column
        # The 中期 template puts 中期 and 年度 side by side: (中期 column, 年度 column) of funds and goal.
        self.fund_columns: tuple[int, int] | None = None
        self.goal_columns: tuple[int, int] | None = None
        self.columns: dict[str, int] = {}  # role (store/columns.py) → column
        self.width = 0  # columns of the table, known from its heading row
        self.current = ("", "")  # the 一级/二级 that continuation rows inherit

    def read(self, rows) -> list[RawForm]:
        for row in rows:
            self._row(row)
        return self.forms

    def _start(self, line: int, region: str = "") -> RawForm:
        form = RawForm(self.where, line, region=region)
        self.forms.append(form)
        self.form, self.state, self.current = form, "header", ("", "")
        self.fund_columns = self.goal_columns = None
        return form

    def _row(self, row: Row) -> None:
        cells = _cells(row)
        filled = [c for c in cells if c]
        if not filled or all(_RULE.fullmatch(c) for c in filled):
            return
        joined = "".join(filled)
        if TITLE_MARK in joined and len(filled) == 1:
            self._start(row.line, re.split(r"部门项目支出|项目支出|部门", joined, maxsplit=1)[0].strip())
            return
        year = _YEAR_LINE.fullmatch(joined)
        if year and len(filled) == 1 and self.form and not self.form.fields and self.form.year is None:
            self.form.year = int(year.group(1))
            return
        # Forms pasted without their title start at 项目名称.
        if label_of(filled[0]) == "project" and (self.form is None or "project" in self.form.fields):
            self._start(row.line)
        if self.form is None:
            return  # text before the first form: a cover note, a file title
        if self._is_heading_row(filled):
            self._table_header(row.line, cells)
            return
        if self.state == "table" and _FOOTER.match(filled[0]):
            self.state = "after"  # 填报人/审核人/联系电话 … under the table: not indicators
        if self.state == "after":
            self.form.notes.append(f"第{row.line}行：表格后的内容未导入（{_short(' '.join(filled), 40)}）")
            return
        if self.state == "table":
            self._indicator(row.line, cells)
            return
        if filled == [PERFORMANCE]:
            return  # a caption over the table
        if any(label_of(c) for c in filled):
            self._fields(row.line, cells)
            return
        if self.state == "goal" and self.goal_columns:
            for at, lines in zip(self.goal_columns, (self.form.midterm_goal, self.form.goal)):
                if at < len(cells) and cells[at]:
                    lines.append(cells[at])
            for i, cell in enumerate(cells):
                if cell and i not in self.goal_columns:
                    self.form.notes.append(f"第{row.line}行：“{_short(cell)}”不在中期目标、年度目标列，未导入")
            return
        if self.state == "goal":
            self.form.goal.append(" ".join(filled))
            return
        self.form.notes.append(f"第{row.line}行：无法识别，已跳过（{_short(' '.join(filled), 30)}）")

    def _is_heading_row(self, filled: list[str]) -> bool:
        roles = [role_of(c) for c in filled]
        if self.state == "table":
            return len(filled) >= 2 and all(roles)
        return LEVEL1 in roles and LEVEL2 in roles and (NAME in roles or VALUE in roles)

    def _table_header(self, line: int, cells: list[str]) -> None:
        """The 绩效指标 table's heading row: which column holds what.

        A heading row inside the table refines it (a second row under a merged "指标值" naming
        运算符/指标值/单位) or repeats it (a table continued on the next page).
        """
        form = self.form
        if self.state != "table":
            self.heading_at = {}
        before = set(self._unknown_columns())
        taken: set[str] = set()
        for i, cell in enumerate(cells):
            role = role_of(cell) if cell else None
            if role in taken:
                form.notes.append(f"第{line}行：指标表有两列“{cell}”，只导入第一列")
                continue
            if role:
                taken.add(role)
                for j in [j for j, h in self.heading_at.items() if j != i and role_of(h) == role]:
                    del self.heading_at[j]
            if cell:
                self.heading_at[i] = cell
        self.columns = {}
        for i in sorted(self.heading_at):
            role = role_of(self.heading_at[i])
            if role and role not in self.columns:
                self.columns[role] = i
        unknown = [c for i, c in self._unknown_columns().items() if i not in before]
        if unknown:
            shown = "、".join(f"“{c}”" for c in unknown)
            form.notes.append(f"第{line}行：指标表的列{shown}无法识别，该列内容不导入（逐行列出）")
        self.width = max([*self.columns.values(), *self.heading_at]) + 1
        headings = [heading_key(self.heading_at[i]) for i in sorted(self.columns.values())]
        form.columns = [] if headings == STANDARD else headings
        form.has_table = True
        self.state = "table"

    def _unknown_columns(self) -> dict[int, str]:
        return {i: h for i, h in self.heading_at.items() if role_of(h) is None}

    def _columns_of(self, cells: list[str]) -> bool:
        """A heading row of the 中期 template ("中期资金总额 | 年度资金总额", "中期目标 | 年度目标")."""
        keys = [label_of(c) if c else None for c in cells]
        if "midterm_total" in keys and "total" in keys:
            self.fund_columns = (keys.index("midterm_total"), keys.index("total"))
            self.form.header_unit = _header_unit(next((c for c, k in zip(cells, keys) if k == "funds"), ""))
            return True
        starts = [i for i, c in enumerate(cells) if c.startswith("中期目标")], [i for i, c in enumerate(cells) if c.startswith("年度目标")]
        if "goal" in keys and all(starts):
            self.goal_columns = (starts[0][0], starts[1][0])
            self.state = "goal"
            return True
        return False

    def _fields(self, line: int, cells: list[str]) -> None:
        form = self.form
        if self._columns_of(cells):
            return
        used: set[int] = set()  # the cells read; any other is reported, never silently dropped
        for i, cell in enumerate(cells):
            key = label_of(cell)
            if key is None:
                continue
            used.add(i)
            rest = [(j, c) for j, c in enumerate(cells[i + 1 :], i + 1) if c]
            at, value = rest[0] if rest and label_of(rest[0][1]) is None else (None, "")
            if key == "goal":
                text = " ".join(c for _, c in rest if label_of(c) is None)
                if text:
                    form.goal.append(text)
                self.state = "goal"
                return
            if key == "funds":
                form.header_unit = _header_unit(cell)
                continue
            if key in ("total", "fiscal", "other") and self.fund_columns:
                for column, amounts in zip(self.fund_columns, (form.midterm_amounts, form.amounts)):
                    if column < len(cells):
                        used.add(column)
                        self._amount(line, amounts, key, cells[column])
                continue
            if at is not None:
                used.add(at)
            if key in ("total", "fiscal", "other"):
                self._amount(line, form.amounts, key, value)
                continue
            if value:
                form.fields[key] = value
        for i, cell in enumerate(cells):
            if cell and i not in used:
                form.notes.append(f"第{line}行：“{_short(cell)}”无法识别，未导入")

    def _amount(self, line: int, amounts: dict, key: str, value: str) -> None:
        amount = _AMOUNT.match(value.replace("，", ","))
        if amount:
            amounts[key] = (float(amount.group(1).replace(",", "")), amount.group(2))
        elif value and not self.form.problem:
            self.form.problem = (f"金额无法识别：“{value}”", line)

    def _indicator(self, line: int, cells: list[str]) -> None:
        form = self.form
        width = self.width
        if self._positional(cells):
            raw = self._by_column(line, cells)
        elif len(cells) > width and self._positional(cells[:width]):
            # Cells past the last column (a remark typed beside the table): the row itself is intact.
            raw = self._by_column(line, cells[:width])
            for cell in cells[width:]:
                if cell:
                    form.notes.append(f"第{line}行：表格右侧的单元格“{_short(cell)}”不属于任何一列，未导入")
        else:
            raw = self._drifted(line, cells)
        level1, level2 = raw.level1, raw.level2
        if level2:
            # A blank 一级 is the merged cell above: the form's own structure, even when the 二级
            # does not belong there (lint says so). Only a table with no 一级 yet asks the vocabulary.
            level1 = level1 or self.current[0] or ALL_LEVEL2.get(level2, "")
        elif level1:
            level2 = "" if level1 != self.current[0] else self.current[1]
        else:
            level1, level2 = self.current
        self.current = (level1, level2)
        raw.level1, raw.level2 = level1, level2
        form.indicators.append(raw)

    def _by_column(self, line: int, cells: list[str]) -> RawIndicator:
        """A row whose cells sit under the table's headings: every cell read by its column."""
        col = self.columns
        padded = cells + [""] * (self.width - len(cells))

        def cell(role: str) -> str:
            return padded[col[role]] if role in col else ""

        l1, l2 = cell(LEVEL1), cell(LEVEL2)
        # An unknown 一级 is kept as written, so that lint names it, never silently replaced.
        level1 = (as_level1(l1) or clean_level(l1)) if l1 else ""
        level2 = clean_level(l2) if l2 else ""
        value = cell(VALUE)
        extras = {key: cell(key) for key in EXTRA_KEYS if cell(key)}
        if OP in col or UNIT in col:
            value = self._combined(line, cell(OP), value, cell(UNIT))
            if is_bare_number(extras.get("midterm", "")):  # 中期 and 年度 share the 运算符 and 单位
                extras["midterm"] = combine(cell(OP), extras["midterm"], cell(UNIT)) or extras["midterm"]
        for i, heading in self._unknown_columns().items():
            if i < len(cells) and cells[i]:
                self.form.notes.append(f"第{line}行：“{heading}”列的“{_short(cells[i])}”未导入")
        return RawIndicator(line, level1, level2, cell(NAME), value, extras)

    def _combined(self, line: int, op: str, number: str, unit: str) -> str:
        value = combine(op, number, unit)
        if value is None:
            self.form.notes.append(f"第{line}行：指标性质/运算符“{op}”无法识别，已原样写在指标值前")
            return f"{op}{number}{unit}"
        return value

    def _drifted(self, line: int, cells: list[str]) -> RawIndicator:
        """A row whose cells moved out of their columns (pasted text): tell the cells by what they say."""
        level1 = level2 = ""
        texts: list[tuple[int, str]] = []
        for i, cell in enumerate(cells):
            if not cell or cell == PERFORMANCE:
                continue
            one, two = as_level1(cell), as_level2(cell)
            # 成本指标 is a 一级 only where a cost 二级 follows it (the 2021 framework).
            if one == COST and not any(as_level2(c) in MARKS_2021 for c in cells[i + 1 :]):
                one = None
            if not level1 and one and not level2:
                level1 = one
            elif not level2 and two:
                level2 = two
            else:
                texts.append((i, cell))
        name = value = ""
        if len(texts) == 1:
            index, text = texts[0]
            name, value = ("", text) if index == self.columns.get(VALUE) else (text, "")
        elif texts:
            name, value = texts[0][1], texts[-1][1]
            for _, text in texts[1:-1]:
                # Never glued into the name: a cell that fits no column is reported.
                self.form.notes.append(f"第{line}行：单元格“{_short(text)}”不属于任何一列，未导入（三级指标“{_short(name)}”）")
        return RawIndicator(line, level1, level2, name, value)

    def _positional(self, cells: list[str]) -> bool:
        """True when the row sits in the header's columns (the common, undrifted case)."""
        col = self.columns
        width = self.width
        if len(cells) > width:
            return False
        padded = cells + [""] * (width - len(cells))
        head = padded[: col[LEVEL1]]
        l1, l2 = padded[col[LEVEL1]], padded[col[LEVEL2]]
        name = padded[col[NAME]] if NAME in col else ""
        return (
            all(c in ("", PERFORMANCE) for c in head)
            and (not l1 or clean_level(l1).endswith("指标"))
            and (not l2 or clean_level(l2).endswith("指标"))
            and not (name and clean_level(name) in ALL_LEVEL2)  # a 二级 name under 三级: cells moved right
        )


def _header_unit(cell: str) -> str | None:
    """What "项目资金 (万元)" says the amounts are in."""
    unit = _HEADER_UNIT.search(cell)
    return unit.group(1) if unit else None


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join_broken(text: str) -> str:
    """A cell broken across lines leaves spaces between Chinese characters; drop them."""
    return _CJK_GAP.sub("", text)


def split_coded(text: str) -> tuple[str, str]:
    """'【103】组织部' → ('103', '组织部')."""
    match = _CODED.match(text)
    return (match.group(1), match.group(2).strip()) if match else ("", text.strip())


def split_attribute(text: str) -> tuple[str, str]:
    """'03-延续性项目' → ('03', '延续性项目')."""
    match = _ATTRIBUTE.match(text)
    return (match.group(1), match.group(2).strip()) if match else ("", text.strip())
