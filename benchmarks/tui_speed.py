"""Time the Textual app: opening a 1,000-form store, and the lint after each edit.

    python benchmarks/tui_speed.py [--forms 1000]

Opening runs the real app headless (Textual's test driver) on a generated store and reports when
the first rows show and when the whole table is filled and linted (the issue's target: the table
shows within 1.5 s). The edit figure is the median time of changing one indicator and re-linting
the form (target: under 100 ms), over 200 edits of the seed forms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        generate(args.forms, store)
        first, full = asyncio.run(open_store(store, args.forms))
        print(f"open a {args.forms}-form store: first rows after {first:.2f} s, "
              f"all {args.forms} rows read and linted after {full:.2f} s")
        seed = Path(folder) / "seed"
        import_files([ROOT / "examples" / "xixia-2020.txt"], seed)
        times = edit_times(seed)
        print(f"edit one indicator and re-lint the form: median {statistics.median(times) * 1000:.2f} ms, "
              f"max {max(times) * 1000:.2f} ms over {len(times)} edits")


if __name__ == "__main__":
    main()
