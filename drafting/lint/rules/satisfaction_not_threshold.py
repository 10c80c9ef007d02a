from store.values import Kind, Op
from store.vocabulary import SATISFACTION

from ..findings import Hit, Severity
from ..registry import rule
from ..view import q


@rule("JX305", Severity.WARNING, "满意度指标不是百分比目标")
def satisfaction_not_threshold(form, config):
    """说明：满意度指标的指标值应是百分比门槛（“≥90%”），而不是“满意”“验收合格”“1”；门槛也不应低于
    下限（默认 80%，可在 [lint] satisfaction_floor 设置）。

    原因：满意度靠问卷测得，只有百分比门槛才能与调查结果比较。

    反例：“服务对象满意度指标 / 全区干部人事档案数字化操作规范和主要技术标准 / 验收合格”。

    正例：“服务对象满意度指标 / 档案利用单位满意度 / ≥90%”。
    """
    for row in form.rows:
        if row.level1 != SATISFACTION and row.level2 != "服务对象满意度指标":
            continue
        parsed = row.parsed
        if parsed.kind == Kind.EMPTY:
            continue
        if parsed.kind != Kind.NUMBER or parsed.unit != "%":
            yield Hit(row.index, f"满意度指标{q(row.name)}的指标值{q(row.value)}不是百分比门槛：请写如“≥90%”")
        elif parsed.op not in (Op.LT, Op.LE) and parsed.number < config.satisfaction_floor:
            yield Hit(row.index, f"满意度目标“{row.value}”低于 {config.satisfaction_floor:g}%，目标偏低")
