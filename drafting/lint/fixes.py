"""Applying safe fixes: only those marked safe, only where the cell still reads as when linted."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from store import Store, StoreError, dumps

from .findings import Finding


@dataclass
class FixResult:
    path: str
    applied: int
    diff: str  # unified diff of the TOML file


def apply_safe_fixes(findings: list[Finding], write: bool) -> tuple[list[FixResult], list[StoreError]]:
    """Apply (or, with write=False, only show) every safe fix, one atomic save per file.

    A file changed on disk since it was read is refused by the store and reported, never overwritten.
    """
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.fix and finding.fix.safety == "safe" and finding.indicator is not None:
            by_path[finding.path].append(finding)
    results, errors = [], []
    for path, fixes in sorted(by_path.items()):
        try:
            stored = Store(path).load(path)
        except StoreError as exc:
            errors.append(exc)
            continue
        declaration = stored.declaration.model_copy(deep=True)
        applied = 0
        for finding in fixes:
            indicator = declaration.indicators[finding.indicator]
            fix = finding.fix
            if getattr(indicator, fix.field) == fix.before:
                setattr(indicator, fix.field, fix.after)
                applied += 1
        if not applied:
            continue
        before, after = dumps(stored.declaration), dumps(declaration)
        diff = "".join(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{Path(path).name}", f"b/{Path(path).name}"))
        if write:
            try:
                Store(path).save(stored, declaration)
            except (StoreError, OSError) as exc:
                errors.append(exc if isinstance(exc, StoreError) else StoreError(path, str(exc)))
                continue
        results.append(FixResult(path, applied, diff))
    return results, errors
