"""A form as the comparison across years and rounds needs it: plain values only, because the lint
sends it back from worker processes and keeps it in its cache (marshal takes no classes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from store import Declaration

# The classic framework's 成本指标 (under 产出指标) is the 2021 framework's 经济成本指标: a project
# that moved to the 2021 template keeps its cost rows, under another name.
_SAME_KIND = {"成本指标": "经济成本指标"}


def kind(level2: str) -> str:
    """The 二级 a row belongs to, the same in both frameworks."""
    return _SAME_KIND.get(level2, level2)


class RowOutline(NamedTuple):
    level2: str
    name: str
    value: str


class Outline(NamedTuple):
    path: str
    project: str
    year: int
    department_code: str
    implementer_code: str
    attribute: str
    total: float  # 年度资金总额, 元
    rows: tuple[RowOutline, ...]

    @classmethod
    def of(cls, path: str, declaration: Declaration) -> Outline:
        return cls.from_data(path, data(declaration))

    @classmethod
    def from_data(cls, path: str, values: tuple) -> Outline:
        *head, rows = values
        return cls(path, *head, tuple(RowOutline(*row) for row in rows))


def data(declaration: Declaration) -> tuple:
    """The outline's values as plain tuples (what `Outline.from_data` takes back), without the path."""
    d = declaration
    return (d.project, d.year, d.department_code, d.implementer_code, d.attribute, float(d.funds.total),
            tuple((row.level2, row.name, row.value) for row in d.indicators))
