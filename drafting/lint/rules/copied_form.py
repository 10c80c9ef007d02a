"""JX205: whole indicator sets copied between forms, found without comparing all pairs."""

import math
import zlib
from collections import Counter, defaultdict

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


def _sketch(key: str) -> tuple[int, ...]:
    text = key.split("|", 1)[-1]  # its 名称 and 值, not its 二级
    return tuple(sorted({zlib.crc32(text[i:i + 3].encode()) for i in range(len(text) - 2)})[:SKETCH])


def _matches(keys: tuple[str, ...], other: frozenset[str], needed: int, cutoff: float) -> tuple[int, float]:
    """How many of A's rows match a row of the other form (exactly, else the most similar one at or
    above `cutoff`, in any order), and their mean similarity; stops early once it cannot reach `needed`."""
    rest = [key for key in keys if key not in other]
    matched, score = len(keys) - len(rest), 100.0 * (len(keys) - len(rest))
    pool = list(other.difference(keys))
    for n, key in enumerate(rest):
        if matched + len(rest) - n < needed:
            break
        best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff) if pool else None
        if best:
            matched += 1
            score += best[1]
    return matched, score / max(matched, 1)


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
    # Blocking: forms are compared only with forms whose rows share rare sketch values, so a copy
    # with rows reordered and a few characters changed is found without comparing all pairs.
    postings: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for value in {v for sketch in item.data[1] for v in sketch}:
            postings[value].append(i)
    common = MAX_CANDIDATES  # a value in more forms than this is boilerplate, not a clue
    for i, form_keys in enumerate(keys):
        needed = max(config.copy_min_rows, math.ceil(len(form_keys) * config.copy_share))
        if len(form_keys) < needed:
            continue
        shared: Counter = Counter()  # other form → how many of this form's rows share a rare value with it
        for sketch in items[i].data[1]:  # per row: identical rows each count
            shared.update({j for v in sketch if len(postings[v]) <= common for j in postings[v]})
        del shared[i]
        candidates = [j for j, rows in shared.most_common(MAX_CANDIDATES) if rows >= needed // 2]
        for j in candidates:
            matched, similarity = _matches(form_keys, sets[j], needed, config.copy_row_cutoff)
            if matched >= needed:
                other = items[j]
                yield items[i], Hit(
                    None,
                    f"本表 {len(form_keys)} 行指标中有 {matched} 行与“{other.project}”（{other.path}）的指标相同或几乎相同"
                    f"（平均相似度 {similarity:.0f}%），像是照抄后稍作改动，请按本项目重写",
                    related=other.path,
                )
                break
