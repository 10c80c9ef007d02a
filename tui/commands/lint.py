"""`jixiao lint`: the JX rules over files and stores"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from drafting.lint import RULES, Severity, find_config, lint_paths, load_config
from store import StoreError
from store.files import open_atomic

from ..lint_report import print_statistics, print_text, summary, write_json, write_xlsx
from . import add_parser
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, cache_root, codes, fail


def add(commands) -> None:
    p = add_parser(commands, "lint", description="按 JX 规则检查申报表文件或存储目录。退出码：0 无达到 --fail-on 级别的问题；1 有；2 用法错误或有文件无法读取（其余文件照常检查）。")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="申报表 TOML 文件或存储目录")
    p.add_argument("--format", choices=["text", "json", "xlsx"], default="text", help="输出格式（默认 text）")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件（xlsx 必填；其他格式省略时输出到标准输出）")
    p.add_argument("--select", metavar="CODES", help="只检查这些规则（逗号分隔，可用前缀，如 JX2,JX301）")
    p.add_argument("--ignore", metavar="CODES", help="不检查这些规则（逗号分隔，可用前缀）")
    p.add_argument("--fail-on", choices=["error", "warning", "info"], default="warning", help="达到此级别即以退出码 1 结束（默认 warning）")
    p.add_argument("--statistics", action="store_true", help="只输出各规则的问题数")
    p.add_argument("--fix", action="store_true", help="应用安全修复（规范运算符和空格、“≥100%%”改“＝100%%”），原子写入")
    p.add_argument("--diff", action="store_true", help="显示安全修复会做的改动，不写文件")
    p.add_argument("--config", type=Path, metavar="FILE", help="配置文件（默认：从 PATH 向上查找 jixiao.toml）")
    p.add_argument("--previous", type=Path, metavar="DIR",
                   help="上年的申报表目录：与上年同一项目对比，检查 JX6xx（指标照搬上年、目标降低、单位成本上升、指标删除）"
                        "（也可在 jixiao.toml 的 [lint] previous 中设置）")
    p.add_argument("--no-cache", action="store_true", help="不使用检查缓存（默认缓存在存储目录的 .jixiao/ 下，内容未变的表不再重复检查）")
    p.set_defaults(run=run)


def console():
    """rich, for the reports people read; JSON and xlsx output never import it."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def run(args) -> int:
    # A lint is one short process making millions of small acyclic objects; the cycle collector
    # would re-walk them all many times over (a third of a large run). Memory is freed at exit.
    gc.disable()
    if args.format == "xlsx" and args.output is None:
        fail("xlsx 格式需要用 -o 指定输出文件")
        return EXIT_USAGE
    unknown = [c for c in codes(args.select) + codes(args.ignore) if not any(code.startswith(c) for code in RULES)]
    if unknown:
        fail(f"未知的规则代码：{'、'.join(unknown)}（jixiao rule 可列出全部规则）")
        return EXIT_USAGE
    try:
        config = load_config(args.config or find_config(args.paths[0]))
    except StoreError as exc:
        fail(exc)
        return EXIT_USAGE
    if args.select:
        config.select = codes(args.select)
    config.ignore += codes(args.ignore)
    if args.previous:
        config.previous = str(args.previous.resolve())

    cache_dir = None if args.no_cache else cache_root(args.paths[0])
    run = lint_paths(args.paths, config, cache_dir=cache_dir, spool=True)
    fix_errors = []
    if args.fix or args.diff:
        from drafting.lint.fixes import apply_safe_fixes  # here: it takes the store's journal and lock

        results, errors = apply_safe_fixes(run.findings, write=args.fix and not args.diff)
        fix_errors = errors
        for result in results:
            if args.diff:
                sys.stdout.write(result.diff)
        for error in dict.fromkeys(map(str, errors)):  # a locked store is one problem, not one per file
            fail(error)
        if args.fix and not args.diff:
            print(f"已修复 {sum(r.applied for r in results)} 处（{len(results)} 个文件）")
            run = lint_paths(args.paths, config, cache_dir=cache_dir, spool=True)  # report what is left
        else:
            return EXIT_OK if not errors else EXIT_USAGE
    for error in run.errors:
        fail(error)

    if args.statistics:
        print_statistics(run, console())
    elif args.format == "json":
        if args.output:
            with open_atomic(args.output, mode="w") as stream:
                write_json(run, stream)
        else:
            write_json(run, sys.stdout)
    elif args.format == "xlsx":
        write_xlsx(run, args.output)
        print(f"{summary(run)}\n已写出报告 → {args.output}")
    else:
        print_text(run, console() if sys.stdout.isatty() else None)

    if run.errors or fix_errors:  # a fix that could not be written is a failure, not a finding
        return EXIT_USAGE
    floor = Severity(args.fail_on).rank
    return EXIT_FINDINGS if any(Severity(s).rank >= floor for s in run.severities()) else EXIT_OK
