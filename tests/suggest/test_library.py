"""The indicator library (指标库) and the proposals for rows the goal gives nothing for."""

import copy
import re

import pytest

from drafting.library import BLANK, SHIPPED, load_library, read_sector
from drafting.lint import LintConfig, lint_forms
from drafting.lint.view import FormView
from drafting.suggestions import decide, load, suggest_paths
from drafting.suggestions.rules_engine import RulesEngine
from store import Declaration, Store, StoreError, dumps

from ..lint.helpers import BASE

EFFECTS = {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}


def test_the_shipped_library_covers_twenty_sectors_without_a_single_number():
    library = load_library()
    sectors = [s for s in library.sectors if s.keywords]
    assert len(sectors) >= 20 and library.general
    for sector in sectors:
        kinds = {e.level2 for e in sector.entries}
        assert {"质量指标", "时效指标", "服务对象满意度指标"} <= kinds and kinds & EFFECTS, sector.name
        for entry in sector.entries:
            assert not re.search(r"\d", entry.name + entry.value), entry
            assert BLANK in entry.value or entry.grades, entry
            assert entry.source


def _one_entry(path, name: str, level2: str, value: str):
    path.write_text(f'version = "1"\nsector = "测试"\nkeywords = ["测试"]\n[[indicator]]\nname = "{name}"\n'
                    f'level2 = "{level2}"\nvalue = "{value}"\nsource = "台账"\n', encoding="utf-8")
    return path


def test_a_library_file_with_a_number_is_refused_with_its_name(tmp_path):
    with pytest.raises(StoreError, match="bad.toml.*数字"):
        read_sector(_one_entry(tmp_path / "bad.toml", "合格率", "质量指标", "≥95%"))


def _form(goal: str, rows: dict[int, tuple[str, str]], project: str = "全民健身赛事活动经费") -> FormView:
    data = copy.deepcopy(BASE)
    data.update(goal=goal, project=project)
    for index, (name, value) in rows.items():
        data["indicators"][index].update(name=name, value=value)
    return FormView("x.toml", Declaration.model_validate(data))


def _suggestions(form: FormView, **engine):
    return RulesEngine(**engine).draft(form, lint_forms([form], LintConfig())).suggestions


def test_a_vague_effect_row_gets_a_library_indicator_with_a_blank():
    form = _form(BASE["goal"], {6: ("群众健身意识", "持续提升")})
    [proposal] = [s for s in _suggestions(form) if s.indicator == 6]
    assert proposal.fill_in and proposal.after.level2 == "社会效益指标"
    assert "指标库（体育健身）" in proposal.reason  # the sector the project belongs to, and how it is measured
    assert not re.search(r"\d", proposal.after.value)


def test_a_sound_name_with_a_vague_value_keeps_its_name():
    form = _form(BASE["goal"], {7: ("参赛群众满意度", "满意")})
    [proposal] = [s for s in _suggestions(form) if s.indicator == 7]
    assert (proposal.after.name, proposal.after.value) == ("参赛群众满意度", "≥＿%")


def test_the_office_library_comes_first_and_a_graded_entry_brings_its_scoring(tmp_path):
    office = tmp_path / "指标库"
    office.mkdir()
    (office / "ours.toml").write_text(
        'version = "1"\nsector = "本局体育"\nkeywords = ["全民健身"]\n[[indicator]]\nname = "赛事组织规范程度"\n'
        'level2 = "社会效益指标"\nvalue = "好"\nsource = "赛后评估"\ngrades = "好：无投诉且按方案完成；一般：有投诉"\n',
        encoding="utf-8")
    form = _form(BASE["goal"], {6: ("群众健身意识", "持续提升")})
    [proposal] = [s for s in _suggestions(form, library=load_library(office)) if s.indicator == 6]
    assert (proposal.after.name, proposal.after.value) == ("赛事组织规范程度", "好") and not proposal.fill_in
    assert proposal.after.to_indicator().scoring.startswith("好：无投诉")


def test_a_broken_office_library_is_said_and_leaves_the_queues_as_they_are(seed_store):
    suggest_paths([seed_store])
    queues = {p: p.read_bytes() for p in seed_store.glob(".*.suggestions.json")}
    (seed_store / "指标库").mkdir()
    (seed_store / "指标库" / "broken.toml").write_text("[[indicator\n", encoding="utf-8")
    run = suggest_paths([seed_store])
    [error] = run.errors  # said once, as a library file: the store does not take it for a form
    assert "broken.toml" in str(error) and "指标库文件 TOML 语法错误（第1行" in str(error)
    assert queues and {p: p.read_bytes() for p in seed_store.glob(".*.suggestions.json")} == queues


def test_a_library_entry_of_counts_or_money_is_refused_in_chinese(tmp_path):
    with pytest.raises(StoreError, match="indicator 第1条 level2 无效：“数量指标”不是指标库收录的二级指标"):
        read_sector(_one_entry(tmp_path / "bad.toml", "改造户数", "数量指标", "≥＿户"))


def test_the_offices_own_similar_forms_are_candidates_with_their_numbers_blanked(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    older = copy.deepcopy(BASE)
    older.update(year=2020, period="2020-2020")
    older["indicators"][6].update(name="群众体育健身知晓率", value="≥92%")
    newer = copy.deepcopy(BASE)
    newer["indicators"][6].update(name="群众健身意识", value="持续提升")
    for name, data in (("2020.toml", older), ("2021.toml", newer)):
        (store / name).write_text(dumps(Declaration.model_validate(data)), encoding="utf-8")
    run = suggest_paths([store])
    queued = next(f for f in run.forms if f.path.endswith("2021.toml")).queued
    [proposal] = [s for s in queued if s.indicator == 6]
    assert (proposal.after.name, proposal.after.value) == ("群众体育健身知晓率", "≥＿%")
    assert "全民健身赛事活动经费" in proposal.reason  # which of the office's forms it comes from


def test_an_accepted_fill_in_lands_with_the_number_the_reviewer_wrote(seed_store):
    suggest_paths([seed_store])
    path = seed_store / "关工委经费.toml"
    fill_in = next(s for s in load(path) if s.fill_in and s.status == "pending" and BLANK not in s.after.name)
    filled = fill_in.after.model_copy(update={"value": fill_in.after.value.replace(BLANK, "95", 1).replace(BLANK, "")})
    assert decide(path, accept=[fill_in.id], edits={fill_in.id: filled}).accepted == [fill_in.id]
    rows = Store(seed_store).load(path).declaration.indicators
    assert filled.value in [r.value for r in rows] and not any(BLANK in r.value for r in rows)


def test_a_negated_task_nobody_measures_becomes_a_zero_target():
    goal = BASE["goal"] + "确保汛期不发生一起溺水事件。"
    added = [s.after for s in _suggestions(_form(goal, {})) if s.kind == "add"]
    assert [(d.level2, d.value) for d in added if "溺水" in d.name] == [("社会效益指标", "＝0起")]


def test_money_counted_as_output_gives_way_to_the_goals_count():
    goal = "全年举办全民健身赛事12场，参与群众不少于5000人次。"
    form = _form(goal, {2: ("发放赛事补助资金", "≥30万元")})
    [proposal] = [s for s in _suggestions(form) if s.indicator == 2]
    assert proposal.after.level2 == "数量指标" and not proposal.after.value.endswith("万元")


def test_a_per_unit_cost_in_wan_far_beyond_the_budget_becomes_yuan():
    form = _form(BASE["goal"], {5: ("人均培训补贴标准", "≤800万元/人")})
    [proposal] = [s for s in _suggestions(form) if s.indicator == 5]
    assert proposal.after.value == "≤800元/人"


def test_a_figure_in_the_name_of_a_row_with_its_own_target_is_a_scope_not_the_target():
    form = _form(BASE["goal"], {3: ("抽查赛事场地12处合格率", "≥95%")})
    [proposal] = [s for s in _suggestions(form) if s.indicator == 3]
    assert (proposal.after.name, proposal.after.value) == ("抽查赛事场地合格率", "≥95%")


def test_every_shipped_file_is_a_sector_file():
    assert all(read_sector(path).entries for path in SHIPPED.glob("*.toml"))


def test_only_plain_rows_of_similar_projects_are_offered_across_forms():
    from drafting.suggestions.peers import Peers

    def view(path, project, rows):
        data = copy.deepcopy(BASE)
        data["project"] = project
        for index, (name, value) in rows.items():
            data["indicators"][index].update(name=name, value=value)
        return FormView(path, Declaration.model_validate(data))

    mine = view("a.toml", "全民健身赛事活动经费", {})
    sibling = view("b.toml", "全民健身赛事经费", {6: ("继续深入基层开展宣传, 制作手册等", "≥5期"), 7: ("群众满意度", "90%")})
    stranger = view("c.toml", "干部教育培训经费", {6: ("干部参训率", "≥95%")})
    offered = {(r.name, r.value) for r in Peers([(sibling, []), (stranger, [])]).rows_for(mine)}
    assert ("赛事组织及培训成本", "≤＿万元") in offered  # a plain row of a similar project, its number blanked
    assert not {name for name, _ in offered} & {"继续深入基层开展宣传, 制作手册等", "群众满意度", "干部参训率"}
    assert not any(name == "举办全民健身赛事场次" for name, _ in offered)  # counts are each project's own
