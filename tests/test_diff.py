"""`jixiao diff` and the matching under it: the same projects across years and rounds, renamed
projects and reordered rows, what changed, and the command's outputs and errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from drafting.compare.match import match_forms, match_rows
from drafting.compare.outline import Outline, RowOutline
from drafting.compare.targets import compare
from store import Declaration, dumps

from .conftest import ROOT

SECOND_YEAR = ROOT / "examples" / "xixia-2021.txt"

# The installed command, not `-m tui.cli`: a test store named "store" in the working folder would shadow the package.
JIXIAO = str(Path(sys.executable).parent / "jixiao")


def outline(project, rows, department="108", implementer="108001", year=2023, total=100.0, path=None):
    return Outline(path or f"{year}/{project}.toml", project, year, department, implementer, "延续性项目", total,
                   tuple(RowOutline(*row) for row in rows))


ROWS = (("数量指标", "农村低保保障人数", "≥2.15万人"), ("数量指标", "低保家庭入户核查户数", "≥9800户"),
        ("质量指标", "低保对象认定准确率", "≥98%"), ("时效指标", "低保金发放时间", "2023年12月31日前"),
        ("成本指标", "项目总成本", "≤9860万元"), ("服务对象满意度指标", "低保对象满意度", "≥90%"))


def test_a_renamed_project_of_the_same_office_is_paired():
    old = [outline("农村公路养护经费", ROWS), outline("农村低保资金", ROWS[:2])]
    new = [outline("农村公路日常养护资金", ROWS, year=2024), outline("困难群众临时救助资金", ROWS[2:4], year=2024)]
    matching = match_forms(old, new)
    assert [(p.old.project, p.new.project) for p in matching.pairs] == [("农村公路养护经费", "农村公路日常养护资金")]
    assert [f.project for f in matching.only_old] == ["农村低保资金"]
    assert [f.project for f in matching.only_new] == ["困难群众临时救助资金"]


def test_a_similar_project_of_another_department_is_not_paired():
    old = [outline("困难群众临时救助资金", ROWS, department="108")]
    new = [outline("困难学生临时救助资金", ROWS, department="106", year=2024)]
    matching = match_forms(old, new)
    assert not matching.pairs and len(matching.only_old) == len(matching.only_new) == 1


def test_a_project_renamed_further_is_paired_only_by_shared_rows_within_its_office():
    old = [outline("基层党组织建设经费", ROWS)]
    assert match_forms(old, [outline("基层党建工作保障资金", ROWS, year=2024)]).pairs
    assert not match_forms(old, [outline("基层党建工作保障资金", ROWS[:2], year=2024)]).pairs
    assert not match_forms([outline("基层党组织建设经费", ROWS, department="", implementer="")],
                           [outline("基层党建工作保障资金", ROWS, department="", implementer="", year=2024)]).pairs
    # Rows alone never pair two projects: offices file the same placeholder rows for many of them.
    assert not match_forms(old, [outline("农村低保兜底保障", ROWS, year=2024)]).pairs


def test_the_same_name_pairs_when_only_one_year_gives_the_codes():
    old = [outline("农村公路养护经费", ROWS)]
    new = [outline("农村公路养护经费", ROWS, department="", implementer="", year=2024)]
    assert match_forms(old, new).pairs and match_forms(new, old).pairs


def test_reordered_and_renamed_rows_are_paired_and_the_rest_listed():
    new_rows = (ROWS[2], ("数量指标", "入户核查低保家庭户数", "≥9800户"), ("数量指标", "农村低保保障人数", "≥2.3万人"),
                ("经济成本指标", "项目总成本", "≤9900万元"), ("质量指标", "低保金社会化发放率", "＝100%"))
    pairs = match_rows(tuple(RowOutline(*r) for r in ROWS), tuple(RowOutline(*r) for r in new_rows))
    got = {(p.old, p.new) for p in pairs}
    assert {(2, 0), (1, 1), (0, 2), (4, 3)} <= got  # reordered, reworded, a classic cost row in the 2021 framework
    assert {(None, 4), (3, None), (5, None)} <= got  # added, and removed
    assert len(pairs) == 7


@pytest.mark.parametrize("old, new, years, expected", [
    ("2023年12月31日前", "2024年12月31日前", 1, (True, None, None)),
    ("2023年12月31日前", "2024年10月31日前", 1, (False, "earlier", True)),
    ("≥2.15万人", "≥21500人", 0, (True, None, None)),
    ("≥1200人", "≥1000人", 1, (False, "lower", False)),
    ("≤24小时", "≤48小时", 1, (False, "higher", False)),
    ("≤680万元", "≤450万元", 1, (False, "lower", True)),
    ("＝0起", "≤1起", 1, (False, "higher", False)),
    ("持续提升", "≥95%", 1, (False, "changed", None)),
    ("≥95%", "＝95%", 1, (False, "changed", None)),
    ("≥85%", "85%", 1, (False, "changed", None)),  # only the writing, perhaps: still shown
    ("60万元", "≤60万元", 1, (False, "changed", None)),
    ("≥ 85 %", "≥85%", 1, (True, None, None)),
    ("≥120公里", "≥120000米", 1, (True, None, None)),
    ("≤5‰", "≤0.8%", 1, (False, "higher", False)),
])
def test_a_target_change_says_which_way_and_whether_it_asks_more(old, new, years, expected):
    assert tuple(compare(old, new, years)) == expected


# The command, on stores on disk.

def jixiao(*args, cwd, check=True):
    result = subprocess.run([JIXIAO, *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=180)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def two_years(tmp_path, seed_store):
    jixiao("import", SECOND_YEAR, "--into", tmp_path / "2021", cwd=tmp_path)
    return seed_store, tmp_path / "2021"


def test_diff_of_two_years_names_each_change(two_years, tmp_path):
    old, new = two_years
    out = jixiao("diff", old, new, cwd=tmp_path).stdout
    assert "机关党建经费（2020）→ 机关党建经费（2021）" in out
    assert "第2条 质量指标  “参训党员收货”  ≥ 90% → ≥ 85%（降低，要求放宽）" in out
    assert "基层组织工作经费（2020）→ 基层组织工作经费（2021）  未改动" in out
    assert "年度资金总额：450,000元 → 675,000元（+50.0%）" in out
    assert "离退休老干部医疗保障经费（2020）→ 离退休老干部医疗保障资金（2021）" in out  # renamed project
    assert "− 原第4条 删除  数量指标 “继续深入基层开展区市人才新政宣传报道工作" in out
    assert "只在" in out and "关工委经费（2020）" in out
    assert "对比 6 对申报表：5 对有改动，1 对未改动；只在旧版中 6 张，只在新版中 0 张" in out


def test_diff_json_has_the_documented_fields(two_years, tmp_path):
    old, new = two_years
    data = json.loads(jixiao("diff", old, new, "--format", "json", cwd=tmp_path).stdout)
    assert set(data) == {"old", "new", "forms", "only_old", "only_new", "errors"}
    form = next(f for f in data["forms"] if f["new_project"] == "机关党建经费")
    assert set(form) == {"old_path", "new_path", "old_project", "new_project", "old_year", "new_year", "basis",
                         "old_total", "new_total", "reordered", "header", "funds", "goal", "rows", "lint_gone",
                         "lint_new"}
    assert (form["old_total"], form["new_total"], form["reordered"]) == (530000, 530000, False)
    [lowered] = [r for r in form["rows"] if r["change"] != "same"]
    assert lowered == {"change": "retargeted", "old_indicator": 1, "new_indicator": 1, "old_level2": "质量指标",
                       "new_level2": "质量指标", "old_name": "参训党员收货", "new_name": "参训党员收货",
                       "old_value": "≥ 90%", "new_value": "≥ 85%", "direction": "lower", "stricter": False,
                       "moved": False}
    improved = next(f for f in data["forms"] if f["new_project"] == "非公经济组织和社会组织党建经费")
    assert {r["code"] for r in improved["lint_gone"]} >= {"JX301", "JX302"}  # the vague and misplaced rows went


def test_diff_xlsx_report(two_years, tmp_path):
    old, new = two_years
    out = jixiao("diff", old, new, "--format", "xlsx", "-o", tmp_path / "diff.xlsx", cwd=tmp_path).stdout
    assert "已写出报告" in out
    book = load_workbook(tmp_path / "diff.xlsx")
    assert book.sheetnames == ["概览", "表头和目标", "指标变化", "未匹配"]
    changes = [[c.value for c in row] for row in book["指标变化"].iter_rows(min_row=2)]
    assert ["机关党建经费", "机关党建经费", "改目标值", 2, 2, "质量指标", "质量指标", "参训党员收货", "参训党员收货",
            "≥ 90%", "≥ 85%", "降低，要求放宽"] in changes
    assert book["未匹配"].max_row == 7  # the heading and the six forms of 2020 not filed again
    overview = {row[3].value: row for row in book["概览"].iter_rows(min_row=2)}
    assert (overview["机关党建经费"][7].value, overview["机关党建经费"][8].value) == (530000, 530000)  # funds unchanged, shown
    header = [[c.value for c in row][2:] for row in book["表头和目标"].iter_rows(min_row=2)]
    assert ["项目名称", "离退休老干部医疗保障经费", "离退休老干部医疗保障资金"] in header


def test_two_files_are_compared_whatever_their_names(tmp_path, seed_declarations):
    a = seed_declarations["机关党建经费"]
    b = a.model_copy(update={"project": "机关党建工作专项", "department_code": "999"})
    (tmp_path / "a.toml").write_text(dumps(a), encoding="utf-8")
    (tmp_path / "b.toml").write_text(dumps(b), encoding="utf-8")
    out = jixiao("diff", "a.toml", "b.toml", cwd=tmp_path).stdout
    assert "项目名称：机关党建经费 → 机关党建工作专项" in out and "指标：未改动 7 条" in out


def test_two_unrelated_files_say_so_and_a_moved_row_is_a_change(tmp_path, seed_declarations):
    a = seed_declarations["关工委经费"]
    b = seed_declarations["机关党建经费"]
    (tmp_path / "a.toml").write_text(dumps(a), encoding="utf-8")
    (tmp_path / "b.toml").write_text(dumps(b), encoding="utf-8")
    assert "看来不是同一项目" in jixiao("diff", "a.toml", "b.toml", cwd=tmp_path).stdout
    moved = b.model_copy(deep=True)
    moved.indicators[0].level2 = "质量指标"
    (tmp_path / "moved.toml").write_text(dumps(moved), encoding="utf-8")
    data = json.loads(jixiao("diff", "b.toml", "moved.toml", "--format", "json", cwd=tmp_path).stdout)
    [row] = [r for r in data["forms"][0]["rows"] if r["moved"]]
    assert (row["change"], row["old_level2"], row["new_level2"]) == ("same", "数量指标", "质量指标")
    out = jixiao("diff", "b.toml", "moved.toml", cwd=tmp_path).stdout
    assert "未改动" not in out.splitlines()[0] and "第1条 质量指标（由数量指标移至质量指标）" in out


def test_a_form_against_its_previous_version(tmp_path, seed_declarations):
    form = seed_declarations["机关党建经费"].model_copy(deep=True)
    form.indicators[1].value = "≥100%"
    (tmp_path / "f.toml").write_text(dumps(form), encoding="utf-8")
    assert "没有 jixiao 保存的上一版本" in jixiao("diff", "f.toml", cwd=tmp_path, check=False).stderr
    jixiao("lint", "f.toml", "--fix", cwd=tmp_path, check=False)  # "≥100%" → "＝100%", with history
    out = jixiao("diff", "f.toml", cwd=tmp_path).stdout
    assert "修改前） → f.toml" in out and "≥100% → ＝100%" in out


def test_bad_input_is_one_line_and_the_rest_is_compared(two_years, tmp_path):
    old, new = two_years
    (new / "坏表.toml").write_text("project = [", encoding="utf-8")
    result = jixiao("diff", old, new, cwd=tmp_path, check=False)
    assert result.returncode == 2
    [error] = [line for line in result.stderr.splitlines() if line]
    assert "坏表.toml" in error and "TOML" in error
    assert "对比 6 对申报表" in result.stdout and "Traceback" not in result.stderr
    broken = jixiao("diff", old / "机关党建经费.toml", new / "坏表.toml", cwd=tmp_path, check=False)
    assert broken.returncode == 2 and "坏表.toml" in broken.stderr and not broken.stdout  # nothing to compare
    missing = jixiao("diff", old, tmp_path / "nowhere", cwd=tmp_path, check=False)
    assert missing.returncode == 2 and "nowhere: 文件或目录不存在" in missing.stderr and not missing.stdout
    assert jixiao("diff", old, cwd=tmp_path, check=False).returncode == 2  # one argument must be a file
