"""Suggestion groups and fill-in suggestions: decided whole, never applied with a blank."""

import pytest

from drafting.suggestions import Draft, decide, load, suggest_paths
from drafting.suggestions.model import make
from drafting.suggestions.queue import merge
from store import Store, StoreError
from tui import review
from tui.session import FormSession


@pytest.fixture
def service(seed_store):
    """为民服务和发展专项资金项目: three placeholder cost rows, drafted as one total and two removals."""
    suggest_paths([seed_store])
    return seed_store / "为民服务和发展专项资金项目.toml"


def cost_group(path):
    pending = [s for s in load(path) if s.status == "pending"]
    group = [s for s in pending if s.group and s.group == next(p.group for p in pending if p.kind == "remove")]
    assert [s.kind for s in group] == ["replace", "remove", "remove"]
    return group


def cost_rows(path):
    return [(r.name, r.value) for r in Store(path.parent).load(path).declaration.indicators if r.level2 == "成本指标"]


def test_accepting_one_member_applies_the_whole_group(service):
    group = cost_group(service)
    result = decide(service, accept=[group[1].id])  # the id of a removal: the total comes with it
    assert sorted(result.accepted) == sorted(s.id for s in group)
    assert cost_rows(service) == [("项目总成本", "≤400万元")]


def test_rejecting_the_total_withdraws_the_removals_that_depend_on_it(service):
    group = cost_group(service)
    decide(service, reject=[group[0].id])
    statuses = {s.id: s.status for s in load(service)}
    assert {statuses[s.id] for s in group} == {"rejected"}
    assert len(cost_rows(service)) == 3


def test_interactive_review_shows_a_group_once_and_decides_it_whole(service, seed_store):
    group = cost_group(service)
    said = []
    answers = iter(["y"] * 50)
    review.interactive(service, [], ask=lambda _: next(answers), say=said.append)
    text = "\n".join(said)
    assert text.count("建议组：3 项改动") == 1
    assert {s.status for s in load(service) if s.id in {g.id for g in group}} == {"accepted"}


def test_a_group_is_never_applied_in_part(service):
    group = cost_group(service)
    session = FormSession(service)
    session.delete_row(group[2].indicator)  # one removal's row is gone: the group cannot apply whole
    before = session.declaration
    assert not session.accept(group)
    assert session.declaration == before


@pytest.fixture
def fill_in(seed_store):
    path = seed_store / "机关党建经费.toml"
    declaration = Store(seed_store).load(path).declaration
    suggestion = make("add", None, None, Draft(level1="产出指标", level2="质量指标", name="党员教育培训覆盖率",
                                               value="≥＿%"), "指标库：党建", [], "rules")
    merge(path, declaration, [suggestion], ("rules",))
    return path, suggestion


def test_a_fill_in_is_accepted_only_once_its_blank_is_filled(fill_in):
    path, suggestion = fill_in
    before = path.read_bytes()
    result = decide(path, accept=[suggestion.id])
    assert result.unfilled == [suggestion.id] and not result.accepted
    assert path.read_bytes() == before
    assert decide(path, accept=[suggestion.id], edits={suggestion.id: suggestion.after.model_copy(
        update={"value": "≥95%"})}, bulk=True).skipped == [suggestion.id]  # never by yes-to-all
    filled = suggestion.after.model_copy(update={"value": "≥95%"})
    assert decide(path, accept=[suggestion.id], edits={suggestion.id: filled}).accepted == [suggestion.id]
    rows = Store(path.parent).load(path).declaration.indicators
    assert ("党员教育培训覆盖率", "≥95%") in [(r.name, r.value) for r in rows]


def test_the_interactive_review_asks_for_the_blank(fill_in, seed_store):
    path, suggestion = fill_in
    said = []
    # y on a fill-in asks for what goes in its blank; left empty (or typed as "_"), nothing is
    # accepted and it asks again; the number typed takes the blank's place, operator and unit stay.
    pending = [s for s in load(path) if s.status == "pending"]
    position = [s.id for s in pending].index(suggestion.id)
    script = ["s"] * position + ["y", "", "y", "_", "y", "96", "q"]
    answers = iter(script)
    asked = []
    review.interactive(path, [], ask=lambda prompt: asked.append(prompt) or next(answers), say=said.append)
    text = "\n".join(said)
    assert text.count("还有空白“＿”未填写") == 2
    assert "指标值 ≥[＿]%，填写数字：" in asked
    rows = Store(path.parent).load(path).declaration.indicators
    assert ("党员教育培训覆盖率", "≥96%") in [(r.name, r.value) for r in rows]


def test_a_form_with_a_blank_is_never_saved(fill_in):
    path, suggestion = fill_in
    session = FormSession(path)
    group = [s for s in session.pending() if s.id == suggestion.id]
    with pytest.raises(ValueError):
        session.accept(group)  # the editor opens the row dialog instead
    session.add_row(None, "产出指标", "质量指标")
    session.set_row(len(session.declaration.indicators) - 1, "产出指标", "质量指标", "覆盖率", "≥＿%")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="空白"):
        session.save()
    assert path.read_bytes() == before


def test_the_cli_fills_a_blank_with_fill_and_refuses_an_accept_without_it(fill_in, capsys):
    from tui.cli import main

    path, suggestion = fill_in
    before = path.read_bytes()
    assert main(["review", str(path), "--accept", suggestion.id]) == 2  # asked for and not done
    assert f"--fill {suggestion.id} 指标值" in capsys.readouterr().err and path.read_bytes() == before
    assert main(["review", str(path), "--fill", suggestion.id, "≥＿%"]) == 2  # still blank
    assert main(["review", str(path), "--fill", suggestion.id, "≥97%"]) == 0
    rows = Store(path.parent).load(path).declaration.indicators
    assert ("党员教育培训覆盖率", "≥97%") in [(r.name, r.value) for r in rows]
