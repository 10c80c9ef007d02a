"""Export to the pasted-text layout of the seed files; `jixiao import` reads it back unchanged."""

from __future__ import annotations

from ..model import Declaration
from .layout import (TITLE, amount_text, attribute, coded, framework_row, funds_rows, goal_rows, indicator_rows,
                     table_headings)


def _cell(text: str) -> str:
    """A cell as Excel writes it: quoted when it holds a quote mark, so that import reads it back whole."""
    return '"' + text.replace('"', '""') + '"' if '"' in text else text


def _line(cells: list[str]) -> str:
    return "\t".join(_cell(str(c)) for c in cells).rstrip("\t")


def form_text(declaration: Declaration) -> str:
    d = declaration
    # Amounts are exported in 元 and the header says so, so a re-import needs no guessing.
    rows = [
        [], [], [f"{d.region}{TITLE}"], [], [f"({d.year}年度)"], [],
        ["项目名称", d.project],
        ["主管部门及代码", coded(d.department_code, d.department), "实施单位", coded(d.implementer_code, d.implementer)],
        ["项目属性", attribute(d), "项目期", d.period],
        *funds_rows(d, amount_text, "元"),
        *goal_rows(d, one_cell=False),
    ]
    if framework_row(d):
        rows.append(framework_row(d))
    headings = table_headings(d)
    rows += [headings, *indicator_rows(d, headings)]
    return "\n".join(_line(row) for row in rows) + "\n"


def export_text(declarations: list[Declaration]) -> str:
    return "".join(form_text(d) for d in declarations)
