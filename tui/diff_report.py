"""`jixiao diff` output for people: text (coloured on a terminal) and an Excel workbook to forward.
The JSON output is the models' own dump (drafting/compare/diff.py, docs/cli.md)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

from drafting.compare.diff import FormDiff, RowChange, StoreDiff
from drafting.lint.findings import nth
from drafting.lint.view import yuan
from store.files import write_atomic

_CHANGE = {"same": "未改动", "renamed": "改名", "retargeted": "改目标值", "renamed+retargeted": "改名并改目标值",
           "added": "新增", "removed": "删除"}
_DIRECTION = {"higher": "提高", "lower": "降低", "earlier": "提前", "later": "推后", "changed": "改动"}
_MARK = {"added": "+", "removed": "−", "renamed": "~", "retargeted": "~", "renamed+retargeted": "~"}
_STYLE = {"added": "green", "removed": "red", "renamed": "cyan", "retargeted": "yellow", "renamed+retargeted": "yellow"}


def direction_text(row: RowChange) -> str:
    """"降低，要求放宽" for a weaker target; what moved, and whether it asks more or less."""
    if row.direction is None:
        return ""
    ask = {True: "，要求提高", False: "，要求放宽", None: ""}[row.stricter]
    return _DIRECTION[row.direction] + ask


def row_text(row: RowChange) -> str:
    """One changed row, in words: where it is, what it was, what it is."""
    where = nth(row.new_indicator) if row.new_indicator is not None else f"原{nth(row.old_indicator)}"
    if row.change == "added":
        return f"{where} 新增  {row.new_level2} “{row.new_name}” {row.new_value}"
    if row.change == "removed":
        return f"{where} 删除  {row.old_level2} “{row.old_name}” {row.old_value}"
    parts = []
    if row.change == "same":  # moved only
        parts.append(f"“{row.new_name}” {row.new_value}")
    elif "renamed" in row.change:
        parts.append(f"改名 “{row.old_name}” → “{row.new_name}”")
    else:
        parts.append(f"“{row.new_name}”")
    if "retargeted" in row.change:
        parts.append(f"{row.old_value} → {row.new_value}（{direction_text(row)}）")
    moved = f"（由{row.old_level2}移至{row.new_level2}）" if row.old_level2 != row.new_level2 else ""
    return f"{where} {row.new_level2}{moved}  " + "  ".join(parts)


def funds_text(diff: FormDiff) -> list[str]:
    lines = []
    for change in diff.funds:
        ratio = "" if change.ratio is None else f"（{change.ratio:+.1%}）"
        lines.append(f"{change.label}：{yuan(change.old)} → {yuan(change.new)}{ratio}")
    return lines


def rows_summary(diff: FormDiff) -> str:
    counts = [(_CHANGE[change], diff.count(change)) for change in _CHANGE]
    counts.append(("移至其他二级", sum(row.moved for row in diff.rows)))
    text = "指标：" + "，".join(f"{label} {n} 条" for label, n in counts if n)
    return text + ("；顺序有调整" if diff.reordered else "")


def shown(row: RowChange) -> bool:
    """Rows a report lists one by one: every change, and a row moved to another 二级."""
    return row.change != "same" or row.moved


def _findings(label: str, refs) -> str:
    shown = "；".join(f"{r.code}{'' if r.indicator is None else ' ' + nth(r.indicator)} {r.message}" for r in refs[:5])
    more = f" 等 {len(refs)} 个" if len(refs) > 5 else ""
    return f"{label} {len(refs)} 个：{shown}{more}"


def text_lines(result: StoreDiff, escape: Callable[[str], str] = str,
               styled: Callable[[str, str], str] = lambda style, text: text) -> Iterator[str]:
    for diff in result.forms:
        title = f"{diff.old_project}（{diff.old_year}）→ {diff.new_project}（{diff.new_year}）"
        yield styled("bold", escape(title)) + ("" if diff.changed else "  " + styled("bold red", "未改动"))
        yield "  " + escape(f"{diff.old_path} → {diff.new_path}（{diff.basis}）")
        for change in diff.header:
            yield "  " + escape(f"{change.label}：{change.old} → {change.new}")
        for line in funds_text(diff):
            yield "  " + escape(line)
        if diff.goal.removed or diff.goal.added:
            yield "  " + escape(f"总体目标：删去 {len(diff.goal.removed)} 句，新增 {len(diff.goal.added)} 句")
            for sentence in diff.goal.removed:
                yield "    " + styled("red", escape(f"− {sentence}"))
            for sentence in diff.goal.added:
                yield "    " + styled("green", escape(f"+ {sentence}"))
        yield "  " + escape(rows_summary(diff))
        for row in filter(shown, diff.rows):
            style = "bold red" if row.stricter is False else _STYLE.get(row.change, "cyan")
            yield "    " + styled(style, escape(f"{_MARK.get(row.change, '~')} {row_text(row)}"))
        if diff.lint_gone:
            yield "  " + styled("green", escape(_findings("检查问题消除", diff.lint_gone)))
        if diff.lint_new:
            yield "  " + styled("yellow", escape(_findings("检查问题新增", diff.lint_new)))
        yield ""
    for label, entries in ((f"只在 {result.old} 中", result.only_old), (f"只在 {result.new} 中", result.only_new)):
        if entries:
            yield styled("bold", escape(f"{label}（未找到对应的表）："))
            for entry in entries:
                yield "  " + escape(f"{entry.project}（{entry.year}）  {entry.path}")
            yield ""
    yield escape(summary(result))


def summary(result: StoreDiff) -> str:
    changed = sum(diff.changed for diff in result.forms)
    text = (f"对比 {len(result.forms)} 对申报表：{changed} 对有改动，{len(result.forms) - changed} 对未改动；"
            f"只在旧版中 {len(result.only_old)} 张，只在新版中 {len(result.only_new)} 张")
    if result.errors:
        text += f"\n{len(result.errors)} 个文件无法读取（见上方错误）"
    return text


def print_text(result: StoreDiff, console=None) -> None:
    if console is None:
        for line in text_lines(result):
            print(line)
        return
    from rich.markup import escape

    for line in text_lines(result, escape, lambda style, text: f"[{style}]{text}[/]"):
        console.print(line, highlight=False)


def write_xlsx(result: StoreDiff, out: Path) -> None:
    """A workbook to forward: 概览 (one line per pair), 表头和目标 (header, funds and goal changes),
    指标变化 (every changed row), 未匹配."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from store.exporting.xlsx import append_row

    book = Workbook()
    overview = book.active
    overview.title = "概览"
    overview.append(["旧版文件", "新版文件", "旧项目名称", "新项目名称", "旧年度", "新年度", "匹配依据", "旧年度资金总额（元）",
                     "新年度资金总额（元）", "资金变化", *(_CHANGE[c] for c in _CHANGE), "顺序调整",
                     "检查问题消除", "检查问题新增"])
    header = book.create_sheet("表头和目标")
    header.append(["旧项目名称", "新项目名称", "项目", "旧", "新"])
    rows = book.create_sheet("指标变化")
    rows.append(["旧项目名称", "新项目名称", "变化", "原序号", "新序号", "原二级指标", "新二级指标", "原三级指标", "新三级指标",
                 "原指标值", "新指标值", "方向"])
    for diff in result.forms:
        ratio = diff.new_total / diff.old_total - 1 if diff.old_total else None
        append_row(overview, [diff.old_path, diff.new_path, diff.old_project, diff.new_project, diff.old_year,
                              diff.new_year, diff.basis, diff.old_total, diff.new_total,
                              "" if ratio is None else f"{ratio:+.1%}", *(diff.count(c) for c in _CHANGE),
                              "是" if diff.reordered else "", len(diff.lint_gone), len(diff.lint_new)])
        names = [diff.old_project, diff.new_project]
        for change in diff.header:
            append_row(header, [*names, change.label, change.old, change.new])
        for change in diff.funds:
            append_row(header, [*names, change.label + "（元）", change.old, change.new])
        for sentence in diff.goal.removed:
            append_row(header, [*names, "总体目标（删去的句子）", sentence, ""])
        for sentence in diff.goal.added:
            append_row(header, [*names, "总体目标（新增的句子）", "", sentence])
        for row in filter(shown, diff.rows):
            change = _CHANGE[row.change] + ("（移至其他二级）" if row.moved else "")
            append_row(rows, [diff.old_project, diff.new_project, change,
                              None if row.old_indicator is None else row.old_indicator + 1,
                              None if row.new_indicator is None else row.new_indicator + 1,
                              row.old_level2, row.new_level2, row.old_name, row.new_name, row.old_value,
                              row.new_value, direction_text(row)])
    unmatched = book.create_sheet("未匹配")
    unmatched.append(["在哪一版", "项目名称", "年度", "文件"])
    for side, entries in (("只在旧版", result.only_old), ("只在新版", result.only_new)):
        for entry in entries:
            append_row(unmatched, [side, entry.project, entry.year, entry.path])
    widths = {"概览": (28, 28, 24, 24, 8, 8, 30, 14, 14, 10), "表头和目标": (24, 24, 22, 50, 50),
              "指标变化": (24, 24, 14, 8, 8, 14, 14, 28, 28, 16, 16, 16), "未匹配": (10, 28, 8, 40)}
    for sheet in (overview, header, rows, unmatched):
        sheet.auto_filter.ref = sheet.dimensions
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True)
        for column, width in zip(sheet.iter_cols(max_row=1), widths[sheet.title]):
            sheet.column_dimensions[column[0].column_letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(out, buffer.getvalue())
