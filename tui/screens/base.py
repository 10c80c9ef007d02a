"""What every jixiao screen shares."""

from __future__ import annotations

from textual.screen import Screen
from textual.worker import Worker, WorkerState


class JixiaoScreen(Screen):
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker state messages go to the worker's screen and do not bubble: hand failures to the app,
        # which reports every background failure the same way.
        if event.state == WorkerState.ERROR:
            self.app.worker_failed(self, event.worker)
