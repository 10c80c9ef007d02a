"""Import of what offices really have: the 2021 framework, split and extra columns, Word, UTF-16 and
GB18030 text, a stray bad byte. Nothing is merged into a name or dropped without a note."""

from pathlib import Path

import pytest

from store.importing.build import build_all
from store.importing.importer import import_files
from store.importing.sources import read_forms

HEAD = """某县部门项目支出预算绩效目标申报表
(2023年度)
项目名称\t{project}
主管部门及代码\t【201】某县水利局\t实施单位\t【201001】某县水利局本级
项目属性\t03-延续性项目\t项目期\t2023-2023
项目资金 (万元)\t年度资金总额:\t80
\t其中: 财政拨款\t80
\t其他资金\t0
年度总体目标\t维修养护农村供水工程35处，保障3.2万人饮水安全。
"""

TABLE_2021 = """名称\t一级指标\t二级指标\t三级指标\t指标值
绩效指标\t产出指标\t数量指标 (必填)\t维修养护供水工程数量\t≥35处
\t\t质量指标\t维修工程验收合格率\t100%
\t\t时效指标\t项目完成时间\t2023年12月31日前
\t成本指标\t经济成本指标\t维修养护费用\t≤80万元
\t\t社会成本指标\t对周边居民生活的影响\t无明显影响
\t\t生态环境成本指标\t对生态环境的影响\t无
\t效益指标\t社会效益指标\t受益人口\t≥3.2万人
\t满意度指标\t服务对象满意度指标\t受益群众满意度\t≥90%
"""

LEVELS_2021 = [
    ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
    ("成本指标", "经济成本指标"), ("成本指标", "社会成本指标"), ("成本指标", "生态环境成本指标"),
    ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标"),
]


def built(path: Path):
    results = build_all(read_forms(path))
    assert not [r for r in results if isinstance(r, Exception)], results
    return results


def write(tmp_path: Path, text: str, name: str = "forms.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_2021_table_keeps_its_structure(tmp_path):
    [form] = built(write(tmp_path, HEAD.format(project="农村饮水安全工程维修养护") + TABLE_2021))
    d = form.declaration
    assert d.framework == "2021"
    assert [(r.level1, r.level2) for r in d.indicators] == LEVELS_2021
    assert d.indicators[3].name == "维修养护费用"  # no "经济成本指标" glued onto it
    assert d.funds.total == 800000 and d.columns == []
    assert form.notes == []


def test_a_drifted_2021_row_is_read_by_what_its_cells_say(tmp_path):
    # A paste that lost the 名称 column on one row: the cells moved left.
    table = TABLE_2021.replace("\t成本指标\t经济成本指标\t维修养护费用", "成本指标\t经济成本指标\t维修养护费用")
    table = table.replace("\t\t社会成本指标\t对周边", "\t\t\t社会成本指标\t对周边")  # and one moved right
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    rows = form.declaration.indicators
    assert [(r.level1, r.level2) for r in rows] == LEVELS_2021
    assert (rows[3].name, rows[3].value) == ("维修养护费用", "≤80万元")
    assert (rows[4].name, rows[4].value) == ("对周边居民生活的影响", "无明显影响")


def test_a_cell_that_fits_no_column_is_reported_never_glued(tmp_path):
    table = TABLE_2021.replace("\t\t质量指标\t维修工程验收合格率\t100%", "\t\t质量指标\t维修工程验收合格率\t抽检\t100%\t备查")
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    row = form.declaration.indicators[1]
    # Read by its columns; the two cells right of the table are reported, nothing is glued.
    assert (row.name, row.value) == ("维修工程验收合格率", "抽检")
    assert [note for note in form.notes if "第12行" in note] == [
        "第12行：表格右侧的单元格“100%”不属于任何一列，未导入", "第12行：表格右侧的单元格“备查”不属于任何一列，未导入"]


def test_a_drifted_row_with_a_cell_too_many_is_reported_never_glued(tmp_path):
    table = TABLE_2021.replace("\t\t质量指标\t维修工程验收合格率\t100%", "质量指标\t维修工程验收合格率\t抽检\t100%")
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    row = form.declaration.indicators[1]
    assert (row.level2, row.name, row.value) == ("质量指标", "维修工程验收合格率", "100%")
    assert form.notes == ["第12行：单元格“抽检”不属于任何一列，未导入（三级指标“维修工程验收合格率”）"]


def test_an_unknown_level1_is_kept_as_written_for_lint_to_name(tmp_path):
    table = TABLE_2021.replace("\t效益指标\t社会效益指标", "\t影响指标\t社会效益指标")
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    assert form.declaration.indicators[6].level1 == "影响指标"


SPLIT = """一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t分值\t评(扣)分标准\t联系人
产出指标\t数量指标\t维修养护供水工程数量\t>=\t35\t处\t20\t每少1处扣1分\t张三
\t质量指标\t维修工程验收合格率\t=\t100\t%\t10\t
\t时效指标\t项目完成时间\t定性\t2023年12月31日前\t\t10
成本指标\t经济成本指标\t维修养护费用\t≤\t80\t万元\t10
\t社会成本指标\t对周边居民生活的影响\t定性\t无明显影响\t\t5
效益指标\t社会效益指标\t受益人口\t≥\t3.2\t万人\t25
满意度指标\t服务对象满意度指标\t受益群众满意度\t≥\t90\t%\t10
"""


def test_split_columns_combine_and_extra_columns_are_kept(tmp_path):
    [form] = built(write(tmp_path, HEAD.format(project="甲") + SPLIT))
    d = form.declaration
    assert [r.value for r in d.indicators] == ["≥35处", "＝100%", "2023年12月31日前", "≤80万元", "无明显影响",
                                               "≥3.2万人", "≥90%"]
    assert [r.score for r in d.indicators] == ["20", "10", "10", "10", "5", "25", "10"]
    assert d.indicators[0].scoring == "每少1处扣1分"
    assert d.columns == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "分值", "评(扣)分标准"]
    # The column nobody knows is reported, with the cell that was not imported.
    assert any("联系人" in note for note in form.notes)
    assert any("第11行" in note and "张三" in note for note in form.notes), form.notes


def test_midterm_and_annual_values(tmp_path):
    table = "一级指标\t二级指标\t三级指标\t中期指标值\t年度指标值\n" + "\n".join(
        line.split("\t", 1)[1].rsplit("\t", 1)[0] + "\t≥100处\t" + line.rsplit("\t", 1)[1]
        for line in TABLE_2021.splitlines()[1:])
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    d = form.declaration
    assert d.indicators[0].midterm == "≥100处" and d.indicators[0].value == "≥35处"
    assert d.columns == ["一级指标", "二级指标", "三级指标", "中期指标值", "年度指标值"]


def test_unknown_header_cells_are_reported(tmp_path):
    text = HEAD.format(project="甲\t联系电话\t1234567") + TABLE_2021
    [form] = built(write(tmp_path, text))
    assert form.declaration.project == "甲"
    assert any("第3行" in note and "联系电话" in note for note in form.notes), form.notes
    assert any("第3行" in note and "1234567" in note for note in form.notes), form.notes


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "gb18030", "utf-8-sig"])
def test_encodings(tmp_path, encoding):
    text = HEAD.format(project="甲") + TABLE_2021 + HEAD.format(project="乙") + TABLE_2021
    results = built(write(tmp_path, text, encoding=encoding))
    assert [r.declaration.project for r in results] == ["甲", "乙"]
    assert all(r.notes == [] for r in results)


def test_a_stray_bad_byte_costs_one_line_not_the_file(tmp_path):
    data = (HEAD.format(project="甲") + TABLE_2021 + HEAD.format(project="乙") + TABLE_2021).encode("utf-8")
    at = data.index("受益群众".encode())  # in the first form's last row, line 18
    path = tmp_path / "forms.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    results = built(path)
    assert [r.declaration.project for r in results] == ["甲", "乙"]
    assert results[0].declaration.indicators[-1].name == "\ufffd受益群众满意度"
    assert results[0].notes == ["第18行含无法识别的字节，已显示为“\ufffd”：请核对该行"]
    assert results[1].notes == []
    assert results[1].declaration.goal == "维修养护农村供水工程35处，保障3.2万人饮水安全。"


def test_binary_is_still_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(Exception, match="不是文本文件"):
        read_forms(path)


def test_the_2021_form_round_trips_in_its_own_layout(tmp_path):
    from store.exporting.text import export_text
    from store.exporting.xlsx import export_xlsx

    [form] = built(write(tmp_path, HEAD.format(project="甲") + SPLIT))
    d = form.declaration
    again = write(tmp_path, export_text([d]), "again.txt")
    text = again.read_text(encoding="utf-8")
    assert "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t分值\t评(扣)分标准\n" in text
    assert "产出指标\t数量指标\t维修养护供水工程数量\t≥\t35\t处\t20\t每少1处扣1分\n" in text
    assert [r.declaration for r in built(again)] == [d]
    export_xlsx([d], tmp_path / "again.xlsx")
    assert [r.declaration for r in built(tmp_path / "again.xlsx")] == [d]


def test_import_report_names_the_framework(tmp_path, capsys):
    from tui.cli import main

    path = write(tmp_path, HEAD.format(project="甲") + SPLIT)
    assert main(["import", str(path), "--into", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert "指标体系：2021版指标体系（成本指标为一级指标）；指标表的列：一级指标、二级指标" in out
    assert "注意：" in out and "联系人" in out
    report = import_files([path], tmp_path / "store")
    assert report.outcomes[0].status == "unchanged"


def _docx_form(document, project: str, rows: list[list[str]]) -> None:
    """A form as offices lay it out in Word: title paragraphs, then one table with merged cells."""
    document.add_paragraph("某县部门项目支出预算绩效目标申报表")
    document.add_paragraph("（2023年度）")
    header = [
        ["项目名称", project, "", "", ""],
        ["主管部门及代码", "【201】某县水利局", "实施单位", "【201001】某县水利局本级", ""],
        ["项目属性", "03-延续性项目", "项目期", "2023-2023", ""],
        ["项目资金（万元）", "年度资金总额", "80", "", ""],
        ["", "其中：财政拨款", "80", "", ""],
        ["", "其他资金", "0", "", ""],
        ["年度总体目标", "维修养护农村供水工程35处，\n保障3.2万人饮水安全。", "", "", ""],
        ["名称", "一级指标", "二级指标", "三级指标", "指标值"],
    ]
    table = document.add_table(rows=len(header) + len(rows), cols=5)
    for r, cells in enumerate(header + rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    for r in (0, 6):  # values spanning the row
        table.cell(r, 1).merge(table.cell(r, 4))
    table.cell(1, 3).merge(table.cell(1, 4))
    table.cell(3, 0).merge(table.cell(5, 0))  # 项目资金 over three rows
    first = len(header)
    table.cell(first, 0).merge(table.cell(first + len(rows) - 1, 0))  # 绩效指标
    # 一级 merged over its rows, as the printed form does
    start = first
    for r in range(first + 1, first + len(rows) + 1):
        if r == first + len(rows) or rows[r - first][1]:
            if r - 1 > start:
                table.cell(start, 1).merge(table.cell(r - 1, 1))
            start = r


def _rows(table: str) -> list[list[str]]:
    return [line.split("\t") + [""] * (5 - len(line.split("\t"))) for line in table.splitlines()[1:]]


def test_word_documents_with_merged_cells_and_tables_split_over_pages(tmp_path):
    import docx

    document = docx.Document()
    _docx_form(document, "甲工程", _rows(TABLE_2021))
    # The second form breaks after three rows; the next page repeats the table's heading row.
    rows = _rows(TABLE_2021)
    _docx_form(document, "乙工程", rows[:3])
    document.add_paragraph("")
    rest = document.add_table(rows=1 + len(rows) - 3, cols=5)
    for r, cells in enumerate([["名称", "一级指标", "二级指标", "三级指标", "指标值"], *rows[3:]]):
        for c, text in enumerate(cells):
            rest.cell(r, c).text = text
    path = tmp_path / "forms.docx"
    document.save(path)

    results = built(path)
    assert [r.declaration.project for r in results] == ["甲工程", "乙工程"]
    for result in results:
        d = result.declaration
        assert (d.year, d.region, d.department_code, d.implementer) == (2023, "某县", "201", "某县水利局本级")
        assert d.framework == "2021" and d.funds.total == 800000
        assert d.goal == "维修养护农村供水工程35处，\n保障3.2万人饮水安全。"
        assert [(r.level1, r.level2) for r in d.indicators] == LEVELS_2021
        assert [r.name for r in d.indicators][3:5] == ["维修养护费用", "对周边居民生活的影响"]
        assert result.notes == []


def test_a_damaged_word_file_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(Exception, match="不是有效的 Word 文档"):
        read_forms(path)


def test_xlsx_from_a_budget_system_with_split_columns_and_merged_levels(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    lines = HEAD.format(project="甲").splitlines() + SPLIT.splitlines()
    for line in lines:
        sheet.append([float(c) if c.replace(".", "").isdigit() else c for c in line.split("\t")])
    # 一级 cells merged down over their rows: openpyxl leaves the merged-away cells empty.
    sheet.merge_cells("A11:A13")
    sheet.merge_cells("A14:A15")
    path = tmp_path / "budget.xlsx"
    book.save(path)
    [form] = built(path)
    d = form.declaration
    assert [r.value for r in d.indicators][:4] == ["≥35处", "＝100%", "2023年12月31日前", "≤80万元"]
    assert d.indicators[5].value == "≥3.2万人"  # 3.2 was a number cell
    assert d.funds.total == 800000 and d.framework == "2021"
    assert [r.score for r in d.indicators][:2] == ["20", "10"]


@pytest.mark.parametrize("suffix, advice", [(".doc", "请在 Word 中另存为 .docx 后导入"),
                                           (".xls", "请在 Excel 中另存为 .xlsx 后导入")])
def test_old_office_files_are_refused_with_the_way_out(tmp_path, suffix, advice):
    path = tmp_path / f"2023申报表{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    report = import_files([path, write(tmp_path, HEAD.format(project="甲") + TABLE_2021)], tmp_path / "store")
    [error] = report.errors
    assert str(error).startswith(f"{path}: ") and str(error).endswith(advice)
    assert [o.built.declaration.project for o in report.outcomes] == ["甲"]  # the other file still imports


def test_workbook_cells_typed_as_percent_and_date(tmp_path):
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in HEAD.format(project="甲").splitlines():
        sheet.append(line.split("\t"))
    sheet.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"])
    sheet.append(["产出指标", "质量指标", "验收合格率", "≥", 0.95, "%"])
    sheet.append(["", "时效指标", "完成时间", "定性", datetime.datetime(2023, 12, 31), ""])
    sheet["E11"].number_format = "0%"
    path = tmp_path / "cells.xlsx"
    book.save(path)
    [form] = built(path)
    assert [r.value for r in form.declaration.indicators] == ["≥95%", "2023年12月31日"]


def test_what_is_written_under_the_table_is_reported_not_read_as_indicators(tmp_path):
    footer = "填报人：张三\t\t审核人：李四\t联系电话：0831-1234567\n"
    text = HEAD.format(project="甲") + TABLE_2021 + footer + HEAD.format(project="乙") + TABLE_2021
    first, second = built(write(tmp_path, text))
    assert len(first.declaration.indicators) == len(LEVELS_2021) == len(second.declaration.indicators)
    assert first.notes == ["第19行：表格后的内容未导入（填报人：张三 审核人：李四 联系电话：0831-1234567）"]


def test_quoted_cells_with_line_breaks_as_excel_copies_them(tmp_path):
    table = TABLE_2021.replace("\t\t质量指标\t维修工程验收合格率\t100%",
                               '\t\t质量指标\t"维修工程验收合格率\n（抽检）"\t100%')
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    rows = form.declaration.indicators
    assert len(rows) == len(LEVELS_2021)
    assert (rows[1].name, rows[1].value) == ("维修工程验收合格率 （抽检）", "100%")


def test_a_stray_quote_mark_does_not_swallow_the_file(tmp_path):
    table = TABLE_2021.replace("\t\t质量指标\t维修工程验收合格率\t100%", '\t\t质量指标\t"维修工程验收合格率\t100%')
    form, other = built(write(tmp_path, HEAD.format(project="甲") + table + HEAD.format(project="乙") + TABLE_2021 * 2))
    assert len(form.declaration.indicators) == len(LEVELS_2021)
    assert other.declaration.project == "乙"
    assert form.declaration.indicators[1].name == '"维修工程验收合格率'


def test_csv_files(tmp_path):
    text = (HEAD.format(project="甲") + SPLIT).replace("\t", ",")
    [form] = built(write(tmp_path, text, name="forms.csv"))
    assert form.declaration.indicators[0].value == "≥35处"
    comma_txt = write(tmp_path, text, name="forms.txt")
    with pytest.raises(Exception, match="逗号分隔"):
        read_forms(comma_txt)


def test_split_midterm_values_share_the_rows_operator_and_unit(tmp_path):
    table = ("一级指标\t二级指标\t三级指标\t指标性质\t中期指标值\t年度指标值\t度量单位\n"
             "产出指标\t数量指标\t新增电子档案\t≥\t50000\t20000\t条\n"
             "\t时效指标\t完成时间\t定性\t2025年底前\t2023年12月31日前\t\n")
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    rows = form.declaration.indicators
    assert [(r.midterm, r.value) for r in rows] == [("≥50000条", "≥20000条"), ("2025年底前", "2023年12月31日前")]
    from store.exporting.text import export_text

    again = write(tmp_path, export_text([form.declaration]), "again.txt")
    assert "\t新增电子档案\t≥\t50000\t20000\t条\n" in again.read_text(encoding="utf-8")
    assert [r.declaration for r in built(again)] == [form.declaration]


@pytest.mark.parametrize("goal", ["开展老年人健康体检，人均体检费用不超过60元。", "资助学生，生均2000元。",
                                  "门诊费3000元每人每年。"])
def test_a_rate_in_the_goal_is_no_witness_of_the_budgets_unit(tmp_path, goal):
    text = HEAD.format(project="甲").replace("维修养护农村供水工程35处，保障3.2万人饮水安全。", goal)
    table = TABLE_2021.replace("\t\t社会成本指标", "\t\t社会成本指标").replace("≤80万元", "无明显超支")
    [form] = built(write(tmp_path, text.replace("年度资金总额:\t80", "年度资金总额:\t120") + table))
    assert form.declaration.funds.total == 1_200_000  # 120 under "(万元)", not 120 元
    assert form.unit.unit == "万元"


def test_a_form_mixing_both_frameworks_is_noted(tmp_path):
    table = TABLE_2021.replace("\t成本指标\t经济成本指标\t维修养护费用\t≤80万元",
                               "\t\t成本指标\t维修养护费用\t≤80万元")
    [form] = built(write(tmp_path, HEAD.format(project="甲") + table))
    assert form.declaration.framework == "2021"
    assert any("同时有两种指标体系" in note for note in form.notes)
