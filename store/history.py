"""Previous versions of a declaration file, so that a change made by jixiao can be undone.

Each file has a hidden sidecar `.NAME.history.json` beside it: a stack of the file's earlier
contents, newest last, each with the digest of what replaced it (so an undo never throws away
an edit made after it) and free-form `meta` for the caller.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from .errors import ConflictError, StoreError
from .files import digest_of

KEEP = 20  # versions kept per file


def history_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.history.json")


def _read(path: Path) -> list[dict]:
    try:
        entries = json.loads(history_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise StoreError(history_path(path), f"撤销记录无法读取：{exc}") from None
    if not isinstance(entries, list):
        raise StoreError(history_path(path), "撤销记录已损坏：应为列表")
    return entries


def _encode(entries: list[dict]) -> bytes:
    return json.dumps(entries[-KEEP:], ensure_ascii=False, indent=1).encode("utf-8")


def pushed(path: Path, previous: bytes, current: bytes, note: str, meta: dict | None = None) -> bytes:
    """The history file's new contents, remembering `previous` as the version before `current`
    (both the declaration's bytes); written by the caller together with the declaration."""
    entries = _read(path)
    entries.append({"time": time.strftime("%Y-%m-%d %H:%M:%S"), "note": note, "before": previous.decode("utf-8"),
                    "after_digest": digest_of(current), "meta": meta or {}})
    return _encode(entries)


def popped(path: Path) -> tuple[dict, bytes]:
    """The last recorded change and the history without it, for an undo.

    Refuses when the file changed after that change (undoing would lose the later edit).
    """
    entries = _read(path)
    if not entries:
        raise StoreError(path, "没有可撤销的修改")
    entry = entries[-1]
    if not isinstance(entry, dict) or not isinstance(entry.get("before"), str) or "after_digest" not in entry:
        raise StoreError(history_path(path), "撤销记录已损坏：最后一条记录不完整")
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if current is None or digest_of(current) != entry["after_digest"]:
        raise ConflictError(path, "文件在上次修改之后又被改动过，撤销会丢失这些改动，未撤销")
    return entry, _encode(entries[:-1])


def last_version(path: Path) -> tuple[str, bytes] | None:
    """When jixiao last changed the file and what the file held before that change (None when
    jixiao never changed it): the version a form is compared with by `jixiao diff FORM`."""
    entries = _read(path)
    if not entries:
        return None
    entry = entries[-1]
    if not isinstance(entry, dict) or not isinstance(entry.get("before"), str):
        raise StoreError(history_path(path), "撤销记录已损坏：最后一条记录不完整")
    return str(entry.get("time", "")), entry["before"].encode("utf-8")
