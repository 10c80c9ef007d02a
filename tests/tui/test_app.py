"""The Textual app driven like a user: Pilot tests of the real flows."""

import re
import tomllib

import pytest
from textual.widgets import DataTable, Input

from tui.widgets.form_table import FormTable

from drafting.suggestions import load
from store import Store
from tui.app import JixiaoApp
from tui.screens.dialogs import Choose, Confirm, RowEditor
from tui.screens.editor import EditorScreen
from tui.screens.store_view import StoreScreen

from .conftest import settle

pytestmark = [pytest.mark.usefixtures("no_llm_env"), pytest.mark.anyio]


async def open_store(pilot):
    await settle(pilot)
    assert isinstance(pilot.app.screen, StoreScreen)
    return pilot.app.screen.query_one("#forms", FormTable)


def projects(table: FormTable) -> list[str]:
    return [key.rsplit("/", 1)[-1].removesuffix(".toml") for key in table.keys]


async def open_form(pilot, project: str) -> EditorScreen:
    table = pilot.app.screen.query_one("#forms", FormTable)
    table.move_cursor(row=projects(table).index(project))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EditorScreen)
    return pilot.app.screen


async def edit_row(pilot, screen: EditorScreen, index: int, name: str | None = None, value: str | None = None):
    screen.query_one("#rows", DataTable).move_cursor(row=index)
    await pilot.press("e")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, RowEditor)
    if name is not None:
        editor.query_one("#name", Input).value = name
    if value is not None:
        editor.query_one("#value", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_the_whole_loop_by_keyboard(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        table = await open_store(pilot)
        assert table.row_count == 12
        # filter to the forms with placeholder values
        await pilot.press("c")
        await settle(pilot)
        pilot.app.screen.query_one(Input).value = "JX201"
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(projects(table)) == sorted(["关工委经费", "老干部综合服务经费", "老年大学办学活动经费", "离退休老干部医疗保障经费"])
        screen = await open_form(pilot, "关工委经费")
        session = screen.session
        assert ("JX201", 6) in {(f.code, f.indicator) for f in session.findings}

        # edit the satisfaction row: its placeholder finding disappears at once
        await edit_row(pilot, screen, 6, name="关工委服务对象满意度", value="≥90%")
        codes6 = {f.code for f in session.findings if f.indicator == 6}
        assert not codes6 & {"JX201", "JX202", "JX305"}
        assert session.dirty and screen.title.startswith("● ")

        # undo and redo
        await pilot.press("ctrl+z")
        assert session.declaration.indicators[6].value == "1"
        await pilot.press("ctrl+y")
        assert session.declaration.indicators[6].value == "≥90%"

        # draft with the rules engine, review, accept
        await pilot.press("g")
        await settle(pilot, 0.3)
        suggestions = screen.query_one("#suggestions", DataTable)
        assert suggestions.row_count >= 1 and screen.suggestions
        accepted = screen.suggestions[0][0]
        await pilot.press("y")
        await settle(pilot)
        assert accepted.after.matches(session.declaration.indicators[accepted.indicator])
        path = session.path
        assert 'value = "≥90%"' not in path.read_text(encoding="utf-8")  # not yet the file

        # save: the file on disk has the edit and the accepted suggestion
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = tomllib.loads(path.read_text(encoding="utf-8"))
        assert saved["indicators"][6]["value"] == "≥90%"
        assert saved["indicators"][accepted.indicator]["value"] == accepted.after.value
        assert not session.dirty
        assert [s.status for s in load(path) if s.id == accepted.id] == ["accepted"]

        # back to the store view, which shows the saved form's new state
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StoreScreen)


async def test_quit_with_unsaved_changes_asks(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "机关党建经费")
        before = screen.session.path.read_bytes()
        await pilot.press("d")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, Confirm)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EditorScreen) and app.is_running
        await pilot.press("escape")  # leaving the form asks too
        await settle(pilot)
        assert isinstance(pilot.app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StoreScreen)
        assert screen.session.path.read_bytes() == before


async def refused_save(pilot):
    """An edit in the editor, a colleague's change on disk meanwhile, then ctrl+s (refused)."""
    screen = await open_form(pilot, "机关党建经费")
    path = screen.session.path
    await edit_row(pilot, screen, 3, name="资金投入", value="≤53万元")
    theirs = path.read_text(encoding="utf-8").replace("机关党建经费", "同事改过的机关党建经费")
    path.write_text(theirs, encoding="utf-8")
    await pilot.press("ctrl+s")
    await settle(pilot)
    return screen, path, theirs


async def test_file_changed_on_disk_is_never_overwritten(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        screen, path, theirs = await refused_save(pilot)
        assert isinstance(pilot.app.screen, Choose)
        assert path.read_text(encoding="utf-8") == theirs  # nothing overwritten
        await pilot.press("r")  # reload what is on disk
        await settle(pilot)
        assert screen.session.declaration.project == "同事改过的机关党建经费"
        # The old version is not one undo away: undo and save would write it over theirs.
        await pilot.press("ctrl+z", "ctrl+s")
        await settle(pilot)
        assert path.read_text(encoding="utf-8") == theirs
        assert screen.session.declaration.project == "同事改过的机关党建经费"


async def test_a_refused_save_can_keep_the_editors_version_as_a_copy(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        screen, path, theirs = await refused_save(pilot)
        await pilot.press("a")  # 另存为
        await settle(pilot)
        await pilot.press("enter")  # the offered place: the store's work folder, not beside the original
        await settle(pilot)
        copy = seed_store / ".jixiao" / "副本" / "机关党建经费.toml"
        assert tomllib.loads(copy.read_text(encoding="utf-8"))["indicators"][3]["value"] == "≤53万元"
        assert path.read_text(encoding="utf-8") == theirs
        assert len(Store(seed_store).files()) == 12  # no second form with the same identity


async def test_failing_llm_endpoint_notifies_and_keeps_everything(seed_store, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JIXIAO_MODEL", "m")
    (seed_store / "jixiao.toml").write_text("[llm]\ntimeout = 2\nmax_retries = 0\n", encoding="utf-8")
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "关工委经费")
        before = screen.session.declaration
        await pilot.press("G")
        await settle(pilot, 0.5)
        assert isinstance(pilot.app.screen, EditorScreen) and app.is_running
        assert "失败" in str(screen.query_one("#status").render())
        assert screen.session.declaration == before and screen.suggestions == []


async def test_row_editor_offers_only_the_vocabulary(seed_store):
    from textual.widgets import Select

    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "机关党建经费")
        screen.query_one("#rows", DataTable).move_cursor(row=0)
        await pilot.press("e")
        await settle(pilot)
        editor = pilot.app.screen
        level1 = editor.query_one("#level1", Select)
        level1.value = "效益指标"
        await settle(pilot)
        options = [value for _, value in editor.query_one("#level2", Select)._options if value is not Select.BLANK]
        assert options == ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]
        editor.query_one("#value", Input).value = "持续提升"
        await settle(pilot)
        assert "无法解析" in str(editor.query_one("#hint").render())  # flagged, not refused
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = screen.session.declaration.indicators[0]
        assert (row.level1, row.level2, row.value) == ("效益指标", "经济效益指标", "持续提升")
        assert "JX301" in {f.code for f in screen.session.findings if f.indicator == 0}


async def test_command_palette_lists_the_screen_actions(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"打开", "按规则筛选", "只看有问题的", "排序"} <= titles
        await open_form(pilot, "机关党建经费")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"保存", "编辑", "起草建议", "安全修复", "撤销"} <= titles
        # Nothing in English ("Quit the application", "Change theme" …): every title is Chinese.
        assert all(re.search(r"[\u4e00-\u9fff]", title) for title in titles), titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        search = pilot.app.screen.query_one(Input)
        assert re.search(r"[\u4e00-\u9fff]", search.placeholder), search.placeholder  # not "Search for commands…"


async def test_header_editor_changes_funds_and_goal(seed_store):
    from textual.widgets import TextArea

    from tui.screens.dialogs import HeaderEditor

    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "机关党建经费")
        await pilot.press("h")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, HeaderEditor)
        dialog.query_one("#field-total", Input).value = "很多"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, HeaderEditor) and "不是数字" in str(dialog.query_one("#header-error").render())
        assert dialog.query_one("#field-total", Input).value == "很多"  # nothing lost
        dialog.query_one("#field-total", Input).value = "531000"
        dialog.query_one("#field-fiscal", Input).value = "531000"
        dialog.query_one("#field-goal", TextArea).text = "开展主题党日活动12次。\n举办党员轮训4期。"
        await pilot.press("ctrl+s")
        await settle(pilot)
        d = screen.session.declaration
        assert (d.funds.total, d.goal) == (531000, "开展主题党日活动12次。\n举办党员轮训4期。")
        assert "JX401" not in {f.code for f in screen.session.findings}  # 53.10万元 now matches the total


async def test_row_editor_on_a_2021_form_keeps_its_levels_and_columns(tmp_path):
    """Opening and saving the row dialog changes nothing it was not asked to; the choices are the 2021 ones."""
    from textual.widgets import Select

    from store.importing.importer import import_files

    from ..test_import_formats import HEAD, SPLIT

    source = tmp_path / "split.txt"
    source.write_text(HEAD.format(project="农村饮水安全工程维修养护") + SPLIT, encoding="utf-8")
    store = tmp_path / "store"
    assert not import_files([source], store).errors
    app = JixiaoApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "农村饮水安全工程维修养护")
        before = screen.session.declaration
        screen.query_one("#rows", DataTable).move_cursor(row=4)  # 成本指标 / 社会成本指标
        await pilot.press("e")
        await settle(pilot)
        editor = pilot.app.screen
        assert [v for _, v in editor.query_one("#level1", Select)._options] == ["产出指标", "成本指标", "效益指标", "满意度指标"]
        assert editor.query_one("#level2", Select).value == "社会成本指标"
        assert editor.focused is editor.query_one("#name", Input)  # typing goes to 三级, not to a level
        editor.query_one("#value", Input).value = "对交通有短时影响"
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = screen.session.declaration.indicators[4]
        assert (after.level1, after.level2, after.value, after.score) == ("成本指标", "社会成本指标", "对交通有短时影响", "5")
        assert screen.session.declaration.indicators[:4] == before.indicators[:4]
        assert screen.session.declaration.columns == before.columns


async def test_header_editor_refuses_a_wrong_period_shows_the_error_on_top_and_focuses_a_field(seed_store):
    from tui.screens.dialogs import HeaderEditor

    app = JixiaoApp(seed_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "机关党建经费")
        await pilot.press("h")
        await settle(pilot)
        dialog = pilot.app.screen
        assert dialog.focused is dialog.query_one("#field-project", Input)
        dialog.query_one("#field-period", Input).value = "25万"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = pilot.app.screen
        error = dialog.query_one("#header-error")
        assert isinstance(dialog, HeaderEditor) and "项目期“25万”" in str(error.render())
        assert error.region.y < 30 and error.region.height > 0  # visible without scrolling
        assert screen.session.declaration.period == "2020-2020" and not screen.session.dirty


async def test_llm_not_configured_notice_reads_whole(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        await open_form(pilot, "机关党建经费")
        await pilot.press("G")
        await settle(pilot)
        from textual.widgets._toast import Toast

        # What the toast shows: "[llm]" must not be swallowed as markup.
        shown = [Toast(n).render().plain for n in app._notifications]
        assert any("jixiao.toml 的 [llm] 或环境变量" in text for text in shown), shown


async def test_header_editor_keeps_amounts_exact_and_a_refused_save_focuses_the_wrong_field(seed_store):
    path = seed_store / "人才工作经费.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("total = 250000", "total = 1234567").replace("fiscal = 250000", "fiscal = 1234567"),
                    encoding="utf-8")
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "人才工作经费")
        await pilot.press("h")
        await settle(pilot)
        assert pilot.app.screen.query_one("#field-total", Input).value == "1234567"
        await pilot.press("ctrl+s")  # nothing typed: nothing changes
        await settle(pilot)
        assert not screen.session.dirty and screen.session.declaration.funds.total == 1234567
        await pilot.press("h")
        await settle(pilot)
        pilot.app.screen.query_one("#field-period", Input).value = "25万"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = pilot.app.screen
        assert dialog.focused is dialog.query_one("#field-period", Input)
        await pilot.press("backspace")  # edits the period, never replaces another field
        assert dialog.query_one("#field-project", Input).value == "人才工作经费"
        assert dialog.query_one("#field-period", Input).value == "25"


async def test_a_copy_kept_after_a_refused_save_leaves_the_editor_on_the_original(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_store(pilot)
        screen, path, _ = await refused_save(pilot)
        await pilot.press("a", "enter")
        await settle(pilot)
        assert screen.session.path == path and screen.session.declaration.project == "同事改过的机关党建经费"
        await pilot.press("escape")
        await settle(pilot)
        table = pilot.app.screen.query_one("#forms", FormTable)
        assert table.row_count == 12  # the copy is not listed as a second form


async def test_a_store_big_enough_for_worker_processes_fills_the_view(seed_store):
    """From 400 files the lint runs in worker processes, started from the app's thread while
    Textual holds stderr (their start failed there, and the view said 正在读取 for ever)."""
    import shutil

    from drafting.lint.runner import PARALLEL_MIN_FILES

    files = sorted(seed_store.glob("*.toml"))
    copies = -(-PARALLEL_MIN_FILES // len(files))
    for n in range(copies):
        folder = seed_store / f"单位{n}"
        folder.mkdir()
        for file in files:
            shutil.copy(file, folder / file.name)
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        table = pilot.app.screen.query_one("#forms", FormTable)
        for _ in range(600):
            if not pilot.app.screen.reading:
                break
            await pilot.pause(0.05)
        assert not pilot.app.screen.failure
        assert table.row_count == len(files) * (copies + 1)
        assert pilot.app.screen.run_findings  # the copies were compared with each other


async def test_a_bug_keeps_the_unsaved_edit_and_logs_instead_of_a_traceback(seed_store, capsys):
    """The last resort: an unexpected exception ends the app with one line; the edit is kept as a copy."""
    app = JixiaoApp(seed_store)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(120, 36)) as pilot:
            await open_store(pilot)
            screen = await open_form(pilot, "机关党建经费")
            await edit_row(pilot, screen, 0, value="≥12次")
            assert screen.session.dirty
            screen.action_save = lambda: 1 / 0  # a bug behind a key
            await pilot.press("ctrl+s")
            await settle(pilot)
    line = capsys.readouterr().err.replace("\n", "")  # printed as one line, wrapped at the width
    assert line.startswith("jixiao: 内部错误") and "Traceback" not in line
    log = seed_store / ".jixiao" / "jixiao-error.log"
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8") and str(log) in line
    [copy] = (seed_store / ".jixiao" / "副本").glob("*.toml")
    assert "≥12次" in copy.read_text(encoding="utf-8") and str(copy) in line
    assert "≥12次" not in (seed_store / "机关党建经费.toml").read_text(encoding="utf-8")


async def drafted(pilot, project: str) -> EditorScreen:
    """The form open in the editor, drafted with the offline rules (the review panel has the focus)."""
    await open_store(pilot)
    screen = await open_form(pilot, project)
    await pilot.press("g")
    await settle(pilot, 0.3)
    return screen


async def test_a_fill_in_opens_on_its_blank_and_a_group_is_one_line(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await drafted(pilot, "为民服务和发展专项资金项目")
        groups = screen.suggestions
        # The total and the two removals that depend on it are one line of the panel.
        cost = next(g for g in groups if len(g) > 1)
        assert [s.kind for s in cost] == ["replace", "remove", "remove"]
        position = next(i for i, g in enumerate(groups) if g[0].fill_in and "＿" not in g[0].after.name)
        table = screen.query_one("#suggestions", DataTable)
        table.move_cursor(row=position)
        fill_in = groups[position][0]
        await pilot.press("y")  # a blank is never accepted as it is: the row dialog opens on it
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, RowEditor)
        value = dialog.query_one("#value", Input)
        assert dialog.focused is value and value.selected_text == "＿"
        await pilot.press("ctrl+s")  # still blank: refused, the dialog stays
        await settle(pilot)
        assert pilot.app.screen is dialog
        await pilot.press(*"95")
        assert "＿" not in value.value, (fill_in.after.value, value.value)  # the digits took the blank's place
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        row = screen.session.declaration.indicators[fill_in.indicator]
        assert "95" in row.value and "＿" not in row.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert next(s for s in load(screen.session.path) if s.id == fill_in.id).status == "accepted"


async def test_row_keys_do_not_reach_the_form_from_the_review_panel(seed_store):
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await drafted(pilot, "机关党建经费")
        before = screen.session.declaration
        await pilot.press("d", "a")  # the review panel has the focus after drafting
        await settle(pilot)
        assert screen.session.declaration == before


async def test_a_models_number_is_shown_as_a_proposal_and_put_in_the_dialog_to_check(seed_store, monkeypatch):
    from tests.llm.fake_openai import FakeOpenAI
    from tests.llm.test_prompt_v3 import filling

    with FakeOpenAI(filling()) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("JIXIAO_MODEL", "m")
        app = JixiaoApp(seed_store)
        async with app.run_test(size=(160, 45)) as pilot:
            await open_store(pilot)
            screen = await open_form(pilot, "机关党建经费")
            await pilot.press("G")
            for _ in range(50):  # the worker thread asks the server
                await settle(pilot, 0.1)
                if screen.suggestions:
                    break
            position = next(i for i, g in enumerate(screen.suggestions) if g[0].model_fill)
            proposal = screen.suggestions[position][0]
            screen.query_one("#suggestions", DataTable).move_cursor(row=position)
            await settle(pilot)
            detail = str(screen.query_one("#detail").render())
            assert f"模型提出，需核实：{proposal.model_fill.value}" in detail and "是模型的估计" in detail
            await pilot.press("y")  # never accepted as it is: the dialog opens with the number in it
            await settle(pilot)
            dialog = pilot.app.screen
            assert isinstance(dialog, RowEditor)
            value = dialog.query_one("#value", Input)
            assert value.value == proposal.model_fill.value
            assert "模型提出，需核实" in str(dialog.query_one("#note").render())
            # The model's number is what the reviewer checks first: focused, selected, typed over.
            assert dialog.focused is value and value.selected_text == "12"
            await pilot.press(*"77")
            assert value.value == proposal.model_fill.value.replace("12", "77", 1)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert pilot.app.screen is screen
            rows = screen.session.declaration.indicators
            assert value.value in [r.value for r in rows] and proposal.after.name in [r.name for r in rows]


async def test_brackets_in_a_suggestion_read_as_text_in_the_review_panel(seed_store):
    from drafting.suggestions import queue
    from drafting.suggestions.model import Draft, make

    path = seed_store / "机关党建经费.toml"
    declaration = Store(seed_store).load(path).declaration
    row = declaration.indicators[0]
    after = Draft(level1=row.level1, level2=row.level2, name="开展[重点]培训期数", value="≥[12]期")
    queue.merge(path, declaration, [make("replace", 0, Draft.of(row), after, "理由[b]加粗[/b]", [], "rules")], ("rules",))
    app = JixiaoApp(seed_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_store(pilot)
        screen = await open_form(pilot, "机关党建经费")
        await pilot.press("v")
        await settle(pilot)
        detail = str(screen.query_one("#detail").render())
        assert "开展[重点]培训期数｜≥[12]期" in detail and "理由[b]加粗[/b]" in detail
