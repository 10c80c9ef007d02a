"""Indicators the office already writes: sound rows of its other forms, as fill-in candidates.

A form of the same department, a similar project or an earlier year is a better guide than any
generic list. Only rows the linter found nothing wrong with are taken, and their numbers are
blanked: another project's target is no target for this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..library import BLANK
from ..lint.findings import Finding
from ..lint.view import FormView

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(rf"^{BLANK}年")
MIN_SIMILARITY = 60  # project names (rapidfuzz partial ratio) below this are other business
MAX_FORMS = 10
MAX_NAME = 16
_GENERIC = re.compile(r"(?:专项资金|补助资金|工作经费|项目经费|经费|资金|项目|补助|补贴|工作)$")
_NOT_PLAIN = re.compile(r"[，,。；;：:、（）()\d]")


@dataclass(frozen=True)
class PeerRow:
    level2: str
    name: str
    value: str  # with blanks for the numbers
    project: str  # the form it comes from, for the reviewer
    score: float


def blanked(value: str, year: int) -> str:
    """"≥95%" → "≥＿%"; "2023年9月30日前" → "{year}年＿月＿日前" (the form's own year)."""
    return _YEAR.sub(f"{year}年", _NUMBER.sub(BLANK, value))


class Peers:
    """The run's forms, indexed once: a run drafts every form against all the others, so the
    comparison of project names is one C loop per form (rapidfuzz.process), not a Python one."""

    def __init__(self, items: list[tuple[FormView, list[Finding]]] = ()):
        self.forms = [peer for peer, _ in items]
        self.flagged = [{f.indicator for f in findings if f.indicator is not None} for _, findings in items]
        self.keys = [_GENERIC.sub("", peer.declaration.project) for peer in self.forms]

    def rows_for(self, form: FormView) -> list[PeerRow]:
        """Sound rows of the most similar other forms, best first."""
        d = form.declaration
        ranked = []
        # Similar business, not a shared "…经费": the words common to every project name are left out.
        for _, similarity, i in process.extract(_GENERIC.sub("", d.project), self.keys, scorer=fuzz.partial_ratio,
                                                score_cutoff=MIN_SIMILARITY, limit=None):
            peer = self.forms[i]
            p = peer.declaration
            if peer.path == form.path or p.project == d.project and p.year == d.year:
                continue
            score = similarity + 15 * (p.department == d.department and bool(d.department)) + 5 * (p.year < d.year)
            ranked.append((score, i))
        ranked.sort(key=lambda item: -item[0])
        rows = []
        for score, i in ranked[:MAX_FORMS]:
            for row in self.forms[i].rows:
                if row.index not in self.flagged[i] and _fit(row):
                    rows.append(PeerRow(row.level2, row.name, blanked(row.value, d.year),
                                        self.forms[i].declaration.project, score))
        return rows


def _fit(row) -> bool:
    """A row worth offering another project: a short plain name, a target with its operator or a
    date, and not a count (what a project counts is its own business)."""
    return (row.level2 not in ("数量指标",) and 2 <= len(row.name) <= MAX_NAME and not _NOT_PLAIN.search(row.name)
            and _NUMBER.search(row.value) is not None and (row.parsed.op is not None or row.value.endswith("前")))
