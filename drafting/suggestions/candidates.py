"""Fill-in candidates for one form: the indicator library's sectors that fit the project, and the
sound rows of the office's similar forms; ranked, never repeating what the form already has."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..library import BLANK, Library
from ..lint.view import FormView
from .peers import PeerRow

SAME_NAME = 80  # rapidfuzz ratio above which two names measure the same thing


@dataclass(frozen=True)
class Candidate:
    level2: str
    name: str
    value: str  # with blanks
    scoring: str  # 评分标准 of a graded entry
    origin: str  # said to the reviewer: where it comes from and how it is measured


class Candidates:
    def __init__(self, form: FormView, library: Library, peers: list[PeerRow] = ()):
        d = form.declaration
        self.year = d.year
        self.taken = [row.name for row in form.rows]  # names the form has or was just given
        text = f"{d.project} {d.goal}"
        self.pool: list[tuple[float, Candidate]] = []
        for peer in peers:
            self.pool.append((100 + peer.score, Candidate(peer.level2, peer.name, peer.value, "",
                                                          f"取自本单位相近项目“{peer.project}”的同类指标")))
        for rank, sector in enumerate(library.sectors_for(d.project, d.goal)):
            for entry in sector.entries:
                # Sector order first, then the entry's own keywords in the project and goal, then how
                # much of its name the goal shares.
                score = 90 - 20 * rank + 5 * sum(word in text for word in entry.keywords) \
                    + fuzz.partial_ratio(entry.name, text) / 20
                origin = f"指标库（{sector.name}）：{entry.source}"
                self.pool.append((score, Candidate(entry.level2, entry.name, self._dated(entry.value), entry.grades,
                                                   origin)))
        self.pool.sort(key=lambda item: -item[0])

    def _dated(self, value: str) -> str:
        """A date template is in the form's year: "＿月＿日前" → "2024年＿月＿日前"."""
        return f"{self.year}年{value}" if value.startswith(f"{BLANK}月") else value

    def _new(self, name: str) -> bool:
        return all(fuzz.ratio(name, other) < SAME_NAME for other in self.taken)

    def best(self, level2: str, near: str = "") -> Candidate | None:
        """The best candidate for a row of `level2` that the form does not measure yet, closest first
        to what the row it replaces was about (`near`: its name); it is then taken."""
        fitting = [(score + fuzz.partial_ratio(near, c.name) / 5 if near else score, c)
                   for score, c in self.pool if c.level2 == level2 and self._new(c.name)]
        if not fitting:
            return None
        candidate = max(fitting, key=lambda item: item[0])[1]
        self.taken.append(candidate.name)
        return candidate

    def template_for(self, name: str, level2: str) -> Candidate | None:
        """A candidate measuring what `name` names: its value template fits the row's own name."""
        scored = [(fuzz.ratio(name, c.name), c) for _, c in self.pool if c.level2 == level2 and BLANK in c.value]
        score, candidate = max(scored, key=lambda item: item[0], default=(0, None))
        return candidate if score >= 70 else None
