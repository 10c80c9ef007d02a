"""`jixiao suggest`: draft measurable indicators and queue them for review"""

from __future__ import annotations

import sys
from pathlib import Path

from drafting.lint import RULES, find_config, load_config
from drafting.suggestions import ENGINES, lint_run, suggest_paths
from drafting.suggestions.pipeline import run_library
from store import StoreError

from ..suggest_report import print_summary
from ..suggest_report import write_json as write_suggestions_json
from . import add_parser
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, cache_root, codes, fail


def add(commands) -> None:
    p = add_parser(commands, "suggest", description="检查申报表，按总体目标和预算起草可度量的替换/新增指标，校验后放入每张表的待审核队列（不改动申报表本身）。")
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
    p.set_defaults(run=run)


def cache_dir(path: Path) -> Path:
    return cache_root(path) / "llm-cache"


def run(args) -> int:
    only = codes(args.only)
    unknown = [c for c in only if not any(code.startswith(c) for code in RULES)]
    if unknown:
        fail(f"未知的规则代码：{'、'.join(unknown)}")
        return EXIT_USAGE
    if (args.batch_out or args.batch_in) and args.engine == "rules":
        fail("--batch-out/--batch-in 需要 --engine llm 或 both")
        return EXIT_USAGE
    config_file = find_config(args.paths[0])
    try:
        config = load_config(config_file)
        llm = None
        if args.engine != "rules":
            from drafting.llm import LLMEngine, load_llm_config

            llm = LLMEngine(load_llm_config(config_file, args.model, args.base_url, args.concurrency),
                            cache_dir=cache_dir(args.paths[0]))
            library = run_library(args.paths)  # the batch file asks what the run will: the same fill-ins
    except StoreError as exc:
        fail(exc)
        return EXIT_USAGE
    if args.batch_out:
        items, errors = lint_run(args.paths, config)
        for error in errors:
            fail(error)
        count = llm.write_batch(items, args.batch_out, library)
        print(f"已写出 {count} 条批处理请求 → {args.batch_out}（已有缓存回答的表不再请求）")
        return EXIT_USAGE if errors else EXIT_OK
    if args.batch_in:
        items, _ = lint_run(args.paths, config)
        for problem in llm.read_batch(items, args.batch_in, library):
            fail(problem)
    try:
        run = suggest_paths(args.paths, args.engine, only or None, config, llm, offline=bool(args.batch_in))
    except KeyboardInterrupt:
        fail("已中断；已完成的表的回答已缓存，重新运行会从中断处继续")
        return 130
    for error in run.errors:
        fail(error)
    for failure in run.failures:
        fail(failure)
    if args.format == "json":
        write_suggestions_json(run, sys.stdout)
    else:
        print_summary(run)
    if run.llm is not None:
        u = run.llm.usage
        tokens = f"输出约 {u.completion_tokens} tokens（服务未报告用量，按流式分段计）" if u.counted else \
            f"输入 {u.prompt_tokens} tokens，输出 {u.completion_tokens} tokens"
        retried = f"，重试 {u.retries} 次" if u.retries else ""
        print(f"大模型用量：请求 {u.requests} 次（重问 {u.reasks} 次{retried}），{tokens}；缓存命中 {run.llm.cached} 张表",
              file=sys.stderr)
        if run.llm.slowed:
            print("大模型服务有请求超时：其余的表改为逐张请求（服务一次只能处理一个请求时常见）", file=sys.stderr)
    if run.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if run.failures else EXIT_OK
