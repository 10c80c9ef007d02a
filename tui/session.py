"""One form being edited: the declaration in memory, undo/redo, live lint, suggestions, saving.

Nothing here draws anything; the editor screen shows a session and calls its methods, and tests
drive it directly. It goes through the store and drafting APIs only.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from drafting.lint import LintConfig, lint_forms
from drafting.lint.findings import Finding
from drafting.lint.view import FormView
from drafting.suggestions import Suggestion
from drafting.suggestions import queue as review_queue
from drafting.suggestions.rules_engine import RulesEngine
from drafting.suggestions.pipeline import queue_drafts
from drafting.suggestions.validate import apply_to
from store import Declaration, Indicator, Store, Stored
from store import history

RUN_CODES = ("JX205", "JX206")  # cross-form findings: known from the store's lint, not re-run per edit
HISTORY = 200  # undo steps kept


class FormSession:
    def __init__(self, path: Path, config: LintConfig | None = None, run_findings: list[Finding] = ()):
        self.path = Path(path)
        self.store = Store(self.path.parent)
        self.config = config or LintConfig()
        self.stored: Stored = self.store.load(self.path)
        self.declaration: Declaration = self.stored.declaration
        self.undo_stack: list[Declaration] = []
        self.redo_stack: list[Declaration] = []
        self.accepted: list[str] = []  # suggestion ids accepted in the editor, recorded when saved
        self.edits: dict = {}  # accepted after the reviewer edited them: id → the edited draft
        self.run_findings = [f for f in run_findings if f.code in RUN_CODES]
        self.findings: list[Finding] = self.lint()

    # --- state -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.declaration != self.stored.declaration

    def lint(self) -> list[Finding]:
        """The form rules on the form as it is now (well under a millisecond), plus the store's cross-form findings."""
        own = lint_forms([FormView(str(self.path), self.declaration)], self.config)
        rows = len(self.declaration.indicators)
        kept = [f for f in self.run_findings if f.indicator is None or f.indicator < rows]
        self.findings = sorted(own + kept, key=lambda f: (-1 if f.indicator is None else f.indicator, f.code))
        return self.findings

    def change(self, declaration: Declaration) -> None:
        if declaration == self.declaration:
            return
        self.undo_stack = (self.undo_stack + [self.declaration])[-HISTORY:]
        self.redo_stack.clear()
        self.declaration = declaration
        self.lint()

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        self.redo_stack.append(self.declaration)
        self.declaration = self.undo_stack.pop()
        self.lint()
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        self.undo_stack.append(self.declaration)
        self.declaration = self.redo_stack.pop()
        self.lint()
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
                raise ValueError(f"金额“{text}”不是数字") from None
        data.update(values, funds=funds)
        try:
            declaration = Declaration.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            raise ValueError(f"{'.'.join(map(str, error['loc']))}：{error['msg']}") from None
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
        result = queue_drafts(form, [RulesEngine().draft(form, self.findings)], ("rules",))
        return len(result.queued), result.notes

    def queue_llm(self, drafting) -> int:
        form = FormView(str(self.path), self.declaration)
        return len(queue_drafts(form, [drafting], ("llm",)).queued)

    def pending(self) -> list[Suggestion]:
        return [s for s in review_queue.load(self.path) if s.status == "pending" and s.id not in self.accepted]

    def accept(self, suggestion: Suggestion, after=None) -> bool:
        """Apply to the form in the editor (undoable); the file changes only when saved. False when stale."""
        index = review_queue.locate(self.declaration, suggestion)
        if index is None:
            return False
        update = {"after": after or suggestion.after}
        if suggestion.kind != "add":
            update["indicator"] = index
        changed, _ = apply_to(self.declaration, suggestion.model_copy(update=update))
        self.change(changed)
        self.accepted.append(suggestion.id)
        if after is not None:
            self.edits[suggestion.id] = after
        return True

    def reject(self, suggestion: Suggestion) -> None:
        items = review_queue.load(self.path)
        for item in items:
            if item.id == suggestion.id and item.status == "pending":
                item.status = "rejected"
        review_queue.save(self.path, items)

    # --- disk -----------------------------------------------------------------------------------

    def save(self) -> None:
        """Atomic, and refused (ConflictError) when the file changed on disk since it was read."""
        before = self.path.read_bytes() if self.path.exists() else b""
        self.stored = self.store.save(self.stored, self.declaration)
        history.push(self.path, before, self.path.read_bytes(), "在编辑器中保存", {"accepted": list(self.accepted)})
        self._record_accepted()

    def save_as(self, path: Path) -> None:
        path = Path(path)
        self.stored = Store(path.parent).save(Stored(path, self.declaration, None))
        self.path = path

    def reload(self) -> None:
        """Drop the in-memory form for what is on disk now (undoable)."""
        self.stored = self.store.load(self.path)
        self.change(self.stored.declaration)

    def _record_accepted(self) -> None:
        if not self.accepted:
            return
        items = review_queue.load(self.path)
        for item in items:
            if item.id in self.accepted:
                if item.id in self.edits:
                    item.proposed, item.after, item.edited = item.after, self.edits[item.id], True
                item.status = "accepted"
        review_queue.save(self.path, items)
        self.accepted.clear()
        self.edits.clear()
