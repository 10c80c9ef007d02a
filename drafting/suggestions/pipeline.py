"""`jixiao suggest`: lint, draft with an engine, validate, and queue — for every form of a run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from store import StoreError

from ..lint import LintConfig, lint_forms
from ..lint.registry import matches
from ..lint.runner import load_forms
from . import queue
from .model import Suggestion
from .rules_engine import RulesEngine
from .validate import problems

ENGINES = {"rules": RulesEngine}


@dataclass
class FormDrafts:
    path: str
    project: str
    queued: list[Suggestion] = field(default_factory=list)  # pending after this run
    added: int = 0
    stale: int = 0
    dropped: int = 0  # drafts that failed validation
    notes: list[str] = field(default_factory=list)


@dataclass
class SuggestRun:
    forms: list[FormDrafts] = field(default_factory=list)
    errors: list[StoreError] = field(default_factory=list)


def suggest_paths(paths: Iterable[Path], engine_name: str = "rules", only: list[str] | None = None,
                  config: LintConfig | None = None) -> SuggestRun:
    forms, errors = load_forms(paths)
    findings = lint_forms(forms, config or LintConfig())
    by_path = defaultdict(list)
    for finding in findings:
        by_path[finding.path].append(finding)
    engine = ENGINES[engine_name]()
    run = SuggestRun(errors=list(errors))
    for form in forms:
        drafting = engine.draft(form, by_path[form.path])
        result = FormDrafts(form.path, form.project, notes=list(drafting.notes), dropped=drafting.dropped)
        fresh = []
        for suggestion in drafting.suggestions:
            if only and not matches_any(suggestion.codes, only):
                continue
            why = problems(form, suggestion)
            if why:
                result.dropped += 1
                continue
            fresh.append(suggestion)
        try:
            queued, counts = queue.merge(Path(form.path), form.declaration, fresh, engine.name,
                                         lambda s: not only or matches_any(s.codes, only))
        except (StoreError, OSError) as exc:
            run.errors.append(exc if isinstance(exc, StoreError) else StoreError(form.path, str(exc)))
            continue
        result.queued = [s for s in queued if s.status == "pending"]
        result.added, result.stale = counts.added, counts.stale
        run.forms.append(result)
    return run


def matches_any(codes: list[str], patterns: list[str]) -> bool:
    return any(matches(code, patterns) for code in codes)
