"""The year-over-year rules (JX6xx): each fires on a bad pair of years and stays quiet on a near
miss; they run through `jixiao lint --previous` and `[lint] previous`, and the cache never answers a
year run from a run without the previous store (or the reverse)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafting.compare.outline import Outline
from drafting.lint import LintConfig, lint_forms
from drafting.lint.view import FormView
from store import Declaration, dumps

from .helpers import form, row

CONFIG = LintConfig(previous="last-year")  # any value switches the year rules on; the outlines are given

# The installed command, not `-m tui.cli`: a test store named "store" in the working folder would shadow the package.
JIXIAO = str(Path(sys.executable).parent / "jixiao")


def last_year(**changes) -> dict:
    """The base form (2021) as the same project filed it for 2020."""
    data = form(year=2020, period="2020-2020", **changes)
    row(data, 4, value="2020年12月31日前")
    return data


def funds(total: float) -> dict:
    return {"total": total, "fiscal": total, "other": 0}


def year_findings(old: dict, new: dict, config: LintConfig = CONFIG):
    previous = [Outline.of("2020/form.toml", Declaration.model_validate(old))]
    views = [FormView("2021/form.toml", Declaration.model_validate(new))]
    return [f for f in lint_forms(views, config, previous) if f.code.startswith("JX6")]


def year_codes(old: dict, new: dict) -> set[str]:
    return {f.code for f in year_findings(old, new)}


def raised(data: dict) -> dict:
    """The base form with every target raised and renamed a little: a genuinely updated form."""
    row(data, 0, value="≥14场")
    row(data, 1, value="≥6000人次")
    return row(data, 2, name="培训社会体育指导员", value="≥220名")


CASES = {
    # Unchanged but for the year in its deadline, against one raised target.
    "JX601": (lambda: (last_year(), form()), lambda: (last_year(), row(form(), 0, value="≥14场"))),
    # A quality target lowered (a ceiling raised) with the same funds, against the same with funds cut.
    "JX602": (lambda: (last_year(), row(form(), 3, value="＜2%")),
              lambda: (last_year(funds=funds(500000)), row(form(funds=funds(400000)), 3, value="＜2%"))),
    # Funds up 50% with the same outputs, against funds up 50% with outputs up.
    "JX603": (lambda: (last_year(), form(funds=funds(675000))),
              lambda: (last_year(), row(form(funds=funds(675000)), 0, value="≥18场"))),
    # A quantity row dropped, against one dropped and replaced by a new one in 数量指标.
    "JX604": (lambda: (last_year(), drop_row(form(), 2)),
              lambda: (last_year(), replace_row(form(), 2, name="新建健身路径", value="≥10条"))),
}


def drop_row(data: dict, index: int) -> dict:
    del data["indicators"][index]
    return data


def replace_row(data: dict, index: int, **changes) -> dict:
    data["indicators"][index] = {**data["indicators"][index], **changes}
    return data


@pytest.mark.parametrize("code", sorted(CASES))
def test_year_rule_fires_on_the_bad_pair(code):
    assert code in year_codes(*CASES[code][0]())


@pytest.mark.parametrize("code", sorted(CASES))
def test_year_rule_is_quiet_on_the_near_miss(code):
    assert code not in year_codes(*CASES[code][1]())


def test_an_updated_form_has_no_year_findings():
    assert year_codes(last_year(), raised(form())) == set()


def test_year_rules_are_off_without_the_previous_store():
    views = [FormView("2021/form.toml", Declaration.model_validate(form()))]
    previous = [Outline.of("2020/form.toml", Declaration.model_validate(last_year()))]
    assert not [f for f in lint_forms(views, LintConfig(), previous) if f.code.startswith("JX6")]


def test_findings_name_last_year_and_the_row():
    [lowered] = year_findings(last_year(), row(form(), 2, value="≥150名"))
    assert (lowered.code, lowered.indicator) == ("JX602", 2)
    assert "目标比上年放宽：“≥200名”→“≥150名”" in lowered.message and "持平" in lowered.message
    [dropped] = year_findings(last_year(), drop_row(form(), 1))
    assert "参与赛事群众人次" in dropped.message and dropped.indicator is None
    found = year_findings(last_year(), form(funds=funds(900000)))
    assert [f.code for f in found] == ["JX601", "JX603"]  # the same rows, and twice the money
    assert "100%" in found[1].message and "450,000元 → 900,000元" in found[1].message


def test_a_renamed_project_with_renamed_rows_is_still_last_years():
    new = form(project="全民健身赛事活动资金")
    row(new, 0, name="全民健身赛事举办场次", value="≥10场")
    assert year_codes(last_year(), new) == {"JX602"}


def test_a_project_of_another_department_is_not_last_years():
    assert year_codes(last_year(department_code="121"), form()) == set()


def test_a_lowered_rate_given_in_wan_is_compared_in_one_unit():
    old = row(last_year(), 1, value="≥0.5万人次")
    assert year_codes(old, row(form(), 1, value="≥5000人次")) == {"JX601"}
    assert year_codes(old, row(form(), 1, value="≥4000人次")) == {"JX602"}


def test_suppressed_on_the_form():
    assert year_codes(last_year(), form(ignore=["JX601"])) == set()


def test_unit_cost_rise_is_configurable():
    config = CONFIG.model_copy(update={"unit_cost_rise": 0.6})
    assert "JX603" not in {f.code for f in year_findings(last_year(), form(funds=funds(675000)), config)}
    assert "JX603" in {f.code for f in year_findings(last_year(), form(funds=funds(740000)), config)}


# Through the command line, with a store on disk.

def _write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(dumps(Declaration.model_validate(data)), encoding="utf-8")


def _lint(*args, cwd):
    result = subprocess.run([JIXIAO, "lint", *args, "--format", "json"], cwd=cwd,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return [f["code"] for f in json.loads(result.stdout) if f["code"].startswith("JX6")]


def test_lint_previous_option_and_setting(tmp_path):
    _write(tmp_path / "2020", "赛事.toml", last_year())
    _write(tmp_path / "2021", "赛事.toml", form())
    assert _lint("2021", "--previous", "2020", cwd=tmp_path) == ["JX601"]
    assert _lint("2021", cwd=tmp_path) == []
    (tmp_path / "2021" / "jixiao.toml").write_text('[lint]\nprevious = "../2020"\n', encoding="utf-8")
    assert _lint("2021", cwd=tmp_path) == ["JX601"]


def test_the_cache_follows_the_previous_store(tmp_path):
    """A year run after a plain run reads the forms' outlines again; a change to last year's store
    shows in the next run; a plain run after a year run has no year findings."""
    _write(tmp_path / "2020", "赛事.toml", last_year())
    _write(tmp_path / "2021", "赛事.toml", form())
    (tmp_path / "2021" / "jixiao.toml").write_text("", encoding="utf-8")
    assert _lint("2021", cwd=tmp_path) == []
    assert _lint("2021", "--previous", "2020", cwd=tmp_path) == ["JX601"]
    _write(tmp_path / "2020", "赛事.toml", row(last_year(), 0, value="≥10场"))
    assert _lint("2021", "--previous", "2020", cwd=tmp_path) == []
    _write(tmp_path / "2020", "赛事.toml", row(last_year(), 0, value="≥20场"))
    assert _lint("2021", "--previous", "2020", cwd=tmp_path) == ["JX602"]
    assert _lint("2021", cwd=tmp_path) == []


def test_a_missing_previous_store_is_one_line(tmp_path):
    _write(tmp_path / "2021", "赛事.toml", form())
    result = subprocess.run([JIXIAO, "lint", "2021", "--previous", "nowhere"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "nowhere" in result.stderr and "上年申报表目录不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_previous_store_that_is_not_earlier_or_holds_nothing_is_said(tmp_path):
    _write(tmp_path / "2021", "赛事.toml", form())
    (tmp_path / "empty").mkdir()
    for previous, reason in (("2021", "不早于本次检查的 2021 年度"), ("empty", "没有申报表"),
                             ("2021/赛事.toml", "而不是文件")):
        result = subprocess.run([JIXIAO, "lint", "2021", "--previous", previous], cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 2 and reason in result.stderr, (previous, result.stderr)
        assert "JX601" not in result.stdout
