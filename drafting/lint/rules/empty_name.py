from ..findings import Hit, Severity, nth
from ..registry import rule
from ..view import q


@rule("JX105", Severity.ERROR, "三级指标名称为空")
def empty_name(form, config):
    """说明：指标行没有填写三级指标名称。

    原因：没有名称，指标值考核的是什么无从知道。

    反例：“成本指标 / （空） / 17560元”。

    正例：“成本指标 / 组工网内网点位及密钥购置成本 / ≤1.756万元”。
    """
    for row in form.rows:
        if not row.name.strip():
            yield Hit(row.index, f"{nth(row.index)}指标（{row.level2 or '未知二级指标'}，指标值{q(row.value or '空')}）没有三级指标名称")
