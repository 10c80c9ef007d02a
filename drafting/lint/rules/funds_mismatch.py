from ..findings import Hit, Severity
from ..registry import rule
from ..view import yuan


@rule("JX106", Severity.ERROR, "财政拨款与其他资金之和不等于年度资金总额")
def funds_mismatch(form, config):
    """说明：项目资金中，“其中：财政拨款”加“其他资金”应等于“年度资金总额”。

    原因：资金来源对不上总额，预算无法审核。

    反例：年度资金总额 450000，财政拨款 400000，其他资金 0。

    正例：年度资金总额 450000，财政拨款 400000，其他资金 50000。
    """
    funds = form.declaration.funds
    if abs(funds.fiscal + funds.other - funds.total) > 0.005:
        yield Hit(None, f"财政拨款 {yuan(funds.fiscal)} + 其他资金 {yuan(funds.other)} ≠ 年度资金总额 {yuan(funds.total)}")
