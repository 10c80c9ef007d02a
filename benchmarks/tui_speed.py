"""Time the Textual app: opening a store, and the lint after each edit.

    python benchmarks/tui_speed.py [--forms 10000] [--runs 3]

Opening runs the real app headless (Textual's test driver) on a generated store and reports when
the first rows show and when the whole table is filled and linted: first on a store never linted
(every form read and checked), then again with the lint cache the first opening left (the usual
case: the store was opened or linted before; target ≤ 3 s for 10,000 forms). Each is the median
of --runs openings, next to `jixiao lint`'s own time on the same store in the same run. The edit
figure is the median time of changing one indicator and re-linting the form (target: under
100 ms), over 200 edits of the seed forms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from drafting.lint.cache import FILE  # noqa: E402
from store import Store  # noqa: E402
from store.importing.importer import import_files  # noqa: E402
from tui.app import JixiaoApp  # noqa: E402
from tui.session import FormSession  # noqa: E402


async def open_store(root: Path, forms: int) -> tuple[float, float]:
    start = time.perf_counter()
    app = JixiaoApp(root)
    first = None
    async with app.run_test(size=(120, 36)) as pilot:
        while True:
            table = app.screen.query("#forms")
            rows = table.first().row_count if table else 0
            if rows and first is None:
                first = time.perf_counter() - start
            if rows >= forms and not app.screen.reading:
                return first, time.perf_counter() - start
            await pilot.pause(0.01)


def edit_times(root: Path, edits: int = 200) -> list[float]:
    times = []
    paths = sorted(root.glob("*.toml"))
    for n in range(edits):
        session = FormSession(paths[n % len(paths)])
        row = session.declaration.indicators[0]
        start = time.perf_counter()
        session.set_row(0, row.level1, row.level2, row.name, f"≥{n + 1}人")
        times.append(time.perf_counter() - start)
    return times


def lint_time(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tui.cli", "lint", str(root), "--statistics"], cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        generate(args.forms, store)
        cache = Store(store).work_dir / FILE
        for label, cached in (("never linted", False), ("lint cache in place", True)):
            opened, linted = [], []
            for _ in range(args.runs):
                cache.unlink(missing_ok=True)
                if cached:
                    lint_time(store)
                opened.append(asyncio.run(open_store(store, args.forms)))
                cache.unlink(missing_ok=True)
                if cached:
                    lint_time(store)
                linted.append(lint_time(store))
            first = statistics.median(o[0] for o in opened)
            full = statistics.median(o[1] for o in opened)
            lint = statistics.median(linted)
            print(f"open a {args.forms}-form store, {label}: first rows after {first:.2f} s, "
                  f"all rows read and linted after {full:.2f} s (jixiao lint on it: {lint:.2f} s; "
                  f"ratio {full / lint:.2f}) — medians of {args.runs}")
        seed = Path(folder) / "seed"
        import_files([ROOT / "examples" / "xixia-2020.txt"], seed)
        times = edit_times(seed)
        print(f"edit one indicator and re-lint the form: median {statistics.median(times) * 1000:.2f} ms, "
              f"max {max(times) * 1000:.2f} ms over {len(times)} edits")


if __name__ == "__main__":
    main()
