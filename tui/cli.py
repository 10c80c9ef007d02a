"""The `jixiao` command line. Messages are Chinese; bad input exits 2 with one line per problem."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from store import Store, StoreError
from store.errors import os_reason
from store.exporting.text import export_text
from store.files import open_atomic, write_atomic
from store.importing.importer import import_files

from rich.console import Console

from drafting.lint import RULES, Severity, find_config, lint_paths, load_config
from drafting.lint.docs import rule_text
from drafting.lint.fixes import apply_safe_fixes
from drafting.suggestions import ENGINES, lint_run, suggest_paths
from drafting.suggestions import undo as undo_change

from .import_report import print_import_report
from . import review
from .suggest_report import print_summary
from .suggest_report import write_json as write_suggestions_json
from .lint_report import print_statistics, print_text, summary, write_json, write_xlsx
from .show import print_form

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _version() -> str:
    try:
        return version("jixiao")
    except PackageNotFoundError:
        return "unknown"


class _Parser(argparse.ArgumentParser):
    """argparse with its error line in Chinese; exit code 2 as argparse's own."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jixiao", description="jixiao（绩效）：项目支出预算绩效目标申报表的整理、检查与改写工具。")
    parser.add_argument("--version", action="version", version=f"jixiao {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    p = commands.add_parser("import", help="导入申报表（文本或 .xlsx），每张表写成一个 TOML 文件",
                            description="读取从 Word/PDF/Excel 复制出的申报表（制表符分隔）或 .xlsx 工作簿，每张表写成存储目录中的一个 TOML 文件，并打印导入报告。")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="输入文件（.txt 文本或 .xlsx 工作簿）")
    p.add_argument("--into", required=True, type=Path, metavar="DIR", help="存储目录（不存在则创建）")
    p.add_argument("--overwrite", action="store_true", help="已存在且内容不同的申报表也用导入内容覆盖（默认保留原文件）")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("export", help="导出存储中的全部申报表（文本或 .xlsx）",
                            description="把存储目录中的申报表导出为申报表文本格式（可再次导入）或 Excel 工作簿（每表一页，可直接报送）。")
    p.add_argument("store", type=Path, metavar="DIR", help="存储目录或单个 TOML 文件")
    p.add_argument("--format", choices=["text", "xlsx"], default="text", help="导出格式（默认 text）")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件（text 格式省略时输出到标准输出）")
    p.set_defaults(run=cmd_export)

    p = commands.add_parser("lint", help="检查申报表：模糊、照抄、占位、缺项、金额不符等",
                            description="按 JX 规则检查申报表文件或存储目录。退出码：0 无达到 --fail-on 级别的问题；1 有；2 用法错误或有文件无法读取（其余文件照常检查）。")
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
    p.add_argument("--no-cache", action="store_true", help="不使用检查缓存（默认缓存在存储目录的 .jixiao/ 下，内容未变的表不再重复检查）")
    p.set_defaults(run=cmd_lint)

    p = commands.add_parser("rule", help="显示规则说明", description="显示一条规则的说明（含反例、正例）；不带代码时列出全部规则。")
    p.add_argument("code", nargs="?", metavar="CODE", help="规则代码，如 JX301")
    p.set_defaults(run=cmd_rule)

    p = commands.add_parser("suggest", help="检查并起草可度量的指标建议，放入待审核队列",
                            description="检查申报表，按总体目标和预算起草可度量的替换/新增指标，校验后放入每张表的待审核队列（不改动申报表本身）。")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="申报表 TOML 文件或存储目录")
    p.add_argument("--engine", choices=ENGINES, default="rules",
                   help="起草引擎：rules 离线规则（默认）；llm 兼容 OpenAI 接口的大模型；both 两者合并去重")
    p.add_argument("--only", metavar="CODES", help="只起草回应这些规则的建议（逗号分隔，可用前缀）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    p.add_argument("--model", help="大模型名称（也可用环境变量 JIXIAO_MODEL 或 jixiao.toml 的 [llm] model）")
    p.add_argument("--base-url", help="兼容 OpenAI 的接口地址（也可用环境变量 OPENAI_BASE_URL）")
    p.add_argument("--concurrency", type=int, help="同时进行的请求数（默认 4）")
    p.add_argument("--batch-out", type=Path, metavar="FILE", help="不发请求，写出 Batch API 请求文件（jsonl）")
    p.add_argument("--batch-in", type=Path, metavar="FILE", help="读入 Batch API 或 vllm run-batch 的结果文件（jsonl）")
    p.set_defaults(run=cmd_suggest)

    p = commands.add_parser("review", help="逐条审核建议：接受、拒绝、修改",
                            description="逐条审核待审核的建议（y 接受，n 拒绝，e 修改后接受，s 跳过，a 接受本表其余，q 退出，? 帮助）。接受的修改以原子方式写入申报表，可用 jixiao undo 撤销。")
    p.add_argument("path", type=Path, metavar="PATH", help="申报表 TOML 文件或存储目录")
    p.add_argument("--list", action="store_true", help="列出待审核的建议")
    p.add_argument("--accept", nargs="+", default=[], metavar="ID", help="接受这些建议")
    p.add_argument("--reject", nargs="+", default=[], metavar="ID", help="拒绝这些建议")
    p.add_argument("--accept-all", action="store_true", help="接受全部待审核建议（大模型建议除外）")
    p.add_argument("--codes", metavar="CODES", help="与 --accept-all 同用：只接受回应这些规则的建议")
    p.set_defaults(run=cmd_review)

    p = commands.add_parser("undo", help="撤销对申报表的上一次修改", description="恢复申报表在上一次由 jixiao 修改（接受建议、--fix）之前的内容。")
    p.add_argument("path", type=Path, metavar="PATH", help="申报表 TOML 文件")
    p.set_defaults(run=cmd_undo)

    p = commands.add_parser("edit", help="打开终端编辑界面", description="在终端界面中浏览、编辑、检查申报表并审核建议。")
    p.add_argument("store", type=Path, nargs="?", default=Path("."), metavar="STORE", help="存储目录（默认当前目录）")
    p.set_defaults(run=cmd_edit)

    p = commands.add_parser("show", help="以表格形式显示一张申报表", description="以易读的表格形式显示申报表 TOML 文件。")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="申报表 TOML 文件")
    p.set_defaults(run=cmd_show)
    return parser


def _fail(message: object) -> None:
    print(f"jixiao: {message}", file=sys.stderr)


def cmd_import(args) -> int:
    if args.into.exists() and not args.into.is_dir():
        _fail(f"{args.into}: 不是目录")
        return EXIT_USAGE
    report = import_files(args.files, args.into, overwrite=args.overwrite)
    print_import_report(report, args.into)
    for error in report.errors:
        _fail(error)
    return EXIT_USAGE if report.errors else EXIT_OK


def _load_store(path: Path) -> tuple[list, int]:
    if not path.exists():
        _fail(f"{path}: 不存在")
        return [], EXIT_USAGE
    loaded, errors = Store(path).load_all()
    for error in errors:
        _fail(error)
    return loaded, EXIT_USAGE if errors else EXIT_OK


def cmd_export(args) -> int:
    if args.format == "xlsx" and args.output is None:
        _fail("xlsx 格式需要用 -o 指定输出文件")
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
        _fail(f"{args.output}: 无法写入：{os_reason(exc)}")
        return EXIT_USAGE
    if args.output:
        print(f"已导出 {len(declarations)} 张申报表 → {args.output}")
    return status


def cmd_show(args) -> int:
    status = EXIT_OK
    for path in args.paths:
        if path.is_dir():
            _fail(f"{path}: 是目录；请指定申报表文件")
            status = EXIT_USAGE
            continue
        try:
            stored = Store(path).load(path)
        except StoreError as exc:
            _fail(exc)
            status = EXIT_USAGE
            continue
        print_form(stored.declaration, path)
    return status


def _codes(text: str | None) -> list[str]:
    return [c.strip().upper() for c in (text or "").split(",") if c.strip()]


def cmd_lint(args) -> int:
    # A lint is one short process making millions of small acyclic objects; the cycle collector
    # would re-walk them all many times over (a third of a large run). Memory is freed at exit.
    gc.disable()
    if args.format == "xlsx" and args.output is None:
        _fail("xlsx 格式需要用 -o 指定输出文件")
        return EXIT_USAGE
    unknown = [c for c in _codes(args.select) + _codes(args.ignore) if not any(code.startswith(c) for code in RULES)]
    if unknown:
        _fail(f"未知的规则代码：{'、'.join(unknown)}（jixiao rule 可列出全部规则）")
        return EXIT_USAGE
    try:
        config = load_config(args.config or find_config(args.paths[0]))
    except StoreError as exc:
        _fail(exc)
        return EXIT_USAGE
    if args.select:
        config.select = _codes(args.select)
    config.ignore += _codes(args.ignore)

    cache_dir = None if args.no_cache else _cache_root(args.paths[0])
    run = lint_paths(args.paths, config, cache_dir=cache_dir)
    if args.fix or args.diff:
        results, errors = apply_safe_fixes(run.findings, write=args.fix and not args.diff)
        for result in results:
            if args.diff:
                sys.stdout.write(result.diff)
        for error in errors:
            _fail(error)
        if args.fix and not args.diff:
            print(f"已修复 {sum(r.applied for r in results)} 处（{len(results)} 个文件）")
            run = lint_paths(args.paths, config, cache_dir=cache_dir)  # report what is left
        else:
            return EXIT_OK if not errors else EXIT_USAGE
    for error in run.errors:
        _fail(error)

    console = Console(highlight=False, soft_wrap=True)
    if args.statistics:
        print_statistics(run, console)
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
        print_text(run, console)

    if run.errors:
        return EXIT_USAGE
    floor = Severity(args.fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= floor for f in run.findings) else EXIT_OK


def cmd_rule(args) -> int:
    if args.code is None:
        for code in sorted(RULES):
            rule = RULES[code]
            print(f"{code}  {rule.severity.label}  {rule.title}")
        return EXIT_OK
    code = args.code.upper()
    if code not in RULES:
        _fail(f"未知的规则代码：{args.code}（jixiao rule 可列出全部规则）")
        return EXIT_USAGE
    print(rule_text(code), end="")
    return EXIT_OK


def cmd_suggest(args) -> int:
    only = _codes(args.only)
    unknown = [c for c in only if not any(code.startswith(c) for code in RULES)]
    if unknown:
        _fail(f"未知的规则代码：{'、'.join(unknown)}")
        return EXIT_USAGE
    if (args.batch_out or args.batch_in) and args.engine == "rules":
        _fail("--batch-out/--batch-in 需要 --engine llm 或 both")
        return EXIT_USAGE
    config_file = find_config(args.paths[0])
    try:
        config = load_config(config_file)
        llm = None
        if args.engine != "rules":
            from drafting.llm import LLMEngine, load_llm_config

            llm = LLMEngine(load_llm_config(config_file, args.model, args.base_url, args.concurrency),
                            cache_dir=_cache_dir(args.paths[0]))
    except StoreError as exc:
        _fail(exc)
        return EXIT_USAGE
    if args.batch_out:
        items, errors = lint_run(args.paths, config)
        for error in errors:
            _fail(error)
        count = llm.write_batch(items, args.batch_out)
        print(f"已写出 {count} 条批处理请求 → {args.batch_out}（已有缓存回答的表不再请求）")
        return EXIT_USAGE if errors else EXIT_OK
    if args.batch_in:
        items, _ = lint_run(args.paths, config)
        for problem in llm.read_batch(items, args.batch_in):
            _fail(problem)
    try:
        run = suggest_paths(args.paths, args.engine, only or None, config, llm, offline=bool(args.batch_in))
    except KeyboardInterrupt:
        _fail("已中断；已完成的表的回答已缓存，重新运行会从中断处继续")
        return 130
    for error in run.errors:
        _fail(error)
    for failure in run.failures:
        _fail(failure)
    if args.format == "json":
        write_suggestions_json(run, sys.stdout)
    else:
        print_summary(run)
    if run.llm is not None:
        u = run.llm.usage
        print(f"大模型用量：请求 {u.requests} 次（重问 {u.reasks} 次），输入 {u.prompt_tokens} tokens，"
              f"输出 {u.completion_tokens} tokens；缓存命中 {run.llm.cached} 张表", file=sys.stderr)
    if run.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if run.failures else EXIT_OK


def _cache_root(path: Path) -> Path:
    """Caches live in the store (hidden), so a repeated run over it does no work twice."""
    return Store(path).work_dir


def _cache_dir(path: Path) -> Path:
    return _cache_root(path) / "llm-cache"


def cmd_review(args) -> int:
    if not args.path.exists():
        _fail(f"{args.path}: 不存在")
        return EXIT_USAGE
    try:
        if args.list:
            review.list_pending(args.path)
        elif args.accept or args.reject or args.accept_all:
            _, missing = review.bulk(args.path, args.accept, args.reject, args.accept_all, _codes(args.codes))
            if missing:
                _fail(f"没有找到这些待审核的建议：{'、'.join(missing)}")
                return EXIT_USAGE
        else:
            review.interactive(args.path)
    except StoreError as exc:
        _fail(exc)
        return EXIT_USAGE
    return EXIT_OK


def cmd_undo(args) -> int:
    try:
        entry = undo_change(args.path)
    except StoreError as exc:
        _fail(exc)
        return EXIT_USAGE
    print(f"已撤销：{entry['note']}（{entry['time']}）→ {args.path}")
    return EXIT_OK


def cmd_edit(args) -> int:
    if not args.store.is_dir():
        _fail(f"{args.store}: 不是目录")
        return EXIT_USAGE
    try:
        from .app import run

        run(args.store)
    except StoreError as exc:
        _fail(exc)
        return EXIT_USAGE
    return EXIT_OK


def _inside_store(folder: Path) -> bool:
    return (folder / "jixiao.toml").is_file() or any(folder.glob("*.toml"))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        if argv is None and sys.stdin.isatty() and _inside_store(Path.cwd()):
            args.store = Path.cwd()
            return cmd_edit(args)  # `jixiao` with no command inside a store opens the app
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except KeyboardInterrupt:
        _fail("已中断")
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away; say nothing more and leave quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
