"""JX205: whole indicator sets copied between forms, found without comparing all pairs."""

import math
from collections import defaultdict
from itertools import islice

from rapidfuzz import fuzz, process

from ..findings import Hit, Severity
from ..registry import run_rule
from ..view import without_digits

# Candidate forms examined per form. Candidates come rarest shared row first, so a real copy
# (which shares the specific rows, not only the boilerplate) is met long before this.
MAX_CANDIDATES = 64


def row_keys(form) -> tuple[str, ...]:
    """Each row as '二级|名称|值', project name masked and digits folded, so copies across projects match."""
    return tuple(
        f"{row.level2}|{without_digits(form.masked(row.name))}|{without_digits(form.masked(row.value))}"
        for row in form.rows
        if row.name or row.value
    )


def _enough(keys: tuple[str, ...], other: frozenset[str], needed: int, cutoff: float) -> bool:
    """Do at least `needed` of A's rows match a row of the other form (exactly, else fuzzily)?"""
    rest = [key for key in keys if key not in other]
    exact = len(keys) - len(rest)
    if exact >= needed:
        return True
    if len(keys) < needed:
        return False
    pool = list(other.difference(keys))
    for key in rest:
        if process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff):
            exact += 1
            if exact >= needed:
                return True
    return False


@run_rule("JX205", Severity.WARNING, "指标整套照抄另一张表", collect=row_keys)
def copied_form(items, config):
    """说明：本表的大多数指标行（默认 60% 且至少 3 行）与同一批次中另一张表的指标行相同或几乎相同，
    比较时先把各自的项目名称遮去、数字归一，所以“关工委经费 / 1”和“老干部综合服务经费 / 1”算作相同。
    报告会指出被照抄的那张表。

    原因：不同项目的产出和效益不可能一样，整套照抄说明绩效目标没有按本项目编写。

    反例：“为民服务和发展专项资金项目”的“认定项目 ≥80%、符合条件率 ≥90%、按年度投入率 ≥90%、
    社会影响力 持续提升……”与“非公经济组织和社会组织党建经费”逐行相同。

    正例：每张表的指标从本项目的总体目标出发编写：服务的社区数、帮扶人数、完成时间、成本上限。
    """
    keys = [item.data for item in items]
    sets = [frozenset(form_keys) for form_keys in keys]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, distinct in enumerate(sets):
        for key in distinct:
            postings[key].append(i)
    for i, form_keys in enumerate(keys):
        needed = max(config.copy_min_rows, math.ceil(len(form_keys) * config.copy_share))
        if len(form_keys) < needed:
            continue
        # Prefix filtering: a form matching `needed` of these rows exactly must hold one of the
        # rarest (distinct - needed + 1 + repeats) of them, so candidates come from those rows only.
        prefix = len(sets[i]) - needed + 1 + (len(form_keys) - len(sets[i]))
        rarest = sorted(sets[i], key=lambda k: (len(postings[k]), k))[: max(1, prefix)]
        for j in islice(_candidates(i, rarest, postings), MAX_CANDIDATES):
            if _enough(form_keys, sets[j], needed, config.copy_row_cutoff):
                other = items[j]
                yield items[i], Hit(
                    None,
                    f"本表有 {needed} 行以上指标与“{other.project}”（{other.path}）相同，像是整套照抄，请按本项目重写",
                    related=other.path,
                )
                break


def _candidates(i: int, rarest: list[str], postings: dict[str, list[int]]):
    """Other forms holding A's rarest rows, rarest row first, each once."""
    seen = {i}
    for key in rarest:
        for j in postings[key]:
            if j not in seen:
                seen.add(j)
                yield j
