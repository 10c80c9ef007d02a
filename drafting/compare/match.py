"""Which form of one store is which form of another (the same project a year later, or in the next
round), and which indicator row is which.

Forms pair up by their department's code and a fuzzy project name, helped by how many indicator
rows they share; rows pair up by 二级, a fuzzy name and their targets. Pairs are taken best first,
each form and row at most once; what finds no partner is left unmatched, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..lint.view import norm
from .outline import Outline, RowOutline, kind

# Project-name endings that budget offices swap from year to year (经费 → 资金, …项目).
_ENDINGS = re.compile(r"(?:专项|补助|补贴)?(?:经费|资金|项目|工作经费|专项资金|项目资金)$")
_YEARS = re.compile(r"(?:19|20)\d{2}(?:年度?|-\d{4})?")


@lru_cache(maxsize=65536)
def _project_key(project: str) -> str:
    key = norm(_YEARS.sub("", project))
    return _ENDINGS.sub("", key) or key


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset((text,))


def similarity(a: str, b: str) -> float:
    """0–100: edit similarity, or the share of shared character pairs when the words were reordered
    ("入户核查低保家庭" / "低保家庭入户核查")."""
    a, b = norm(a), norm(b)
    if a == b:
        return 100.0
    if not a or not b:
        return 0.0
    x, y = _bigrams(a), _bigrams(b)
    dice = 200 * len(x & y) / (len(x) + len(y))
    return max(fuzz.ratio(a, b), dice)


@dataclass(frozen=True)
class RowPair:
    old: int | None  # the row's index in the old form; None for a row added
    new: int | None  # in the new form; None for a row removed


# A row keeps its identity through a renaming of a few characters, a reworded name with the same
# target, or a move to another 二级 when the name stays nearly the same.
ROW_NAME_CUTOFF = 55
ROW_SAME_TARGET_CUTOFF = 35
ROW_MOVED_CUTOFF = 85


def _row_score(old: RowOutline, new: RowOutline) -> float | None:
    sim = similarity(old.name, new.name)
    same_kind = kind(old.level2) == kind(new.level2)
    same_target = bool(old.value) and norm(old.value) == norm(new.value)
    if same_kind and (sim >= ROW_NAME_CUTOFF or (same_target and sim >= ROW_SAME_TARGET_CUTOFF)):
        return sim + 10 + (5 if same_target else 0)
    if sim >= ROW_MOVED_CUTOFF:
        return sim
    return None


def match_rows(old: tuple[RowOutline, ...], new: tuple[RowOutline, ...]) -> list[RowPair]:
    """Every row of both forms once: matched pairs in the new form's order, then each removed row
    where it stood relative to its neighbours."""
    old_to_new: dict[int, int] = {}
    taken: set[int] = set()
    # Most rows keep their 二级 and name from one version to the next: those pair at once, the
    # nearest position first, and only the rest are compared fuzzily.
    exact: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(old):
        exact[(kind(row.level2), norm(row.name))].append(i)
    for j, row in enumerate(new):
        same = exact.get((kind(row.level2), norm(row.name)))
        if same:
            i = min(same, key=lambda i: abs(i - j))
            same.remove(i)
            old_to_new[i] = j
            taken.add(j)
    candidates = []
    for i, a in enumerate(old):
        if i in old_to_new:
            continue
        for j, b in enumerate(new):
            if j not in taken:
                score = _row_score(a, b)
                if score is not None:
                    candidates.append((score, -abs(i - j), i, j))
    candidates.sort(reverse=True)
    for _score, _distance, i, j in candidates:
        if i not in old_to_new and j not in taken:
            old_to_new[i] = j
            taken.add(j)
    new_to_old = {j: i for i, j in old_to_new.items()}
    pairs: list[RowPair] = []
    removed = [i for i in range(len(old)) if i not in old_to_new]
    for j in range(len(new)):
        i = new_to_old.get(j)
        if i is not None:
            # Rows removed before this one's old position are shown just above it.
            while removed and removed[0] < i:
                pairs.append(RowPair(removed.pop(0), None))
            pairs.append(RowPair(i, j))
        else:
            pairs.append(RowPair(None, j))
    pairs += [RowPair(i, None) for i in removed]
    return pairs


@dataclass(frozen=True)
class FormPair:
    old: Outline
    new: Outline
    rows: tuple[RowPair, ...]

    @property
    def basis(self) -> str:
        """How the pair was made, for reports: the same name, or a similar one (with the share)."""
        if norm(self.old.project) == norm(self.new.project):
            return "项目名称相同"
        return f"项目名称相近（{similarity(self.old.project, self.new.project):.0f}%），指标 {self.shared_rows}/{len(self.old.rows)} 条对应"

    @property
    def shared_rows(self) -> int:
        return sum(1 for pair in self.rows if pair.old is not None and pair.new is not None)

    @property
    def years(self) -> int:
        """Years from the old form to the new (0 for two rounds of one year)."""
        return self.new.year - self.old.year

    def matched(self):
        """(old row, new row, the new row's index) of every row found in both versions."""
        for pair in self.rows:
            if pair.old is not None and pair.new is not None:
                yield self.old.rows[pair.old], self.new.rows[pair.new], pair.new

    def removed(self) -> list[RowOutline]:
        return [self.old.rows[pair.old] for pair in self.rows if pair.new is None]

    def added(self) -> list[RowOutline]:
        return [self.new.rows[pair.new] for pair in self.rows if pair.old is None]


@dataclass(frozen=True)
class Matching:
    pairs: list[FormPair]
    only_old: list[Outline]  # in the old store only: the project ended, or was not found again
    only_new: list[Outline]  # new projects, or not found in the old store


# A project keeps its identity when its office (codes) is the same and its name is close, or its
# name changed more but most of its indicators did not. Without codes on either side, only a name
# that is nearly the same will do.
NAME_CUTOFF = 70
RENAMED_NAME_CUTOFF = 35
RENAMED_ROWS_SHARE = 0.6
NO_CODE_NAME_CUTOFF = 88


def _office(form: Outline) -> str:
    return form.department_code or form.implementer_code


def _form_score(old: Outline, new: Outline) -> tuple[float, tuple[RowPair, ...]] | None:
    if old.department_code and new.department_code and old.department_code != new.department_code:
        return None
    sim = similarity(_project_key(old.project), _project_key(new.project))
    coded = bool(_office(old)) and _office(old) == _office(new)
    if not coded and sim < NO_CODE_NAME_CUTOFF:
        return None
    if coded and sim < RENAMED_NAME_CUTOFF:
        return None
    rows = tuple(match_rows(old.rows, new.rows))
    shared = sum(1 for pair in rows if pair.old is not None and pair.new is not None)
    share = shared / max(len(old.rows), len(new.rows), 1)
    if coded and sim < NAME_CUTOFF and share < RENAMED_ROWS_SHARE:
        return None
    same_implementer = old.implementer_code == new.implementer_code
    return sim + 30 * share + (5 if same_implementer else 0), rows


# Forms of one office whose names are this close (rapidfuzz ratio of the keys) are looked at; of
# those, the few closest.
NAME_PREFILTER = 30
CANDIDATES = 5


def match_forms(old: list[Outline], new: list[Outline]) -> Matching:
    """Pair the forms of two stores (two years, or two rounds of one year)."""
    by_office: dict[str, list[int]] = defaultdict(list)
    for i, form in enumerate(old):
        by_office[form.department_code].append(i)
    old_keys = [_project_key(form.project) for form in old]
    everyone = list(range(len(old)))
    candidates = []
    for j, form in enumerate(new):
        # Forms of the same department and forms that give no department code; a form that gives
        # none is looked for everywhere (its name must then be nearly the same).
        pool = by_office.get(form.department_code, []) + by_office.get("", []) if form.department_code else everyone
        key = _project_key(form.project)
        same_name = [i for i in pool if old_keys[i] == key]
        if not same_name:
            # A store has hundreds of forms per department: only the few closest names are scored.
            near = process.extract(key, [old_keys[i] for i in pool], scorer=fuzz.ratio, limit=CANDIDATES,
                                   score_cutoff=NAME_PREFILTER)
            same_name = [pool[index] for _name, _score, index in near]
        for i in same_name:
            scored = _form_score(old[i], form)
            if scored is not None:
                candidates.append((scored[0], i, j, scored[1]))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _score, i, j, rows in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append(FormPair(old[i], new[j], rows))
    pairs.sort(key=lambda p: p.new.path)
    return Matching(pairs, [f for i, f in enumerate(old) if i not in used_old],
                    [f for j, f in enumerate(new) if j not in used_new])
