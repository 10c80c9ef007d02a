"""The rule registry: every rule registers its code, severity, title and check function here.

A rule's docstring is its user-facing explanation (`jixiao rule CODE`, docs/rules.md), so it is
written in Chinese with the sections 说明 / 原因 / 反例 / 正例.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Literal

from .findings import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Callable[..., Iterable]
    # A run rule sees every form of the run at once; a year rule sees one form with its counterpart
    # in the previous year's store (`[lint] previous`).
    scope: Literal["form", "run", "year"]
    # For a run rule: what it needs of one form, small and picklable, so forms can be read and
    # checked in worker processes and only this travels back.
    collect: Callable | None = None

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")


class Catalogue(Mapping):
    """The rules by code, in registration order. The rule modules are imported on the first read: a
    lint answered by its cache, or `jixiao --help`, need not load thirty modules and compile their
    patterns (a tenth of a second)."""

    def __init__(self):
        self.registered: dict[str, Rule] = {}
        self.loaded = False

    def _all(self) -> dict[str, Rule]:
        if not self.loaded:
            self.loaded = True
            import_module("drafting.lint.rules")  # each module registers its rules
        return self.registered

    def __getitem__(self, code: str) -> Rule:
        return self._all()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


RULES = Catalogue()


def rule(code: str, severity: Severity, title: str):
    """Register a form rule: check(form, config) yields Hits."""
    return _register(code, severity, title, "form", None)


def run_rule(code: str, severity: Severity, title: str, collect: Callable):
    """Register a run rule: check(items, config) yields (item, Hit); item.data is collect(form)."""
    return _register(code, severity, title, "run", collect)


def year_rule(code: str, severity: Severity, title: str):
    """Register a year-over-year rule: check(pair, config) yields Hits on the new form of a
    `drafting.compare.match.FormPair`."""
    return _register(code, severity, title, "year", None)


def _register(code, severity, title, scope, collect):
    def register(check: Callable) -> Callable:
        if code in RULES.registered:
            raise ValueError(f"rule code {code} registered twice")
        RULES.registered[code] = Rule(code, severity, title, check, scope, collect)
        return check

    return register


def matches(code: str, patterns: Iterable[str]) -> bool:
    """True when `code` is one of `patterns` or starts with one (JX3 selects JX301…JX308)."""
    return any(code.startswith(p.strip().upper()) for p in patterns if p.strip())
