"""`jixiao import`: input files → one TOML declaration per form, and the import report"""

from __future__ import annotations

from pathlib import Path

from store.importing.importer import import_files

from ..import_report import print_import_report
from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, fail


def add(commands) -> None:
    p = add_parser(commands, "import", description="读取从 Word/PDF/Excel 复制出的申报表（制表符分隔，UTF-8/GB18030/UTF-16）、.csv、.xlsx 工作簿或 Word 文档（.docx），每张表写成存储目录中的一个 TOML 文件，并打印导入报告（指标体系、金额单位和所有未导入的内容）。")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="输入文件（.txt/.csv 文本、.xlsx 工作簿或 .docx 文档）")
    p.add_argument("--into", required=True, type=Path, metavar="DIR", help="存储目录（不存在则创建）")
    p.add_argument("--overwrite", action="store_true", help="已存在且内容不同的申报表也用导入内容覆盖（默认保留原文件）")
    p.set_defaults(run=run)


def run(args) -> int:
    if args.into.exists() and not args.into.is_dir():
        fail(f"{args.into}: 不是目录")
        return EXIT_USAGE
    report = import_files(args.files, args.into, overwrite=args.overwrite)
    print_import_report(report, args.into)
    for error in report.errors:
        fail(error)
    return EXIT_USAGE if report.errors else EXIT_OK
