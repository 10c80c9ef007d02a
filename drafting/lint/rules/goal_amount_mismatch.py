import re

from ...goals import goal_tasks
from ..findings import Hit, Severity
from ..registry import rule
from ..view import yuan

# Words that make an amount in the goal a statement of the whole budget, not of one item.
TOTAL_WORDS = re.compile(r"(?:共计|合计|总计|总额|总投资|预算资金|所需资金|共需资金|共需|需资金|资金总额|预计共需资金"
                         r"|(?:全年|年度|共|项目)(?:安排|投入|下达)\S{0,4}?资金)$")


@rule("JX403", Severity.INFO, "总体目标中的金额与年度资金总额不符")
def goal_amount_mismatch(form, config):
    """说明：年度总体目标里写了项目总金额（“所需资金603600元”“预算资金共计134.1万元”），
    与年度资金总额不一致。

    原因：目标文字与预算数对不上，评审会要求说明或修改其一。

    反例：年度资金总额 600000 元，总体目标写“所需资金603600元整”。

    正例：两处写同一个数，或在总体目标中说明差额的来源。
    """
    total = form.declaration.funds.total
    if not total:
        return
    for task in goal_tasks(form.declaration.goal):
        if task.is_money and TOTAL_WORDS.search(task.context) and abs(task.number - total) > 0.5:
            yield Hit(None, f"总体目标中“{task.context[-6:]}{task.text}”（{yuan(task.number)}）与年度资金总额 {yuan(total)} 不符")
            return
