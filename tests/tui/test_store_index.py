"""The store view's data and table: the same summaries whether read fresh or from the lint cache,
and a table that keeps the user's place."""

import pytest

from drafting.lint import LintConfig
from drafting.lint.cache import FILE
from store import Store
from tui.store_index import scan
from tui.widgets.form_table import FormTable, fit


def summaries(root):
    parts = list(scan(root, LintConfig()))
    forms = {s.path: s for kind, payload in parts if kind == "forms" for s in payload}
    run = next(payload for kind, payload in parts if kind == "run")
    return parts, forms, run


def test_a_cached_store_is_listed_at_once_with_the_same_counts(seed_store):
    cold_parts, cold, cold_run = summaries(seed_store)
    assert (Store(seed_store).work_dir / FILE).exists()  # the view leaves the cache for the next opening
    warm_parts, warm, warm_run = summaries(seed_store)
    assert [kind for kind, _ in warm_parts] == ["forms", "run"]  # one chunk: nothing read again
    assert len(warm) == len(cold) == 12
    for path, s in cold.items():
        w = warm[path]
        assert (w.project, w.department, w.year, w.total, w.indicators, w.errors, w.warnings, w.infos) == \
            (s.project, s.department, s.year, s.total, s.indicators, s.errors, s.warnings, s.infos)
    assert {p: sorted(f.code for f in fs) for p, fs in warm_run.items()} == \
        {p: sorted(f.code for f in fs) for p, fs in cold_run.items()}
    assert warm_run  # the seed copies rows between forms: JX205/JX206 are there


def test_a_changed_form_is_read_again(seed_store):
    summaries(seed_store)
    path = sorted(seed_store.glob("*.toml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace('project = "', 'project = "改名', 1), encoding="utf-8")
    _, forms, _ = summaries(seed_store)
    assert forms[str(path)].project.startswith("改名")


@pytest.mark.parametrize("text, width, align, shown", [
    ("关工委经费", 14, "left", "关工委经费    "),
    ("为民服务和发展专项资金项目", 14, "left", "为民服务和发… "),  # a wide char never split: padded
    ("中国共产党银川市西夏区委员会组织部", 12, "end", "…员会组织部 "),
    ("400.00", 8, "right", "  400.00"),
])
def test_cells_fit_their_column_in_terminal_cells(text, width, align, shown):
    assert fit(text, width, align) == shown


@pytest.mark.anyio
async def test_the_cursor_stays_on_its_form_when_rows_are_resorted():
    from textual.app import App

    class Host(App):
        def compose(self):
            yield FormTable([("名称", 10, "left"), ("数", 4, "right")])

    async with Host().run_test(size=(60, 10)) as pilot:
        table = pilot.app.query_one(FormTable)
        table.set_rows([(f"k{i}", (f"表{i}", i)) for i in range(30)])
        table.focus()
        await pilot.press("down", "down", "pagedown")
        assert table.cursor_key == f"k{2 + table.scrollable_content_region.height - 1}"
        before = table.cursor_key
        table.set_rows(list(reversed([(f"k{i}", (f"表{i}", i)) for i in range(30)])))
        assert table.cursor_key == before
        table.set_rows([(f"k{i}", (f"表{i}", i)) for i in range(3)])  # filtered: its form is gone
        assert table.cursor_row == 2
        await pilot.press("end")
        assert table.cursor_row == 2
