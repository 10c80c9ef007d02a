from store.values import Kind

from ..findings import Hit, Severity
from ..registry import rule
from ..view import q


@rule("JX402", Severity.WARNING, "成本指标的值不是金额")
def cost_not_money(form, config):
    """说明：成本指标（2021版指标体系中为经济成本指标）的指标值不是金额（总额如“≤45万元”，或单位成本如“≤74元/人”）。空值（JX104）、
    无单位数字（JX307）和占位值（JX201）另有规则报告。

    原因：成本指标考核花了多少钱，只能用金额表示。

    反例：“成本指标 / 办公设备 / 351件”，“成本指标 / 项目成本 / 控制在预算内”。

    正例：“成本指标 / 办公设备购置成本 / ≤43.004万元”。
    """
    for row in form.money_cost_rows:
        parsed = row.parsed
        if parsed.kind == Kind.EMPTY or row.is_money or row.is_bare_number:
            continue
        if parsed.kind == Kind.NUMBER and not parsed.unit:
            continue
        yield Hit(row.index, f"成本指标{q(row.name)}的指标值{q(row.value)}不是金额：请写如“≤45万元”")
