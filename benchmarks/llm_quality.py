"""LLM suggestion quality on the annotated corpus: the same table as benchmarks/quality.py, for any
OpenAI-compatible endpoint, plus what it costs in tokens and time per form.

    python benchmarks/llm_quality.py --base-url URL --model NAME [--holdout] [--limit N]
    python benchmarks/llm_quality.py --fake                      # the scripted server, to see it work
    python benchmarks/llm_quality.py --llama-server .e2e-venv/bin/python --limit 4   # make e2e-llm's server

The API key is read from OPENAI_API_KEY (never from a file, never printed). Every run asks afresh
(its reply cache is a temporary folder), so the time is the endpoint's. An office compares models by
running it once per model on its own endpoint: DeepSeek (`--base-url https://api.deepseek.com/v1
--model deepseek-chat`), Qwen on DashScope (`--base-url https://dashscope.aliyuncs.com/compatible-mode/v1
--model qwen-plus`), its own vLLM (`--base-url http://HOST:8000/v1 --model NAME`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality import CORPUS, HOLDOUT, corpus_files, suggestion_figures, suggestion_table  # noqa: E402
from store import Store  # noqa: E402
from store.importing.importer import import_files  # noqa: E402


def corpus(folder: Path, holdout: bool, limit: int | None) -> tuple[Path, Path]:
    """The corpus (or the held-out set) imported into a store in `folder`: (store, truth folder)."""
    files = sorted((HOLDOUT / "text").glob("*.txt")) if holdout else corpus_files(folder / "binary")
    store = folder / "store"
    report = import_files(files, store)
    for error in report.errors:
        print(f"import: {error}", file=sys.stderr)
    if limit:  # the first N forms (a file may hold several)
        for extra in Store(store).files()[limit:]:
            extra.unlink()
    return store, HOLDOUT if holdout else CORPUS


def fake_script(body: dict, n: int):
    """A stand-in model: every offered blank filled with 90, nothing else proposed."""
    import re

    from tests.llm.fake_openai import Reply, completion

    offers = re.findall(r"^(F\d+)\. .* / (.+)$", body["messages"][-1]["content"], re.M)
    fills = [{"id": i, "numbers": ["90"] * value.count("＿"), "evidence": ""} for i, value in offers]
    return Reply(completion(json.dumps({"fills": fills, "suggestions": []})))


@contextlib.contextmanager
def endpoint(args, folder: Path):
    """(base_url, model) of the endpoint to measure, started here for --fake and --llama-server."""
    if args.fake:
        from tests.llm.fake_openai import FakeOpenAI

        with FakeOpenAI(fake_script) as server:
            yield server.base_url, "fake"
    elif args.llama_server:
        from tests.e2e.llm_server import free_port, model_path, start_server

        port = free_port()
        server = start_server(args.llama_server, model_path(args.llama_server), port, folder / "server.log")
        try:
            yield f"http://127.0.0.1:{port}/v1", "gemma"
        finally:
            server.terminate()
            server.wait(timeout=30)
    else:
        yield args.base_url, args.model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--base-url", help="the endpoint, e.g. https://api.deepseek.com/v1")
    where.add_argument("--fake", action="store_true", help="the scripted server of the tests (no model)")
    where.add_argument("--llama-server", metavar="PYTHON", help="start llama-cpp-python's server from this venv python")
    parser.add_argument("--model", default="deepseek-chat")
    parser.add_argument("--holdout", action="store_true", help="the held-out corpus instead of the main one")
    parser.add_argument("--limit", type=int, help="only the first N forms (a slow model on a CPU)")
    parser.add_argument("--max-suggestions", type=int, default=6)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--prompt", default=None, help="prompt version (default: the current one)")
    args = parser.parse_args()

    from drafting.llm import LLMConfig, LLMEngine

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store, truth = corpus(folder, args.holdout, args.limit)
        with endpoint(args, folder) as (base_url, model):
            settings = {"model": model, "base_url": base_url, "max_suggestions": args.max_suggestions,
                        "concurrency": 1 if args.llama_server else args.concurrency}
            if args.prompt:
                settings["prompt"] = args.prompt
            llm = LLMEngine(LLMConfig(**settings), cache_dir=folder / "cache", progress=sys.stderr.isatty())
            started = time.monotonic()
            figures = suggestion_figures(store, truth, "llm", llm)
            wall = time.monotonic() - started
    forms = max(figures["forms"], 1)
    usage = figures["llm"].usage
    print(f"{model} at {base_url}: {figures['forms']} forms of the {'held-out ' if args.holdout else ''}corpus, "
          f"prompt {llm.config.prompt}, max_suggestions {args.max_suggestions}\n")
    print(suggestion_table(figures))
    print(f"| model numbers in fill-ins (需核实) | {figures['model_fills']}, {figures['cited']} citing the goal | |")
    print(f"| forms the model could not draft | {len(figures['failures'])} of {figures['forms']} | 0 |")
    counted = "（流式段数计）" if usage.counted else ""
    print(f"\ncost: {usage.requests} requests ({usage.reasks} re-asks, {usage.retries} retries), "
          f"{usage.prompt_tokens / forms:.0f} prompt + {usage.completion_tokens / forms:.0f} completion tokens "
          f"per form{counted}; {wall:.1f} s in all, {wall / forms:.1f} s per form")
    for failure in figures["failures"]:
        print(f"  failed: {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
