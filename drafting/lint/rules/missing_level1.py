from store.vocabulary import LEVEL1

from ..findings import Hit, Severity
from ..registry import rule


@rule("JX101", Severity.ERROR, "缺少一级指标")
def missing_level1(form, config):
    """说明：申报表必须有产出指标、效益指标、满意度指标三个一级指标，本表缺少其中之一。

    原因：三个一级指标是绩效目标申报表的固定结构，缺任何一个，财政部门都会退回。

    反例：只填了“产出指标”和“满意度指标”，没有任何“效益指标”行。

    正例：补上“效益指标 / 社会效益指标 / 群众健身意识提升率 / ≥90%”这样的效益指标行。
    """
    present = {row.level1 for row in form.rows}
    for level1 in LEVEL1:
        if level1 not in present:
            yield Hit(None, f"缺少一级指标“{level1}”")
