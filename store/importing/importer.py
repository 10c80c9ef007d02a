"""`jixiao import`: input files → one TOML declaration per form in a store, with a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError, os_reason
from ..files import Store, Stored
from ..lock import writing
from .build import Built, build_all
from .sources import read_forms

NEW, UNCHANGED, UPDATED, KEPT = "new", "unchanged", "updated", "kept"


@dataclass
class FormOutcome:
    built: Built
    status: str  # new | unchanged | updated | kept (exists with other content, not overwritten)
    path: Path


@dataclass
class ImportReport:
    outcomes: list[FormOutcome] = field(default_factory=list)
    errors: list[StoreError] = field(default_factory=list)  # files or forms that were not imported
    skipped: list[str] = field(default_factory=list)  # store files that could not be read

    @property
    def indicators(self) -> int:
        return sum(len(o.built.declaration.indicators) for o in self.outcomes)


def import_files(paths: list[Path], into: Path, overwrite: bool = False) -> ImportReport:
    """Import every form of every file; a bad file or form is reported and the rest go on.

    Re-importing is idempotent: a form whose file already holds the same declaration is left
    alone, and one whose file holds something else (edited since) is kept unless `overwrite`.
    """
    report = ImportReport()
    built = []  # read before taking the store lock: reading big workbooks must not block other writers
    for path in paths:
        try:
            forms = read_forms(Path(path))
        except StoreError as exc:
            report.errors.append(exc)
            continue
        for result in build_all(forms):
            (report.errors if isinstance(result, StoreError) else built).append(result)
    if not built:
        return report
    into = Path(into)
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        report.errors.append(StoreError(into, f"无法创建存储目录：{os_reason(exc)}"))
        return report
    with writing(into):  # what exists is read and new names are chosen with no other writer between
        _place_all(Store(into), built, report, overwrite)
    return report


def _place_all(store: Store, built: list[Built], report: ImportReport, overwrite: bool) -> None:
    existing, unreadable = store.load_all()
    report.skipped = [str(e) for e in unreadable]
    by_key: dict[tuple, Stored] = {s.declaration.key: s for s in existing}
    taken: set[Path] = {s.path for s in existing}
    for result in built:
        try:
            outcome = _place(store, result, by_key, taken, overwrite)
        except StoreError as exc:
            report.errors.append(exc)
            continue
        except OSError as exc:
            report.errors.append(StoreError(store.root, f"“{result.declaration.project}”无法写入：{os_reason(exc)}"))
            continue
        by_key[result.declaration.key] = Stored(outcome.path, result.declaration, None)
        report.outcomes.append(outcome)


def _place(store: Store, built: Built, by_key: dict, taken: set[Path], overwrite: bool) -> FormOutcome:
    declaration = built.declaration
    stored = by_key.get(declaration.key)
    if stored is None:
        path = store.new_path(declaration.project, taken)
        taken.add(path)
        store.save(Stored(path, declaration, None))
        return FormOutcome(built, NEW, path)
    if stored.declaration == declaration:
        return FormOutcome(built, UNCHANGED, stored.path)
    if not overwrite or stored.digest is None:
        return FormOutcome(built, KEPT, stored.path)
    store.save(stored, declaration)
    return FormOutcome(built, UPDATED, stored.path)
