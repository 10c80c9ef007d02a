from store.vocabulary import LEVEL1, LEVEL2

from ..findings import Hit, Severity
from ..registry import rule


@rule("JX103", Severity.ERROR, "未知的一级/二级指标，或二级指标放错了一级")
def unknown_level(form, config):
    """说明：一级指标或二级指标不在申报表规定的名称之内，或二级指标放在了错误的一级指标下。

    原因：财政系统按固定的指标体系汇总，不认识的名称或错位的指标会被退回。

    反例：“效益指标 / 成本指标 / 项目总成本 / ≤45万元”（成本指标属于产出指标）。

    正例：“产出指标 / 成本指标 / 项目总成本 / ≤45万元”。
    """
    for row in form.rows:
        if row.level1 not in LEVEL1:
            yield Hit(row.index, f"未知的一级指标“{row.level1}”（应为{'、'.join(LEVEL1)}之一）")
        elif row.level2 not in LEVEL2:
            yield Hit(row.index, f"未知的二级指标“{row.level2}”")
        elif LEVEL2[row.level2] != row.level1:
            yield Hit(row.index, f"二级指标“{row.level2}”应属于“{LEVEL2[row.level2]}”，不应放在“{row.level1}”下")
