from collections import Counter

from ..findings import Hit, Severity
from ..registry import rule
from ..view import is_dimensionless

NONE = {"无", "暂无"}  # "no social/ecological cost": an answer in a 2021 qualitative cost row
PLACEHOLDERS = {"*", "**", "***", "x", "xx", "xxx", "/", "\\", "无", "待定", "-", "--", "—", "——", "…", "...", "略", "空", "暂无", "？", "?"}


def placeholder_rows(form) -> set[int]:
    """Rows whose value holds no target: a filler mark, or a bare 0/1 or a bare number repeated down the form."""
    if "placeholders" not in form.memo:
        form.memo["placeholders"] = _placeholder_rows(form)
    return form.memo["placeholders"]


def _placeholder_rows(form) -> set[int]:
    bare = [row for row in form.rows if row.is_bare_number and not is_dimensionless(row.name)]
    found = {row.index for row in form.rows if (row.value in PLACEHOLDERS or row.value.lower() in PLACEHOLDERS)
             and not (row.value in NONE and form.is_qualitative_cost(row))}
    if not bare:
        return found
    repeated = {value for value, count in Counter(row.value for row in bare).items() if count >= 3}
    return found | {row.index for row in bare if row.parsed.number in (0, 1) or row.value in repeated}


@rule("JX201", Severity.WARNING, "占位值")
def placeholder_value(form, config):
    """说明：指标值是占位符，没有真正的目标：没有单位和运算符的“1”“0”（或整张表重复同一个裸数字），
    以及“*”“xx”“/”“无”“待定”“-”等。例外：2021版指标体系的社会成本、生态环境成本指标写“无”表示
    没有该项成本，是规范写法，不报告。

    原因：这是为了通过系统校验随手填的值，评审时一律视为未填写。

    反例：“数量指标 / 关工委经费 / 1”，七行全是“1”。

    正例：“数量指标 / 开展“五老”宣讲活动场次 / ≥12场”。
    """
    for index in sorted(placeholder_rows(form)):
        row = form.rows[index]
        yield Hit(index, f"指标值“{row.value}”是占位值，请填写有单位、有运算符的目标值（如“≥12场”“≥95%”）")
