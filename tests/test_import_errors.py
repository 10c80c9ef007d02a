"""Bad input: one clear line naming file and line, the other forms still imported, no partial file."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import ImportFormatError
from store.importing.build import build_all
from store.importing.forms import FormReader, Row
from store.importing.importer import import_files

from .conftest import SEED

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


def only_toml(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_truncated_file_imports_the_whole_forms_and_reports_the_cut_one(tmp_path):
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(SEED_LINES[:240]), encoding="utf-8")  # inside the 档案数字化 form's goal
    store = tmp_path / "s"
    report = import_files([cut], store)
    assert len(report.outcomes) == 10
    [error] = report.errors
    assert str(error).startswith(f"{cut}:227: ")  # the form's title line
    assert "指标表" in error.reason
    assert len([p for p in store.glob("*.toml")]) == 10
    assert [p.name for p in store.iterdir() if p.name.startswith(".")] == [".jixiao"]  # its lock; no temporaries


def test_binary_file(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    report = import_files([binary], tmp_path / "s")
    [error] = report.errors
    assert error.path == binary and "二进制" in error.reason
    assert only_toml(tmp_path / "s") == []


def test_form_without_project_name(tmp_path):
    lines = list(SEED_LINES)
    lines[6] = "\t\t\t"  # the first form's 项目名称 row
    source = tmp_path / "noname.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    report = import_files([source], tmp_path / "s")
    assert len(report.outcomes) == 11
    [error] = report.errors
    assert "项目名称" in error.reason and error.line is not None


def test_gb18030_text_is_read(tmp_path):
    source = tmp_path / "gbk.txt"
    source.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    report = import_files([source], tmp_path / "s")
    assert not report.errors and report.indicators == 99


def test_not_an_xlsx(tmp_path):
    fake = tmp_path / "forms.xlsx"
    fake.write_text("hello", encoding="utf-8")
    report = import_files([fake], tmp_path / "s")
    [error] = report.errors
    assert "xlsx" in error.reason


def test_missing_input_file(tmp_path):
    report = import_files([tmp_path / "nope.txt", SEED], tmp_path / "s")
    [error] = report.errors
    assert "不存在" in error.reason
    assert len(report.outcomes) == 12


def test_text_with_no_forms(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("会议纪要\n今天讨论了预算。\n", encoding="utf-8")
    [error] = import_files([source], tmp_path / "s").errors
    assert "未找到申报表" in error.reason


def test_bad_amount_names_its_line(tmp_path):
    lines = list(SEED_LINES)
    lines[9] = "项目资金 (万元)\t年度资金总额:\t四十万\t\t"
    source = tmp_path / "amount.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    report = import_files([source], tmp_path / "s")
    [error] = report.errors
    assert error.line == 10 and "四十万" in error.reason
    assert len(report.outcomes) == 11


# Lines drawn from the seed, shuffled, cut and mixed with noise: the importer may reject them,
# but only ever with its own error type.
seed_line = st.sampled_from(SEED_LINES)
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
mutated = st.one_of(seed_line, noise, seed_line.map(lambda s: s[: len(s) // 2]),
                    st.tuples(seed_line, noise).map("\t".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated, max_size=60))
def test_fuzzed_input_raises_only_import_errors(lines):
    try:
        forms = FormReader("fuzz.txt").read(Row(n, l.split("\t")) for n, l in enumerate(lines, 1))
        for result in build_all(forms):
            assert isinstance(result, ImportFormatError) or result.declaration.project
    except ImportFormatError:
        pass


def test_a_staff_workbook_with_percent_cells_and_wan_amounts(tmp_path):
    """An office's own Excel sheet: amounts in 万元 as the header says, rates as formatted numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "全民健身"
    rows = [
        ["西夏区部门项目支出预算绩效目标申报表"], ["(2021年度)"],
        ["项目名称", "全民健身赛事活动经费"],
        ["主管部门及代码", "【120】西夏区文旅局", "实施单位", "【120002】西夏区体育中心"],
        ["项目属性", "03-延续性项目", "项目期", "2021-2021"],
        ["项目资金（万元）", "年度资金总额:", 45],
        [None, "其中: 财政拨款", 40],
        [None, "其他资金", 5],
        ["年度总体目标", "全年举办全民健身赛事12场。"],
        ["名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["绩效指标", "产出指标", "数量指标（必填）", "举办赛事场次", "≥12场"],
        [None, None, "质量指标", "赛事安全事故发生率", 0.01],
        [None, "满意度指标", "服务对象满意度指标", "参赛群众满意度", 0.9],
    ]
    for row in rows:
        sheet.append(row)
    sheet["E12"].number_format = "0%"
    sheet["E13"].number_format = "0%"
    path = tmp_path / "office.xlsx"
    book.save(path)
    report = import_files([path], tmp_path / "s")
    assert not report.errors
    [outcome] = report.outcomes
    d = outcome.built.declaration
    assert (d.funds.total, d.funds.fiscal, d.funds.other) == (450000, 400000, 50000)
    assert [r.value for r in d.indicators] == ["≥12场", "1%", "90%"]
    assert [r.level2 for r in d.indicators] == ["数量指标", "质量指标", "服务对象满意度指标"]
    assert outcome.built.unit.unit == "万元"
