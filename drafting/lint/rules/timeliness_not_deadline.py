import re

from store.values import Kind

from ..findings import Hit, Severity
from ..registry import rule
from ..view import is_rate_name, q
from .placeholder_value import placeholder_rows

DURATION_UNITS = ("天", "日", "工作日", "个工作日", "小时", "个月", "月", "周", "年", "分钟")
# Deadlines that recur ("每月10日前", "每季度末前", "按月") and time limits counted from an event
# ("受理后15个工作日内", "接警后1分钟内", "24小时内"): both say when, which is what timeliness asks.
_RECURRING = re.compile(r"^(?:每|按)(?:个)?(?:年度?|半年|季度?|月|旬|周|学期|日|天)")
_WITHIN = re.compile(r"\d+(?:\.\d+)?\s*个?(?:工作日|自然日|日|天|小时|分钟|个月|月|周|年)(?:内|以内|之内)"
                     r"(?:办结|完成|办理|发放|到位|兑付|处置|审批|答复|到账)?$")  # "受理后10个工作日内办结"


@rule("JX303", Severity.WARNING, "时效指标不是期限")
def timeliness_not_deadline(form, config):
    """说明：时效指标的指标值既不是期限或日期（“2021年12月31日前”），也不是周期性期限（“每月10日前”
    “每季度末前”），也不是时限（“≤5个工作日”“受理后15个工作日内”），也不是名称为比率的及时性指标
    （“按期完成率 / 100%”）。

    占位值（JX201）不重复报告。

    原因：时效指标考核的是“什么时候完成”；百分比配上非比率名称、或“持续提升”之类的值，都说不清期限。

    反例：“时效指标 / 2020年底前完成 / ≥90%”。

    正例：“时效指标 / 项目完成时间 / 2020年12月31日前”，或“时效指标 / 资金按期拨付率 / 100%”。
    """
    placeholders = placeholder_rows(form)  # JX201 already says what is wrong with those
    for row in form.rows_in("时效指标"):
        parsed = row.parsed
        if parsed.kind in (Kind.DEADLINE, Kind.EMPTY) or row.index in placeholders:
            continue
        if _RECURRING.match(row.value.strip()) or _WITHIN.search(row.value.strip()):
            continue
        if parsed.kind == Kind.NUMBER and (parsed.unit in DURATION_UNITS or parsed.unit == "%" and is_rate_name(row.name)):
            continue
        yield Hit(row.index, f"时效指标{q(row.name)} / {q(row.value)}不是期限：请写完成期限（如“2021年12月31日前”）或及时率")
