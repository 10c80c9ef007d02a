from ..findings import Hit, Severity
from ..registry import rule


@rule("JX102", Severity.ERROR, "缺少必填的二级指标")
def missing_level2(form, config):
    """说明：一级指标下缺少必填的二级指标。原指标体系：产出指标须有数量、质量、时效、成本指标。2021版
    指标体系：产出指标须有数量、质量、时效指标，成本指标须有经济成本指标（社会成本、生态环境成本指标
    按需填写）。两者的效益指标都至少要有经济效益、社会效益、生态效益、可持续影响指标之一；满意度指标
    须有服务对象满意度指标。

    原因：这些二级指标是申报表的“必填”项，缺少即不完整。一级指标整体缺失时由 JX101 报告。

    反例：产出指标下只有“数量指标”和“成本指标”，没有“质量指标”“时效指标”；2021版的成本指标下
    只有“社会成本指标”。

    正例：产出指标下依次填写数量、质量、时效（原体系还有成本）指标，各至少一行；2021版成本指标下
    至少有一行“经济成本指标”。
    """
    vocabulary = form.vocabulary
    present = {(row.level1, row.level2) for row in form.rows}
    level1s = {row.level1 for row in form.rows}
    for level1, level2s in vocabulary.required.items():
        if level1 in level1s:
            for level2 in level2s:
                if (level1, level2) not in present:
                    yield Hit(None, f"“{level1}”下缺少必填的二级指标“{level2}”")
    for level1, level2s in vocabulary.one_of.items():
        if level1 in level1s and not any((level1, level2) in present for level2 in level2s):
            yield Hit(None, f"“{level1}”下至少需要一个二级指标：{'、'.join(level2s)}")
