"""The side-by-side view (`c` in the editor): the form beside last year's form of the same project
(`[lint] previous`) and beside its version before jixiao's last change, rows aligned and changes
marked; with Pilot, and in a real terminal."""

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from tui.app import JixiaoApp
from tui.screens.compare import CompareScreen
from tui.screens.editor import EditorScreen

from ..conftest import ROOT
from .conftest import settle
from .terminal import Terminal, jixiao
from .test_app import open_form, open_store

pytestmark = pytest.mark.usefixtures("no_llm_env")
JIXIAO = str(Path(sys.executable).parent / "jixiao")


@pytest.fixture
def second_year(tmp_path, seed_store) -> Path:
    """The example's 2021 forms, in a store whose jixiao.toml names the 2020 store as last year's."""
    store = tmp_path / "2021"
    subprocess.run([JIXIAO, "import", str(ROOT / "examples" / "xixia-2021.txt"), "--into", str(store)],
                   check=True, capture_output=True, timeout=120)
    (store / "jixiao.toml").write_text(f'[lint]\nprevious = "{seed_store}"\n', encoding="utf-8")
    return store


def cells(screen: CompareScreen) -> list[list[str]]:
    table = screen.query_one("#compare-rows", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.anyio
async def test_last_years_form_side_by_side_with_each_change_marked(second_year):
    app = JixiaoApp(second_year)
    async with app.run_test(size=(140, 36)) as pilot:
        await open_store(pilot)
        editor = await open_form(pilot, "人才工作经费")
        await pilot.press("c")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        rows = cells(screen)
        # Row numbers count from 1 on both sides; the dropped row stands where it was, marked.
        removed = [r for r in rows if r[4] == "－删除"]
        assert len(removed) == 1 and removed[0][1] == "4" and removed[0][5] == ""
        assert removed[0][2].startswith("继续深入基层开展区市人才新政") and removed[0][2].endswith("…")  # cut to fit
        assert all(r[4] == "相同" for r in rows if r is not removed[0])
        head = str(screen.query_one("#compare-head", Static).render())
        assert "上年（2020年" in head and "删除 1 条" in head
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is editor

        await pilot.press("escape")
        await settle(pilot)
        await open_form(pilot, "机关党建经费")
        edited = pilot.app.screen.session
        # The year-over-year rules run live in the editor too.
        assert [(f.code, f.indicator) for f in edited.findings if f.code.startswith("JX6")] == [("JX602", 1)]
        rows = edited.declaration.indicators
        # Unsaved edits count: the current form is what the user sees, not the file.
        edited.set_row(0, rows[0].level1, rows[0].level2, "参训党员人数", "≥120人")
        await pilot.press("c")
        await settle(pilot)
        screen = pilot.app.screen
        rows = cells(screen)
        assert rows[0][4] == "改名≠改值" and rows[0][6] == "参训党员人数"
        assert rows[1] == ["质量", "2", "参训党员收货", "≥ 90%", "↓放宽", "2", "参训党员收货", "≥ 85%"]
        await pilot.press("n")  # the next change after the first row
        assert "（降低，要求放宽）" in str(screen.query_one("#compare-detail", Static).render())
        assert "含未保存的修改" in screen.sub_title


@pytest.mark.anyio
async def test_without_a_version_to_compare_it_says_why(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(140, 36)) as pilot:
        await open_store(pilot)
        editor = await open_form(pilot, "机关党建经费")
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.screen is editor
        assert "没有可对比的版本" in str(editor.query_one("#status", Static).render())


def test_side_by_side_in_a_real_terminal_switches_between_last_year_and_the_previous_version(second_year):
    form = second_year / "机关党建经费.toml"
    subprocess.run([JIXIAO, "lint", str(form), "--fix"], capture_output=True, timeout=120)  # "≥ 90%" → "≥90%", kept in history
    t = Terminal(jixiao("edit", str(second_year)), ROOT, cols=80, rows=32)  # both sides fit 80 columns
    try:
        t.wait_for("机关党建经费", timeout=10)
        t.press("/", *"机关党建经费")
        t.wait_for("（显示 1）")
        t.press("enter", "enter")
        t.wait_for("年度总体目标")
        t.press("c")
        screen = t.wait_for("换对比对象")
        assert "上一版本（" in screen  # the version before the fix comes first
        t.press("t")
        t.wait_for("左：上年（2020年")
        screen = t.wait_for("↓放宽")  # the table is painted after the heading
        row = next(line for line in screen.splitlines() if "参训党员收货" in line)
        assert "↓放宽" in row and "≥ 90%" in row and "≥85%" in row
        t.press("escape")
        t.wait_for("年度总体目标")
    finally:
        t.close()
