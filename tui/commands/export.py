"""`jixiao export`: the store's declarations as text or a workbook"""

from __future__ import annotations

import sys
from pathlib import Path

from store import Store
from store.errors import os_reason
from store.exporting.text import export_text
from store.files import write_atomic

from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, fail


def add(commands) -> None:
    p = add_parser(commands, "export", description="把存储目录中的申报表导出为申报表文本格式（可再次导入）或 Excel 工作簿（每表一页，可直接报送）。")
    p.add_argument("store", type=Path, metavar="DIR", help="存储目录或单个 TOML 文件")
    p.add_argument("--format", choices=["text", "xlsx"], default="text", help="导出格式（默认 text）")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件（text 格式省略时输出到标准输出）")
    p.set_defaults(run=run)


def _load_store(path: Path) -> tuple[list, int]:
    if not path.exists():
        fail(f"{path}: 不存在")
        return [], EXIT_USAGE
    loaded, errors = Store(path).load_all()
    for error in errors:
        fail(error)
    return loaded, EXIT_USAGE if errors else EXIT_OK


def run(args) -> int:
    if args.format == "xlsx" and args.output is None:
        fail("xlsx 格式需要用 -o 指定输出文件")
        return EXIT_USAGE
    loaded, status = _load_store(args.store)
    if not loaded and status:
        return status
    declarations = [s.declaration for s in loaded]
    try:
        if args.format == "xlsx":
            from store.exporting.xlsx import export_xlsx  # openpyxl is slow to import; only here

            export_xlsx(declarations, args.output)
        elif args.output:
            write_atomic(args.output, export_text(declarations).encode("utf-8"))
        else:
            sys.stdout.write(export_text(declarations))
    except OSError as exc:
        fail(f"{args.output}: 无法写入：{os_reason(exc)}")
        return EXIT_USAGE
    if args.output:
        print(f"已导出 {len(declarations)} 张申报表 → {args.output}")
    return status
