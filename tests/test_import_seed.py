"""The seed file of 12 real forms imports exactly."""

from store import Store
from store.importing.importer import UNCHANGED, import_files
from store.vocabulary import CLASSIC, FRAMEWORKS

from .conftest import SEED

FILE_ORDER = [
    ("非公经济组织和社会组织党建经费", 7, 400000, "2020-2021", "03", "延续性项目"),
    ("干部教育培训经费", 10, 450000, "2020-2020", "03", "延续性项目"),
    ("关工委经费", 7, 50000, "2020-2020", "02", "新增延续性项目"),
    ("机关党建经费", 7, 530000, "2020-2020", "03", "延续性项目"),
    ("基层组织工作经费", 7, 600000, "2020-2020", "03", "延续性项目"),
    ("老干部综合服务经费", 7, 100000, "2020-2020", "02", "新增延续性项目"),
    ("老年大学办学活动经费", 7, 200000, "2020-2020", "02", "新增延续性项目"),
    ("离退休老干部医疗保障经费", 7, 42000, "2020-2020", "02", "新增延续性项目"),
    ("人才工作经费", 10, 250000, "2020-2020", "03", "延续性项目"),
    ("为民服务和发展专项资金项目", 9, 4000000, "2020-2022", "03", "延续性项目"),
    ("西夏区组织部干部人事档案数字化项目", 12, 600000, "2020-2020", "01", "新增一次性项目"),
    ("银川市高精尖缺人才生活补贴", 9, 1300000, "2020-2022", "02", "新增延续性项目"),
]


def test_twelve_forms_and_99_indicators(tmp_path):
    report = import_files([SEED], tmp_path)
    assert not report.errors
    assert len(report.outcomes) == 12
    assert report.indicators == 99
    assert len(list(tmp_path.glob("*.toml"))) == 12


def test_each_form_in_file_order(tmp_path):
    report = import_files([SEED], tmp_path)
    for outcome, (project, count, total, period, code, attribute) in zip(report.outcomes, FILE_ORDER):
        d = outcome.built.declaration
        assert d.project == project
        assert len(d.indicators) == count, project
        assert (d.funds.total, d.funds.fiscal, d.funds.other) == (total, total, 0), project
        assert isinstance(d.funds.total, int)
        assert d.period == period
        assert (d.attribute_code, d.attribute) == (code, attribute)
        assert (d.year, d.region) == (2020, "西夏区")
        assert (d.department_code, d.department) == ("103", "中国共产党银川市西夏区委员会组织部")
        assert (d.implementer_code, d.implementer) == ("103001", "中国共产党银川市西夏区委员会组织部本级")
        assert outcome.built.unit.unit == "元"


def test_levels_are_clean_vocabulary(seed_declarations):
    classic = FRAMEWORKS[CLASSIC]
    for d in seed_declarations.values():
        assert d.framework == CLASSIC  # the seed files 成本指标 under 产出指标
        for row in d.indicators:
            assert row.level1 in classic.level1
            assert classic.level2[row.level2] == row.level1
            assert "必填" not in row.level2 and " " not in row.level2


def test_goal_html_is_stripped(seed_declarations):
    goal = seed_declarations["干部教育培训经费"].goal
    assert goal.startswith("每年实施10个左右专业化能力培训项目")
    assert "<" not in goal
    paragraphs = seed_declarations["基层组织工作经费"].goal.split("\n")
    assert paragraphs[0] == "1. 用于党建业务办公工作;"
    assert len(paragraphs) == 4


def test_goal_on_its_own_line(seed_declarations):
    goal = seed_declarations["西夏区组织部干部人事档案数字化项目"].goal
    assert goal.startswith("根据《全区干部人事档案数字化建设实施方案》")
    assert goal.endswith("(大写:叁万元整)。")


def test_archive_form(seed_declarations):
    d = seed_declarations["西夏区组织部干部人事档案数字化项目"]
    assert d.funds.total == 600000
    assert len(d.indicators) == 12
    costs = [(r.name, r.value) for r in d.indicators if r.level2 == "成本指标"]
    assert costs == [
        ("干部人事档案数字化软硬件设备", "430040元"),
        ("干部档案数字化制作", "156000元"),
        ("组工网内网点位及密钥", "17560元"),
    ]
    assert all(r.level1 == "产出指标" for r in d.indicators if r.level2 == "成本指标")


def test_talent_subsidy_form_drifted_rows(seed_declarations):
    d = seed_declarations["银川市高精尖缺人才生活补贴"]
    assert len(d.indicators) == 9
    costs = [(r.level1, r.name, r.value) for r in d.indicators if r.level2 == "成本指标"]
    assert costs == [
        ("产出指标", "2018年度高精尖缺人才生活补贴", "86.4"),
        ("产出指标", "2019年度高精尖缺人才生活补贴", "31.8"),
        ("产出指标", "2020年度高精尖缺人才生活补贴", "计划为15.9"),
    ]
    sustain = d.indicators[7]
    assert (sustain.level1, sustain.level2, sustain.name, sustain.value) == (
        "效益指标", "可持续影响指标", "人才可持续影响力", "有所提升")
    last = d.indicators[8]
    assert (last.level1, last.level2, last.name, last.value) == ("满意度指标", "服务对象满意度指标", "人才满意度", "100%")


def test_empty_cost_values_stay_indicators(seed_declarations):
    d = seed_declarations["为民服务和发展专项资金项目"]
    costs = [r for r in d.indicators if r.level2 == "成本指标"]
    assert [r.name for r in costs] == [f"{y}年为民服务和发展专项资金" for y in (2018, 2019, 2020)]
    assert all(r.value == "" for r in costs)


def test_broken_department_cell_is_repaired(tmp_path):
    report = import_files([SEED], tmp_path)
    outcome = next(o for o in report.outcomes if o.built.declaration.project == "为民服务和发展专项资金项目")
    assert outcome.built.declaration.department == "中国共产党银川市西夏区委员会组织部"
    assert outcome.built.declaration.implementer == "中国共产党银川市西夏区委员会组织部本级"
    assert any("断行" in note for note in outcome.built.notes)


def test_unit_decisions_cite_their_evidence(tmp_path):
    report = import_files([SEED], tmp_path)
    reasons = {o.built.declaration.project: o.built.unit for o in report.outcomes}
    assert reasons["非公经济组织和社会组织党建经费"].from_evidence
    assert "40万元" in reasons["非公经济组织和社会组织党建经费"].reason
    assert "15万元" in reasons["老年大学办学活动经费"].reason
    # 关工委经费 states no amount at all: it follows the other forms of the file.
    assert not reasons["关工委经费"].from_evidence
    assert "同文件" in reasons["关工委经费"].reason


def test_reimport_is_idempotent(tmp_path):
    import_files([SEED], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.toml")}
    report = import_files([SEED], tmp_path)
    assert [o.status for o in report.outcomes] == [UNCHANGED] * 12
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.toml")} == before


def test_reimport_keeps_edited_files_unless_asked(tmp_path):
    import_files([SEED], tmp_path)
    path = tmp_path / "关工委经费.toml"
    edited = path.read_text(encoding="utf-8").replace('value = "1"', 'value = "≥95%"', 1)
    path.write_text(edited, encoding="utf-8")
    report = import_files([SEED], tmp_path)
    statuses = {o.path.name: o.status for o in report.outcomes}
    assert statuses["关工委经费.toml"] == "kept"
    assert path.read_text(encoding="utf-8") == edited
    report = import_files([SEED], tmp_path, overwrite=True)
    assert {o.path.name: o.status for o in report.outcomes}["关工委经费.toml"] == "updated"
    assert 'value = "≥95%"' not in path.read_text(encoding="utf-8")
    assert len(Store(tmp_path).files()) == 12
