"""A real terminal for tests: the program runs in a pseudo-terminal and pyte renders what it prints.

Pilot and snapshot tests drive the app inside Textual's own harness; only a real terminal shows
what a user sees (a screen that never paints until a resize, say).
"""

from __future__ import annotations

import os
import select
import sys
import time
from pathlib import Path

import ptyprocess
import pyte

KEYS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "down": "\x1b[B", "up": "\x1b[A", "right": "\x1b[C",
        "left": "\x1b[D", "ctrl+s": "\x13", "ctrl+q": "\x11", "ctrl+z": "\x1a", "backspace": "\x7f"}


class Terminal:
    def __init__(self, argv: list[str], cwd: Path, cols: int = 100, rows: int = 30):
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        env.pop("TEXTUAL", None)
        self.process = ptyprocess.PtyProcess.spawn(argv, cwd=str(cwd), env=env, dimensions=(rows, cols))

    def pump(self, seconds: float = 0.05) -> None:
        """Read whatever the program printed within `seconds`."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            ready, _, _ = select.select([self.process.fd], [], [], max(left, 0))
            if not ready:
                return
            try:
                data = os.read(self.process.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.stream.feed(data)

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, needle: str, timeout: float = 15.0) -> str:
        """The screen once it shows `needle`; fails with the screen as it is after `timeout`."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if needle in self.text:
                return self.text
        raise AssertionError(f"{needle!r} not on the screen after {timeout}s:\n{self.text}")

    def wait_until_gone(self, needle: str, timeout: float = 15.0) -> str:
        """The screen once `needle` has left it; fails with the screen as it is after `timeout`."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if needle not in self.text:
                return self.text
        raise AssertionError(f"{needle!r} still on the screen after {timeout}s:\n{self.text}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.process.write(KEYS.get(key, key).encode("utf-8"))
            # A lone ESC is only known not to start an escape sequence once nothing follows it for a
            # moment; a key sent right behind it on a busy machine is read as part of the sequence.
            self.pump(0.5 if key == "escape" else 0.15)

    def close(self) -> None:
        if self.process.isalive():
            self.process.terminate(force=True)


def jixiao(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", *args]
