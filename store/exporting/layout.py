"""The rows of the 申报表 layout for one declaration, shared by the text and Excel exports."""

from __future__ import annotations

from itertools import zip_longest

from ..columns import (DEFAULT_HEADING, EXTRA_KEYS, LABEL, LEVEL1, LEVEL2, NAME, OP, QUALITATIVE, STANDARD, UNIT, VALUE,
                       role_of, split)
from ..model import Declaration, Indicator
from ..vocabulary import detect_framework

TITLE = "部门项目支出预算绩效目标申报表"


def coded(code: str, name: str) -> str:
    return f"【{code}】{name}" if code else name


def attribute(declaration: Declaration) -> str:
    code = declaration.attribute_code
    return f"{code}-{declaration.attribute}" if code else declaration.attribute


def amount_text(amount: float | int) -> str:
    return str(int(amount)) if float(amount).is_integer() else repr(float(amount))


def funds_rows(d: Declaration, amount, unit: str) -> list[list]:
    """The 项目资金 block: 年度 amounts, or 中期 and 年度 side by side as the 中期 template has them."""
    f, m = d.funds, d.midterm_funds
    if m is None:
        return [[f"项目资金 ({unit})", "年度资金总额:", amount(f.total)],
                ["", "其中: 财政拨款", amount(f.fiscal)],
                ["", "其他资金", amount(f.other)]]
    return [[f"项目资金 ({unit})", "", "中期资金总额", "年度资金总额"],
            ["", "资金总额", amount(m.total), amount(f.total)],
            ["", "其中: 财政拨款", amount(m.fiscal), amount(f.fiscal)],
            ["", "其他资金", amount(m.other), amount(f.other)]]


def goal_rows(d: Declaration, one_cell: bool) -> list[list[str]]:
    """年度总体目标 (with 中期目标 beside it in the 中期 template); a cell per paragraph unless `one_cell`."""
    if not d.midterm_goal:
        if one_cell or "\n" not in d.goal:
            return [["年度总体目标", d.goal]]
        return [["年度总体目标"], *([line] for line in d.goal.split("\n"))]
    if one_cell:
        return [["总体目标", "中期目标", "年度目标"], ["", d.midterm_goal, d.goal]]
    pairs = zip_longest(d.midterm_goal.split("\n"), d.goal.split("\n") if d.goal else [], fillvalue="")
    return [["总体目标", "中期目标", "年度目标"], *(["", mid, annual] for mid, annual in pairs)]


def framework_row(declaration: Declaration) -> list[str]:
    """["指标体系", title] when the table alone would not tell the framework (it has no cost row), else []."""
    levels = [(row.level1, row.level2) for row in declaration.indicators]
    if detect_framework(levels) == declaration.framework:
        return []
    return ["指标体系", declaration.vocabulary.title]


def table_headings(declaration: Declaration) -> list[str]:
    """The table's columns as the form came (the printed form's by default), plus one for any
    optional key that holds data but has no column, so that nothing is lost on export."""
    headings = list(declaration.columns or STANDARD)
    roles = {role_of(h) for h in headings}
    for key in EXTRA_KEYS:
        if key not in roles and any(getattr(row, key) for row in declaration.indicators):
            headings.append(DEFAULT_HEADING[key])
    return headings


def _value_cells(row: Indicator, roles: set) -> dict[str, str]:
    """指标值 as one cell, or split over 运算符/指标值/单位; a part with no column stays in 指标值."""
    if OP not in roles and UNIT not in roles:
        return {VALUE: row.value}
    op, number, unit = split(row.value)
    cells = {OP: op, VALUE: number, UNIT: unit}
    midterm_op, midterm_number, midterm_unit = split(row.midterm)
    if row.midterm and (midterm_op, midterm_unit) == (op, unit) and op != QUALITATIVE:
        cells["midterm"] = midterm_number  # 中期 shares the row's 运算符 and 单位, as it came
    if OP not in roles and op != QUALITATIVE:
        cells[VALUE] = op + cells[VALUE]
    if UNIT not in roles:
        cells[VALUE] += unit
    return cells


def indicator_rows(declaration: Declaration, headings: list[str]) -> list[list[str]]:
    """绩效指标 rows under `headings`: 一级/二级 written where they change, left blank below (merged)."""
    roles = [role_of(h) for h in headings]
    decoration = declaration.vocabulary.decoration
    rows = []
    previous = (None, None)
    for i, row in enumerate(declaration.indicators):
        new1 = row.level1 != previous[0]
        new2 = new1 or row.level2 != previous[1]
        # A row with no name and no value would be a blank line; keep its 二级 so it stays a row.
        if not row.name and not row.value:
            new2 = True
        cells = {
            LABEL: "绩效指标" if i == 0 else "",
            LEVEL1: row.level1 if new1 else "",
            LEVEL2: row.level2 + decoration(row.level2) if new2 and row.level2 else "",
            NAME: row.name,
            **{key: getattr(row, key) for key in EXTRA_KEYS},
            **_value_cells(row, set(roles)),
        }
        rows.append([cells.get(role, "") for role in roles])
        previous = (row.level1, row.level2)
    return rows
