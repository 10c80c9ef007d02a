"""Changes that land together or not at all: a declaration and its sidecars (history, review queue).

Each file is replaced atomically, but a change such as accepting a suggestion touches three. Before
touching any, `commit` writes what every file holds now and will hold (`.NAME.toml.journal.json`);
it applies them, the declaration first, and removes the journal. A process killed at any instant
leaves either no journal (nothing or everything done) or one that `recover`, run by the next writer
under the store lock, completes — or, when the declaration was edited by someone else meanwhile,
rolls the sidecars back so they agree with what is on disk.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from .files import check_unchanged, write_atomic
from .lock import writing


@contextmanager
def changing(path: Path):
    """The store lock for a change to the declaration `path` or its sidecars, after finishing any
    change a killed process left half done (so what is read next is consistent)."""
    with writing(path):
        recover(Path(path))
        yield


def journal_path(form: Path) -> Path:
    return form.with_name(f".{form.name}.journal.json")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _put(path: Path, data: bytes | None, check=None) -> None:
    if data is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, data, before_replace=check)


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8")


def commit(form: Path, expected: str | None, writes: dict[Path, bytes | None]) -> None:
    """Replace `form` (which must still have the digest `expected`; None: must not exist) and the
    other files in `writes` (new contents; None deletes), all or none. The caller holds the lock."""
    form = Path(form)
    check_unchanged(form, expected)
    files = {str(p.name): {"before": _text(_read(p)), "after": _text(data)} for p, data in writes.items()}
    write_atomic(journal_path(form), json.dumps({"form": form.name, "files": files}, ensure_ascii=False).encode())

    try:
        if form in writes:
            _put(form, writes[form], lambda: check_unchanged(form, expected))  # editors outside jixiao take no lock
    except BaseException:
        journal_path(form).unlink(missing_ok=True)  # nothing was written
        raise
    for path, data in writes.items():
        if path != form:
            _put(path, data)
    journal_path(form).unlink(missing_ok=True)


def recover(form: Path) -> str | None:
    """Finish or undo a change a killed process left half done, and remove its stray temporary
    files; returns what was done (None when there was nothing to do). The caller holds the lock."""
    form = Path(form)
    _remove_temporaries(form)
    journal = journal_path(form)
    raw = _read(journal)
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
        files = {form.with_name(name): (_bytes(f["before"]), _bytes(f["after"])) for name, f in entry["files"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        journal.unlink(missing_ok=True)  # a journal torn before it was complete: nothing was applied
        return None
    if form not in files or _read(form) in files[form]:  # the declaration is as before or as after
        for path, (_, data) in files.items():
            if _read(path) != data:
                _put(path, data)
        message = "已补完上次中断的修改"
    else:
        for path, (data, _) in files.items():
            if path != form:
                _put(path, data)
        message = "上次中断的修改已撤回（文件随后被改动过）"
    journal.unlink(missing_ok=True)
    return message


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")


def _remove_temporaries(form: Path) -> None:
    """Temporary files of this form and its sidecars (`.NAME…tmp`): under the store lock no other
    jixiao is writing, so any left are from a process that died mid-write."""
    try:
        names = os.listdir(form.parent)
    except OSError:
        return
    prefixes = (f".{form.name}.", f"..{form.name}.")  # the form's own, and its hidden sidecars'
    for name in names:
        if name.startswith(prefixes) and name.endswith(".tmp"):
            try:
                os.unlink(form.parent / name)
            except OSError:
                pass

