from ..findings import Hit, Severity
from ..registry import rule
from ..view import q


@rule("JX104", Severity.ERROR, "指标值为空")
def empty_value(form, config):
    """说明：三级指标没有填写指标值。

    原因：没有指标值就无法考核，申报表不完整。

    反例：“成本指标 / 2020年为民服务和发展专项资金 / （空）”。

    正例：“成本指标 / 2020年为民服务和发展专项资金 / ≤400万元”。
    """
    for row in form.rows:
        if not row.value.strip():
            yield Hit(row.index, f"三级指标{q(row.name or '（无名称）')}的指标值为空")
