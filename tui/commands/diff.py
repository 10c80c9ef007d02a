"""`jixiao diff`: what changed between two years or two rounds of the same projects, row by row."""

from __future__ import annotations

import sys
from pathlib import Path

from store import Store, StoreError

from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, fail


def add(commands) -> None:
    p = add_parser(
        commands, "diff",
        description="对比同一项目的两个版本：上年与本年（两个存储目录）、退回修改前后（两个文件），"
                    "或一张表与 jixiao 保存的上一版本（只给一个文件）。逐条列出新增、删除、改名、改目标值的指标"
                    "（目标值提高还是降低），资金和总体目标的变化，以及检查问题的增减。")
    p.add_argument("old", type=Path, metavar="OLD", help="旧版：申报表文件或存储目录（只给一个文件时，与它的上一版本对比）")
    p.add_argument("new", type=Path, metavar="NEW", nargs="?", help="新版：申报表文件或存储目录")
    p.add_argument("--format", choices=["text", "json", "xlsx"], default="text", help="输出格式（默认 text）")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件（xlsx 必填；其他格式省略时输出到标准输出）")
    p.add_argument("--config", type=Path, metavar="FILE", help="检查问题增减所用的配置文件（默认：从 NEW 向上查找 jixiao.toml）")
    p.set_defaults(run=run)


def run(args) -> int:
    from drafting.compare.diff import ErrorEntry, diff_forms
    from drafting.compare.versions import previous_version
    from drafting.lint import find_config, load_config
    from drafting.lint.runner import load_forms
    from drafting.lint.view import FormView

    if args.format == "xlsx" and args.output is None:
        fail("xlsx 格式需要用 -o 指定输出文件")
        return EXIT_USAGE
    single = args.new is None
    try:
        if single and not args.old.is_file():
            raise StoreError(args.old, "只给一个参数时应为申报表文件（与它的上一版本对比）；对比两个目录请给出 OLD 和 NEW")
        for path in (args.old, args.new):
            if path is not None and not path.exists():
                raise StoreError(path, "文件或目录不存在")
        config = load_config(args.config or find_config(args.new or args.old))
        if single:
            new = Store(args.old).load(args.old)
            version = previous_version(args.old)
            if version is None:
                raise StoreError(args.old, "没有 jixiao 保存的上一版本（只给一个文件时，与它在 jixiao 中的上一次修改前对比）")
            new_side, old_side, errors = [FormView(str(args.old), new.declaration)], [version.form], []
        else:
            (old_side, old_errors), (new_side, new_errors) = load_forms([args.old]), load_forms([args.new])
            errors = old_errors + new_errors
    except StoreError as exc:
        fail(exc)
        return EXIT_USAGE
    if not errors and not (old_side and new_side):
        fail(f"{args.old if not old_side else args.new}: 没有申报表")
        return EXIT_USAGE
    files = single or (args.old.is_file() and args.new.is_file())
    if files and errors:
        for error in errors:
            fail(error)
        return EXIT_USAGE  # one of the two forms chosen is unreadable: there is nothing to compare
    result = diff_forms(old_side, new_side, config, old_name=str(args.old), new_name=str(args.new or args.old),
                        pair_all=files)
    result.errors = [ErrorEntry(path=str(e.path), message=e.reason) for e in errors]
    for error in errors:
        fail(error)
    _write(result, args)
    return EXIT_USAGE if errors else EXIT_OK


def _write(result, args) -> None:
    from store.files import open_atomic

    from ..diff_report import print_text, summary, text_lines, write_xlsx

    if args.format == "json":
        text = result.model_dump_json(indent=1) + "\n"
        if args.output:
            with open_atomic(args.output, mode="w") as stream:
                stream.write(text)
        else:
            sys.stdout.write(text)
    elif args.format == "xlsx":
        write_xlsx(result, args.output)
        print(f"{summary(result)}\n已写出报告 → {args.output}")
    elif args.output:
        with open_atomic(args.output, mode="w") as stream:
            stream.writelines(line + "\n" for line in text_lines(result))
    else:
        from .lint import console

        print_text(result, console() if sys.stdout.isatty() else None)
