"""Classes of forms a first user tried: each drafted from the goal as a reviewer would."""

import copy

from drafting.goals import goal_deadlines, goal_tasks
from drafting.lint import LintConfig, lint_forms
from drafting.lint.view import FormView
from drafting.suggestions.rules_engine import RulesEngine
from store import Declaration

from ..lint.helpers import BASE


def _draft(goal: str, rows: dict[int, tuple[str, str]] = (), project: str = "民生综合服务项目"):
    data = copy.deepcopy(BASE)
    data.update(goal=goal, project=project)
    for index, (name, value) in dict(rows).items():
        data["indicators"][index].update(name=name, value=value)
    form = FormView("x.toml", Declaration.model_validate(data))
    return RulesEngine().draft(form, lint_forms([form], LintConfig())).suggestions


def test_a_placeholder_row_takes_the_task_its_name_counts_and_the_places_are_the_scope():
    goal = "完成全县8个乡镇农村户用卫生厕所改造1200户，新建村级公厕15座。"
    drafts = _draft(goal, {0: ("农村户用卫生厕所改造户数", "1")})
    [row0] = [s.after for s in drafts if s.indicator == 0]
    assert (row0.name, row0.value) == ("农村户用卫生厕所改造户数", "≥1200户")
    added = {(s.after.name, s.after.value) for s in drafts if s.kind == "add"}
    assert ("覆盖乡镇数", "＝8个") in added and ("新建村级公厕座数", "≥15座") in added


def test_a_pasted_row_with_a_bare_value_is_split_not_given_a_unit():
    goal = "对全县12所中小学校舍进行维修改造，维修面积约8600平方米，其中屋面防水改造4200平方米。"
    name = "对全县12所中小学校舍进行维修改造，维修面积约8600平方米，其中屋面防水改造4200平方米"
    drafts = _draft(goal, {1: (name, "8600")})
    split = [s for s in drafts if "JX204" in s.codes]
    assert {(s.after.name, s.after.value) for s in split} >= {("维修面积", "≥8600平方米"), ("屋面防水改造面积", "≥4200平方米")}
    assert len({s.group for s in split}) == 1 and split[0].group


def test_more_than_and_less_common_measure_words_are_tasks():
    assert [(t.number, t.unit, t.op.value) for t in goal_tasks("惠及在校学生9200余人，门窗更换1350樘")] == [
        (9200, "人", "≥"), (1350, "樘", "＝")]


def test_a_date_with_words_before_its_qian_is_the_goals_deadline():
    assert goal_deadlines("于2022年8月25日秋季开学前完工") == ("2022年8月25日前",)
    drafts = _draft("于2021年8月25日秋季开学前完成维修。", {4: ("完工时间", "秋季开学前")})
    [row4] = [s.after for s in drafts if s.indicator == 4]
    assert row4.value == "2021年8月25日前"


def test_a_time_limit_with_its_verb_is_a_time_limit():
    findings = lint_forms([FormView("x.toml", Declaration.model_validate(
        {**copy.deepcopy(BASE), "indicators": [
            {**BASE["indicators"][4], "name": "服务申请办结时限", "value": "受理后10个工作日内办结"}]}))], LintConfig())
    assert not [f for f in findings if f.code == "JX303"]
