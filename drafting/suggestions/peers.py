"""Indicators the office already writes: sound rows of its other forms, as fill-in candidates.

A form of the same department, a similar project or an earlier year is a better guide than any
generic list. Only rows the linter found nothing wrong with are taken, and their numbers are
blanked: another project's target is no target for this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..library import BLANK
from ..lint.findings import Finding
from ..lint.view import FormView

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(rf"^{BLANK}年")
MIN_SIMILARITY = 60  # project names (rapidfuzz partial ratio) below this are other business
MAX_FORMS = 10


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


def peer_rows(form: FormView, peers: list[tuple[FormView, list[Finding]]]) -> list[PeerRow]:
    """Sound rows of the most similar other forms, best first."""
    d = form.declaration
    ranked = []
    for peer, findings in peers:
        p = peer.declaration
        if peer.path == form.path or p.project == d.project and p.year == d.year:
            continue
        score = fuzz.partial_ratio(d.project, p.project) + 15 * (p.department == d.department and bool(d.department))
        score += 5 * (p.year < d.year)
        if score >= MIN_SIMILARITY:
            flagged = {f.indicator for f in findings if f.indicator is not None}
            ranked.append((score, peer, flagged))
    ranked.sort(key=lambda item: -item[0])
    rows = []
    for score, peer, flagged in ranked[:MAX_FORMS]:
        for row in peer.rows:
            if row.index not in flagged and row.name and _NUMBER.search(row.value):
                rows.append(PeerRow(row.level2, row.name, blanked(row.value, d.year), peer.declaration.project, score))
    return rows
