"""What every command shares: exit codes, the Chinese argument parser, one-line errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store import Store

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse in Chinese: its headings, its -h, and its error line; exit code 2 as argparse's own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误：{message}\n")


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def fail(message: object) -> None:
    print(f"jixiao: {message}", file=sys.stderr)


def codes(text: str | None) -> list[str]:
    return [c.strip().upper() for c in (text or "").split(",") if c.strip()]


def cache_root(path: Path) -> Path:
    """Caches live in the store (hidden), so a repeated run over it does no work twice: in the store
    the path belongs to (its root, where the lock and jixiao.toml are), whichever part is linted."""
    return Store(path).cache_dir
