"""The linter on forms of the 2021 framework (成本指标 its own 一级): no false structure errors on a
clean form, the right ones on broken ones, and the cost rules on 经济成本 rows only."""

import pytest

from .helpers import codes, form, lint, row

# The base form (全民健身赛事活动经费) rewritten in the 2021 framework:
# 0-2 数量 | 3 质量 | 4 时效 | 5 经济成本 ≤45万元 | 6 社会成本 | 7 生态环境成本 | 8 社会效益 | 9 满意度
SOCIAL = {"level1": "成本指标", "level2": "社会成本指标", "name": "赛事对周边居民生活的影响", "value": "无明显影响"}
ECOLOGY = {"level1": "成本指标", "level2": "生态环境成本指标", "name": "赛事对生态环境的影响", "value": "无"}


def form2021(**changes) -> dict:
    data = form(framework="2021", **changes)
    rows = data["indicators"]
    rows[5].update(level1="成本指标", level2="经济成本指标")
    data["indicators"] = rows[:6] + [dict(SOCIAL), dict(ECOLOGY)] + rows[6:]
    return data


def without(data: dict, level2: str) -> dict:
    data["indicators"] = [r for r in data["indicators"] if r["level2"] != level2]
    return data


def test_a_clean_2021_form_is_clean():
    assert lint(form2021()) == []


def test_the_same_rows_in_a_classic_form_are_structure_errors_with_a_hint():
    data = form2021()
    del data["framework"]
    found = [f for f in lint(data) if f.code == "JX103"]
    assert {f.indicator for f in found} == {5, 6, 7}
    assert all('framework = "2021"' in f.message for f in found)


@pytest.mark.parametrize("broken, code, message", [
    (lambda: without(without(without(form2021(), "经济成本指标"), "社会成本指标"), "生态环境成本指标"),
     "JX101", "缺少一级指标“成本指标”"),
    (lambda: without(form2021(), "经济成本指标"), "JX102", "“成本指标”下缺少必填的二级指标“经济成本指标”"),
    (lambda: row(form2021(), 0, level1="成本指标"), "JX103", "二级指标“数量指标”应属于“产出指标”"),
    (lambda: row(form2021(), 5, level1="产出指标", level2="成本指标"), "JX103", "未知的二级指标“成本指标”"),
])
def test_broken_2021_structure(broken, code, message):
    found = [f for f in lint(broken()) if f.code == code]
    assert any(message in f.message for f in found), found


def test_2021_output_needs_no_cost_row():
    assert not {"JX101", "JX102"} & codes(form2021())


def test_qualitative_cost_values_are_answers_not_vague_or_placeholders():
    data = row(row(form2021(), 6, value="不明显"), 7, value="暂无")
    assert codes(data) == set()
    # The same words elsewhere are still reported.
    assert {"JX301", "JX201"} <= codes(row(row(form2021(), 8, value="无明显提升"), 3, value="无"))
    # A qualitative cost row whose value claims an improvement is vague.
    assert "JX301" in codes(row(form2021(), 6, value="显著降低"))


@pytest.mark.parametrize("index, value, code", [
    (5, "≥45万元", "JX308"),   # a cost is a cap
    (5, "351件", "JX402"),     # an economic cost is money
    (5, "≤40万元", "JX401"),   # economic costs add up to the budget
])
def test_cost_rules_read_the_economic_cost_rows(index, value, code):
    assert code in codes(row(form2021(), index, value=value))


def test_social_cost_rows_need_not_be_money_nor_add_up():
    assert not {"JX401", "JX402"} & codes(row(form2021(), 6, value="对交通有短时影响，已制定疏导方案"))
