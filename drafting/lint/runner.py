"""Running the rules over forms: selection, suppression, ordering."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from store import Store, StoreError

from . import rules as _rules  # noqa: F401 - registers every rule
from .config import LintConfig
from .findings import Finding, Hit
from .registry import RULES, Rule, matches
from .view import FormView


@dataclass
class LintRun:
    findings: list[Finding] = field(default_factory=list)
    errors: list[StoreError] = field(default_factory=list)  # files that could not be read
    forms: list[FormView] = field(default_factory=list)


def active_rules(config: LintConfig) -> list[Rule]:
    return [r for code, r in sorted(RULES.items()) if matches(code, config.select) and not matches(code, config.ignore)]


def lint_forms(forms: list[FormView], config: LintConfig) -> list[Finding]:
    """Every finding of the active rules, less those a form or row suppresses with `ignore`."""
    findings = []
    for rule in active_rules(config):
        if rule.scope == "run":
            hits: Iterable[tuple[FormView, Hit]] = rule.check(forms, config)
        else:
            hits = ((form, hit) for form in forms for hit in rule.check(form, config))
        for form, hit in hits:
            if _suppressed(form, hit, rule.code):
                continue
            # Built from trusted values, so construct without re-validating: thousands per run.
            findings.append(Finding.model_construct(
                code=rule.code, severity=rule.severity, message=hit.message, path=form.path,
                project=form.project, indicator=hit.indicator, related=hit.related, fix=hit.fix,
            ))
    findings.sort(key=lambda f: (f.path, -1 if f.indicator is None else f.indicator, f.code))
    return findings


def _suppressed(form: FormView, hit: Hit, code: str) -> bool:
    declaration = form.declaration
    if declaration.ignore and matches(code, declaration.ignore):
        return True
    if hit.indicator is None:
        return False
    ignore = declaration.indicators[hit.indicator].ignore
    return bool(ignore) and matches(code, ignore)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The declaration files under each path (a file or a store folder), each once, in order."""
    seen: dict[Path, None] = {}
    for path in paths:
        for file in Store(path).files():
            seen.setdefault(file, None)
    return list(seen)


def load_forms(paths: Iterable[Path]) -> tuple[list[FormView], list[StoreError]]:
    forms, errors = [], []
    for path in paths:
        path = Path(path)
        if not path.exists():
            errors.append(StoreError(path, "文件或目录不存在"))
            continue
        for file in collect_files([path]):
            try:
                stored = Store(file).load(file)
            except StoreError as exc:
                errors.append(exc)
                continue
            forms.append(FormView(str(file), stored.declaration))
    return forms, errors


def lint_paths(paths: Iterable[Path], config: LintConfig | None = None) -> LintRun:
    forms, errors = load_forms(paths)
    return LintRun(lint_forms(forms, config or LintConfig()), errors, forms)
