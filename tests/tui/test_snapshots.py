"""Snapshots of the store view, the editor and the review panel, at 100×30 and 160×45 (CJK alignment).

Update after a deliberate change of the look: pytest tests/tui --snapshot-update
"""

import shutil
from pathlib import Path

import pytest

from store.importing.importer import import_files
from tui.app import JixiaoApp

from ..conftest import SEED
from .conftest import settle, snapshot_ready

SIZES = [(100, 30), (160, 45)]


@pytest.fixture
def snapshot_store(tmp_path_factory):
    """A fixed folder name, so the header reads the same in every run."""
    root = tmp_path_factory.mktemp("snap") / "西夏区2020"
    import_files([SEED], root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def app_for(root: Path) -> JixiaoApp:
    return JixiaoApp(root)


async def _open_organ(pilot):
    await settle(pilot)
    table = pilot.app.screen.query_one("#forms")
    paths = table.keys
    table.move_cursor(row=[p.endswith("/机关党建经费.toml") for p in paths].index(True))
    await pilot.press("enter")
    await snapshot_ready(pilot)


async def _review(pilot):
    await _open_organ(pilot)
    await pilot.press("g")
    await snapshot_ready(pilot)


VIEWS = {"store_view": snapshot_ready, "editor": _open_organ, "review_panel": _review}


@pytest.mark.usefixtures("no_llm_env")
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", VIEWS)
def test_view(snap_compare, snapshot_store, view, size):
    assert snap_compare(app_for(snapshot_store), terminal_size=size, run_before=VIEWS[view])
