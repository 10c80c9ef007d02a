"""The last resort: a bug's traceback goes to a log file, the user gets one line saying where."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import store
from store import Store

LOG_NAME = "jixiao-error.log"


def jixiao_version() -> str:
    return store.__version__


def log_crash(details: str, near: Path | None) -> str:
    """Append `details` to the log in the store's work folder (when it has one already: a log never
    creates one), else in the temp folder; returns the sentence to show the user."""
    text = f"{time.strftime('%Y-%m-%d %H:%M:%S')} jixiao {jixiao_version()} {' '.join(sys.argv[1:])}\n{details}\n"
    work = Store(near).work_dir if near is not None else None
    for folder in ([work] if work is not None and work.is_dir() else []) + [Path(tempfile.gettempdir())]:
        log = folder / LOG_NAME
        try:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(text)
            return f"详情已写入 {log}，请把该文件发给维护者"
        except OSError:
            continue
    return "详情无法写入日志"
