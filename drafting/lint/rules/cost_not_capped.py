from store.values import Op

from ..findings import Hit, Severity
from ..registry import rule
from ..view import q


@rule("JX308", Severity.WARNING, "成本指标用了“≥”或“＞”")
def cost_not_capped(form, config):
    """说明：成本指标（2021版指标体系中为成本指标一级下的各行）的运算符是“≥”或“＞”。成本是上限，应写“≤”。

    原因：“≥45万元”意味着花得越多越好，与控制成本的本意相反。

    反例：“成本指标 / 项目总成本 / ≥45万元”。

    正例：“成本指标 / 项目总成本 / ≤45万元”。
    """
    for row in form.cost_rows:
        if row.parsed.op in (Op.GE, Op.GT):
            yield Hit(row.index, f"成本指标{q(row.name)}写成“{row.value}”：成本是上限，应使用“≤”")
