from collections import defaultdict

from ..findings import Hit, Severity
from ..registry import rule
from ..view import norm, q


@rule("JX206", Severity.INFO, "套话指标：多张表用同一行", scope="run")
def boilerplate_row(forms, config):
    """说明：同一个“三级指标名称 + 指标值”出现在同一批次的 3 张（可配置）或更多申报表中。

    原因：通用套话（“符合条件率 / 100%”）对哪个项目都成立，说明不了本项目的绩效；可以保留，但应补充
    本项目特有的指标。

    反例：三张不同项目的表都写“质量指标 / 符合条件率 / 100%”。

    正例：“质量指标 / 培训考核合格率 / ≥95%”、“质量指标 / 补贴发放准确率 / 100%”。
    """
    where: dict[tuple[str, str], list[tuple[object, int]]] = defaultdict(list)
    for form in forms:
        for row in form.rows:
            if row.name and row.value:
                where[(norm(row.name), norm(row.value))].append((form, row.index))
    for places in where.values():
        count = len({id(form) for form, _ in places})
        if count >= config.boilerplate_forms:
            for form, index in places:
                row = form.rows[index]
                yield form, Hit(index, f"“{row.name} / {row.value}”在本批 {count} 张表中出现，是通用套话，宜补充本项目特有的指标")
