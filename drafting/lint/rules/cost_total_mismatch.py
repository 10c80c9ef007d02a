from ..findings import Hit, Severity
from ..registry import rule
from ..view import yuan


@rule("JX401", Severity.WARNING, "成本指标合计与年度资金总额不符")
def cost_total_mismatch(form, config):
    """说明：成本指标中各金额（元、万元换算为元）之和不等于年度资金总额。单位成本（“4元/人·天”
    “74元/人”）不是总额，不计入；没有单位的成本行不计入（由 JX307 报告）。2021版指标体系只计经济成本指标
    行（社会成本、生态环境成本多为定性值）。

    原因：成本指标应与预算一致；对不上说明指标或预算有一处写错。

    反例：年度资金总额 530000 元，成本指标“资金投入 / 计划53.10万元”（531000 元）。

    正例：年度资金总额 530000 元，成本指标“资金投入 / ≤53万元”。
    """
    amounts = [row.parsed.money_yuan for row in form.money_cost_rows]
    amounts = [a for a in amounts if a is not None]
    total = form.declaration.funds.total
    if amounts and total and abs(sum(amounts) - total) > 0.5:
        yield Hit(None, f"成本指标合计 {yuan(sum(amounts))}，与年度资金总额 {yuan(total)} 不符")
