"""The rows of the 申报表 layout for one declaration, shared by the text and Excel exports."""

from __future__ import annotations

from ..model import Declaration
from ..vocabulary import decoration

TITLE = "部门项目支出预算绩效目标申报表"
TABLE_HEADER = ["名称", "一级指标", "二级指标", "三级指标", "指标值"]


def coded(code: str, name: str) -> str:
    return f"【{code}】{name}" if code else name


def attribute(declaration: Declaration) -> str:
    code = declaration.attribute_code
    return f"{code}-{declaration.attribute}" if code else declaration.attribute


def amount_text(amount: float | int) -> str:
    return str(int(amount)) if float(amount).is_integer() else repr(float(amount))


def indicator_rows(declaration: Declaration) -> list[list[str]]:
    """绩效指标 rows as on the form: 一级/二级 written where they change, left blank below (merged)."""
    rows = []
    previous = (None, None)
    for i, row in enumerate(declaration.indicators):
        new1 = row.level1 != previous[0]
        new2 = new1 or row.level2 != previous[1]
        # A row with no name and no value would be a blank line; keep its 二级 so it stays a row.
        if not row.name and not row.value:
            new2 = True
        rows.append([
            "绩效指标" if i == 0 else "",
            row.level1 if new1 else "",
            row.level2 + decoration(row.level2) if new2 and row.level2 else "",
            row.name,
            row.value,
        ])
        previous = (row.level1, row.level2)
    return rows
