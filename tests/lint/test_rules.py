"""Each rule against a bad form (it fires) and a near miss (it stays quiet). The base form is clean."""

import copy
import re

import pytest

from drafting.lint import RULES, LintConfig

from .helpers import BASE, codes, form, lint, row
from .test_year_rules import CASES as YEAR_CASES

# Indices in the base form (全民健身赛事活动经费):
# 0 数量 场次 ≥12场 | 1 数量 人次 | 2 数量 指导员 ≥200名 | 3 质量 ＜1% | 4 时效 2021年12月31日前
# 5 成本 ≤45万元 | 6 社会效益 ≥38% | 7 满意度 ≥90%


def drop(data, level):
    data["indicators"] = [r for r in data["indicators"] if level not in (r["level1"], r["level2"])]
    return data


CASES = {
    "JX101": (lambda: drop(form(), "效益指标"), lambda: form()),
    "JX102": (lambda: drop(form(), "时效指标"), lambda: drop(drop(form(), "效益指标"), "质量指标") and form()),
    "JX103": (lambda: row(form(), 5, level1="效益指标"), lambda: row(form(), 6, level2="经济效益指标")),
    "JX104": (lambda: row(form(), 0, value=""), lambda: row(form(), 0, value="≥1场")),
    "JX105": (lambda: row(form(), 0, name=""), lambda: row(form(), 0, name="赛事场次")),
    "JX106": (lambda: form(funds={"total": 450000, "fiscal": 400000, "other": 0}),
              lambda: form(funds={"total": 450000.5, "fiscal": 400000.25, "other": 50000.25})),
    "JX107": (lambda: row(form(), 4, value="2022年6月30日前"), lambda: row(form(period="2021-2022"), 4, value="2022年6月30日前")),
    "JX108": (lambda: row(form(), 0, value=">= 12场"), lambda: row(form(), 0, value="≥12场")),
    "JX201": (lambda: row(row(form(), 0, value="1"), 1, value="待定"), lambda: row(form(), 0, value="12场")),
    "JX202": (lambda: row(form(), 0, name="全民健身赛事活动经费"),
              lambda: row(form(), 5, name="全民健身赛事活动经费")),  # a money-valued cost row may carry the project name
    "JX203": (lambda: row(form(), 1, name="举办全民健身赛事场次"), lambda: row(form(), 1, name="参与赛事群众人数")),
    "JX204": (lambda: row(form(), 0, name="全年举办全民健身赛事12场，参与群众不少于5000人次"),
              lambda: row(form(), 0, name="举办全民健身赛事（含线上赛事）场次")),
    "JX301": (lambda: row(form(), 6, value="持续提升"), lambda: row(form(), 6, value="较上年提高2个百分点")),
    "JX302": (lambda: row(form(), 0, value="≥80%"), lambda: row(form(), 0, name="赛事覆盖乡镇个数", value="≥8个")),
    "JX303": (lambda: row(form(), 4, value="≥90%"), lambda: row(form(), 4, name="赛事按期举办率", value="≥90%")),
    "JX304": (lambda: row(form(), 5, name="赛事经费45万元"), lambda: row(form(), 1, name="65岁及以上老年人参赛人次")),
    "JX305": (lambda: row(form(), 7, value="满意"), lambda: row(form(), 7, value="≥85%")),
    "JX404": (lambda: row(form(), 5, value="≤800万元/人"), lambda: row(form(), 5, value="≤800元/人")),
    "JX306": (lambda: row(form(), 3, value="≥120%"), lambda: row(form(), 3, value="≤1%")),
    "JX307": (lambda: row(form(), 2, value="200"), lambda: row(form(), 6, name="全民健身指数", value="≥72.5")),
    "JX308": (lambda: row(form(), 5, value="≥45万元"), lambda: row(form(), 5, value="≤45万元")),
    "JX309": (lambda: row(form(), 4, value="2020年12月31日前"), lambda: row(form(), 4, value="2021年1月31日前")),
    "JX401": (lambda: row(form(), 5, value="≤40万元"), lambda: row(form(), 5, value="≤45万元")),
    "JX402": (lambda: row(form(), 5, value="控制在预算内"), lambda: row(form(), 5, name="人均参赛成本", value="≤90元/人次")),
    "JX403": (lambda: form(goal="全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员200名。预算资金共计50万元。"),
              lambda: form(goal="全年举办全民健身赛事12场，参与群众不少于5000人次；培训社会体育指导员200名。预算资金共计45万元。")),
    "JX501": (lambda: form(goal=BASE["goal"] + "新建健身步道3公里。"), lambda: form(goal=BASE["goal"] + "2021年度继续实施。")),
    "JX502": (lambda: row(form(), 2, name="赛事资金投入", value="45万元"), lambda: row(form(), 2, name="资金补助项目数", value="≥3个")),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_the_bad_form(code):
    assert code in codes(CASES[code][0]())


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_is_quiet_on_the_near_miss(code):
    assert code not in codes(CASES[code][1]())


def test_base_form_is_clean():
    assert lint(form()) == []


def test_every_rule_has_a_case_and_a_documented_example():
    run_rules = {"JX205", "JX206"}  # tested across several forms below
    assert set(RULES) - run_rules == set(CASES) | set(YEAR_CASES)
    for rule in RULES.values():
        for section in ("说明", "原因", "反例", "正例"):
            assert f"{section}：" in rule.doc, (rule.code, section)


def _other_project(name: str, **changes) -> dict:
    data = form(project=name, **changes)
    for r in data["indicators"]:
        r["name"] = r["name"].replace("全民健身", name[:2])
    return data


def test_jx205_copied_indicator_set_names_the_other_form():
    a = form(project="关工委经费")
    b = form(project="老干部综合服务经费")
    for data in (a, b):
        for r in data["indicators"]:
            r["name"], r["value"] = data["project"], "1"
    findings = [f for f in lint(a, b) if f.code == "JX205"]
    assert {(f.path, f.related) for f in findings} == {("form0.toml", "form1.toml"), ("form1.toml", "form0.toml")}
    assert "老干部综合服务经费" in findings[0].message


def test_jx205_ignores_forms_that_share_only_a_few_rows():
    a = form()
    b = _other_project("老年大学办学活动经费")
    b["indicators"][0:5] = [
        {"level1": "产出指标", "level2": level2, "name": f"办学指标{i}", "value": f"≥{i + 3}期" if level2 != "时效指标" else "2021年12月31日前"}
        for i, level2 in enumerate(["数量指标", "数量指标", "质量指标", "时效指标", "数量指标"])
    ]
    assert "JX205" not in codes(a, b)


def test_jx206_boilerplate_row_in_three_forms():
    forms = [form(project=f"项目{i}") for i in range(3)]
    for data in forms:
        data["indicators"][3].update(name="符合条件率", value="100%")

    def boilerplate(found):
        return {(f.path, f.indicator) for f in found if f.code == "JX206" and "符合条件率" in f.message}

    assert boilerplate(lint(*forms)) == {(f"form{i}.toml", 3) for i in range(3)}
    assert boilerplate(lint(*forms[:2])) == set()
    assert boilerplate(lint(*forms, config=LintConfig(boilerplate_forms=4))) == set()


def test_suppression_in_the_declaration():
    assert "JX301" not in codes(form(ignore=["JX301"], **{"indicators": row(form(), 6, value="持续提升")["indicators"]}))
    data = row(form(), 6, value="持续提升", ignore=["JX3"])
    assert "JX301" not in codes(data)


def test_config_select_ignore_and_extra_words():
    bad = row(row(form(), 6, value="持续提升"), 0, value="1")
    assert codes(bad, config=LintConfig(select=["JX3"])) == {"JX301"}
    assert "JX301" not in codes(bad, config=LintConfig(ignore=["JX301"]))
    custom = row(form(), 6, value="稳中向好")
    assert "JX301" not in codes(custom)
    assert "JX301" in codes(custom, config=LintConfig(extra_vague_words=["稳中向好"]))


def test_satisfaction_floor_is_configurable():
    low = row(form(), 7, value="≥70%")
    assert "JX305" in codes(low)
    assert "JX305" not in codes(low, config=LintConfig(satisfaction_floor=60))


def test_safe_fixes_carry_before_and_after():
    [fix] = [f.fix for f in lint(row(form(), 3, value="≥100%")) if f.code == "JX306"]
    assert (fix.safety, fix.field, fix.before, fix.after) == ("safe", "value", "≥100%", "＝100%")
    [fix] = [f.fix for f in lint(row(form(), 0, value="＞＝ 12 场")) if f.code == "JX108"]
    assert fix.after == "≥12场"


def test_jx501_reports_an_enumeration_once_and_skips_classifiers():
    goal = BASE["goal"] + "分5个层次，对各层次人才每年分别给予20万元、15万元和10万元的补贴。"
    found = [f.message for f in lint(form(goal=goal)) if f.code == "JX501"]
    assert len(found) == 1 and "（3 项）" in found[0] and "20万元" in found[0]


def test_a_rate_under_quantity_is_named_as_misplaced():
    """A rate is a quality indicator, whatever its name says (覆盖率, 比例, 占比 …)."""
    [hit] = [f for f in lint(row(form(), 0, name="赛事覆盖乡镇比例", value="≥80%")) if f.code == "JX302"]
    assert "质量指标" in hit.message and hit.indicator == 0


@pytest.mark.parametrize("name, flagged", [
    ("改造危桥7座", True), ("抽查电梯维保单位12家合格率", True), ("带动村民参与阅读活动1万人次", True),
    ("新建村级文化广场12个", True), ("24小时值班电话接通率", False), ("65岁及以上老年人健康管理人数", False),
    ("2021年度新增就业人数", False), ("5A级景区游客满意度", False),
])
def test_a_count_written_anywhere_in_a_name_is_a_target(name, flagged):
    found = [f for f in lint(row(form(), 0, name=name, value="≥10个")) if f.code == "JX304"]
    assert bool(found) == flagged, found


@pytest.mark.parametrize("goal, value, covered", [
    ("全年举办全民健身赛事12场，参与群众2.5万人次", "≥25000人次", True),  # 万 in the goal
    ("全年举办全民健身赛事12场，参与群众25000人次", "≥2.5万人次", True),  # 万 in the row
    ("全年举办全民健身赛事12场，建设健身步道12公里", "≥5000人次", False),  # 12 is stated, but in 场
    ("全年举办全民健身赛事12场，确保不发生一起安全责任事故", "≥5000人次", True),  # a promise of none
    ("全年举办全民健身赛事12场，培训指导员4200名", "≥4200人", True),  # 名 and 人 count the same
    ("全年举办全民健身赛事12场，与社区一起开展健身活动", "≥5000人次", True),  # 一起: together
    ("全年举办全民健身赛事12场，市配套60.6本级财政配套", "≥5000人次", True),  # 本级: a government level
    ("全年举办全民健身赛事12场，查处违规案件3起", "≥5000人次", False),  # 起 counts incidents
])
def test_goal_tasks_are_matched_by_number_and_unit(goal, value, covered):
    data = row(form(goal=goal), 1, value=value)
    found = [f for f in lint(data) if f.code == "JX501"]
    assert (not found) == covered, found


@pytest.mark.parametrize("value", ["每月10日前", "每季度末前", "按月发放", "受理后15个工作日内", "接警后1分钟内", "24小时内"])
def test_recurring_deadlines_and_time_limits_are_timeliness(value):
    assert not [f for f in lint(row(form(), 4, value=value)) if f.code == "JX303"]


def test_a_legal_accident_class_is_not_vague():
    data = row(form(), 3, name="较大以上安全事故发生次数", value="＝0次")
    assert not [f for f in lint(data) if f.code == "JX301"]
    assert [f for f in lint(row(form(), 3, value="全面加强")) if f.code == "JX301"]


def test_jx205_catches_a_copy_reordered_with_a_few_characters_changed():
    a = form(project="县全民健身赛事活动经费")
    b = copy.deepcopy(a)
    b["project"] = "乡镇群众体育活动补助资金"
    rows = b["indicators"]
    for r in rows:  # one or two characters changed in most rows, as a copier touches them up
        r["name"] = r["name"].replace("赛事", "比赛").replace("群众", "居民").replace("人数", "人员数")
    rows.reverse()
    rows.insert(2, {"level1": "产出指标", "level2": "数量指标", "name": "新建健身路径数量", "value": "≥3条"})
    [finding] = [f for f in lint(a, b) if f.code == "JX205" and f.path == "form1.toml"]
    assert finding.related == "form0.toml" and "县全民健身赛事活动经费" in finding.message
    assert re.search(r"有 \d+ 行.*相似度 \d+%", finding.message)


def test_a_count_of_outputs_under_an_input_name_is_not_money():
    assert "JX502" not in codes(row(form(), 0, name="农村住户抽样调查经费", value="≥240户"))
    assert "JX502" in codes(row(form(), 0, name="农村住户抽样调查经费", value="≥240"))
