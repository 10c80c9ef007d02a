"""Lint output for people: text (grouped by file, coloured on a terminal), JSON, an Excel sheet, statistics."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from collections import Counter
from itertools import groupby, islice, repeat
from pathlib import Path


from drafting.lint import RULES, Finding, LintRun, Severity
from store.files import write_atomic

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def location(finding: Finding) -> str:
    # Rows count from 1 like lines (the JSON output keeps the 0-based index).
    return finding.path if finding.indicator is None else f"{finding.path}:{finding.indicator + 1}"


def summary(run: LintRun) -> str:
    severities, codes, fixable = Counter(), Counter(), 0
    for f in run.findings:  # once: a big run's findings are read back from disk
        severities[f.severity] += 1
        codes[f.code] += 1
        fixable += bool(f.fix and f.fix.safety == "safe")
    text = (
        f"共 {len(run.forms)} 张申报表，{len(run.findings)} 个问题"
        f"（错误 {severities[Severity.ERROR]}，警告 {severities[Severity.WARNING]}，提示 {severities[Severity.INFO]}）"
    )
    if codes:
        text += "：" + "、".join(f"{code}×{n}" for code, n in sorted(codes.items()))
    if fixable:
        text += f"\n其中 {fixable} 个可安全自动修复：jixiao lint --fix（先用 --diff 查看）"
    if run.errors:
        text += f"\n{len(run.errors)} 个文件无法读取（见上方错误）"
    return text


def print_text(run: LintRun, console=None) -> None:
    """The report people read: styled by rich on a terminal (`console`), plain text otherwise (a
    pipe, a file, a pre-commit hook), without importing rich at all."""
    if console is None:
        for line in _text_lines(run, lambda text: text, lambda style, text: text):
            print(line)
        return
    from rich.markup import escape

    for line in _text_lines(run, escape, lambda style, text: f"[{style}]{text}[/]"):
        console.print(line, highlight=False)


def _text_lines(run: LintRun, escape, styled):
    for path, findings in groupby(run.findings, key=lambda f: f.path):
        findings = list(findings)
        yield f"{styled('bold', escape(path))}  {escape(findings[0].project)}"
        for f in findings:
            yield f"  {escape(location(f))}  {styled(_STYLE[f.severity], f'{f.code} {f.severity.label}')}  {escape(f.message)}"
        yield ""
    yield escape(summary(run))


def print_statistics(run: LintRun, console) -> None:
    counts = Counter(f.code for f in run.findings)
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = RULES[code]
        console.print(f"{n:>6}  {code}  [{_STYLE[rule.severity]}]{rule.severity.label}[/]  {rule.title}", highlight=False)
    console.print(summary(run), highlight=False)


def finding_dict(f: Finding) -> dict:
    """The public JSON fields (docs/cli.md)."""
    return {
        "code": f.code, "severity": f.severity.value, "message": f.message, "path": f.path,
        "project": f.project, "indicator": f.indicator, "related": f.related,
        "fix": None if f.fix is None else asdict(f.fix),
    }


_quote = json.encoder.encode_basestring  # the C string quoter, without building a dict per finding


def _json_line(t: tuple, paths: dict, projects: dict, names: dict) -> str:
    """finding_dict of a finding's tuple (`runner._as_tuple`) as JSON, assembled directly: a run can
    have hundreds of thousands of findings, and a form's path and project repeat on each of its
    lines, so they are quoted once into `paths` and `projects` (a path as the run named it: `names`
    is LintRun.names)."""
    code, severity, message, path, project, indicator, related, fix = t
    path = paths.get(path) or paths.setdefault(path, _quote(names.get(path, path)))
    project = projects.get(project) or projects.setdefault(project, _quote(project))
    indicator = "null" if indicator < 0 else str(indicator)
    related = "null" if related is None else _quote(names.get(related, related))
    fix = "null" if fix is None else _fix_json(*fix)
    return (f'{{"code": "{code}", "severity": "{severity}", "message": {_quote(message)}, '
            f'"path": {path}, "project": {project}, "indicator": {indicator}, "related": {related}, "fix": {fix}}}')


def _fix_json(safety: str, description: str, field: str, before: str, after: str) -> str:
    """asdict(fix) as JSON, without dataclasses' deep copy (a tenth of a big report's time)."""
    return (f'{{"safety": "{safety}", "description": {_quote(description)}, "field": "{field}", '
            f'"before": {_quote(before)}, "after": {_quote(after)}}}')


def write_json(run: LintRun, stream) -> None:
    """A JSON array, one finding per line, streamed: a province-sized run never sits in memory as text."""
    lines = map(_json_line, run.rows(), repeat({}), repeat({}), repeat(run.names or {}))
    stream.write("[")
    for n, batch in enumerate(iter(lambda: list(islice(lines, 1000)), [])):
        stream.write(("," if n else "") + "\n" + ",\n".join(batch))
    stream.write("\n]\n")


def write_xlsx(run: LintRun, out: Path) -> None:
    """A sheet staff can forward: one row per finding, filters on every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from store import Store
    from store.exporting.xlsx import append_row

    declarations = {}  # read again only for the forms that have findings
    book = Workbook()
    sheet = book.active
    sheet.title = "检查结果"
    header = ["文件", "项目名称", "指标序号", "一级指标", "二级指标", "三级指标", "指标值", "代码", "级别", "问题说明"]
    sheet.append(header)
    for f in run.findings:
        indicator = None
        if f.indicator is not None:
            if f.path not in declarations:
                declarations[f.path] = Store(f.path).load(f.path).declaration
            indicator = declarations[f.path].indicators[f.indicator]
        append_row(sheet, [
            f.path, f.project, None if f.indicator is None else f.indicator + 1,
            indicator.level1 if indicator else "", indicator.level2 if indicator else "",
            indicator.name if indicator else "", indicator.value if indicator else "",
            f.code, f.severity.label, f.message,
        ])
    sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJ", (30, 24, 8, 10, 14, 28, 16, 8, 6, 60)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(out, buffer.getvalue())
