"""A parsed view of an 指标值 ("≥1500人", "2021年12月31日前", "≤45万元", "持续提升").

The stored value stays exactly as written; this module only reads it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple



class Op(StrEnum):
    GE = "≥"
    GT = "＞"
    EQ = "＝"
    LT = "＜"
    LE = "≤"


class Kind(StrEnum):
    EMPTY = "empty"
    NUMBER = "number"  # an operator and/or a number with an optional unit
    DEADLINE = "deadline"  # a date, usually "…前"
    TEXT = "text"  # qualitative: "持续提升", "全覆盖", "验收合格"


class ParsedValue(NamedTuple):
    """What `parse_value` read (built only from its own results, so not validated: rules and
    importers parse every value of a store, and a lint answered by the cache builds no model)."""

    kind: Kind
    op: Op | None = None  # None when the value states no operator
    number: float | None = None
    unit: str = ""
    deadline: date | None = None
    prefix: str = ""  # words before the number that are not an operator ("计划", "约")

    @property
    def money_yuan(self) -> float | None:
        """The amount in 元 when the unit is money, else None."""
        factor = MONEY_UNITS.get(self.unit)
        if factor is None or self.number is None:
            return None
        return self.number * factor


MONEY_UNITS = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}

# Units seen on real forms; a unit outside this list is still parsed, just not "known".
KNOWN_UNITS = frozenset(
    "人 人次 名 期 个 次 所 件 卷 套 户 亩 公里 米 平方米 吨 台 辆 家 场 篇 册 本 份 项 处 座 间 张 "
    "元 千元 万元 亿元 元/人 元/人次 元/人·天 元/户 元/亩 % 天 日 月 年 小时 学时 课时 分 万人 万人次 "
    "个百分点 百分点 条 批 支 节 所 栋 株 头 只 棵 公顷 立方米 千瓦 点 把 班 门 种 类 处".split()
)

# Longest first, so "不低于" wins over "低于" and ">=" over ">".
_OPERATOR_WORDS: list[tuple[str, Op]] = sorted(
    [
        (">=", Op.GE), ("≧", Op.GE), ("≥", Op.GE), ("不低于", Op.GE), ("不少于", Op.GE),
        ("大于等于", Op.GE), ("大于或等于", Op.GE), ("至少", Op.GE), ("达到", Op.GE),
        ("<=", Op.LE), ("≦", Op.LE), ("≤", Op.LE), ("不高于", Op.LE), ("不超过", Op.LE),
        ("不大于", Op.LE), ("小于等于", Op.LE), ("小于或等于", Op.LE), ("至多", Op.LE), ("控制在", Op.LE),
        (">", Op.GT), ("大于", Op.GT), ("超过", Op.GT), ("高于", Op.GT),
        ("<", Op.LT), ("小于", Op.LT), ("低于", Op.LT), ("少于", Op.LT),
        ("=", Op.EQ), ("==", Op.EQ), ("等于", Op.EQ),
    ],
    key=lambda pair: -len(pair[0]),
)
_OPERATOR_OF = dict(_OPERATOR_WORDS)
# An operator within the first six characters ("计划≥100人" has the prefix "计划").
_OPERATOR_AT = re.compile(r"(?P<prefix>.{0,6}?)(?P<op>%s)" % "|".join(re.escape(w) for w, _ in _OPERATOR_WORDS))
_SUFFIX_OPS = (("及以上", Op.GE), ("以上", Op.GE), ("及以下", Op.LE), ("以下", Op.LE), ("以内", Op.LE))

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_UNIT = re.compile(r"[^\d\s,，。;；]*")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]+")


def cn_to_number(text: str) -> int | None:
    """'三' → 3, '十二' → 12, '一百零五' → 105; None for anything else."""
    if not text or not CN_NUMERAL.fullmatch(text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_SCALES[ch]
            digit = None
    return total + (digit or 0)


_DATE_ISO = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_DATE_CN = re.compile(
    r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?"
    r"(?P<end>年?底|年?末|上半年|下半年|月底|月末)?(?P<before>之前|以前|前)?"
)


def _parse_deadline(text: str) -> tuple[date, Op] | None:
    match = _DATE_ISO.fullmatch(text)
    if match:
        return _safe_date(*map(int, match.groups())), Op.LE
    match = _DATE_CN.match(text)
    if not match:
        return None
    rest = text[match.end():]
    if rest not in ("", "完成", "完工", "结束", "发放", "到位", "全部完成", "完成建设", "发放到位"):
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    end = match.group("end") or ""
    before = match.group("before")
    if month is None:
        # "2020年前" reads as "within 2020" on these forms, like "2020年底前".
        month, day = (6, 30) if end == "上半年" else (12, 31)
    if day is None:
        if before and not end:
            # "2021年6月前": before June begins.
            return _safe_date(year, month, 1), Op.LT
        day = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 1
    result = _safe_date(year, month, day)
    return (result, Op.LE) if result else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def parse_value(raw: str) -> ParsedValue:
    """Read an 指标值 as written into operator, number, unit and deadline.

    Remembered: a year's forms repeat the same few hundred values (ParsedValue is frozen).
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    if not text:
        return ParsedValue(kind=Kind.EMPTY)

    deadline = _parse_deadline(text)
    if deadline and deadline[0] is not None:
        return ParsedValue(kind=Kind.DEADLINE, op=deadline[1], deadline=deadline[0])

    op = None
    prefix = ""
    found = _OPERATOR_AT.match(text)
    if found:
        op = _OPERATOR_OF[found.group("op")]
        prefix, text = found.group("prefix"), text[found.end():]
    match = _NUMBER.search(text)
    number: float | None = None
    unit = ""
    if match and (op is not None or match.start() <= 6):
        before = text[: match.start()]
        if op is None:
            prefix = before
        elif before not in ("", "为", "是"):
            return ParsedValue(kind=Kind.TEXT)
        number = float(match.group().replace(",", ""))
        tail = text[match.end():]
    else:
        cn = CN_NUMERAL.match(text) if op is not None or text[:1] in _CN_DIGITS or text[:1] == "十" else None
        value = cn_to_number(cn.group()) if cn else None
        if value is None:
            return ParsedValue(kind=Kind.TEXT)
        number, tail = float(value), text[cn.end():]
    unit_match = _UNIT.match(tail)
    unit = unit_match.group() if unit_match else ""
    tail = tail[len(unit):]
    for word, suffix_op in _SUFFIX_OPS:
        if unit.endswith(word):
            unit = unit[: -len(word)]
            op = op or suffix_op
            break
    if tail:  # a second number: a range or prose, not one target
        return ParsedValue(kind=Kind.TEXT)
    return ParsedValue(kind=Kind.NUMBER, op=op, number=number, unit=unit, prefix=prefix)
