from ...compare.outline import kind
from ...compare.targets import compare
from ..findings import Hit, Severity
from ..registry import year_rule
from ..view import yuan


@year_rule("JX603", Severity.WARNING, "资金大幅增加而数量指标未增加")
def unit_cost_up(pair, config):
    """说明：年度资金总额比上年增加 30% 以上（`unit_cost_rise`，默认 0.3），而数量指标没有一条提高、
    也没有新增：同样的产出花了更多的钱，单位成本上升。上年的表由 `--previous` 或 `[lint] previous` 指定。

    原因：资金增加应当对应产出增加；产出不变而资金大增，审核时要求说明原因（标准提高、价格上涨）
    或补充相应的产出指标。

    反例：资金由 45 万元增至 67.5 万元，数量指标仍为“举办专业化能力提升培训班 10期”。

    正例：资金增加 50%，“举办专业化能力提升培训班 15期”；或在成本指标中写明提高后的补助标准。
    """
    old_total, new_total = pair.old.total, pair.new.total
    if old_total <= 0 or new_total < old_total * (1 + config.unit_cost_rise):
        return
    if any(kind(row.level2) == "数量指标" for row in pair.added()):
        return
    quantities = [(a, b) for a, b, _ in pair.matched() if kind(b.level2) == "数量指标"]
    if not quantities or any(compare(a.value, b.value, pair.years).stricter for a, b in quantities):
        return
    rise = (new_total / old_total - 1) * 100
    yield Hit(None, f"年度资金总额比上年增加 {rise:.0f}%（{yuan(old_total)} → {yuan(new_total)}），"
                    f"{len(quantities)} 条数量指标均未提高：单位成本上升，请说明原因或调整产出目标")
