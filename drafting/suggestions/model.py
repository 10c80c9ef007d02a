"""A suggestion: one proposed change to one declaration, awaiting a human's decision.

These models are the sidecar file's format and the JSON output of `jixiao suggest` (docs/suggest.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from store import Indicator

from ..library import BLANK, has_blank
from store.columns import EXTRA_KEYS

Kind = Literal["add", "replace", "remove"]
Status = Literal["pending", "accepted", "rejected", "stale"]


class Draft(BaseModel):
    """An indicator as proposed: the four cells of a row of the 绩效指标 table."""

    model_config = ConfigDict(frozen=True)

    level1: str
    level2: str
    name: str
    value: str
    scoring: str = ""  # 评分标准 of a graded (定性) target: what each grade means

    @property
    def blank(self) -> bool:
        """A fill-in: a blank waits for the office's number, and it cannot be accepted until filled."""
        return has_blank(self.value) or has_blank(self.name)

    @classmethod
    def of(cls, indicator: Indicator) -> Draft:
        return cls(level1=indicator.level1, level2=indicator.level2, name=indicator.name, value=indicator.value)

    def to_indicator(self, replacing: Indicator | None = None) -> Indicator:
        """The row; one that replaces another keeps its other columns (分值, 评分标准 … of the form's table)."""
        kept = {key: getattr(replacing, key) for key in EXTRA_KEYS} if replacing else {}
        if self.scoring:
            kept["scoring"] = self.scoring
        return Indicator(level1=self.level1, level2=self.level2, name=self.name, value=self.value, **kept)

    def matches(self, indicator: Indicator) -> bool:
        return (self.level1, self.level2, self.name, self.value) == (
            indicator.level1, indicator.level2, indicator.name, indicator.value)

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2} / {self.name} / {self.value}"


class ModelFill(BaseModel):
    """A number an LLM proposed for a fill-in's blank. The blank stays: the reviewer sees the
    proposal, checks it, and fills the blank with it or with their own."""

    model_config = ConfigDict(frozen=True)

    value: str  # the target with the blank filled ("≥95%")
    evidence: str = ""  # the words of the goal the model cites; empty when the goal has none


class Suggestion(BaseModel):
    id: str
    kind: Kind
    indicator: int | None  # the row replaced or removed; for `add`, where it goes (None: end of its 二级)
    before: Draft | None
    after: Draft | None
    reason: str  # Chinese, for the reviewer
    codes: list[str]  # the lint codes it answers
    engine: str  # rules | llm
    status: Status = "pending"
    base: str = ""  # digest of the declaration it was made against
    edited: bool = False  # the reviewer changed `after` before accepting
    proposed: Draft | None = None  # the engine's own `after`, kept when the reviewer edited it
    # Suggestions that only make sense together (a row split into several, the total that replaces
    # its parts and the parts' removal) share a group: accepted or rejected as one.
    group: str = ""
    model_fill: ModelFill | None = None  # a fill-in's number as the model proposes it, to be checked

    @property
    def display_only(self) -> bool:
        """LLM suggestions are accepted one at a time only, never by 'accept all'."""
        return self.engine != "rules"

    @property
    def fill_in(self) -> bool:
        return self.after is not None and self.after.blank

    @property
    def key(self) -> str:
        """What review decides on: the group, or the suggestion alone."""
        return self.group or self.id


def grouped(members: list[Suggestion]) -> list[Suggestion]:
    """The members as one group (a single suggestion stays alone); the id follows from the members'."""
    if len(members) < 2:
        return members
    group = "g" + hashlib.sha1("|".join(s.id for s in members).encode("utf-8")).hexdigest()[:9]
    return [s.model_copy(update={"group": group}) for s in members]


def units(suggestions: list[Suggestion]) -> list[list[Suggestion]]:
    """Suggestions as review shows them: each group as one unit, in the order of its first member."""
    by_key: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        by_key.setdefault(s.key, []).append(s)
    return list(by_key.values())


def suggestion_id(kind: str, before: Draft | None, after: Draft | None) -> str:
    """Stable across runs: the same change to the same row always has the same id."""
    text = f"{kind}|{before}|{after}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def make(kind: Kind, indicator: int | None, before: Draft | None, after: Draft | None, reason: str,
         codes: list[str], engine: str) -> Suggestion:
    return Suggestion(id=suggestion_id(kind, before, after), kind=kind, indicator=indicator, before=before,
                      after=after, reason=reason, codes=sorted(set(codes)), engine=engine)


@dataclass
class Drafting:
    """What an engine returns for one form."""

    suggestions: list[Suggestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the human: what could not be drafted, and why
    dropped: int = 0  # drafts that failed validation and were not queued
