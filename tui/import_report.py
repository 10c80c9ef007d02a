"""The import report: forms written, indicators read, each money-unit decision and why, what was skipped."""

from __future__ import annotations

from pathlib import Path

from store.importing.importer import KEPT, NEW, UNCHANGED, UPDATED, ImportReport

_STATUS = {NEW: "新建", UNCHANGED: "未变", UPDATED: "已更新", KEPT: "已存在且内容不同，保留原文件（--overwrite 可覆盖）"}


def print_import_report(report: ImportReport, into: Path) -> None:
    print(f"导入到 {into}")
    where = None
    for n, outcome in enumerate(report.outcomes, 1):
        built = outcome.built
        source = built.where
        if source != where:
            print(f"\n{source}")
            where = source
        d = built.declaration
        print(f"  [{n}] 第{built.line}行 {d.project}：{len(d.indicators)} 条指标 → {outcome.path.name}（{_STATUS[outcome.status]}）")
        print(f"      金额单位：{built.unit.unit}（{built.unit.reason}），年度资金总额 {d.funds.total:,} 元")
        table = f"；指标表的列：{'、'.join(d.columns)}" if d.columns else ""
        print(f"      指标体系：{d.vocabulary.title}{table}")
        for note in built.notes:
            print(f"      注意：{note}")
    for line in report.skipped:
        print(f"  存储中无法读取的文件（未参与比对）：{line}")
    counts = {status: sum(1 for o in report.outcomes if o.status == status) for status in _STATUS}
    print(
        f"\n合计：{len(report.outcomes)} 张申报表，{report.indicators} 条指标；"
        f"新建 {counts[NEW]}，已更新 {counts[UPDATED]}，未变 {counts[UNCHANGED]}，保留 {counts[KEPT]}；"
        f"失败 {len(report.errors)}"
    )
