"""Export to an Excel workbook: one sheet per form in the official 申报表 layout, ready to hand in."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..files import write_atomic
from ..model import Declaration
from ..columns import LEVEL1, LEVEL2, role_of
from .layout import TITLE, attribute, coded, framework_row, funds_rows, goal_rows, indicator_rows, table_headings

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WIDTHS = {"A": 14, "B": 16, "C": 22, "D": 40, "E": 24}
_ROLE_WIDTHS = {"name": 40, "value": 24, "midterm": 24, "op": 10, "unit": 10, "score": 8, "direction": 10,
                "scoring": 36, "explanation": 36, "basis": 36, "note": 24}


FORMULA_STARTS = ("=", "+", "-", "@")


def append_row(sheet, values: list) -> None:
    """Append a row whose texts stay texts: openpyxl stores a string starting with "=" as a formula,
    which Excel would run when the file is opened (a form's cell is data, never a formula)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"


def sheet_title(project: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "_", project).strip("'") [:28] or "申报表"
    title, n = base, 1
    while title in taken:
        n += 1
        title = f"{base[:28 - len(str(n))]}-{n}"
    taken.add(title)
    return title


def _write_form(sheet, d: Declaration) -> None:
    wan = lambda amount: round(amount / 10_000, 6)  # noqa: E731 - the form asks for 万元
    headings = table_headings(d)
    width = max(5, len(headings))
    last_column = get_column_letter(width)
    funds, goal, stated = funds_rows(d, wan, "万元"), goal_rows(d, one_cell=True), framework_row(d)
    rows = [
        [f"{d.region}{TITLE}"],
        [f"({d.year}年度)"],
        ["项目名称", d.project],
        ["主管部门及代码", coded(d.department_code, d.department), "实施单位", coded(d.implementer_code, d.implementer)],
        ["项目属性", attribute(d), "项目期", d.period],
        *funds, *goal, *([stated] if stated else []),
        headings,
        *indicator_rows(d, headings),
    ]
    for row in rows:
        append_row(sheet, row)
    # Row numbers of each block, counted from 1 as Excel does.
    funds_at = 6
    goal_at = funds_at + len(funds)
    header_at = goal_at + len(goal) + (1 if stated else 0)
    first, last = header_at + 1, header_at + len(d.indicators)
    merges = [f"A1:{last_column}1", f"A2:{last_column}2", f"B3:{last_column}3", f"D4:{last_column}4",
              f"D5:{last_column}5", f"A{funds_at}:A{goal_at - 1}"]
    if d.midterm_funds is None:
        merges += [f"C{row}:{last_column}{row}" for row in range(funds_at, goal_at)]
    if not d.midterm_goal:
        merges.append(f"B{goal_at}:{last_column}{goal_at}")
    if stated:
        merges.append(f"B{header_at - 1}:{last_column}{header_at - 1}")
    if d.indicators:
        roles = [role_of(h) for h in headings]
        if roles[0] == "label":
            merges.append(f"A{first}:A{last}")
        if LEVEL1 in roles:
            merges += _runs(get_column_letter(roles.index(LEVEL1) + 1), first, [r.level1 for r in d.indicators])
        if LEVEL2 in roles:
            # A row with neither name nor value keeps its own 二级 cell, or a merge would blank it out.
            merges += _runs(get_column_letter(roles.index(LEVEL2) + 1), first,
                            [(r.level1, r.level2) if r.name or r.value else i for i, r in enumerate(d.indicators)])
    for span in merges:
        sheet.merge_cells(span)
    for row in sheet.iter_rows(min_row=3, max_row=max(last, header_at), max_col=width):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = _WRAP
    for cell in (sheet["A1"], sheet["A2"]):
        cell.alignment = _CENTER
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[header_at]:
        cell.font = Font(bold=True)
        cell.alignment = _CENTER
    for column, size in _WIDTHS.items():
        sheet.column_dimensions[column].width = size
    if d.columns:
        for i, heading in enumerate(headings, 1):
            sheet.column_dimensions[get_column_letter(i)].width = _ROLE_WIDTHS.get(role_of(heading), 16)
    longest = max(len(d.goal), len(d.midterm_goal))
    sheet.row_dimensions[header_at - 1 - (1 if stated else 0)].height = max(30, 15 * (longest // 60 + 1))


def _runs(column: str, first: int, keys: list) -> list[str]:
    """Merge ranges for runs of equal keys (the form merges a 一级/二级 over its rows)."""
    spans, start = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if i - start > 1:
                spans.append(f"{column}{first + start}:{column}{first + i - 1}")
            start = i
    return spans


def export_xlsx(declarations: list[Declaration], out: Path) -> None:
    """Write the workbook atomically: a half-written .xlsx never replaces a good one."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for d in declarations:
        _write_form(workbook.create_sheet(sheet_title(d.project, taken)), d)
    if not declarations:
        workbook.create_sheet("申报表")
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(Path(out), buffer.getvalue())
