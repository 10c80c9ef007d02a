"""One writer at a time per store: an advisory lock around every read-check-write of a declaration
and its sidecars, so that two jixiao processes (two terminals, an import and the app) never lose
each other's changes. Readers (lint, show, export) take no lock.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StoreError, os_reason

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_NAME = "store.lock"
WAIT_SECONDS = 10.0  # a second writer waits this long, then reports the store busy
# One lock object per store and process, so nested holds in a process count up (a forked child
# must not use its parent's).
_held: dict[tuple[int, Path], FileLock] = {}


class StoreBusy(StoreError):
    """Another jixiao process is writing to the same store."""


def store_root(path: Path) -> Path:
    """The store a file or folder belongs to: the nearest folder up that holds a store lock (made
    by the first writer) or a jixiao.toml; else the folder itself. Not any `.jixiao` folder: a
    reader (lint's cache) makes those, and the lock must not move when one appears."""
    from .files import CONFIG_NAME, WORK_DIR

    path = Path(path).resolve()
    start = path if path.is_dir() else path.parent
    # Never as high as the home, temp or file-system root: a stray .jixiao there is not a store.
    tops = {Path.home().resolve(), Path(tempfile.gettempdir()).resolve(), Path(start.anchor)}
    for folder in (start, *start.parents):
        if folder in tops:
            break
        if (folder / WORK_DIR / LOCK_NAME).is_file() or (folder / CONFIG_NAME).is_file():
            return folder
    return start


@contextmanager
def writing(path: Path, wait: float | None = None):
    """Hold the store's write lock for the block; StoreBusy when another process keeps it."""
    from filelock import FileLock, Timeout  # here: readers (a lint finding its store) take no lock

    from .files import WORK_DIR

    root = store_root(path)
    lock = _held.get((os.getpid(), root))
    if lock is None:
        try:
            (root / WORK_DIR).mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(root, f"无法写入存储目录：{os_reason(exc)}") from None
        lock = _held[os.getpid(), root] = FileLock(root / WORK_DIR / LOCK_NAME, thread_local=False)
    try:
        lock.acquire(timeout=WAIT_SECONDS if wait is None else wait)
    except Timeout:
        raise StoreBusy(root, "存储正忙：另一个 jixiao 正在写入，请稍后再试") from None
    except OSError as exc:
        raise StoreError(root, f"无法加锁：{os_reason(exc)}") from None
    try:
        yield root
    finally:
        lock.release()
