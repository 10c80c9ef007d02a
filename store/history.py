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
from .files import digest_of, write_atomic

KEEP = 20  # versions kept per file


def history_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.history.json")


def _read(path: Path) -> list[dict]:
    try:
        return json.loads(history_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise StoreError(history_path(path), f"撤销记录无法读取：{exc}") from None


def _write(path: Path, entries: list[dict]) -> None:
    data = json.dumps(entries[-KEEP:], ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(history_path(path), data)


def push(path: Path, previous: bytes, current: bytes, note: str, meta: dict | None = None) -> None:
    """Remember `previous` as the version before `current` (both the file's bytes)."""
    entries = _read(path)
    entries.append({"time": time.strftime("%Y-%m-%d %H:%M:%S"), "note": note, "before": previous.decode("utf-8"),
                    "after_digest": digest_of(current), "meta": meta or {}})
    _write(path, entries)


def undo(path: Path) -> dict:
    """Put back the version before the last recorded change; returns that change's entry.

    Refuses when the file changed after that change (undoing would lose the later edit).
    """
    entries = _read(path)
    if not entries:
        raise StoreError(path, "没有可撤销的修改")
    entry = entries[-1]
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if current is None or digest_of(current) != entry["after_digest"]:
        raise ConflictError(path, "文件在上次修改之后又被改动过，撤销会丢失这些改动，未撤销")

    def unchanged():
        if digest_of(path.read_bytes()) != entry["after_digest"]:
            raise ConflictError(path, "文件刚被修改，未撤销")

    write_atomic(path, entry["before"].encode("utf-8"), before_replace=unchanged)
    _write(path, entries[:-1])
    return entry
