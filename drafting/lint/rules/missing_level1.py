from ..findings import Hit, Severity
from ..registry import rule


@rule("JX101", Severity.ERROR, "缺少一级指标")
def missing_level1(form, config):
    """说明：申报表缺少指标体系规定的一级指标。原指标体系为产出指标、效益指标、满意度指标三个；
    2021版指标体系（财预〔2021〕101号）另有“成本指标”一级，共四个。

    原因：一级指标是绩效目标申报表的固定结构，缺任何一个，财政部门都会退回。

    反例：只填了“产出指标”和“满意度指标”，没有任何“效益指标”行；2021版的表没有“成本指标”一级。

    正例：补上“效益指标 / 社会效益指标 / 群众健身意识提升率 / ≥90%”这样的效益指标行；2021版补上
    “成本指标 / 经济成本指标 / 项目总成本 / ≤45万元”。
    """
    present = {row.level1 for row in form.rows}
    for level1 in form.vocabulary.level1:
        if level1 not in present:
            yield Hit(None, f"缺少一级指标“{level1}”")
