"""Reads 申报表 forms out of table rows, whatever the source (pasted text, an Excel sheet).

The layout is recognised by its labels and by the 一级/二级 vocabulary, never by column
positions alone: pasted tables drift, merge cells and break lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ImportFormatError
from ..vocabulary import LEVEL2, as_level1, as_level2, clean_level

TITLE_MARK = "绩效目标申报表"
PERFORMANCE = "绩效指标"  # the 名称 column's only cell

_YEAR_LINE = re.compile(r"[(（]\s*(\d{4})\s*年度?\s*[)）]")
_RULE = re.compile(r"-{2,}")
_CODED = re.compile(r"^\s*[【\[〔]\s*([^】\]〕]*?)\s*[】\]〕]\s*(.*)$")
_ATTRIBUTE = re.compile(r"^\s*(\d+)\s*[-－—–、.]\s*(.*)$")
_AMOUNT = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|元)?$")
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
    "其中财政拨款": "fiscal",
    "财政拨款": "fiscal",
    "其他资金": "other",
    "年度总体目标": "goal",
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
    has_table: bool = False
    indicators: list[RawIndicator] = field(default_factory=list)
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
        self.columns = {"level1": 1, "level2": 2, "name": 3, "value": 4}
        self.current = ("", "")  # the 一级/二级 that continuation rows inherit

    def read(self, rows) -> list[RawForm]:
        for row in rows:
            self._row(row)
        return self.forms

    def _start(self, line: int, region: str = "") -> RawForm:
        form = RawForm(self.where, line, region=region)
        self.forms.append(form)
        self.form, self.state, self.current = form, "header", ("", "")
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
        if self.state == "table":
            self._indicator(row.line, cells)
            return
        if filled[0] == "名称":
            self._table_header(cells)
            return
        if any(label_of(c) for c in filled):
            self._fields(row.line, cells)
            return
        if self.state == "goal":
            self.form.goal.append(" ".join(filled))
            return
        self.form.notes.append(f"第{row.line}行：无法识别，已跳过（{joined[:20]}）")

    def _table_header(self, cells: list[str]) -> None:
        names = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标值": "value"}
        for i, cell in enumerate(cells):
            key = names.get(clean_level(cell))
            if key:
                self.columns[key] = i
        self.form.has_table = True
        self.state = "table"

    def _fields(self, line: int, cells: list[str]) -> None:
        form = self.form
        for i, cell in enumerate(cells):
            key = label_of(cell)
            if key is None:
                continue
            rest = [c for c in cells[i + 1 :] if c]
            value = rest[0] if rest and label_of(rest[0]) is None else ""
            if key == "goal":
                text = " ".join(c for c in rest if label_of(c) is None)
                if text:
                    form.goal.append(text)
                self.state = "goal"
                return
            if key == "funds":
                unit = re.search(r"[(（]\s*(万元|元)\s*[)）]", cell)
                form.header_unit = unit.group(1) if unit else None
                continue
            if key in ("total", "fiscal", "other"):
                amount = _AMOUNT.match(value.replace("，", ","))
                if amount:
                    form.amounts[key] = (float(amount.group(1).replace(",", "")), amount.group(2))
                elif value and not form.problem:
                    form.problem = (f"金额无法识别：“{value}”", line)
                continue
            if value:
                form.fields[key] = value

    def _indicator(self, line: int, cells: list[str]) -> None:
        form = self.form
        col = self.columns
        level1 = level2 = None
        texts: list[tuple[int, str]] = []
        if self._positional(cells):
            padded = cells + [""] * (col["value"] + 1 - len(cells))
            level1 = as_level1(padded[col["level1"]]) if padded[col["level1"]] else None
            level2 = clean_level(padded[col["level2"]]) if padded[col["level2"]] else None
            name, value = padded[col["name"]], padded[col["value"]]
        else:
            for i, cell in enumerate(cells):
                if not cell or cell == PERFORMANCE:
                    continue
                if level1 is None and as_level1(cell):
                    level1 = as_level1(cell)
                elif level2 is None and as_level2(cell):
                    level2 = as_level2(cell)
                else:
                    texts.append((i, cell))
            if len(texts) == 1:
                index, text = texts[0]
                name, value = ("", text) if index == col["value"] else (text, "")
            elif texts:
                name, value = " ".join(t for _, t in texts[:-1]), texts[-1][1]
                if len(texts) > 2:
                    form.notes.append(f"第{line}行：多出的单元格已并入三级指标名称")
            else:
                name = value = ""
        if level2:
            level1 = level1 or LEVEL2.get(level2) or self.current[0]
        elif level1:
            level2 = "" if level1 != self.current[0] else self.current[1]
        else:
            level1, level2 = self.current
        self.current = (level1, level2)
        form.indicators.append(RawIndicator(line, level1, level2, name, value))

    def _positional(self, cells: list[str]) -> bool:
        """True when the row sits in the header's columns (the common, undrifted case)."""
        col = self.columns
        if len(cells) > col["value"] + 1:
            return False
        padded = cells + [""] * (col["value"] + 1 - len(cells))
        head = padded[: col["level1"]]
        l1, l2 = padded[col["level1"]], padded[col["level2"]]
        return (
            all(c in ("", PERFORMANCE) for c in head)
            and (not l1 or as_level1(l1) is not None)
            and (not l2 or clean_level(l2).endswith("指标"))
        )


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
