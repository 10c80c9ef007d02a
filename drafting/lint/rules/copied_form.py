"""JX205: whole indicator sets copied between forms, found without comparing all pairs."""

import math
import zlib
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import chain, islice

from rapidfuzz import fuzz, process

from ..findings import Hit, Severity
from ..registry import run_rule
from ..view import without_digits

# Candidate forms examined per form, most shared rows first: a real copy (which shares the
# specific rows, not only the boilerplate) is met long before this.
MAX_CANDIDATES = 64
SKETCH = 4  # values per row's sketch


def row_keys(form) -> tuple[str, ...]:
    """Each row as '二级|名称|值', project name masked and digits folded, so copies across projects match."""
    return tuple(
        f"{row.level2}|{without_digits(form.masked(row.name))}|{without_digits(form.masked(row.value))}"
        for row in form.rows
        if row.name or row.value
    )


def collect(form) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """The rows' keys and, for each, a bottom-k MinHash sketch of its character trigrams (computed
    where the form is read, in the worker processes): rows a few characters apart share most
    trigrams, so very likely one of these few values, and a near-copy is found by looking only at
    forms that share them."""
    keys = row_keys(form)
    return keys, tuple(_sketch(key) for key in keys)


@lru_cache(maxsize=65536)  # boilerplate rows recur across a store
def _sketch(key: str) -> tuple[int, ...]:
    text = key.split("|", 1)[-1]  # its 名称 and 值, not its 二级
    return tuple(sorted({zlib.crc32(text[i:i + 3].encode()) for i in range(len(text) - 2)})[:SKETCH])


def _matches(keys: tuple[str, ...], other: frozenset[str], needed: int, cutoff: float) -> tuple[int, float, float]:
    """How many of A's rows match a row of the other form (exactly, else the most similar one at or
    above `cutoff`, in any order); their mean similarity; and the weight of the evidence, each row
    counting by its similarity (an exact row 1, one at 85% 0.85), so that many merely similar rows
    of two forms of one programme weigh less than the same number of copied rows. Stops early
    once `needed` cannot be reached."""
    rest = [key for key in keys if key not in other]
    matched = len(keys) - len(rest)
    weight = float(matched)
    pool = list(other.difference(keys))
    for n, key in enumerate(rest):
        if weight + len(rest) - n < needed:
            break
        best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff) if pool else None
        if best:
            matched += 1
            weight += best[1] / 100
    return matched, 100 * weight / max(matched, 1), weight


@run_rule("JX205", Severity.WARNING, "指标整套照抄另一张表", collect=collect)
def copied_form(items, config):
    """说明：本表的大多数指标行（默认 60% 且至少 3 行）与同一批次中另一张表的指标行相同或几乎相同：
    行的顺序不论，个别字改动（相似度默认 90% 以上）也算。比较时先把各自的项目名称遮去、数字归一，
    所以“关工委经费 / 1”和“老干部综合服务经费 / 1”算作相同。报告会指出被照抄的那张表、相同的行数
    和平均相似度；只共用满意度这类通用行的两张表不算照抄。

    原因：不同项目的产出和效益不可能一样，整套照抄说明绩效目标没有按本项目编写。

    反例：“为民服务和发展专项资金项目”的“认定项目 ≥80%、符合条件率 ≥90%、按年度投入率 ≥90%、
    社会影响力 持续提升……”与“非公经济组织和社会组织党建经费”逐行相同。

    正例：每张表的指标从本项目的总体目标出发编写：服务的社区数、帮扶人数、完成时间、成本上限。
    """
    keys = [item.data[0] for item in items]
    sets = [frozenset(form_keys) for form_keys in keys]
    exact: dict[str, list[int]] = defaultdict(list)  # row → the forms that have it
    for i, distinct in enumerate(sets):
        for key in distinct:
            exact[key].append(i)
    # Near-copies: forms whose rows share rare sketch values (a value in more than MAX_CANDIDATES
    # forms is boilerplate, the satisfaction row, not a clue).
    postings: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for value in {v for sketch in item.data[1] for v in sketch}:
            postings[value].append(i)
    rare = {value: forms for value, forms in postings.items() if len(forms) <= MAX_CANDIDATES}
    for i, form_keys in enumerate(keys):
        needed = max(config.copy_min_rows, math.ceil(len(form_keys) * config.copy_share))
        if len(form_keys) < needed:
            continue
        # Exact copies, however common their rows: a form holding `needed` of these rows must hold
        # one of the rarest (distinct - needed + 1 + repeats) of them (prefix filtering).
        prefix = len(sets[i]) - needed + 1 + (len(form_keys) - len(sets[i]))
        rarest = sorted(sets[i], key=lambda k: (len(exact[k]), k))[: max(1, prefix)]
        exact_candidates = list(islice(_holding(i, rarest, exact), MAX_CANDIDATES))
        for j in chain(exact_candidates, _near(i, items[i].data[1], rare, needed, set(exact_candidates))):
            matched, similarity, weight = _matches(form_keys, sets[j], needed, config.copy_row_cutoff)
            if weight >= needed:
                other = items[j]
                yield items[i], Hit(
                    None,
                    f"本表 {len(form_keys)} 行指标中有 {matched} 行与“{other.project}”（{other.path}）的指标相同或几乎相同"
                    f"（平均相似度 {similarity:.0f}%），像是照抄后稍作改动，请按本项目重写",
                    related=other.path,
                )
                break


def _holding(i: int, rarest: list[str], exact: dict[str, list[int]]):
    """Other forms holding A's rarest rows, rarest row first, each once."""
    seen = {i}
    for key in rarest:
        for j in exact[key]:
            if j not in seen:
                seen.add(j)
                yield j


def _near(i: int, sketches, rare: dict[int, list[int]], needed: int, tried: set[int]):
    """Forms sharing a rare sketch value in most of this form's rows, most-shared first (computed
    only when no exact copy was found: a near-copy shares such a value in nearly every row)."""
    shared: Counter = Counter()
    for sketch in sketches:  # per row: identical rows each count
        shared.update(set().union(*(rare.get(v, ()) for v in sketch)))
    del shared[i]
    yield from (j for j, rows in shared.most_common(MAX_CANDIDATES) if rows >= needed * 2 // 3 and j not in tried)
