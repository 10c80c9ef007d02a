from ...compare.outline import kind
from ..findings import Hit, Severity
from ..registry import year_rule


@year_rule("JX604", Severity.WARNING, "上年指标删除后无替代")
def indicator_dropped(pair, config):
    """说明：上年同一项目的某条指标本年没有了（按二级指标、名称和目标值找不到对应的行），而本年在同一个
    二级指标下也没有新增任何指标来替代它。上年的表由 `--previous` 或 `[lint] previous` 指定；
    每条删除的指标报告一次。

    原因：延续性项目的任务不会无故消失；悄悄删去的常常是上年没有完成、或本年不愿承诺的目标。
    确已完成或取消的任务，应在总体目标或指标解释中说明。

    反例：上年有“宣传报道 10期”，本年数量指标只剩其余 3 条，没有新增。

    正例：删去已完成的“宣传报道 10期”，同时新增本年任务“人才政策宣讲 6场”；或保留原指标并更新目标值。
    """
    added = {kind(row.level2) for row in pair.added()}
    for row in pair.removed():
        if kind(row.level2) not in added:
            yield Hit(None, f"上年的指标“{row.name}”（{row.level2}，{row.value or '无目标值'}）本年已删除，"
                            f"{row.level2}中也没有新增指标替代")
