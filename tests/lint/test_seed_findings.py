"""The findings the issue names for the imported seed forms, and silence on well-written forms."""

from collections import defaultdict
from pathlib import Path

import pytest

from drafting.lint import Severity, lint_paths

from .helpers import GOOD

PLACEHOLDER_FORMS = ["关工委经费", "老干部综合服务经费", "老年大学办学活动经费", "离退休老干部医疗保障经费"]


@pytest.fixture
def found(seed_store):
    run = lint_paths([seed_store])
    assert not run.errors and len(run.forms) == 12
    by_form = defaultdict(list)
    for finding in run.findings:
        by_form[finding.project].append(finding)
    return by_form


def rows_with(findings, code):
    return {f.indicator for f in findings if f.code == code}


def has(findings, code):
    return any(f.code == code for f in findings)


def test_placeholder_forms(found):
    for project in PLACEHOLDER_FORMS:
        findings = found[project]
        assert rows_with(findings, "JX201") == set(range(7)), project
        assert has(findings, "JX202") and has(findings, "JX203"), project
        [copied] = [f for f in findings if f.code == "JX205"]
        assert Path(copied.related).stem in PLACEHOLDER_FORMS and Path(copied.related).stem != project


def test_party_building_and_service_fund_copy_each_other(found):
    a, b = "非公经济组织和社会组织党建经费", "为民服务和发展专项资金项目"
    for project, other in ((a, b), (b, a)):
        [copied] = [f for f in found[project] if f.code == "JX205"]
        assert Path(copied.related).stem == other and other in copied.message
        assert has(found[project], "JX301") and has(found[project], "JX302")
    assert rows_with(found[b], "JX104") == {3, 4, 5}


def test_organ_party_building(found):
    findings = found["机关党建经费"]
    for code in ("JX302", "JX304", "JX301"):
        assert has(findings, code), code
    [money] = [f for f in findings if f.code == "JX401"]
    assert "531,000" in money.message and "530,000" in money.message


def test_archive_digitisation(found):
    findings = found["西夏区组织部干部人事档案数字化项目"]
    [money] = [f for f in findings if f.code == "JX401"]
    assert "603,600" in money.message and "600,000" in money.message
    assert has(findings, "JX305")


def test_talent_subsidy_costs_without_units(found):
    assert rows_with(found["银川市高精尖缺人才生活补贴"], "JX307") == {3, 4, 5}


def test_money_valued_cost_row_named_after_project_is_fine(found):
    for project in ("干部教育培训经费", "人才工作经费"):
        assert has(found[project], "JX301")
        assert not has(found[project], "JX202"), project
    assert 0 in rows_with(found["人才工作经费"], "JX204")


def test_boilerplate_row(found):
    boilerplate = [f for fs in found.values() for f in fs if f.code == "JX206" and "符合条件率 / 100%" in f.message]
    assert len(boilerplate) == 3


def test_well_written_forms_are_clean():
    run = lint_paths([GOOD])
    assert len(run.forms) == 5 and not run.errors
    loud = [(f.path, f.code, f.message) for f in run.findings if f.severity != Severity.INFO]
    assert loud == []
