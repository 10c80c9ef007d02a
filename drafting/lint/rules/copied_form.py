"""JX205: whole indicator sets copied between forms. Compares all forms of a run without comparing all pairs."""

import math
from collections import Counter, defaultdict

from rapidfuzz import fuzz, process

from ..findings import Hit, Severity
from ..registry import rule
from ..view import without_digits


# Candidates are verified best-first; past this many a form is taken as not copied.
MAX_VERIFIED = 25


def row_keys(form) -> list[str]:
    """Each row as '二级|名称|值', project name masked and digits folded, so copies across projects match."""
    return [
        f"{row.level2}|{without_digits(form.masked(row.name))}|{without_digits(form.masked(row.value))}"
        for row in form.rows
        if row.name or row.value
    ]


def _matched(keys: list[str], other: list[str], cutoff: float) -> int:
    pool = set(other)
    count = 0
    rest = []
    for key in keys:
        if key in pool:
            count += 1
        else:
            rest.append(key)
    for key in rest:
        if process.extractOne(key, other, scorer=fuzz.ratio, score_cutoff=cutoff):
            count += 1
    return count


@rule("JX205", Severity.WARNING, "指标整套照抄另一张表", scope="run")
def copied_form(forms, config):
    """说明：本表的大多数指标行（默认 60% 且至少 3 行）与同一批次中另一张表的指标行相同或几乎相同，
    比较时先把各自的项目名称遮去、数字归一，所以“关工委经费 / 1”和“老干部综合服务经费 / 1”算作相同。
    报告会指出被照抄的那张表。

    原因：不同项目的产出和效益不可能一样，整套照抄说明绩效目标没有按本项目编写。

    反例：“为民服务和发展专项资金项目”的“认定项目 ≥80%、符合条件率 ≥90%、按年度投入率 ≥90%、
    社会影响力 持续提升……”与“非公经济组织和社会组织党建经费”逐行相同。

    正例：每张表的指标从本项目的总体目标出发编写：服务的社区数、帮扶人数、完成时间、成本上限。
    """
    keys = [row_keys(form) for form in forms]
    # Prefix filtering: a form holding `needed` of A's distinct rows must hold one of A's
    # (len - needed + 1) rarest rows, so only forms found through those are compared — no all-pairs loop.
    postings: dict[str, list[int]] = defaultdict(list)
    for i, form_keys in enumerate(keys):
        for key in set(form_keys):
            postings[key].append(i)
    for i, form_keys in enumerate(keys):
        needed = max(config.copy_min_rows, math.ceil(len(form_keys) * config.copy_share))
        if len(form_keys) < needed:
            continue
        unique = sorted(set(form_keys), key=lambda k: (len(postings[k]), k))
        shared: Counter[int] = Counter()
        for key in unique[: max(1, len(unique) - needed + 1)]:
            shared.update(j for j in postings[key] if j != i)
        for j, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_VERIFIED]:
            if _matched(form_keys, keys[j], config.copy_row_cutoff) >= needed:
                other = forms[j]
                yield forms[i], Hit(
                    None,
                    f"本表有 {needed} 行以上指标与“{other.project}”（{other.path}）相同，像是整套照抄，请按本项目重写",
                    related=other.path,
                )
                break
