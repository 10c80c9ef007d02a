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

from drafting.lint.findings import nth

from ..library import has_blank
from .model import BLANK, Draft, Suggestion
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
        if suggestion.id in fresh_ids:
            continue  # the same change twice in one run is queued once
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
        if old is not None and old.status == "pending" and suggestion.model_fill:  # a model's number for a queued fill-in
            old.model_fill, old.engine = suggestion.model_fill, suggestion.engine
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
    unfilled: list[str] = field(default_factory=list)  # fill-ins whose blank ＿ was not filled


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


def members(queue: list[Suggestion], suggestion: Suggestion) -> list[Suggestion]:
    """The suggestion and the others of its group, in queue order."""
    if not suggestion.group:
        return [suggestion]
    return [s for s in queue if s.group == suggestion.group]


def apply_group(declaration: Declaration, group: list[Suggestion],
                edits: dict[str, Draft] | None = None) -> Declaration | None:
    """The declaration with every member applied in turn, each located afresh (a removal shifts the
    rows after it); None when any member's row is gone or changed: a group applies whole or not at all."""
    for suggestion in group:
        index = locate(declaration, suggestion)
        if index is None:
            return None
        update = {"after": edits[suggestion.id]} if edits and suggestion.id in edits else {}
        if suggestion.kind != "add":
            update["indicator"] = index
        declaration, _ = apply_to(declaration, suggestion.model_copy(update=update))
    return declaration


def decide(path: Path, accept: list[str] = (), reject: list[str] = (), edits: dict[str, Draft] | None = None,
           bulk: bool = False) -> Applied:
    """Accept and reject suggestions of one declaration; accepted ones are applied in one atomic save.

    An id of a group member (or the group's own id) decides the whole group. A fill-in is accepted
    only with an edit that fills its blank. `bulk` marks a yes-to-all: display-only (LLM) suggestions
    and fill-ins are then skipped, never approved. The form, its history and its queue change
    together (store/journal.py), under the store lock.
    """
    path = Path(path)
    with journal.changing(path):
        return _decide(path, accept, reject, edits or {}, bulk)


def _decide(path: Path, accept, reject, edits, bulk) -> Applied:
    stored = Store(path.parent).load(path)
    queue = load(path)
    result = Applied()
    declaration = stored.declaration
    base = form_digest(declaration)
    for group in _groups(queue, reject, result):
        for suggestion in group:
            suggestion.status = "rejected"
        result.rejected += [s.id for s in group]
    for group in _groups(queue, accept, result):
        filled = {s.id: edits.get(s.id, s.after) for s in group}
        if bulk and any(s.display_only or s.fill_in for s in group):
            result.skipped += [s.id for s in group]
            continue
        if any(d is not None and d.blank for d in filled.values()):
            result.unfilled += [s.id for s in group]
            continue
        changed = apply_group(declaration, group, edits) if all(s.base == base for s in group) else None
        if changed is None:  # the file was edited outside jixiao, or a row it changes is gone
            for suggestion in group:
                suggestion.status = "stale"
            result.stale += [s.id for s in group]
            continue
        for suggestion in group:
            if suggestion.id in edits:
                suggestion.proposed = suggestion.proposed or suggestion.after
                suggestion.after, suggestion.edited = edits[suggestion.id], True
            suggestion.status = "accepted"
        declaration = changed
        result.accepted += [s.id for s in group]
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


def _groups(queue: list[Suggestion], ids, result: Applied) -> list[list[Suggestion]]:
    """The pending groups the ids name (a member's id or the group's), each once, in the order named;
    ids that name nothing pending go to `result.skipped`."""
    found, seen = [], set()
    for sid in ids:
        hits = [s for s in queue if sid in (s.id, s.group) and s.status == "pending"]
        if not hits:
            result.skipped.append(sid)
            continue
        group = members(queue, hits[0])
        if hits[0].key not in seen:
            seen.add(hits[0].key)
            found.append([s for s in group if s.status == "pending"])
    return found


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
    gone = {s.group for s in queue if s.group and s.status == "stale"}
    for suggestion in queue:  # a group whose member went stale cannot be applied whole any more
        if suggestion.group in gone and suggestion.status == "pending":
            suggestion.status = "stale"


def reject(path: Path, sid: str) -> None:
    """Reject one pending suggestion, with its group (from the app's review panel)."""
    with journal.changing(path):
        items = load(path)
        for group in _groups(items, [sid], Applied()):
            for item in group:
                item.status = "rejected"
        save(path, items)


def save_edited(stored: Stored, declaration: Declaration, accepted: set[str], edits: dict[str, Draft],
                recorded: set[str]) -> Stored:
    """Save a declaration edited in the app, its history entry, and a queue that says accepted
    exactly for the suggestions the saved form holds (`recorded`: those it said so for at the last
    save — one accepted, saved, then undone and saved again goes back to pending), the other pending
    ones following the form (or stale when their row is gone). All together, refused
    (ConflictError) when the file changed on disk since it was read."""
    path = stored.path
    unfilled = blank_rows(declaration)
    if unfilled:
        raise StoreError(path, f"{nth(unfilled[0])}还有待填写的空白“{BLANK}”：填写后再保存")
    with journal.changing(path):
        data = dumps(declaration).encode("utf-8")
        current = path.read_bytes() if path.exists() else b""
        writes = {path: data, history.history_path(path): history.pushed(
            path, current, data, "在编辑器中保存", {"accepted": sorted(accepted)})}
        items = load(path)
        if items:
            for item in items:
                if item.id in accepted and item.status != "accepted":
                    if item.id in edits:
                        item.proposed, item.after, item.edited = item.after, edits[item.id], True
                    item.status = "accepted"
                elif item.id in recorded - accepted and item.status == "accepted":
                    if item.edited:
                        item.after, item.proposed, item.edited = item.proposed, None, False
                    item.status = "pending"
            _rebase(items, declaration)  # the other pending ones now stand against the saved form
            writes[sidecar(path)] = encode(items)
        journal.commit(path, stored.digest, writes)
    return Stored(path, declaration, digest_of(data))


def blank_rows(declaration: Declaration) -> list[int]:
    """Rows still holding a fill-in's blank: a form is never saved with one."""
    return [i for i, row in enumerate(declaration.indicators) if has_blank(row.value) or has_blank(row.name)]


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
