"""Time the llm engine: N forms against a local OpenAI-compatible server that answers in L ms.

    python benchmarks/llm_speed.py [--forms 200] [--latency 0.2] [--concurrency 8 32] [--repeat 3]

For each concurrency, the median over --repeat runs of the drafting's wall time against the ideal
(forms × latency ÷ concurrency). Preparing the requests (linting is done before; the rules
engine's fill-ins offered to the model, the prompts) is timed on its own and left out of the
asking time. The server speaks HTTP/1.1 with keep-alive and streams, as real servers do. Then a
second run shows the cache: it must make zero requests.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        generate(args.forms, store)
        items, _ = lint_run([store], None)
        with FakeOpenAI(lambda body, n: Reply(completion(ANSWER), delay=args.latency)) as server:
            for concurrency in args.concurrency:
                config = LLMConfig(model="bench", base_url=server.base_url, concurrency=concurrency)
                ratios, walls, preparing = [], [], []
                for i in range(args.repeat):
                    engine = LLMEngine(config, cache_dir=Path(folder) / f"cache-{concurrency}-{i}", progress=False)
                    start = time.perf_counter()
                    engine.requests(items)
                    preparing.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    run = engine.draft_all(items)
                    walls.append(time.perf_counter() - start - preparing[-1])
                    failed = sum(isinstance(r, Exception) for r in run.results.values())
                    if failed:
                        raise SystemExit(f"{failed} forms failed")
                ideal = args.forms * args.latency / concurrency
                asking = statistics.median(walls)
                print(f"{args.forms} forms, {args.latency * 1000:.0f} ms per reply, concurrency {concurrency}: "
                      f"asking {asking:.2f} s, ideal {ideal:.2f} s → **{asking / ideal:.2f}× ideal** (median of "
                      f"{args.repeat}; preparing the requests {statistics.median(preparing):.2f} s besides; "
                      f"at most {server.max_in_flight} in flight, {len(server.connections)} connections so far)")
            before = len(server.requests)
            start = time.perf_counter()
            again = engine.draft_all(items)
            print(f"second run: {len(server.requests) - before} requests, {again.cached} cached, "
                  f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
