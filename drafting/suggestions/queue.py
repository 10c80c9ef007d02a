"""The review queue: a declaration's suggestions in a hidden sidecar beside it, and applying them.

`.NAME.toml.suggestions.json` holds every suggestion made for NAME.toml with its status. The
declaration itself is untouched until a suggestion is accepted; accepting goes through the store
(atomic, refused if the file changed) and records the previous version for `jixiao undo`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from store import Declaration, Store, StoreError, Stored, dumps, history, journal
from store.files import digest_of, parse, write_atomic

from drafting.lint import LintConfig, Severity, lint_forms
from drafting.lint.view import FormView

from .model import Draft, Suggestion
from .validate import apply_to

_SUGGESTIONS = TypeAdapter(list[Suggestion])


def sidecar_name(name: str) -> str:
    return f".{name}.suggestions.json"


def sidecar(path: Path) -> Path:
    return Path(path).with_name(sidecar_name(Path(path).name))


def form_digest(declaration: Declaration) -> str:
    """What a suggestion was made against: the declaration's content, not its file's formatting."""
    return hashlib.sha256(dumps(declaration).encode("utf-8")).hexdigest()[:16]


def load(path: Path) -> list[Suggestion]:
    try:
        text = sidecar(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(sidecar(path), f"建议队列无法读取：{exc}") from None
    try:
        return _SUGGESTIONS.validate_json(text)
    except ValidationError as exc:
        raise StoreError(sidecar(path), f"建议队列已损坏：{exc.errors()[0]['msg']}") from None


def encode(suggestions: list[Suggestion]) -> bytes:
    return json.dumps([s.model_dump(mode="json") for s in suggestions], ensure_ascii=False, indent=1).encode("utf-8")


def save(path: Path, suggestions: list[Suggestion]) -> None:
    """Write the queue alone (no change to the declaration); the caller holds the store lock."""
    write_atomic(sidecar(path), encode(suggestions))


@dataclass
class Merged:
    added: int = 0
    kept: int = 0
    stale: int = 0


def merge(path: Path, declaration: Declaration, fresh: list[Suggestion], engines: tuple[str, ...],
          in_scope=lambda suggestion: True) -> tuple[list[Suggestion], Merged]:
    """Queue fresh suggestions: no duplicates, rejected ones never return, old ones on a changed form go stale.

    A pending suggestion of the run's engines (and in the run's --only scope) that the engine no longer
    makes for an unchanged form is superseded and dropped.
    """
    with journal.changing(path):
        return _merge(path, declaration, fresh, engines, in_scope)


def _merge(path, declaration, fresh, engines, in_scope) -> tuple[list[Suggestion], Merged]:
    base = form_digest(declaration)
    queued = load(path)
    by_id = {s.id: s for s in queued}
    counts = Merged()
    fresh_ids = set()
    for suggestion in fresh:
        fresh_ids.add(suggestion.id)
        old = by_id.get(suggestion.id)
        if old is None:
            queued.append(suggestion.model_copy(update={"base": base}))
            counts.added += 1
        elif old.status == "stale" or (old.status == "pending" and old.base != base):
            old.status, old.base, old.indicator = "pending", base, suggestion.indicator
            counts.kept += 1
        elif old.status == "pending":
            counts.kept += 1
    superseded = set()
    for old in queued:
        if old.status != "pending" or old.id in fresh_ids:
            continue
        if old.base != base:
            old.status = "stale"
            counts.stale += 1
        elif old.engine in engines and in_scope(old):
            superseded.add(old.id)
    queued = [s for s in queued if s.id not in superseded]
    save(path, queued)
    return queued, counts


@dataclass
class Applied:
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # not pending, unknown, or display-only in bulk


def locate(declaration: Declaration, suggestion: Suggestion) -> int | None:
    """Where the suggestion's row is now; None when it is gone or changed (the suggestion is stale)."""
    if suggestion.kind == "add":
        already = any(suggestion.after.matches(row) for row in declaration.indicators)
        return None if already else -1
    rows = declaration.indicators
    index = suggestion.indicator
    if index is not None and index < len(rows) and suggestion.before.matches(rows[index]):
        return index
    matches = [i for i, row in enumerate(rows) if suggestion.before.matches(row)]
    return matches[0] if len(matches) == 1 else None


def decide(path: Path, accept: list[str] = (), reject: list[str] = (), edits: dict[str, Draft] | None = None,
           bulk: bool = False) -> Applied:
    """Accept and reject suggestions of one declaration; accepted ones are applied in one atomic save.

    `bulk` marks a yes-to-all: display-only (LLM) suggestions are then skipped, never approved.
    The form, its history and its queue change together (store/journal.py), under the store lock.
    """
    path = Path(path)
    with journal.changing(path):
        return _decide(path, accept, reject, edits, bulk)


def _decide(path: Path, accept, reject, edits, bulk) -> Applied:
    stored = Store(path.parent).load(path)
    queue = load(path)
    by_id = {s.id: s for s in queue}
    result = Applied()
    declaration = stored.declaration
    base = form_digest(declaration)
    for sid in reject:
        suggestion = by_id.get(sid)
        if suggestion is None or suggestion.status != "pending":
            result.skipped.append(sid)
            continue
        suggestion.status = "rejected"
        result.rejected.append(sid)
    for sid in accept:
        suggestion = by_id.get(sid)
        if suggestion is None or suggestion.status != "pending" or (bulk and suggestion.display_only):
            result.skipped.append(sid)
            continue
        if suggestion.base != base:
            suggestion.status = "stale"  # the file was edited outside jixiao since this was made
            result.stale.append(sid)
            continue
        index = locate(declaration, suggestion)
        if index is None:
            suggestion.status = "stale"
            result.stale.append(sid)
            continue
        if edits and sid in edits:
            suggestion.proposed = suggestion.proposed or suggestion.after
            suggestion.after, suggestion.edited = edits[sid], True
        if suggestion.kind != "add":
            suggestion.indicator = index
        declaration, _ = apply_to(declaration, suggestion)
        suggestion.status = "accepted"
        result.accepted.append(sid)
    writes = {}
    if result.accepted:
        broken = structure_broken(path, stored.declaration, declaration)
        if broken:
            raise StoreError(path, f"接受这些建议后表的结构有误（{broken}），未应用任何改动")
        data = dumps(declaration).encode("utf-8")
        writes[path] = data
        writes[history.history_path(path)] = history.pushed(
            path, path.read_bytes(), data, f"接受建议 {', '.join(result.accepted)}", {"accepted": result.accepted})
        _rebase(queue, declaration)
    writes[sidecar(path)] = encode(queue)
    journal.commit(path, stored.digest, writes)
    return result


def structure_broken(path: Path, before: Declaration, after: Declaration) -> str:
    """The first structure error (JX1xx) the accepted changes bring that the form did not have, or ""."""
    def errors(declaration: Declaration) -> list:
        return [f for f in lint_forms([FormView(str(path), declaration)], LintConfig(select=["JX1"]))
                if f.severity == Severity.ERROR]

    had = Counter(f.code for f in errors(before))
    for finding in errors(after):
        if had[finding.code] > 0:
            had[finding.code] -= 1
        else:
            return f"{finding.code} {finding.message}"
    return ""


def _rebase(queue: list[Suggestion], declaration: Declaration) -> None:
    """Pending suggestions follow the form through accepted changes; those whose row went away go stale."""
    base = form_digest(declaration)
    for suggestion in queue:
        if suggestion.status != "pending":
            continue
        index = locate(declaration, suggestion)
        if index is None:
            suggestion.status = "stale"
            continue
        if suggestion.kind != "add":
            suggestion.indicator = index
        suggestion.base = base


def reject(path: Path, sid: str) -> None:
    """Reject one pending suggestion (from the app's review panel)."""
    with journal.changing(path):
        items = load(path)
        for item in items:
            if item.id == sid and item.status == "pending":
                item.status = "rejected"
        save(path, items)


def save_edited(stored: Stored, declaration: Declaration, accepted: set[str], edits: dict[str, Draft],
                recorded: set[str]) -> Stored:
    """Save a declaration edited in the app, its history entry, and a queue that says accepted
    exactly for the suggestions the saved form holds (`recorded`: those it said so for at the last
    save — one accepted, saved, then undone and saved again goes back to pending). All together,
    refused (ConflictError) when the file changed on disk since it was read."""
    path = stored.path
    with journal.changing(path):
        data = dumps(declaration).encode("utf-8")
        current = path.read_bytes() if path.exists() else b""
        writes = {path: data, history.history_path(path): history.pushed(
            path, current, data, "在编辑器中保存", {"accepted": sorted(accepted)})}
        if accepted or recorded:
            items = load(path)
            for item in items:
                if item.id in accepted and item.status != "accepted":
                    if item.id in edits:
                        item.proposed, item.after, item.edited = item.after, edits[item.id], True
                    item.status = "accepted"
                elif item.id in recorded - accepted and item.status == "accepted":
                    if item.edited:
                        item.after, item.proposed, item.edited = item.proposed, None, False
                    item.status = "pending"
            writes[sidecar(path)] = encode(items)
        journal.commit(path, stored.digest, writes)
    return Stored(path, declaration, digest_of(data))


def undo(path: Path) -> dict:
    """Restore the version before the last change jixiao made; suggestions it accepted are pending again."""
    path = Path(path)
    with journal.changing(path):
        current = path.read_bytes() if path.exists() else b""
        entry, rest = history.popped(path)
        before = entry["before"].encode("utf-8")
        writes = {path: before, history.history_path(path): rest}
        meta = entry.get("meta")
        accepted = set(meta.get("accepted", [])) if isinstance(meta, dict) else set()
        if accepted:
            try:
                restored = parse(path, before).declaration
            except StoreError:
                restored = None  # a version that no longer reads: put it back, the queue as it is
            if restored is not None:
                writes[sidecar(path)] = encode(_pending_again(load(path), accepted, restored))
        journal.commit(path, digest_of(current), writes)
        return entry


def _pending_again(queue: list[Suggestion], accepted: set[str], restored: Declaration) -> list[Suggestion]:
    base = form_digest(restored)
    for suggestion in queue:
        if suggestion.id in accepted:
            suggestion.status, suggestion.base = "pending", base
            if suggestion.edited:
                suggestion.after, suggestion.proposed, suggestion.edited = suggestion.proposed, None, False
    _rebase(queue, restored)
    return queue
