"""`?`: every key of the screen underneath, the ones the footer has no room for too."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

# How Textual names keys → how a user reads them.
_KEYS = {"ctrl": "Ctrl", "shift": "Shift", "escape": "Esc", "enter": "Enter", "slash": "/", "question_mark": "?",
         "up": "↑", "down": "↓"}


def key_text(keys: str) -> str:
    """'ctrl+up,K' → 'Ctrl+↑ / K'."""
    return " / ".join("+".join(_KEYS.get(part, part) for part in key.split("+")) for key in keys.split(","))


def bindings_of(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen, the widget in focus and the app, each action once."""
    seen, rows = set(), []
    # A focused widget's keys count when it is one of ours (Textual's own say "Cursor up" in English).
    focused = screen.focused if type(screen.focused).__module__.startswith("tui.") else None
    ours = [w for w in screen.query("*") if type(w).__module__.startswith("tui.") and w is not focused]
    for source in (focused, screen, *ours, screen.app):
        for binding in getattr(source, "BINDINGS", []) if source is not None else []:
            row = (key_text(binding.key), binding.description) if isinstance(binding, Binding) else None
            if row and binding.description and binding.action not in seen and row not in rows:
                seen.add(binding.action)
                rows.append(row)
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "关闭")]

    def __init__(self, under: Screen):
        super().__init__()
        self.rows = bindings_of(under)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label("按键（Esc 或 ? 关闭；Ctrl+P 按名称查找命令）", classes="question")
            yield DataTable(id="keys", cursor_type="row", show_cursor=False)

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns("按键", "作用")
        for keys, description in self.rows:
            table.add_row(keys, description)
        table.focus()
