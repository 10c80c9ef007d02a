from collections import defaultdict

from ..findings import Hit, Severity
from ..registry import run_rule
from ..view import norm


def filled_rows(form) -> tuple:
    return tuple((row.index, row.name, row.value, norm(row.name), norm(row.value))
                 for row in form.rows if row.name and row.value)


@run_rule("JX206", Severity.INFO, "套话指标：多张表用同一行", collect=filled_rows)
def boilerplate_row(items, config):
    """说明：同一个“三级指标名称 + 指标值”出现在同一批次的 3 张（可配置）或更多申报表中。

    原因：通用套话（“符合条件率 / 100%”）对哪个项目都成立，说明不了本项目的绩效；可以保留，但应补充
    本项目特有的指标。

    反例：三张不同项目的表都写“质量指标 / 符合条件率 / 100%”。

    正例：“质量指标 / 培训考核合格率 / ≥95%”、“质量指标 / 补贴发放准确率 / 100%”。
    """
    where: dict[tuple[str, str], list[tuple[int, tuple]]] = defaultdict(list)
    for n, item in enumerate(items):
        for row in item.data:
            where[row[3:]].append((n, row))
    messages: dict[tuple, str] = {}  # one string per wording: a province's run has hundreds of thousands of these
    for places in where.values():
        count = len({n for n, _ in places})
        if count >= config.boilerplate_forms:
            for n, (index, name, value, *_) in places:
                message = messages.get((name, value, count))
                if message is None:
                    message = messages[name, value, count] = (
                        f"“{name} / {value}”在本批 {count} 张表中出现，是通用套话，宜补充本项目特有的指标")
                yield items[n], Hit(index, message)
