"""Time the llm engine: N forms against a local OpenAI-compatible server that answers in L ms.

    python benchmarks/llm_speed.py [--forms 200] [--latency 0.2] [--concurrency 8]

Prints the wall time of the drafting against the ideal (forms × latency ÷ concurrency), then runs
again to show the cache: the second run must make zero requests.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from drafting.llm import LLMConfig, LLMEngine  # noqa: E402
from drafting.suggestions import lint_run  # noqa: E402
from tests.llm.fake_openai import FakeOpenAI, Reply, completion  # noqa: E402

ANSWER = json.dumps({"suggestions": [
    {"kind": "add", "indicator": None, "level1": "产出指标", "level2": "数量指标", "name": "开展主题党日活动次数",
     "value": "≥12次", "reason": "补充产出数量", "codes": []}]}, ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        generate(args.forms, store)
        items, _ = lint_run([store], None)
        with FakeOpenAI(lambda body, n: Reply(completion(ANSWER), delay=args.latency)) as server:
            config = LLMConfig(model="bench", base_url=server.base_url, concurrency=args.concurrency)
            engine = LLMEngine(config, cache_dir=Path(folder) / "cache", progress=False)
            start = time.perf_counter()
            run = engine.draft_all(items)
            wall = time.perf_counter() - start
            ideal = args.forms * args.latency / args.concurrency
            failed = sum(isinstance(r, Exception) for r in run.results.values())
            print(f"{args.forms} forms, {args.latency * 1000:.0f} ms per reply, concurrency {args.concurrency}: "
                  f"{wall:.2f} s, ideal {ideal:.2f} s → {wall / ideal:.2f}× ideal "
                  f"({len(server.requests)} requests, at most {server.max_in_flight} in flight, {failed} failed)")
            before = len(server.requests)
            start = time.perf_counter()
            again = engine.draft_all(items)
            print(f"second run: {len(server.requests) - before} requests, {again.cached} cached, "
                  f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
