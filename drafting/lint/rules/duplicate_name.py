from rapidfuzz import fuzz

from ..findings import Hit, Severity, nth
from ..registry import rule
from ..view import norm, q


@rule("JX203", Severity.WARNING, "同一张表内三级指标名称重复")
def duplicate_name(form, config):
    """说明：同一张申报表里，多条指标用了相同（或几乎相同）的三级指标名称。

    原因：名称相同说明指标没有区分考核对象，往往是复制粘贴后没有修改。

    反例：社会效益指标和可持续影响指标都叫“全面实现干部人事档案信息化管理”。

    正例：“档案信息化查询响应时间 / ≤1个工作日”和“数字化档案可持续使用年限 / ≥10年”。
    """
    seen: list[tuple[str, int]] = []
    for row in form.rows:
        key = norm(row.name)
        if not key:
            continue
        first = next((index for other, index in seen
                      if other == key or fuzz.ratio(other, key, score_cutoff=config.duplicate_name_cutoff)), None)
        if first is None:
            seen.append((key, row.index))
        else:
            yield Hit(row.index, f"三级指标{q(row.name)}与{nth(first)}重名，请写明各自考核的对象")
