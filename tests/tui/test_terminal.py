"""The app in a real pseudo-terminal, read through a terminal emulator: what a user sees."""

import tomllib
from pathlib import Path

import pytest

from .terminal import Terminal, jixiao

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("no_llm_env")


@pytest.fixture
def terminal():
    opened = []

    def start(*args, cols=100, rows=30):
        opened.append(Terminal(jixiao(*args), ROOT, cols=cols, rows=rows))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


def test_the_store_view_paints_by_itself(seed_store, terminal):
    # It stayed blank (the loading indicator) in most launches until the terminal was resized.
    for _ in range(3):
        t = terminal("edit", str(seed_store))
        t.wait_for("机关党建经费", timeout=8)
        t.wait_for("共 12 张申报表")
        t.close()


def test_editor_dialog_and_review_paint_and_a_save_writes_what_the_screen_showed(seed_store, terminal):
    t = terminal("edit", str(seed_store))
    t.wait_for("共 12 张申报表", timeout=8)
    t.press("/", *"机关党建经费")
    t.wait_for("（显示 1）")
    t.press("enter", "enter")
    t.wait_for("年度总体目标　用于机关党支部履行职能")
    t.press("e")
    t.wait_for("编辑第")
    t.press("escape")
    t.wait_until_gone("编辑第")
    t.press("g")  # draft with the offline rules; the review panel lists the drafts
    t.press("v")
    review = t.wait_for("替换第3条  2020年12月")  # the target first, cut with "…"
    assert "y 接受" in review
    footer = t.wait_for("y 接受 n 拒绝 e 改后接受").splitlines()[-1]  # the footer follows the focus
    assert "y 接受" in footer and "esc 返回" in footer and "? 帮助" in footer  # the review keys fit 100 columns
    t.press("y")
    t.wait_for("已接受建议")
    t.press("ctrl+s")
    shown = t.wait_for("已保存")
    # At 100 columns 三级 is cut to make room; 指标值 shows whole.
    row = next(line for line in shown.splitlines() if " 时效 " in line)
    assert "项目完" in row and "2020年12月31日前" in row
    saved = tomllib.loads((seed_store / "机关党建经费.toml").read_text(encoding="utf-8"))
    assert {"level1": "产出指标", "level2": "时效指标", "name": "项目完成时间", "value": "2020年12月31日前"} in saved["indicators"]


def test_footers_fit_100_columns_and_question_mark_lists_every_key(seed_store, terminal):
    t = terminal("edit", str(seed_store))
    t.wait_for("机关党建经费", timeout=8)
    footer = t.wait_for("⏎ 打开").splitlines()[-1]
    assert "? 帮助" in footer and "palette" not in footer
    t.press("?")
    help_screen = t.wait_for("按键")
    assert "Ctrl+q  退出" in help_screen and "Cursor" not in help_screen
    t.press("escape", "enter")
    t.wait_for("年度总体目标")
    footer = t.wait_for("esc 返回").splitlines()[-1]
    assert "^s 保存" in footer and "? 帮助" in footer  # the whole footer is on screen at 100 columns
    t.press("?")
    help_screen = t.wait_for("大模型起草")  # keys the footer has no room for are listed here
    assert "Ctrl+↑ / K  上移" in help_screen


def open_organ(terminal, seed_store):
    """The app on the seed store, in the editor of 机关党建经费 (found by the store view's filter)."""
    t = terminal("edit", str(seed_store), cols=140, rows=40)
    t.wait_for("共 12 张申报表", timeout=8)
    t.press("/", *"机关党建经费")
    t.wait_for("（显示 1）")
    t.press("enter", "enter")
    t.wait_for("年度总体目标　用于机关党支部履行职能")
    return t


def test_a_fill_in_is_filled_at_its_blank_before_it_is_accepted(seed_store, terminal):
    t = open_organ(terminal, seed_store)
    t.press("g", "v")
    t.wait_for("y 接受 n 拒绝")
    for _ in range(10):  # down the review list to a fill-in of a rate
        t.pump(0.3)
        if "填空建议：按 y 或 e 填写" in t.text and "｜≥＿%" in t.text:
            break
        t.press("j")
    assert "｜≥＿%" in t.wait_for("填空建议：按 y 或 e 填写")
    t.press("y")
    dialog = t.wait_for("填写目标值后接受")
    assert "请把空白“＿”换成目标数字" in dialog
    t.press("ctrl+s")  # still blank: refused in the dialog, which stays
    t.wait_for("还有空白“＿”未填写")
    t.press(*"95")
    t.press("ctrl+s")
    t.wait_for("已接受建议")
    t.press("ctrl+s")
    t.wait_for("已保存")
    saved = (seed_store / "机关党建经费.toml").read_text(encoding="utf-8")
    assert "＿" not in saved
    values = [row["value"] for row in tomllib.loads(saved)["indicators"]]
    assert any(value.startswith("≥95") for value in values), values


def test_a_models_number_is_shown_as_a_proposal_and_checked_in_the_dialog(seed_store, terminal, monkeypatch):
    from tests.llm.fake_openai import FakeOpenAI
    from tests.llm.test_prompt_v3 import filling

    with FakeOpenAI(filling(lambda template: ["88"] * template.count("＿"))) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("JIXIAO_MODEL", "m")
        t = open_organ(terminal, seed_store)
        t.press("G")
        t.wait_for("y 接受 n 拒绝", timeout=20)
        for _ in range(10):  # down the review list to the model's proposal
            t.pump(0.3)
            if "模型提出，需核实" in t.text:
                break
            t.press("j")
        assert "是模型的估计" in t.wait_for("模型提出，需核实：≥88")
        t.press("y")
        dialog = t.wait_for("核实模型提出的目标值后接受")
        assert "模型提出，需核实" in dialog and "≥88" in dialog
        t.press(*"77")  # the reviewer's own number takes the place of the model's, nothing else
        t.press("ctrl+s")
        t.wait_for("已接受建议")
        t.press("ctrl+s")
        t.wait_for("已保存")
    rows = tomllib.loads((seed_store / "机关党建经费.toml").read_text(encoding="utf-8"))["indicators"]
    assert any(row["value"].startswith("≥77") for row in rows), rows
    assert not any("77" in row["name"] or row["value"].startswith("≥88") for row in rows), rows
