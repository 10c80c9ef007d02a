import re

from store.values import MONEY_UNITS, Kind

from ...goals import goal_tasks
from ..findings import Hit, Severity
from ..registry import rule
from ..view import q, yuan

_PER = re.compile(r"^(?P<money>亿元|万元|千元|元)/(?P<per>[^·/]+)")
OVER = 10  # the implied cost must pass the budget by this factor: a per-unit figure is only a limit


@rule("JX404", Severity.WARNING, "单位成本的量级与预算不符")
def unit_cost_magnitude(form, config):
    """说明：成本指标的单位成本（“≤800万元/人”）乘以它所按的数量（本表数量指标或总体目标中
    以同一单位计的最小的数，如“1200人次”；没有时按 1 计）仍远超（10 倍以上）年度资金总额，
    多半是把“元”写成了“万元”。

    原因：单位成本是考核花钱标准的指标，量级错了整条指标就失去意义，评审一眼就会退回。

    反例：年度资金总额 96 万元，培训 1200 人次，“成本指标 / 人均培训补贴标准 / ≤800万元/人”。

    正例：“成本指标 / 人均培训补贴标准 / ≤800元/人”。
    """
    total = form.declaration.funds.total
    if not total:
        return
    counts = _counts(form)
    for row in form.money_cost_rows:
        parsed = row.parsed
        match = _PER.match(parsed.unit) if parsed.kind == Kind.NUMBER and parsed.number else None
        if not match:
            continue
        per = match.group("per")
        # The smallest count in that unit: a form may count several things in 批次 at different costs.
        count = min((n for unit, n in counts if unit.startswith(per) or per.startswith(unit)), default=1)
        implied = parsed.number * MONEY_UNITS[match.group("money")] * count
        if implied > OVER * total:
            basis = f"按 {count:g}{per} 计" if count > 1 else "仅一个单位"
            yield Hit(row.index, f"成本指标{q(row.name)}的单位成本“{row.value}”{basis}就是 {yuan(implied)}，"
                                 f"远超年度资金总额 {yuan(total)}：单位是否应为“元”？")


def _counts(form) -> list[tuple[str, float]]:
    """What the form counts, with the unit it counts in: its 数量 rows and its goal's tasks."""
    counts = [(row.parsed.unit.lstrip("万"), row.parsed.number * (10_000 if row.parsed.unit.startswith("万") else 1))
              for row in form.rows_in("数量指标") if row.parsed.kind == Kind.NUMBER and row.parsed.number
              and row.parsed.unit and row.parsed.unit != "%"]
    counts += [(task.unit, task.number) for task in goal_tasks(form.declaration.goal) if not task.is_money]
    return counts
