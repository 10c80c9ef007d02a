"""`jixiao undo`: put back the version before jixiao's last change"""

from __future__ import annotations

from pathlib import Path

from drafting.suggestions import undo as undo_change
from store import StoreError

from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, fail


def add(commands) -> None:
    p = add_parser(commands, "undo", description="恢复申报表在上一次由 jixiao 修改（接受建议、--fix）之前的内容。")
    p.add_argument("path", type=Path, metavar="PATH", help="申报表 TOML 文件")
    p.set_defaults(run=run)


def run(args) -> int:
    try:
        entry = undo_change(args.path)
    except StoreError as exc:
        fail(exc)
        return EXIT_USAGE
    print(f"已撤销：{entry['note']}（{entry['time']}）→ {args.path}")
    return EXIT_OK
