"""`jixiao show`: one declaration as a readable table."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from store import Declaration
from store.columns import DEFAULT_HEADING, EXTRA_KEYS
from store.exporting.layout import attribute, coded


def _wan(amount: float) -> str:
    return f"{amount / 10_000:,.2f}万元".replace(".00万元", "万元")


def print_form(d: Declaration, path: Path | None = None, console: Console | None = None) -> None:
    console = console or Console(soft_wrap=False)
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()
    head.add_row("项目名称", d.project)
    head.add_row("年度", f"{d.year}（{d.region}）" if d.region else str(d.year))
    head.add_row("主管部门", coded(d.department_code, d.department))
    head.add_row("实施单位", coded(d.implementer_code, d.implementer))
    head.add_row("项目属性", attribute(d))
    head.add_row("项目期", d.period)
    head.add_row("指标体系", d.vocabulary.title)
    f = d.funds
    head.add_row("年度资金总额", f"{_wan(f.total)}（财政拨款 {_wan(f.fiscal)}，其他资金 {_wan(f.other)}）")
    if d.midterm_funds:
        m = d.midterm_funds
        head.add_row("中期资金总额", f"{_wan(m.total)}（财政拨款 {_wan(m.fiscal)}，其他资金 {_wan(m.other)}）")
    head.add_row("年度总体目标", d.goal)
    if d.midterm_goal:
        head.add_row("中期目标", d.midterm_goal)
    if path is not None:
        head.add_row("文件", str(path))
    console.print(head)

    table = Table(box=box.SIMPLE_HEAD, show_lines=False, title=f"绩效指标（{len(d.indicators)} 条）", title_justify="left")
    # Columns budget systems add (中期指标值, 分值, 评分标准 …) show when some row fills them.
    extras = [key for key in EXTRA_KEYS if any(getattr(row, key) for row in d.indicators)]
    for column in ("#", "一级指标", "二级指标", "三级指标", "指标值", *(DEFAULT_HEADING[key] for key in extras)):
        table.add_column(column, overflow="fold")
    previous = (None, None)
    for i, row in enumerate(d.indicators):
        table.add_row(
            str(i + 1),
            row.level1 if row.level1 != previous[0] else "",
            row.level2 if (row.level1, row.level2) != previous else "",
            row.name or "[red]（空）[/]",
            row.value or "[red]（空）[/]",
            *(getattr(row, key) for key in extras),
        )
        previous = (row.level1, row.level2)
    console.print(table)
