"""Time `jixiao lint` against the bare cost of parsing the same files with tomllib.

    python benchmarks/lint_speed.py [--sizes 1000 10000] [--repeat 3]

For each size it generates a store of synthetic forms (benchmarks/generate.py, kept in build/),
then times, in separate processes and interleaved so machine noise hits both alike:
  baseline  python -c "read and tomllib.loads every file"
  lint      jixiao lint STORE --format json -o /dev/null --no-cache
  cached    the same with the lint cache, run twice: the second run over an unchanged store
and prints the best of --repeat runs, the ratios to the baseline, the growth from the first size
to the last, and the lint's peak memory (the largest of its processes).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402

JIXIAO = str(Path(sys.executable).parent / "jixiao")
BASELINE = (
    "import sys, tomllib, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.toml')):\n"
    "    tomllib.loads(p.read_bytes().decode('utf-8'))\n"
)


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed: {done.stderr.decode()}")
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def measure(store: Path, repeat: int) -> dict[str, float]:
    lint = [JIXIAO, "lint", str(store), "--format", "json", "-o", "/dev/null"]
    best = {"baseline": float("inf"), "lint": float("inf"), "cached": float("inf")}
    peak = 0
    for _ in range(repeat):
        best["baseline"] = min(best["baseline"], timed([sys.executable, "-c", BASELINE, str(store)])[0])
        elapsed, peak = timed(lint + ["--no-cache"])
        best["lint"] = min(best["lint"], elapsed)
        shutil.rmtree(store / ".jixiao", ignore_errors=True)
        timed(lint)  # fills the cache
        best["cached"] = min(best["cached"], timed(lint)[0])
    best["peak_mb"] = peak / 1024
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for n in args.sizes:
        store = ROOT / "build" / f"bench-{n}"
        if not store.exists() or sum(1 for _ in store.rglob("*.toml")) != n:
            print(f"generating {n} forms in {store} …", flush=True)
            generate(n, store)
        results[n] = r = measure(store, args.repeat)
        print(
            f"{n:>6} forms: tomllib {r['baseline']:.2f} s | lint {r['lint']:.2f} s "
            f"({r['lint'] / r['baseline']:.2f}× tomllib) | cached re-run {r['cached']:.2f} s "
            f"({r['cached'] / r['baseline']:.2f}×) | peak {r['peak_mb']:.0f} MB",
            flush=True,
        )
    if len(args.sizes) > 1:
        first, last = args.sizes[0], args.sizes[-1]
        print(f"growth {first} → {last} forms: lint ×{results[last]['lint'] / results[first]['lint']:.1f} "
              f"(tomllib ×{results[last]['baseline'] / results[first]['baseline']:.1f})")


if __name__ == "__main__":
    main()
