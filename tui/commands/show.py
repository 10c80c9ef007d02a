"""`jixiao show`: declarations as readable tables"""

from __future__ import annotations

from pathlib import Path

from store import Store, StoreError

from ..show import print_form
from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, fail


def add(commands) -> None:
    p = add_parser(commands, "show", description="以易读的表格形式显示申报表 TOML 文件。")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="申报表 TOML 文件")
    p.set_defaults(run=run)


def run(args) -> int:
    status = EXIT_OK
    for path in args.paths:
        if path.is_dir():
            fail(f"{path}: 是目录；请指定申报表文件")
            status = EXIT_USAGE
            continue
        try:
            stored = Store(path).load(path)
        except StoreError as exc:
            fail(exc)
            status = EXIT_USAGE
            continue
        print_form(stored.declaration, path)
    return status
