"""`jixiao suggest`: lint, draft with an engine, validate, and queue — for every form of a run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from store import StoreError
from store.errors import os_reason

from ..library import Library, load_library, office_folder
from ..lint import LintConfig, lint_forms
from ..lint.registry import matches
from ..lint.runner import load_forms
from ..lint.view import FormView
from . import queue
from .model import Drafting, Suggestion, units
from .rules_engine import RulesEngine
from .validate import problems

ENGINES = ("rules", "llm", "both")


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
    errors: list[StoreError] = field(default_factory=list)  # unreadable files
    failures: list[str] = field(default_factory=list)  # forms the LLM could not draft, one line each
    llm: object = None  # the LLM engine's run (usage, cache hits), when one ran


def lint_run(paths: Iterable[Path], config: LintConfig | None) -> tuple[list[tuple[FormView, list]], list[StoreError]]:
    """The forms of the paths, each with its findings (linted together, so copying is seen)."""
    forms, errors = load_forms(paths)
    by_path = defaultdict(list)
    for finding in lint_forms(forms, config or LintConfig()):
        by_path[finding.path].append(finding)
    return [(form, by_path[form.path]) for form in forms], errors


def run_library(paths: list[Path]) -> Library:
    """The indicator library of a run: the office's (in the store of its first path) before the shipped one."""
    return load_library(office_folder(paths[0]) if paths else None)


def suggest_paths(paths: Iterable[Path], engine_name: str = "rules", only: list[str] | None = None,
                  config: LintConfig | None = None, llm=None, offline: bool = False) -> SuggestRun:
    """Draft, validate and queue. `llm` is an LLMEngine, needed for the llm and both engines."""
    paths = list(paths)
    items, errors = lint_run(paths, config)
    run = SuggestRun(errors=list(errors))
    drafts: dict[str, list[Drafting]] = defaultdict(list)
    try:
        library = run_library(paths)
    except StoreError as exc:
        # A broken office library: said, and nothing drafted this run. Drafting without it would
        # supersede the queue's suggestions from the office's own entries with shipped ones.
        run.errors.append(exc)
        return run
    if engine_name in ("rules", "both"):
        rules = RulesEngine(library, peers=items)  # the run's other forms are the office's own examples
        for form, findings in items:
            drafts[form.path].append(rules.draft(form, findings))
    if engine_name in ("llm", "both"):
        # With both engines the rules' drafts are in hand: their fill-ins are what the model is offered.
        drafted = {path: found[0] for path, found in drafts.items()} if engine_name == "both" else None
        llm_run = llm.draft_all(items, offline=offline, library=library, drafted=drafted)
        run.llm = llm_run
        for form, _ in items:
            result = llm_run.results.get(form.path)
            if isinstance(result, Exception):
                run.failures.append(f"{form.path}: {result}")
            elif result is not None:
                drafts[form.path].append(result)
    for form, _ in items:
        if form.path not in drafts:
            continue
        _queue(run, form, drafts[form.path], engine_name, only)
    return run


def _queue(run: SuggestRun, form: FormView, draftings: list[Drafting], engine_name: str, only) -> None:
    engines = {"both": ("rules", "llm")}.get(engine_name, (engine_name,))
    try:
        run.forms.append(queue_drafts(form, draftings, engines, only))
    except (StoreError, OSError) as exc:
        run.errors.append(exc if isinstance(exc, StoreError) else StoreError(form.path, f"无法写入：{os_reason(exc)}"))


def queue_drafts(form: FormView, draftings: list[Drafting], engines: tuple[str, ...],
                 only: list[str] | None = None) -> FormDrafts:
    """Validate engines' drafts for one form and queue the survivors (the CLI and the editor both use this)."""
    result = FormDrafts(form.path, form.project)
    fresh: list[Suggestion] = []
    seen = set()
    # A fill-in the LLM proposed a number for stands in for the same fill-in of the rules engine.
    proposed = {(s.kind, s.indicator, s.after): s for d in draftings for s in d.suggestions if s.model_fill}
    for drafting in draftings:
        result.notes += drafting.notes
        result.dropped += drafting.dropped
        for group in units([proposed.get((s.kind, s.indicator, s.after), s) for s in drafting.suggestions]):
            group = [s for s in group if (s.kind, s.indicator, s.after) not in seen]  # --engine both: rules win
            if not group or (only and not any(matches_any(s.codes, only) for s in group)):
                continue
            # The rules engine may only restate the form's numbers; an LLM may propose new targets.
            found = next(((s, p) for s in group for p in problems(form, s, check_numbers=s.engine == "rules")), None)
            if found:  # said, not silently dropped: the reviewer sees what was not proposed and why
                suggestion, problem = found
                result.dropped += len(group)
                what = suggestion.after or suggestion.before
                result.notes.append(f"未提出的建议（{what.name} / {what.value}）：{problem}" if what else
                                    f"未提出的建议：{problem}")
                continue
            seen.update((s.kind, s.indicator, s.after) for s in group)
            fresh += group
    queued, counts = queue.merge(Path(form.path), form.declaration, fresh, engines,
                                 lambda s: not only or matches_any(s.codes, only))
    result.queued = [s for s in queued if s.status == "pending"]
    result.added, result.stale = counts.added, counts.stale
    return result


def matches_any(codes: list[str], patterns: list[str]) -> bool:
    return any(matches(code, patterns) for code in codes)
