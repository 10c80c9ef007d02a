"""Time `jixiao lint` against the bare cost of parsing the same files with tomllib.

    python benchmarks/lint_speed.py [--sizes 1000 10000] [--repeat 5] [--layouts jixiao any]

For each size it generates a store of synthetic forms (benchmarks/generate.py, kept in build/) and,
for `any`, the same forms rewritten as other tools and people write TOML (tomli_w's layout, hand
edits with comments and single quotes, inline tables). Then, in separate processes and interleaved
so that machine noise hits all alike, `--repeat` times:
  baseline  python -c "read and tomllib.loads every file"
  lint      jixiao lint STORE --format json -o /dev/null --no-cache
  cached    the same with the lint cache, over an unchanged store (the cache filled just before)
It prints the median wall time and the median CPU time (user + system, the lint's worker processes
included) of each, their ratios to the baseline, the lint's peak memory (its largest process), the
growth from the first size to the last, and `jixiao lint ONE.toml` against `python -c pass`.

The machine has 2 cores and is shared: a two-process spin check before and after the runs says
whether the second core was free (two spinning processes take as long as one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate, relayout  # noqa: E402

JIXIAO = str(Path(sys.executable).parent / "jixiao")
BASELINE = (
    "import sys, tomllib, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.toml')):\n"
    "    tomllib.loads(p.read_bytes().decode('utf-8'))\n"
)
SPIN = "n = 0\nfor i in range(6_000_000): n += i\n"


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (with the processes it waited for) and peak RSS (MB) of a child."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:3])} failed: {child.stderr.read().decode()[-500:]}")
    child.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def second_core_free() -> tuple[bool, float]:
    """(free, ratio): two spinning processes against one, medians of 3; about 1.0 when the second
    core is idle, about 2.0 when something else keeps it busy."""
    alone, pairs = [], []
    for _ in range(3):
        alone.append(run([sys.executable, "-c", SPIN])[0])
        start = time.perf_counter()
        pair = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(2)]
        for child in pair:
            child.wait()
        pairs.append(time.perf_counter() - start)
    ratio = statistics.median(pairs) / statistics.median(alone)
    return ratio < 1.3, ratio


def measure(store: Path, repeat: int) -> dict[str, float]:
    lint = [JIXIAO, "lint", str(store), "--format", "json", "-o", "/dev/null"]
    samples: dict[str, list] = {"baseline": [], "lint": [], "cached": []}
    peaks = []
    for _ in range(repeat):
        samples["baseline"].append(run([sys.executable, "-c", BASELINE, str(store)]))
        wall, cpu, peak = run(lint + ["--no-cache"])
        samples["lint"].append((wall, cpu, peak))
        peaks.append(peak)
        shutil.rmtree(store / ".jixiao", ignore_errors=True)
        run(lint)  # fills the cache
        samples["cached"].append(run(lint))
    result = {}
    for name, runs in samples.items():
        result[name] = statistics.median(r[0] for r in runs)
        result[f"{name}_cpu"] = statistics.median(r[1] for r in runs)
    result["peak_mb"] = max(peaks)
    return result


def single_file(store: Path, repeat: int) -> tuple[float, float]:
    one = next(store.rglob("*.toml"))
    nothing = [run([sys.executable, "-c", "pass"])[0] for _ in range(repeat)]
    lint = [run([JIXIAO, "lint", str(one), "--no-cache"])[0] for _ in range(repeat)]
    return statistics.median(lint), statistics.median(nothing)


def store_for(n: int, layout: str) -> Path:
    store = ROOT / "build" / f"bench-{n}"
    if not store.exists() or sum(1 for _ in store.rglob("*.toml")) != n:
        print(f"generating {n} forms in {store} …", flush=True)
        shutil.rmtree(store, ignore_errors=True)
        generate(n, store)
    if layout == "jixiao":
        return store
    other = ROOT / "build" / f"bench-{n}-any"
    if not other.exists() or sum(1 for _ in other.rglob("*.toml")) != n:
        shutil.rmtree(other, ignore_errors=True)
        relayout(store, other)
    return other


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--layouts", nargs="+", choices=["jixiao", "any"], default=["jixiao", "any"])
    args = parser.parse_args()
    free, ratio = second_core_free()
    print(f"second core free before: {'yes' if free else 'NO'} (two spinning processes {ratio:.2f}× one)")
    print(f"medians of {args.repeat} runs\n")
    print("| forms | layout | tomllib wall | lint wall (×) | lint CPU (×) | cached re-run (×) | peak MB |")
    print("|---|---|---|---|---|---|---|")
    results = {}
    for n in args.sizes:
        for layout in args.layouts:
            r = results[n, layout] = measure(store_for(n, layout), args.repeat)
            print(f"| {n:,} | {layout} | {r['baseline']:.2f} s | {r['lint']:.2f} s ({r['lint'] / r['baseline']:.2f}×) | "
                  f"{r['lint_cpu']:.2f} s ({r['lint_cpu'] / r['baseline_cpu']:.2f}×) | "
                  f"{r['cached']:.2f} s ({r['cached'] / r['baseline']:.2f}×) | {r['peak_mb']:.0f} |", flush=True)
    if len(args.sizes) > 1:
        first, last = args.sizes[0], args.sizes[-1]
        for layout in args.layouts:
            a, b = results[first, layout], results[last, layout]
            print(f"\ngrowth {first:,} → {last:,} forms ({layout}): lint ×{b['lint'] / a['lint']:.1f} "
                  f"(tomllib ×{b['baseline'] / a['baseline']:.1f}), peak memory ×{b['peak_mb'] / a['peak_mb']:.1f}")
    lint_one, nothing = single_file(store_for(args.sizes[0], "jixiao"), max(args.repeat, 9))
    print(f"\njixiao lint ONE.toml: {lint_one * 1000:.0f} ms; python -c pass: {nothing * 1000:.0f} ms "
          f"({lint_one / nothing:.1f}×)")
    free, ratio = second_core_free()
    print(f"second core free after: {'yes' if free else 'NO'} (two spinning processes {ratio:.2f}× one)")


if __name__ == "__main__":
    main()
