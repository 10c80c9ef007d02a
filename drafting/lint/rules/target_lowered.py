from ...compare.outline import kind
from ...compare.targets import compare
from ..findings import Hit, Severity
from ..registry import year_rule
from ..view import yuan

_LEVELS = ("数量指标", "质量指标")


@year_rule("JX602", Severity.WARNING, "资金未减少而数量或质量目标比上年降低")
def target_lowered(pair, config):
    """说明：数量指标或质量指标的目标值比上年同一指标要求更低（“≥”“＝”下数字变小，“≤”下数字变大，
    单位相同时才比较，“2.15万人”与“21500人”算同一单位），而年度资金总额与上年持平或增加。
    上年的表由 `--previous` 或 `[lint] previous` 指定，指标按二级指标、名称和目标值逐行对应。

    原因：钱没有少，产出和质量却要求得更少，是预算审核重点关注的“降低标准”。

    反例：资金由 120 万元增至 126 万元，“培训人数”由“≥1200人”改为“≥1000人”。

    正例：资金增加，目标相应提高：“培训人数 ≥1300人”；确需降低的，资金相应减少或在指标解释中说明原因。
    """
    old_total, new_total = pair.old.total, pair.new.total
    if new_total < old_total - 0.005:
        return
    funds = "持平" if abs(new_total - old_total) <= 0.005 else f"由 {yuan(old_total)} 增至 {yuan(new_total)}"
    for a, b, index in pair.matched():
        if kind(b.level2) not in _LEVELS:
            continue
        change = compare(a.value, b.value, pair.years)
        if change.stricter is False:
            yield Hit(index, f"目标比上年放宽：“{a.value}”→“{b.value}”，而年度资金总额{funds}")
