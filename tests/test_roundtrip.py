"""import(export(store)) gives back identical declarations, for text and for Excel."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Declaration, Funds, Indicator, Store
from store.exporting.text import export_text
from store.exporting.xlsx import export_xlsx
from store.importing.build import build_all
from store.importing.forms import FormReader
from store.importing.importer import import_files
from store.importing.sources import read_forms, text_rows
from store.columns import EXTRA_KEYS, is_bare_number, role_of
from store.vocabulary import FRAMEWORKS

# Chinese text with digits and the punctuation forms use; no tabs, newlines or layout words.
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x62FF)
# No 元: an amount in an indicator that contradicts the funds makes import read the funds in 元
# although the exported sheet says 万元 (the importer trusts the figures over a 万元 header; see units.py).
text = st.text(st.one_of(CJK, st.sampled_from('0123456789%≥≤＞＜＝.,，。、；（）()" ')), min_size=1, max_size=30).filter(
    lambda t: "元" not in t)
words = st.text(CJK, min_size=1, max_size=20)
maybe = st.one_of(st.just(""), text)
money = st.one_of(st.integers(10_000, 99_999_999), st.integers(1_000_000, 9_999_999_999).map(lambda n: n / 100))
# Values budget systems split into 运算符 / 指标值 / 单位, and ones they cannot.
values = st.one_of(maybe, st.builds(lambda op, n, unit: f"{op}{n}{unit}", st.sampled_from(["≥", "≤", "＝", "＞", "＜", ""]),
                                    st.sampled_from(["95", "1,500", "0.5", "2021"]), st.sampled_from(["%", "人次", "处", ""])))
# Table layouts as they come: the printed form's, and budget systems' split and extra columns.
LAYOUTS = [
    [],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "分值", "指标方向", "评(扣)分标准", "指标解释"],
    ["名称", "一级指标", "二级指标", "三级指标", "运算符", "指标值", "计量单位", "权重", "指标值设定依据", "备注"],
    ["一级指标", "二级指标", "三级指标", "中期指标值", "年度指标值"],
    ["一级指标", "二级指标", "三级指标", "指标值", "计量单位"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "中期指标值", "年度指标值", "度量单位"],
]


@st.composite
def indicators(draw, framework, columns):
    level2, level1 = draw(st.sampled_from(sorted(framework.level2.items())))
    roles = {role_of(c) for c in columns}
    extras = {key: draw(maybe) for key in EXTRA_KEYS if key in roles}
    if "midterm" in roles and "op" in roles:
        # A bare 中期 number in a split table takes the row's 运算符 and 单位 on import, so a
        # declaration holding one bare cannot come back bare (a limit of that layout).
        extras["midterm"] = draw(values.filter(lambda v: not is_bare_number(v)))
    return Indicator(level1=level1, level2=level2, name=draw(maybe), value=draw(values), **extras)


@st.composite
def declarations(draw):
    framework = draw(st.sampled_from(sorted(FRAMEWORKS.values(), key=lambda f: f.code)))
    columns = draw(st.sampled_from(LAYOUTS))
    rows = draw(st.lists(indicators(framework, columns), min_size=1, max_size=12))
    # Forms list their rows grouped by 一级 then 二级; keep that order as real forms do.
    order = list(framework.level2)
    rows.sort(key=lambda r: order.index(r.level2))
    # A form whose rows never show its framework's own names reads as the classic one.
    framework_code = framework.code if any(r.level1 == "成本指标" for r in rows) else "classic"
    return Declaration(
        year=draw(st.integers(2000, 2100)),
        region=draw(st.one_of(st.just(""), words)),
        project=draw(words),
        department=draw(words),
        department_code=draw(st.from_regex(r"\d{0,6}", fullmatch=True)),
        implementer=draw(words),
        implementer_code=draw(st.from_regex(r"\d{0,6}", fullmatch=True)),
        attribute=draw(words),
        attribute_code=draw(st.from_regex(r"(\d{2})?", fullmatch=True)),
        period=draw(st.sampled_from(["2020-2020", "2020-2022", ""])),
        framework=framework_code,
        columns=columns,
        goal="\n".join(draw(st.lists(words, max_size=3))),
        funds=Funds(total=draw(money), fiscal=draw(money), other=draw(st.one_of(st.just(0), money))),
        # The 中期 template: 中期 funds and goal beside the 年度 ones.
        midterm_goal="\n".join(draw(st.lists(words, max_size=2))),
        midterm_funds=draw(st.one_of(st.none(), st.builds(Funds, total=money, fiscal=money, other=money))),
        indicators=rows,
    )


def reimport_text(decls: list[Declaration]) -> list[Declaration]:
    rows = text_rows(export_text(decls), "\t")
    results = build_all(FormReader("export.txt").read(rows))
    assert not any(isinstance(r, Exception) for r in results), results
    return [r.declaration for r in results]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(declarations(), min_size=1, max_size=4))
def test_text_round_trip(decls):
    assert reimport_text(decls) == decls


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(declarations(), min_size=1, max_size=3))
def test_xlsx_round_trip(tmp_path, decls):
    out = tmp_path / "forms.xlsx"
    export_xlsx(decls, out)
    results = build_all(read_forms(out))
    assert [r.declaration for r in results] == decls


def _store_round_trip(seed_store: Path, exported: Path, tmp_path: Path):
    again = tmp_path / "again"
    report = import_files([exported], again)
    assert not report.errors
    original = sorted((s.declaration for s in Store(seed_store).load_all()[0]), key=lambda d: d.key)
    reread = sorted((s.declaration for s in Store(again).load_all()[0]), key=lambda d: d.key)
    assert reread == original
    assert sorted(p.name for p in again.glob("*.toml")) == sorted(p.name for p in seed_store.glob("*.toml"))


def test_seed_store_round_trips_through_text(seed_store, tmp_path):
    declarations_ = [s.declaration for s in Store(seed_store).load_all()[0]]
    exported = tmp_path / "export.txt"
    exported.write_text(export_text(declarations_), encoding="utf-8")
    _store_round_trip(seed_store, exported, tmp_path)


def test_seed_store_round_trips_through_xlsx(seed_store, tmp_path):
    declarations_ = [s.declaration for s in Store(seed_store).load_all()[0]]
    exported = tmp_path / "export.xlsx"
    export_xlsx(declarations_, exported)
    _store_round_trip(seed_store, exported, tmp_path)


def test_xlsx_layout_has_merged_cells_and_the_indicator_table(seed_store, tmp_path):
    from openpyxl import load_workbook

    declarations_ = [s.declaration for s in Store(seed_store).load_all()[0]]
    exported = tmp_path / "export.xlsx"
    export_xlsx(declarations_, exported)
    book = load_workbook(exported)
    assert len(book.worksheets) == 12
    sheet = book["机关党建经费"]
    assert sheet["A1"].value == "西夏区部门项目支出预算绩效目标申报表"
    assert [c.value for c in sheet[10]] == ["名称", "一级指标", "二级指标", "三级指标", "指标值"]
    assert sheet["C6"].value == 53  # the form asks for 万元
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:E1", "B9:E9", "A11:A17", "B11:B14"} <= merged
