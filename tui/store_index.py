"""The store view's data: one summary row per form, produced chunk by chunk so the table fills as it goes."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from drafting.lint import LintConfig
from drafting.lint.findings import Finding, Severity
from drafting.lint.runner import lint_stream
from drafting.suggestions import load as load_queue
from drafting.suggestions.queue import sidecar_name
from store import Store, StoreError


@dataclass
class FormSummary:
    path: str
    project: str
    department: str
    year: int
    total: float  # 元
    indicators: int
    pending: int
    findings: list[Finding] = field(default_factory=list)
    # Counted once, not at every redraw: the store view sums them over thousands of forms.
    errors: int = field(init=False, default=0)
    warnings: int = field(init=False, default=0)
    infos: int = field(init=False, default=0)
    codes: set[str] = field(init=False, default_factory=set)

    def __post_init__(self):
        found, self.findings = self.findings, []
        self.add(found)

    def add(self, findings: list[Finding]) -> None:
        for f in findings:
            if f.severity is Severity.ERROR:
                self.errors += 1
            elif f.severity is Severity.WARNING:
                self.warnings += 1
            else:
                self.infos += 1
            self.codes.add(f.code)
        self.findings += findings


def _pending(path: str) -> int:
    folder, name = os.path.split(path)
    if not os.path.exists(os.path.join(folder, sidecar_name(name))):  # most forms have none: a cheap look first
        return 0
    try:
        return sum(1 for s in load_queue(Path(path)) if s.status == "pending")
    except StoreError:
        return 0


def scan(root: Path, config: LintConfig) -> Iterator[tuple[str, object]]:
    """Yields ("forms", [FormSummary…]) as forms are known (all at once from an unchanged store's lint
    cache), ("errors", [StoreError…]) and, last, ("run", {path: [cross-form findings]})."""
    run = defaultdict(list)  # the run rules' findings come in one or more final parts
    for part in lint_stream([root], config, cache_dir=Store(root).cache_dir):
        by_path = run if part.final else defaultdict(list)
        for finding in part.findings:
            by_path[finding.path].append(finding)
        if part.final:
            continue
        if part.forms:
            yield "forms", [FormSummary(f.path, f.project, f.department, f.year, f.total, f.indicators,
                                        _pending(f.path), by_path[f.path]) for f in part.forms]
        if part.errors:
            yield "errors", part.errors
    yield "run", dict(run)
