import pytest
from textual.widgets import Input


async def settle(pilot, seconds: float = 0.2) -> None:
    """Let workers finish and the screen catch up; cursors stop blinking so snapshots are stable."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(seconds)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.wait_for_scheduled_animations()


async def snapshot_ready(pilot) -> None:
    """settle, without the footer: its keys arrive at an unpredictable moment after focus settles and
    render in differently split segments from run to run, which an SVG comparison sees as a change.
    The footer's keys are tested apart (the command palette test)."""
    await settle(pilot)
    for footer in pilot.app.screen.query("Footer"):
        await footer.remove()
    await settle(pilot)


@pytest.fixture
def no_llm_env(monkeypatch):
    for name in ("OPENAI_BASE_URL", "JIXIAO_MODEL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def anyio_backend():
    return "asyncio"
