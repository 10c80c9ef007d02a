"""`jixiao edit`: the terminal app"""

from __future__ import annotations

from pathlib import Path

from store import StoreError

from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, fail


def add(commands) -> None:
    p = add_parser(commands, "edit", description="在终端界面中浏览、编辑、检查申报表并审核建议。")
    p.add_argument("store", type=Path, nargs="?", default=Path("."), metavar="STORE", help="存储目录（默认当前目录）")
    p.set_defaults(run=run)


def run(args) -> int:
    if not args.store.is_dir():
        fail(f"{args.store}: 不是目录")
        return EXIT_USAGE
    try:
        from ..app import run as run_app

        run_app(args.store)
    except StoreError as exc:
        fail(exc)
        return EXIT_USAGE
    return EXIT_OK
