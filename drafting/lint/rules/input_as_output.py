import re

from ..findings import Hit, Severity
from ..registry import rule
from ..view import q
from .placeholder_value import placeholder_rows

_INPUT_NAME = re.compile(r"(?:经费|资金|投入|投入额|投资|资金量|金额)$")


@rule("JX502", Severity.WARNING, "把投入当作产出：数量指标在数钱")
def input_as_output(form, config):
    """说明：数量指标的指标值是金额，或名称以“经费”“资金”“投入”结尾而指标值没有单位，数的是投入的钱
    而不是产出。值带着产出的单位（“≥240户”）时数的是产出，不报告。

    占位值行（“关工委经费 / 1”）由 JX201 报告，这里不重复。

    原因：钱是投入，属于成本指标；数量指标应数干了什么：培训多少人、建成多少个、服务多少户。

    反例：“数量指标 / 资金投入 / 53万元”。

    正例：“数量指标 / 开展党员教育培训期数 / ≥4期”；金额放到“成本指标 / 项目总成本 / ≤53万元”。
    """
    placeholders = placeholder_rows(form)  # JX201 already says what is wrong with those
    for row in form.rows_in("数量指标"):
        if row.index in placeholders:
            continue
        # By its name only when the value has no unit: "经费 / ≥240户" counts households, not money.
        if row.is_money or _INPUT_NAME.search(row.name) and not row.parsed.unit:
            yield Hit(row.index, f"数量指标{q(row.name)} / {q(row.value)}数的是投入的钱：请写产出数量，金额放到成本指标")
