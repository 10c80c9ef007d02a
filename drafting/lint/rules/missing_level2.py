from store.vocabulary import BENEFIT, OUTPUT, SATISFACTION

from ..findings import Hit, Severity
from ..registry import rule

REQUIRED = {OUTPUT: ("数量指标", "质量指标", "时效指标", "成本指标"), SATISFACTION: ("服务对象满意度指标",)}
ANY_BENEFIT = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")


@rule("JX102", Severity.ERROR, "缺少必填的二级指标")
def missing_level2(form, config):
    """说明：一级指标下缺少必填的二级指标。产出指标须有数量、质量、时效、成本指标；效益指标至少有经济效益、
    社会效益、生态效益、可持续影响指标之一；满意度指标须有服务对象满意度指标。

    原因：这些二级指标是申报表的“必填”项，缺少即不完整。一级指标整体缺失时由 JX101 报告。

    反例：产出指标下只有“数量指标”和“成本指标”，没有“质量指标”“时效指标”。

    正例：产出指标下依次填写数量、质量、时效、成本四类指标，各至少一行。
    """
    present = {(row.level1, row.level2) for row in form.rows}
    level1s = {row.level1 for row in form.rows}
    for level1, level2s in REQUIRED.items():
        if level1 in level1s:
            for level2 in level2s:
                if (level1, level2) not in present:
                    yield Hit(None, f"“{level1}”下缺少必填的二级指标“{level2}”")
    if BENEFIT in level1s and not any((BENEFIT, level2) in present for level2 in ANY_BENEFIT):
        yield Hit(None, f"“{BENEFIT}”下至少需要一个二级指标：{'、'.join(ANY_BENEFIT)}")
