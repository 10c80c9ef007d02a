"""The offline engine on the seed and on forms of other sectors: every number from the form, every draft measurable."""

import copy

import pytest

from drafting.lint import LintConfig, lint_forms
from drafting.lint.runner import load_forms
from drafting.lint.view import FormView
from drafting.suggestions import suggest_paths
from drafting.suggestions.provenance import allowed_numbers, foreign_numbers
from drafting.suggestions.rules_engine import RulesEngine
from drafting.suggestions.validate import apply_to, filled
from store import Declaration

from ..lint.helpers import BASE


@pytest.fixture
def seed_run(seed_store):
    run = suggest_paths([seed_store])
    assert not run.errors
    return {f.project: f for f in run.forms}, seed_store


def afters(form_drafts):
    return [(s.kind, s.after.level2, s.after.name, s.after.value) for s in form_drafts.queued if s.after]


def test_placeholder_forms_get_numbers_from_goal_or_budget(seed_run):
    run, _ = seed_run
    medical = afters(run["离退休老干部医疗保障经费"])
    assert ("add", "成本指标", "门诊费标准", "≤3000元/人·年") in medical
    assert ("add", "成本指标", "住院费标准", "≤8000元/人·年") in medical
    assert ("replace", "成本指标", "项目总成本", "≤4.2万元") in medical
    college = afters(run["老年大学办学活动经费"])
    assert any(value == "≤15万元" for *_, value in college)
    for project in ("关工委经费", "老干部综合服务经费"):
        drafts = afters(run[project])
        assert ("replace", "时效指标", "项目完成时间", "2020年12月31日前") in drafts
        assert any(name == "项目总成本" for _, _, name, _ in drafts)
        # nothing in the goal to count: said, not invented
        assert any("没有可量化" in note for note in run[project].notes)


def test_pasted_row_is_split_per_task(seed_run):
    run, _ = seed_run
    talent = run["人才工作经费"].queued
    split = {s.after.value for s in talent if s.after and "JX204" in s.codes and s.group}
    assert split == {"≥12名", "≥18名", "≥24名", "≥8名"}
    # The row's own target is not lost with it: a row of its own, outside the group, to be named.
    [own] = [s.after for s in talent if "JX204" in s.codes and not s.group]
    assert own.value == "5个" and own.blank
    replace = [s for s in talent if s.kind == "replace" and s.indicator == 0]
    assert replace and replace[0].after.name == "选拔培养经营管理人才人数"
    assert {s.indicator for s in talent if s.kind == "remove"} == {1, 2}  # their content is split above


def test_target_moved_out_of_the_name(seed_run):
    run, _ = seed_run
    [moved] = [s for s in run["机关党建经费"].queued if s.indicator == 3]
    assert (moved.before.name, moved.after.name, moved.after.value) == ("资金投入53.10万元", "资金投入", "≤53.1万元")
    assert moved.codes == ["JX304"]


def test_empty_cost_rows_get_the_budget(seed_run):
    run, _ = seed_run
    costs = [s for s in run["为民服务和发展专项资金项目"].queued if s.indicator in (3, 4, 5)]
    assert [(s.kind, s.after and s.after.value) for s in costs] == [("replace", "≤400万元"), ("remove", None), ("remove", None)]


def test_every_queued_draft_is_measurable_and_from_the_form(seed_run):
    run, store = seed_run
    forms = {f.project: f for f in load_forms([store])[0]}
    total = 0
    for project, drafts in run.items():
        form = forms[project]
        allowed = allowed_numbers(form)
        for s in drafts.queued:
            total += 1
            if s.after is None:
                continue
            assert not foreign_numbers(s.after, allowed, form.declaration.goal), (project, s.after)
            if s.fill_in:  # judged as the row it becomes once the office fills the blank
                s = s.model_copy(update={"after": filled(s.after)})
            changed, index = apply_to(form.declaration, s)
            findings = lint_forms([FormView("x", changed)], LintConfig(select=["JX2", "JX3"]))
            assert not [f for f in findings if f.indicator == index and f.code != "JX206"], (project, s.after)
    assert total >= 30


def test_numbers_never_invented():
    """A goal with no numbers gives no numbers, only the budget and the period."""
    data = copy.deepcopy(BASE)
    data.update(goal="加强全民健身工作，丰富群众文化生活。", project="全民健身工作经费")
    for row in data["indicators"]:
        row["name"], row["value"] = "全民健身工作经费", "1"
    form = FormView("x.toml", Declaration.model_validate(data))
    findings = lint_forms([form], LintConfig())
    drafting = RulesEngine().draft(form, findings)
    values = {s.after.value for s in drafting.suggestions if s.after and not s.fill_in}
    assert values <= {"≤45万元", "2021年12月31日前"}
    # Rows the goal gives nothing for get fill-ins: a blank where the number goes, no digit at all.
    fill_ins = [s.after for s in drafting.suggestions if s.fill_in]
    assert fill_ins and not any(ch.isdigit() for d in fill_ins for ch in d.value + d.name)
    assert drafting.notes


OTHER_SECTORS = [
    # (goal, expected (level2, value) pairs among the drafts)
    ("全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员二百名。",
     {("数量指标", "≥12场"), ("数量指标", "≥5000人次"), ("数量指标", "≥200名")}),
    ("新建高标准农田1.5万亩，项目区灌溉水利用率达到90%以上，于2021年10月31日前完成建设。",
     {("数量指标", "≥1.5万亩"), ("质量指标", "≥90%"), ("时效指标", "2021年10月31日前")}),
    ("为辖区约3000户低保家庭发放临时救助金，每户补助500元，举办三期就业培训。",
     {("数量指标", "≥3000户"), ("成本指标", "≤500元/户"), ("数量指标", "≥3期")}),
    ("为全区65岁及以上老年人1.2万人提供免费体检，体检费每人120元；慢病随访不超过30天一次。",
     {("数量指标", "≥1.2万人"), ("成本指标", "≤120元/人")}),
    ("开展送戏下乡演出40至50场，观众人数不少于2万人次。",
     {("数量指标", "≥40场"), ("社会效益指标", "≥2万人次")}),
]


@pytest.mark.parametrize("goal, expected", OTHER_SECTORS)
def test_other_sectors(goal, expected):
    data = copy.deepcopy(BASE)
    data.update(goal=goal, project="民生综合服务项目", period="2021-2021")
    # a form with hollow rows, so the engine has places to put what it finds
    for row in data["indicators"][:5]:
        row["value"] = "1"
    form = FormView("x.toml", Declaration.model_validate(data))
    findings = lint_forms([form], LintConfig())
    drafting = RulesEngine().draft(form, findings)
    got = {(s.after.level2, s.after.value) for s in drafting.suggestions if s.after}
    assert expected <= got, got
    allowed = allowed_numbers(form)
    for s in drafting.suggestions:
        if s.after:
            assert not foreign_numbers(s.after, allowed, goal), s.after


def test_suggestion_ids_are_stable(seed_store):
    first = {s.id for f in suggest_paths([seed_store]).forms for s in f.queued}
    second = {s.id for f in suggest_paths([seed_store]).forms for s in f.queued}
    assert first == second and len(first) > 20


def _form2021(**changes) -> FormView:
    from ..lint.test_framework_2021 import form2021

    data = form2021(**changes)
    return FormView("x.toml", Declaration.model_validate(data))


def test_2021_forms_get_economic_cost_rows_and_valid_structure():
    from drafting.suggestions.validate import problems

    # Placeholders everywhere, the economic cost row too, and a goal with a per-person cost.
    form = _form2021(goal="为全区65岁及以上老年人1.2万人提供免费体检，体检费每人120元。")
    for row in form.declaration.indicators:
        if row.level2 not in ("社会成本指标", "生态环境成本指标"):
            row.value = "1"
    form = FormView("x.toml", form.declaration)
    drafting = RulesEngine().draft(form, lint_forms([form], LintConfig()))
    costs = [(s.after.level1, s.after.level2, s.after.value) for s in drafting.suggestions
             if s.after and "元" in s.after.value]
    assert ("成本指标", "经济成本指标", "≤45万元") in costs
    assert ("成本指标", "经济成本指标", "≤120元/人") in costs
    assert all((level1, level2) == ("成本指标", "经济成本指标") for level1, level2, _ in costs)
    for s in drafting.suggestions:
        assert problems(form, s) == [], s


def test_a_2021_form_without_economic_cost_gets_one_added():
    form = _form2021()
    del form.declaration.indicators[5]
    form = FormView("x.toml", form.declaration)
    drafting = RulesEngine().draft(form, lint_forms([form], LintConfig()))
    added = [s.after for s in drafting.suggestions if s.kind == "add" and "JX102" in s.codes]
    assert [(a.level1, a.level2, a.value) for a in added] == [("成本指标", "经济成本指标", "≤45万元")]
    changed, index = apply_to(form.declaration, next(s for s in drafting.suggestions if s.after in added))
    assert (changed.indicators[index - 1].level2, changed.indicators[index].level2) == ("时效指标", "经济成本指标")


def test_a_replacement_keeps_the_rows_other_columns():
    from drafting.suggestions.model import Draft, make

    form = _form2021()
    rows = form.declaration.indicators
    rows[0] = rows[0].model_copy(update={"score": "20", "scoring": "每少1场扣2分", "value": "1"})
    after = Draft(level1="产出指标", level2="数量指标", name="举办全民健身赛事场次", value="≥12场")
    changed, index = apply_to(form.declaration, make("replace", 0, Draft.of(rows[0]), after, "x", [], "rules"))
    assert (changed.indicators[0].value, changed.indicators[0].score, changed.indicators[0].scoring) == (
        "≥12场", "20", "每少1场扣2分")


def _drafts(goal: str, period: str = "2021-2021", year: int = 2021, rows=()):
    data = copy.deepcopy(BASE)
    data.update(goal=goal, project="民生综合服务项目", period=period, year=year)
    for index, value in rows:
        data["indicators"][index]["value"] = value
    form = FormView("x.toml", Declaration.model_validate(data))
    return RulesEngine().draft(form, lint_forms([form], LintConfig())).suggestions


def test_a_task_the_form_already_measures_in_wan_is_not_proposed_again():
    goal = "全年举办全民健身赛事12场，参与群众2.5万人次；培训社会体育指导员200名。"
    added = [s.after.value for s in _drafts(goal, rows=[(1, "≥2.5万人次")]) if s.kind == "add"]
    assert not [v for v in added if "25000" in v or "2.5万" in v], added


def test_a_negated_promise_is_not_a_task_of_one():
    goal = "全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员200名；确保不发生一起安全责任事故。"
    assert not [s for s in _drafts(goal) if s.after and s.after.value in ("＝1起", "≥1起")]


def test_an_annual_forms_deadline_is_within_its_year():
    goal = "全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员200名。"
    values = {s.after.value for s in _drafts(goal, period="2021-2023", rows=[(4, "1")]) if s.after}
    assert "2021年12月31日前" in values and "2023年12月31日前" not in values


def test_a_unitless_target_takes_the_unit_the_goal_gives_the_same_number():
    goal = "全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员200名。"
    values = {(s.after.name, s.after.value) for s in _drafts(goal, rows=[(2, "≥200")]) if s.after}
    assert ("培训社会体育指导员人数", "≥200名") in values


def test_a_rate_under_quantity_moves_to_quality_with_its_name():
    data = copy.deepcopy(BASE)
    data["indicators"][1].update(name="赛事覆盖乡镇比例", value="≥80%")
    form = FormView("x.toml", Declaration.model_validate(data))
    drafts = RulesEngine().draft(form, lint_forms([form], LintConfig())).suggestions
    [moved] = [s for s in drafts if "JX302" in s.codes]
    assert (moved.after.level2, moved.after.name, moved.after.value) == ("质量指标", "赛事覆盖乡镇比例", "≥80%")


def test_a_draft_that_fails_its_check_is_said_in_the_notes(seed_store):
    from drafting.suggestions.model import Draft, Drafting, make
    from drafting.suggestions.pipeline import queue_drafts

    [form], _ = load_forms([seed_store / "机关党建经费.toml"])
    invented = make("add", None, None, Draft(level1="产出指标", level2="数量指标", name="开展活动次数", value="≥987次"),
                    "测试", ["JX501"], "rules")
    result = queue_drafts(form, [Drafting(suggestions=[invented])], ("rules",))
    assert result.dropped == 1 and not result.queued
    assert any("开展活动次数" in note and "987" in note for note in result.notes), result.notes


@pytest.mark.parametrize("goal, name", [
    ("完成玉米、马铃薯等作物种植面积2万亩，培训农民300人。", "作物种植面积"),  # the category, not a cut list
    ("在全镇新建村级文化广场12个，培训农民300人。", "新建村级文化广场数量"),  # no place fragment, 新建 kept
])
def test_drafted_names_are_what_is_counted(goal, name):
    names = {s.after.name for s in _drafts(goal, rows=[(0, "1")]) if s.after and s.after.level2 == "数量指标"}
    assert name in names, names


@pytest.mark.parametrize("name, deadline", [
    ("上半年完成改造", "2021年6月30日前"), ("9月底前发放补贴", "2021年9月30日前"), ("第三季度完成验收", "2021年9月30日前"),
])
def test_a_timeliness_rows_own_deadline_is_kept(name, deadline):
    goal = "全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员200名。"
    data = copy.deepcopy(BASE)
    data.update(goal=goal, period="2021-2023", year=2021)
    data["indicators"][4].update(name=name, value="100%")
    form = FormView("x.toml", Declaration.model_validate(data))
    drafts = RulesEngine().draft(form, lint_forms([form], LintConfig())).suggestions
    [fixed] = [s for s in drafts if s.indicator == 4 and "JX303" in s.codes]
    assert fixed.after.value == deadline and "2023" not in fixed.after.value


def test_a_unitless_target_takes_the_unit_its_name_counts_in():
    goal = "全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员200名。"
    data = copy.deepcopy(BASE)
    data.update(goal=goal)
    data["indicators"][0].update(name="举办全民健身赛事场次", value="≥15")  # 15 is not in the goal
    form = FormView("x.toml", Declaration.model_validate(data))
    drafts = RulesEngine().draft(form, lint_forms([form], LintConfig())).suggestions
    assert ("举办全民健身赛事场次", "≥15场") in {(s.after.name, s.after.value) for s in drafts if s.after}
