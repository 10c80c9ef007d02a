"""One form being edited: the declaration in memory, undo/redo, live lint, suggestions, saving.

Nothing here draws anything; the editor screen shows a session and calls its methods, and tests
drive it directly. It goes through the store and drafting APIs only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from drafting.compare.diff import FormDiff
from drafting.compare.versions import Version, side_by_side, versions
from drafting.lint import LintConfig, lint_forms
from drafting.lint.findings import Finding
from drafting.lint.view import FormView
from drafting.library import load_library, office_folder
from drafting.suggestions import Suggestion
from drafting.suggestions import queue as review_queue
from drafting.suggestions.rules_engine import RulesEngine
from drafting.suggestions.pipeline import queue_drafts
from drafting.suggestions.validate import apply_to
from store import Declaration, Indicator, Store, Stored

RUN_CODES = ("JX205", "JX206")  # cross-form findings: known from the store's lint, not re-run per edit
HISTORY = 200  # undo steps kept
_PERIOD = re.compile(r"\d{4}(?:-\d{4})?")
HEADER_LABELS = {"project": "项目名称", "total": "年度资金总额", "fiscal": "其中：财政拨款", "other": "其他资金",
                 "period": "项目期", "goal": "年度总体目标"}


class _State(NamedTuple):
    """What one undo step restores."""

    declaration: Declaration
    accepted: tuple[str, ...]
    edits: dict


class FormSession:
    def __init__(self, path: Path, config: LintConfig | None = None, run_findings: list[Finding] = (),
                 previous: list | None = None):
        self.path = Path(path)
        self.previous = previous  # last year's forms as outlines, when read: the JX6xx rules run live too
        self.store = Store(self.path.parent)
        self.config = config or LintConfig()
        self.stored: Stored = self.store.load(self.path)
        self.declaration: Declaration = self.stored.declaration
        # Undo/redo restore the form *and* which suggestions it has accepted: undoing an accepted
        # suggestion puts it back in the queue.
        self.undo_stack: list[_State] = []
        self.redo_stack: list[_State] = []
        self.accepted: list[str] = []  # suggestion ids accepted in the form as it is now
        self.edits: dict = {}  # accepted after the reviewer edited them: id → the edited draft
        self.recorded: set[str] = set()  # ids this session marked accepted in the sidecar
        # Cross-form findings were computed on the rows as loaded; each is kept with its row, so that
        # it follows the row when rows are added, moved or deleted.
        rows = self.declaration.indicators
        self.run_findings = [(f, None if f.indicator is None else rows[f.indicator])
                             for f in run_findings if f.code in RUN_CODES and (f.indicator is None or f.indicator < len(rows))]
        self.findings: list[Finding] = self.lint()

    # --- state -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.declaration != self.stored.declaration

    def lint(self) -> list[Finding]:
        """The form rules on the form as it is now (well under a millisecond), plus the store's cross-form findings."""
        own = lint_forms([FormView(str(self.path), self.declaration)], self.config, self.previous or ())
        rows = self.declaration.indicators
        kept = []
        for finding, row in self.run_findings:
            if row is None:
                kept.append(finding)
                continue
            # Where the row is now; a row since changed or deleted no longer has the finding.
            at = next((i for i, current in enumerate(rows) if current is row), None)
            if at is None:
                at = next((i for i, current in enumerate(rows) if current == row), None)
            if at is not None:
                kept.append(finding._replace(indicator=at))
        self.findings = sorted(own + kept, key=lambda f: (-1 if f.indicator is None else f.indicator, f.code))
        return self.findings

    def versions(self) -> tuple[list[Version], list[str]]:
        """What the form can be set beside (its version before jixiao's last change, last year's form),
        and notes on what could not be read. May read last year's store: call it off the UI thread."""
        return versions(self.path, self.declaration, self.config, self.previous)

    def side_by_side(self, other: FormView) -> FormDiff:
        """`other` against the form as it is now, unsaved edits included."""
        return side_by_side(other, FormView(str(self.path), self.declaration), self.config)

    def change(self, declaration: Declaration) -> None:
        if declaration == self.declaration:
            return
        self.undo_stack = (self.undo_stack + [self._state()])[-HISTORY:]
        self.redo_stack.clear()
        self.declaration = declaration
        self.lint()

    def _state(self) -> _State:
        return _State(self.declaration, tuple(self.accepted), dict(self.edits))

    def _restore(self, state: _State) -> None:
        self.declaration, self.accepted, self.edits = state.declaration, list(state.accepted), dict(state.edits)
        self.lint()

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        self.redo_stack.append(self._state())
        self._restore(self.undo_stack.pop())
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        self.undo_stack.append(self._state())
        self._restore(self.redo_stack.pop())
        return True

    # --- edits -------------------------------------------------------------------------------

    def _rows(self) -> list[Indicator]:
        return [row.model_copy() for row in self.declaration.indicators]

    def set_row(self, index: int, level1: str, level2: str, name: str, value: str) -> None:
        rows = self._rows()
        # Only the four cells the editor shows change: 分值, 评分标准 … and `ignore` stay.
        cells = {"level1": level1, "level2": level2, "name": name, "value": value}
        rows[index] = Indicator.model_validate({**rows[index].model_dump(), **cells})
        self.change(self.declaration.model_copy(update={"indicators": rows}))

    def add_row(self, after: int | None, level1: str = "产出指标", level2: str = "数量指标") -> int:
        rows = self._rows()
        index = len(rows) if after is None else after + 1
        if after is not None and after < len(rows):
            level1, level2 = rows[after].level1, rows[after].level2
        rows.insert(index, Indicator(level1=level1, level2=level2))
        self.change(self.declaration.model_copy(update={"indicators": rows}))
        return index

    def delete_row(self, index: int) -> None:
        rows = self._rows()
        del rows[index]
        self.change(self.declaration.model_copy(update={"indicators": rows}))

    def move_row(self, index: int, delta: int) -> int:
        rows = self._rows()
        target = index + delta
        if not 0 <= target < len(rows):
            return index
        rows[index], rows[target] = rows[target], rows[index]
        self.change(self.declaration.model_copy(update={"indicators": rows}))
        return target

    def set_header(self, values: dict) -> None:
        """Header fields, funds (元) and goal from the header editor; ValueError names what is wrong."""
        data = self.declaration.to_data()
        funds = dict(data["funds"])
        for key in ("total", "fiscal", "other"):
            text = str(values.pop(key, funds[key])).replace(",", "").strip() or "0"
            try:
                funds[key] = float(text)
            except ValueError:
                raise ValueError(f"{HEADER_LABELS[key]}“{text}”不是数字") from None
        data.update(values, funds=funds)
        try:
            declaration = Declaration.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = HEADER_LABELS.get(str(error["loc"][-1]), ".".join(map(str, error["loc"])))
            raise ValueError(f"{where}：{error['msg']}") from None
        if declaration.period and not _PERIOD.fullmatch(declaration.period):
            raise ValueError(f"项目期“{declaration.period}”应写作起止年份，如“2021-2023”或“2021”")
        self.change(declaration)

    def apply_safe_fixes(self) -> int:
        rows = self._rows()
        applied = 0
        for finding in self.findings:
            fix = finding.fix
            if fix and fix.safety == "safe" and finding.indicator is not None:
                row = rows[finding.indicator]
                if getattr(row, fix.field) == fix.before:
                    setattr(row, fix.field, fix.after)
                    applied += 1
        if applied:
            self.change(self.declaration.model_copy(update={"indicators": rows}))
        return applied

    # --- suggestions --------------------------------------------------------------------------

    def draft_rules(self) -> tuple[int, list[str]]:
        """Rules-engine drafts for the form as it is now, queued; returns (pending, notes)."""
        form = FormView(str(self.path), self.declaration)
        engine = RulesEngine(load_library(office_folder(self.path)))
        result = queue_drafts(form, [engine.draft(form, self.findings)], ("rules",))
        return len(result.queued), result.notes

    def queue_llm(self, drafting) -> int:
        form = FormView(str(self.path), self.declaration)
        return len(queue_drafts(form, [drafting], ("llm",)).queued)

    def pending(self) -> list[Suggestion]:
        # One saved as accepted and since undone in the editor is pending again (the next save says so).
        return [s for s in review_queue.load(self.path) if s.id not in self.accepted
                and (s.status == "pending" or s.status == "accepted" and s.id in self.recorded)]

    def accept(self, group: list[Suggestion], edits: dict | None = None) -> bool:
        """Apply a suggestion with its group to the form in the editor (undoable); the file changes
        only when saved. False when stale. `edits`: id → the reviewer's version of its row; a
        fill-in needs one that fills its blank (ValueError)."""
        if any((edits or {}).get(s.id, s.after) is not None and (edits or {}).get(s.id, s.after).blank for s in group):
            raise ValueError("填空建议须先填写空白")
        changed = review_queue.apply_group(self.declaration, group, edits)
        if changed is None:
            return False
        self.change(changed)
        self.accepted += [s.id for s in group]
        self.edits.update(edits or {})
        return True

    def reject(self, group: list[Suggestion]) -> None:
        review_queue.reject(self.path, group[0].id)

    # --- disk -----------------------------------------------------------------------------------

    def save(self) -> None:
        """Atomic, and refused (ConflictError) when the file changed on disk since it was read."""
        accepted = set(self.accepted)
        self.stored = review_queue.save_edited(self.stored, self.declaration, accepted, self.edits, self.recorded)
        self.recorded = accepted

    def copy_path(self) -> Path:
        """Where "另存为" offers to keep the editor's version: the store's work folder, which holds no
        declarations, so the copy never stands in the store beside the original as the same project."""
        return self.store.work_dir / "副本" / self.path.name

    def keep_copy(self) -> Path:
        """Write the editor's version to a fresh file under the copies folder, the form untouched."""
        path = self.copy_path()
        for n in range(2, 1000):
            if not path.exists():
                break
            path = path.with_name(f"{self.path.stem}-{n}.toml")
        Store(path.parent).save(Stored(path, self.declaration, None))
        return path

    def save_as(self, path: Path) -> None:
        """Keep the editor's version as a copy, then show the form as it is on disk now: the editor
        stays on the original file (the copy is not a form of the store)."""
        path = Path(path)
        if self.store.holds(path):
            raise StoreError(path, "在申报表目录中，会与原表成为同一项目的两张表：请存到目录外，或 .jixiao/副本/ 下")
        Store(path.parent).save(Stored(path, self.declaration, None))
        self.reload()

    def reload(self) -> None:
        """Drop the in-memory form, its unsaved accepts and its undo history for what is on disk now.

        Not undoable: undoing back to the old form and saving would write it over the change made
        on disk, the very thing the refused save protected. "另存为" keeps the editor's version.
        """
        self.stored = self.store.load(self.path)
        self.declaration = self.stored.declaration
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.accepted, self.edits = [], {}
        self.lint()
