"""Export to the pasted-text layout of the seed files; `jixiao import` reads it back unchanged."""

from __future__ import annotations

from ..model import Declaration
from .layout import TITLE, amount_text, attribute, coded, indicator_rows, table_headings


def form_text(declaration: Declaration) -> str:
    d = declaration
    # Amounts are exported in 元 and the header says so, so a re-import needs no guessing.
    lines = [
        "", "", f"{d.region}{TITLE}", "", f"({d.year}年度)", "",
        f"项目名称\t{d.project}",
        f"主管部门及代码\t{coded(d.department_code, d.department)}\t实施单位\t{coded(d.implementer_code, d.implementer)}",
        f"项目属性\t{attribute(d)}\t项目期\t{d.period}",
        f"项目资金 (元)\t年度资金总额:\t{amount_text(d.funds.total)}",
        f"\t其中: 财政拨款\t{amount_text(d.funds.fiscal)}",
        f"\t其他资金\t{amount_text(d.funds.other)}",
    ]
    paragraphs = d.goal.split("\n") if d.goal else []
    if len(paragraphs) == 1:
        lines.append(f"年度总体目标\t{paragraphs[0]}")
    else:
        lines += ["年度总体目标", *paragraphs]
    headings = table_headings(d)
    lines.append("\t".join(headings))
    lines += ["\t".join(row).rstrip("\t") for row in indicator_rows(d, headings)]
    return "\n".join(lines) + "\n"


def export_text(declarations: list[Declaration]) -> str:
    return "".join(form_text(d) for d in declarations)
