"""Applying safe fixes: only those marked safe, only where the cell still reads as when linted."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from store import Store, StoreError, dumps, history, journal
from store.errors import os_reason

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
            if write:
                with journal.changing(Path(path)):
                    result = _fix(Path(path), fixes, write)
            else:
                result = _fix(Path(path), fixes, write)
        except StoreError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(StoreError(path, f"无法写入：{os_reason(exc)}"))
            continue
        if result:
            results.append(result)
    return results, errors


def _fix(path: Path, fixes: list[Finding], write: bool) -> FixResult | None:
    stored = Store(path).load(path)
    declaration = stored.declaration.model_copy(deep=True)
    applied = 0
    for finding in fixes:
        if finding.indicator >= len(declaration.indicators):
            continue  # the form changed since it was linted
        indicator = declaration.indicators[finding.indicator]
        fix = finding.fix
        if getattr(indicator, fix.field) == fix.before:
            setattr(indicator, fix.field, fix.after)
            applied += 1
    if not applied:
        return None
    before, after = dumps(stored.declaration), dumps(declaration)
    diff = "".join(difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path.name}", f"b/{path.name}"))
    if write:  # undoable with `jixiao undo`, like an accepted suggestion
        data, current = after.encode("utf-8"), path.read_bytes()
        journal.commit(path, stored.digest, {
            path: data, history.history_path(path): history.pushed(path, current, data, f"安全修复 {applied} 处")})
    return FixResult(str(path), applied, diff)
