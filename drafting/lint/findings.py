"""What the linter reports: a finding, its severity and its optional fix; the JSON output has these fields.

Not pydantic models: a province's run makes hundreds of thousands of findings, all built from
trusted values, and validating each would cost more than the rules. A finding is a NamedTuple,
the cheapest immutable record to build (four times cheaper than a slotted dataclass).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, NamedTuple


def nth(index: int) -> str:
    """A row as users count it, from 1: "第1条". JSON, the sidecar and the LLM prompt keep 0-based indices."""
    return f"第{index + 1}条"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Fix:
    """A change to one cell of one indicator. Only `safe` fixes are applied by `jixiao lint --fix`."""

    safety: Literal["safe", "unsafe", "display"]
    description: str
    field: Literal["name", "value"]
    before: str
    after: str


class Finding(NamedTuple):
    code: str
    severity: Severity
    message: str
    path: str
    project: str
    indicator: int | None  # 0-based index into `indicators`; None for the whole form
    related: str | None = None  # the other form's path (JX205)
    fix: Fix | None = None


class Hit(NamedTuple):
    """What a rule yields; the runner turns it into a Finding."""

    indicator: int | None
    message: str
    fix: Fix | None = None
    related: str | None = None
