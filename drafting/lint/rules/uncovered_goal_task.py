import re

from ...goals import goal_tasks, measured, stated_numbers
from ..findings import Hit, Severity
from ..registry import rule
from .goal_amount_mismatch import TOTAL_WORDS

# Nothing but the previous amount and a connective before this one: the same enumeration.
_CONTINUES = re.compile(r"(?:[\d.]+\s*(?:万元|元|万)?)?\s*(?:和|及|与|以及)?")
_NUMBERING = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、．)）]\s*")


@rule("JX501", Severity.INFO, "总体目标中的量化任务没有对应指标")
def uncovered_goal_task(form, config):
    """说明：年度总体目标写了量化任务（“培训社会体育指导员200名”“门诊费3000元每人每年”），
    但没有任何一条指标的名称或指标值出现这个数。

    原因：总体目标里最具体的承诺，正是最该写成绩效指标的内容。`jixiao suggest` 可据此起草指标。

    反例：总体目标“对每年评选出的10名优秀党建工作指导员给予一次性奖励”，指标里没有“10名”。

    正例：增加“数量指标 / 奖励优秀党建工作指导员人数 / 10名”。
    """
    stated = stated_numbers(form.rows)
    total = form.declaration.funds.total
    reported = set()
    groups: list[list] = []  # an enumeration ("20万元、15万元、10万元") is one finding, not one per amount
    for task in goal_tasks(form.declaration.goal):
        if task.negated or measured(task.number, "元" if task.is_money else task.unit, stated):
            continue  # ("确保不让一名幼儿失学" is a promise of none, not a task of one)
        # The whole budget restated in the goal is JX403's business, not a task.
        if task.is_money and (abs(task.number - total) <= 0.5 or TOTAL_WORDS.search(task.context)):
            continue
        if (task.number, task.unit) in reported:
            continue
        reported.add((task.number, task.unit))
        if groups and _CONTINUES.fullmatch(task.context) and groups[-1][-1].unit == task.unit:
            groups[-1].append(task)
        else:
            groups.append([task])
    for group in groups:
        first = group[0]
        context = re.sub(r"^[\d.]+", "", _NUMBERING.sub("", first.context[-10:]))
        if len(group) == 1:
            what = (context + first.text + first.subject[:10]).strip()
            yield Hit(None, f"总体目标中的“{what}”没有对应的指标")
        else:
            listed = "、".join(t.text for t in group[:3]) + ("等" if len(group) > 3 else "")
            yield Hit(None, f"总体目标中的“{context}{listed}”（{len(group)} 项）没有对应的指标")
