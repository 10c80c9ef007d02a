from datetime import date

import pytest

from store.values import Kind, Op, cn_to_number, parse_value

GE, GT, EQ, LT, LE = Op.GE, Op.GT, Op.EQ, Op.LT, Op.LE


@pytest.mark.parametrize(
    "raw, op, number, unit",
    [
        ("≥80%", GE, 80, "%"),
        ("≥ 90%", GE, 90, "%"),
        (">=95%", GE, 95, "%"),
        ("≧95%", GE, 95, "%"),
        ("＞＝1,500人", GE, 1500, "人"),
        ("不低于98%", GE, 98, "%"),
        ("不少于12次", GE, 12, "次"),
        ("80%以上", GE, 80, "%"),
        ("<=45万元", LE, 45, "万元"),
        ("≦45万元", LE, 45, "万元"),
        ("≤45万元", LE, 45, "万元"),
        ("不高于5%", LE, 5, "%"),
        ("不超过30天", LE, 30, "天"),
        ("3天以内", LE, 3, "天"),
        ("＞0", GT, 0, ""),
        ("＜2%", LT, 2, "%"),
        ("＝100%", EQ, 100, "%"),
        ("=100%", EQ, 100, "%"),
        ("40万元", None, 40, "万元"),
        ("1,500人次", None, 1500, "人次"),
        ("10期(次)", None, 10, "期(次)"),
        ("600卷", None, 600, "卷"),
        ("351件", None, 351, "件"),
        ("74元/人", None, 74, "元/人"),
        ("1.5万人", None, 1.5, "万人"),
        ("1", None, 1, ""),
        ("86.4", None, 86.4, ""),
        ("不少于三期", GE, 3, "期"),
        ("十二个", None, 12, "个"),
    ],
)
def test_numbers(raw, op, number, unit):
    parsed = parse_value(raw)
    assert parsed.kind == Kind.NUMBER
    assert (parsed.op, parsed.number, parsed.unit) == (op, number, unit)


def test_prefix_words_are_kept_apart_from_the_number():
    parsed = parse_value("计划53.10万元")
    assert (parsed.prefix, parsed.number, parsed.unit, parsed.money_yuan) == ("计划", 53.1, "万元", 531000)


@pytest.mark.parametrize(
    "raw, day, op",
    [
        ("2021年12月31日前", date(2021, 12, 31), LE),
        ("2020年底前", date(2020, 12, 31), LE),
        ("2020年年底完成", date(2020, 12, 31), LE),
        ("2020年底前完成", date(2020, 12, 31), LE),
        ("2021年6月底前", date(2021, 6, 30), LE),
        ("2021年6月前", date(2021, 6, 1), LT),
        ("2020年上半年", date(2020, 6, 30), LE),
        ("2021-03-15", date(2021, 3, 15), LE),
        ("2021年2月30日前", None, None),
    ],
)
def test_deadlines(raw, day, op):
    parsed = parse_value(raw)
    if day is None:
        assert parsed.kind != Kind.DEADLINE
    else:
        assert (parsed.kind, parsed.deadline, parsed.op) == (Kind.DEADLINE, day, op)


@pytest.mark.parametrize("raw", ["持续提升", "有所提升", "全覆盖", "验收合格", "可持续影响力不断加强", "80%-90%"])
def test_qualitative(raw):
    assert parse_value(raw).kind == Kind.TEXT


def test_empty():
    assert parse_value("  ").kind == Kind.EMPTY


@pytest.mark.parametrize("raw, expected", [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两", 2), ("abc", None)])
def test_chinese_numerals(raw, expected):
    assert cn_to_number(raw) == expected


def test_money_conversion():
    assert parse_value("≤45万元").money_yuan == 450000
    assert parse_value("430040元").money_yuan == 430040
    assert parse_value("45人").money_yuan is None
