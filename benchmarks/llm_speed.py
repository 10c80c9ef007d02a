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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from drafting.llm import LLMConfig, LLMEngine  # noqa: E402
from drafting.suggestions import lint_run  # noqa: E402

ANSWER = json.dumps({"suggestions": [
    {"kind": "add", "indicator": None, "level1": "产出指标", "level2": "数量指标", "name": "开展主题党日活动次数",
     "value": "≥12次", "reason": "补充产出数量", "codes": []}]}, ensure_ascii=False)


# The server runs in a process of its own, as a real one does: in the client's process its threads
# would compete with the client for the interpreter.
SERVE = """
import json, sys, time
from tests.llm.fake_openai import FakeOpenAI, Reply, completion
answer, latency = sys.argv[1], float(sys.argv[2])
with FakeOpenAI(lambda body, n: Reply(completion(answer), delay=latency)) as server:
    print(server.base_url, flush=True)
    sys.stdin.read()  # until the benchmark closes it
    print(len(server.requests), server.max_in_flight, len(server.connections), flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-stream", action="store_true", help="ask without streaming ([llm] stream = false)")
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-c", SERVE, ANSWER, str(args.latency)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    base_url = server.stdout.readline().strip()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        generate(args.forms, store)
        items, _ = lint_run([store], None)
        for concurrency in args.concurrency:
            config = LLMConfig(model="bench", base_url=base_url, concurrency=concurrency, stream=not args.no_stream)
            walls, preparing = [], []
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
            print(f"{args.forms} forms, {args.latency * 1000:.0f} ms per reply, concurrency {concurrency}"
                  f"{'' if not args.no_stream else ', not streamed'}: asking {asking:.2f} s, ideal {ideal:.2f} s → "
                  f"**{asking / ideal:.2f}× ideal** (median of {args.repeat}; preparing the requests "
                  f"{statistics.median(preparing):.2f} s besides)")
        start = time.perf_counter()
        again = engine.draft_all(items)
        print(f"second run: {again.usage.requests} requests, {again.cached} cached, {time.perf_counter() - start:.2f} s")
    server.stdin.close()
    requests, in_flight, connections = server.stdout.read().split()
    server.wait()
    print(f"server: {requests} requests, at most {in_flight} in flight, over {connections} connections")


if __name__ == "__main__":
    main()
