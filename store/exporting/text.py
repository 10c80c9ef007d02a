"""Export to the pasted-text layout of the seed files; `jixiao import` reads it back unchanged."""

from __future__ import annotations

from ..model import Declaration
from .layout import (TITLE, amount_text, attribute, coded, framework_row, funds_rows, goal_rows, indicator_rows,
                     table_headings)


def form_text(declaration: Declaration) -> str:
    d = declaration
    # Amounts are exported in 元 and the header says so, so a re-import needs no guessing.
    lines = [
        "", "", f"{d.region}{TITLE}", "", f"({d.year}年度)", "",
        f"项目名称\t{d.project}",
        f"主管部门及代码\t{coded(d.department_code, d.department)}\t实施单位\t{coded(d.implementer_code, d.implementer)}",
        f"项目属性\t{attribute(d)}\t项目期\t{d.period}",
    ]
    rows = [*funds_rows(d, amount_text, "元"), *goal_rows(d, one_cell=False)]
    if framework_row(d):
        rows.append(framework_row(d))
    lines += ["\t".join(row).rstrip("\t") for row in rows]
    headings = table_headings(d)
    lines.append("\t".join(headings))
    lines += ["\t".join(row).rstrip("\t") for row in indicator_rows(d, headings)]
    return "\n".join(lines) + "\n"


def export_text(declarations: list[Declaration]) -> str:
    return "".join(form_text(d) for d in declarations)
