"""The store view's data: one summary row per form, produced chunk by chunk so the table fills as it goes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from drafting.lint import LintConfig
from drafting.lint.findings import Finding, Severity
from drafting.lint.runner import active_rules, check_forms, check_run, read_forms
from drafting.suggestions import load as load_queue
from store import Store, StoreError

CHUNK = 100


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
        counts = Counter(f.severity for f in findings)
        self.errors += counts[Severity.ERROR]
        self.warnings += counts[Severity.WARNING]
        self.infos += counts[Severity.INFO]
        self.codes |= {f.code for f in findings}
        self.findings += findings


def _pending(path: str) -> int:
    try:
        return sum(1 for s in load_queue(Path(path)) if s.status == "pending")
    except StoreError:
        return 0


def scan(root: Path, config: LintConfig) -> Iterator[tuple[str, object]]:
    """Yields ("forms", [FormSummary…]) per chunk, ("errors", [StoreError…]) and, last,
    ("run", {path: [cross-form findings]}) once copying and boilerplate are known."""
    rules = active_rules(config)
    files = Store(root).files()
    items = defaultdict(list)
    for start in range(0, len(files), CHUNK):
        forms, errors = read_forms(files[start:start + CHUNK])
        findings, chunk_items = check_forms(forms, rules, config)
        for code, part in chunk_items.items():
            items[code] += part
        by_path = defaultdict(list)
        for finding in findings:
            by_path[finding.path].append(finding)
        yield "forms", [
            FormSummary(form.path, form.project, form.declaration.department, form.declaration.year,
                        form.declaration.funds.total, len(form.rows), _pending(form.path), by_path[form.path])
            for form in forms
        ]
        if errors:
            yield "errors", errors
    by_path = defaultdict(list)
    for finding in check_run(items, rules, config):
        by_path[finding.path].append(finding)
    yield "run", dict(by_path)
