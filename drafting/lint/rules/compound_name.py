import re

from ..findings import Hit, Severity
from ..registry import rule
from ..view import q

_NUMBERS = re.compile(r"\d+(?:\.\d+)?")
_CLAUSES = re.compile(r"[，,；;。]")


@rule("JX204", Severity.WARNING, "三级指标名称是粘贴的长文本或多个目标")
def compound_name(form, config):
    """说明：三级指标名称过长（默认超过 30 个字），或含有多个数字、多个分句，像是从总体目标里整段粘贴，
    或把几个目标写进了一条指标。建议拆分为多条指标，每条一个对象、一个目标值。

    原因：一条指标只能考核一个对象；合在一起无法打分，也看不出指标值对应哪一项。

    反例：“实施“西夏优秀人才培养计划”，计划选拔培养12名经营管理人才、18名技术带头人 / 54名”。

    正例：拆为“培养经营管理人才人数 / ≥12名”和“培养技术带头人人数 / ≥18名”。
    """
    for row in form.rows:
        if is_compound(row.name, config):
            yield Hit(row.index, f"三级指标{q(row.name)}过长或含多个目标（{len(row.name)} 字），建议拆分为多条指标")


def is_compound(name: str, config) -> bool:
    numbers = len(_NUMBERS.findall(name))
    clauses = len(_CLAUSES.findall(name.rstrip("。；;")))
    return len(name) > config.long_name or numbers >= 2 and clauses >= 1 or clauses >= 2
