from store.vocabulary import FRAMEWORKS

from ..findings import Hit, Severity
from ..registry import rule


@rule("JX103", Severity.ERROR, "未知的一级/二级指标，或二级指标放错了一级")
def unknown_level(form, config):
    """说明：一级指标或二级指标不在本表所用指标体系规定的名称之内，或二级指标放在了错误的一级指标下。
    本表用哪个指标体系，见文件中的 framework（原指标体系：成本指标是产出指标下的二级指标；2021版：
    成本指标是一级指标，下设经济成本、社会成本、生态环境成本指标）。

    原因：财政系统按固定的指标体系汇总，不认识的名称或错位的指标会被退回。

    反例：“效益指标 / 成本指标 / 项目总成本 / ≤45万元”（原体系中成本指标属于产出指标）；2021版表中
    “成本指标 / 数量指标 / 维修养护供水工程 / ≥35处”。

    正例：原体系“产出指标 / 成本指标 / 项目总成本 / ≤45万元”；2021版“成本指标 / 经济成本指标 /
    项目总成本 / ≤45万元”。
    """
    vocabulary = form.vocabulary
    for row in form.rows:
        if row.level1 not in vocabulary.level1:
            yield Hit(row.index, f"未知的一级指标“{row.level1}”（应为{'、'.join(vocabulary.level1)}之一）{_other(form, row.level1)}")
        elif row.level2 not in vocabulary.level2:
            yield Hit(row.index, f"未知的二级指标“{row.level2}”{_other(form, row.level2)}")
        elif vocabulary.level2[row.level2] != row.level1:
            yield Hit(row.index, f"二级指标“{row.level2}”应属于“{vocabulary.level2[row.level2]}”，不应放在“{row.level1}”下")


def _other(form, name: str) -> str:
    """A hint when the name belongs to the other framework: the form's `framework` may be wrong."""
    for framework in FRAMEWORKS.values():
        if framework is not form.vocabulary and (name in framework.level1 or name in framework.level2):
            return f"（这是{framework.title}的名称：若本表用该体系，请设置 framework = \"{framework.code}\"）"
    return ""
