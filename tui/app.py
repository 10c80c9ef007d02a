"""The jixiao Textual app: the store view, the form editor, and the glue between them."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.worker import Worker

from drafting.lint import LintConfig, find_config, load_config
from drafting.lint.runner import prepare_workers
from store import Store, StoreError

from .crash import log_crash
from .screens.dialogs import Confirm
from .screens.editor import EditorScreen
from .screens.help import key_text
from .screens.store_view import StoreScreen
from .session import FormSession
from .store_index import FormSummary


class JixiaoApp(App):
    CSS_PATH = "jixiao.tcss"
    TITLE = "jixiao 绩效目标"
    BINDINGS = [
        Binding("question_mark", "help", "帮助"),
        Binding("ctrl+q", "quit", "退出", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
    ]

    def __init__(self, root: Path):
        super().__init__()
        self.root = Path(root)
        config_file = find_config(self.root)
        self.config = load_config(config_file) if config_file else LintConfig()
        self.config_file = config_file
        self._previous = None  # last year's forms ([lint] previous), read when the first form opens
        prepare_workers()

    def on_mount(self) -> None:
        self.push_screen(StoreScreen(self.root, self.config))

    # --- screens ----------------------------------------------------------------------------------

    def previous_forms(self) -> list:
        """Last year's forms, for the year-over-year rules of the form being edited: read once."""
        if self._previous is None:
            self._previous = []
            if self.config.previous:
                from drafting.lint.runner import read_previous

                self._previous, errors = read_previous(self.config)
                if errors:
                    self.notify(f"上年申报表：{errors[0]}" + (f" 等 {len(errors)} 个问题" if len(errors) > 1 else ""),
                                severity="warning", timeout=10, markup=False)
        return self._previous

    def open_form(self, path: Path, run_findings: list) -> None:
        try:
            session = FormSession(path, self.config, run_findings, self.previous_forms())
        except Exception as exc:  # noqa: BLE001 - a bad file must not take the app down
            self.notify(f"无法打开：{exc}", severity="error", timeout=10, markup=False)
            return
        self.push_screen(EditorScreen(session, self._llm_factory()))

    def _llm_factory(self):
        """An LLM engine maker when one is configured ([llm] in jixiao.toml, or the environment)."""
        from drafting.llm import LLMEngine, llm_configured, load_llm_config

        if not llm_configured(self.config_file):
            return None
        return lambda: LLMEngine(load_llm_config(self.config_file), cache_dir=Store(self.root).cache_dir / "llm-cache",
                                 progress=False)

    def form_saved(self, session: FormSession) -> None:
        """The store view shows a saved form's new state."""
        for screen in self.screen_stack:
            if isinstance(screen, StoreScreen):
                d = session.declaration
                screen.update_form(FormSummary(
                    str(session.path), d.project, d.department, d.year, d.funds.total, len(d.indicators),
                    len(session.pending()), [f for f in session.findings if f.code not in ("JX205", "JX206")]))

    # --- errors and quitting ------------------------------------------------------------------------------

    def worker_failed(self, screen, worker: Worker) -> None:
        """Every background failure ends here: a notification; the app and the data stay as they were."""
        error = worker.error
        self.notify(f"后台任务失败：{error}", severity="error", timeout=10, markup=False)
        if isinstance(screen, EditorScreen):
            screen.status(f"失败：{error}")
        elif isinstance(screen, StoreScreen):
            screen.load_failed(error)

    def _fatal_error(self) -> None:
        """A bug: keep every unsaved edit as a copy, log the traceback, and leave with one line
        (Textual would print a traceback with local variables)."""
        import traceback

        from rich.text import Text

        kept = []
        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen) and screen.session.dirty:
                try:
                    kept.append(str(screen.session.keep_copy()))
                except (StoreError, OSError):
                    pass
        details = "".join(traceback.format_exception(self._exception)) if self._exception else "（无详情）"
        line = f"jixiao: 内部错误，程序已退出：{log_crash(details, self.root)}"
        if kept:
            line += f"；未保存的修改已另存为 {'、'.join(kept)}"
        self._exit_renderables.append(Text(line))
        self._close_messages_no_wait()

    async def action_quit(self) -> None:
        dirty = [s for s in self.screen_stack if isinstance(s, EditorScreen) and s.session.dirty]
        if not dirty:
            self.exit()
            return

        def answered(leave: bool) -> None:
            if leave:
                self.exit()

        self.push_screen(Confirm("有未保存的修改，确定退出？（修改将丢失）"), answered)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        """Textual's palette, with its search field's hint in Chinese too."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="输入以搜索命令……", id="--command-palette"))

    def get_system_commands(self, screen):
        """The command palette: every action of the current screen, and the app's own, in Chinese."""
        yield SystemCommand("按键帮助", "列出本屏幕的全部按键", self.action_help)
        yield SystemCommand("切换配色", "选择界面的配色主题", self.action_change_theme)
        titles = {"按键帮助", "切换配色"}
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description and binding.description not in titles:
                titles.add(binding.description)
                yield SystemCommand(binding.description, f"快捷键 {key_text(binding.key)}",
                                    partial(screen.run_action, binding.action))
        if "退出" not in titles:
            yield SystemCommand("退出", "退出 jixiao（有未保存的修改时会先询问）", self.action_quit)


def run(root: Path) -> None:
    JixiaoApp(root).run()
