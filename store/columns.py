"""The columns of a 绩效指标 table: what each heading holds, and split values (运算符/指标值/单位).

Budget systems (预算管理一体化) export the table with more columns than the printed form: the
value split into 指标性质/运算符, a bare 指标值 and 度量单位, and 分值, 指标方向, 评分标准,
指标解释 … A declaration keeps the headings it came with (`columns`) so that export writes the
table back in that layout; the value is stored combined ("≥95%"), and splitting it again is
the exact inverse of combining it.
"""

from __future__ import annotations

import re

# Roles of a column. `label` is the printed form's 名称 column ("绩效指标" in its first row).
LABEL, LEVEL1, LEVEL2, NAME, VALUE, OP, UNIT = "label", "level1", "level2", "name", "value", "op", "unit"
# Optional per-indicator keys (docs/format.md), in the order export writes them.
EXTRA_KEYS = ("midterm", "score", "direction", "scoring", "explanation", "basis", "note")

# Heading (spaces and brackets normalised) → role. The first heading of a role is what export
# writes for a form that came without that column.
HEADINGS = {
    "名称": LABEL, "绩效指标": LABEL,
    "一级指标": LEVEL1,
    "二级指标": LEVEL2,
    "三级指标": NAME, "三级指标名称": NAME, "指标名称": NAME, "指标内容": NAME,
    "指标值": VALUE, "年度指标值": VALUE, "年度目标值": VALUE, "指标值(年度)": VALUE, "目标值": VALUE,
    "中期指标值": "midterm", "中期目标值": "midterm", "指标值(中期)": "midterm",
    "指标性质": OP, "运算符": OP, "比较符": OP, "指标值符号": OP,
    "度量单位": UNIT, "计量单位": UNIT, "单位": UNIT,
    "分值": "score", "权重": "score", "指标分值": "score", "指标权重": "score", "分值(权重)": "score",
    "指标方向": "direction",
    "评(扣)分标准": "scoring", "评分标准": "scoring", "扣分标准": "scoring", "评分规则": "scoring",
    "指标解释": "explanation", "指标说明": "explanation",
    "指标值设定依据": "basis", "指标值确定依据": "basis", "设定依据": "basis",
    "备注": "note",
}
STANDARD = ["名称", "一级指标", "二级指标", "三级指标", "指标值"]  # the printed form's table
DEFAULT_HEADING = {}
for _heading, _role in HEADINGS.items():
    DEFAULT_HEADING.setdefault(_role, _heading)
DEFAULT_HEADING["midterm"] = "中期指标值"

_NOISE = re.compile(r"[\s:：*＊]|[(（]\s*必填[^)）]*[)）]")

# What an 指标性质/运算符 cell may say → the operator written into the combined value.
OPERATORS = {
    "≥": "≥", ">=": "≥", "＞＝": "≥", "≧": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
    "≤": "≤", "<=": "≤", "＜＝": "≤", "≦": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤",
    "＝": "＝", "=": "＝", "等于": "＝",
    "＞": "＞", ">": "＞", "大于": "＞",
    "＜": "＜", "<": "＜", "小于": "＜",
    "定性": "", "": "",
}
QUALITATIVE = "定性"
_BARE = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SPLIT = re.compile(r"(≥|≤|＝|＞|＜)(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(\D*)", re.DOTALL)


def heading_key(cell: str) -> str:
    return _NOISE.sub("", cell).replace("（", "(").replace("）", ")")


def role_of(heading: str) -> str | None:
    return HEADINGS.get(heading_key(heading))


def is_split(columns: list[str]) -> bool:
    """A layout whose value is split over 运算符 / 指标值 / 单位 columns."""
    roles = {role_of(c) for c in columns}
    return OP in roles or UNIT in roles


def combine(op: str, number: str, unit: str) -> str | None:
    """'≥' + '95' + '%' → '≥95%'; '定性' + '优良' → '优良'. None when the operator is not known."""
    symbol = OPERATORS.get(op.strip().replace(" ", ""))
    if symbol is None:
        return None
    number, unit = number.strip(), unit.strip()
    if unit and number.endswith(unit):
        unit = ""  # a percent-formatted cell already reads "95%"
    return f"{symbol}{number}{unit}" if number or unit else ""


def is_bare_number(text: str) -> bool:
    return bool(_BARE.fullmatch(text))


def split(value: str) -> tuple[str, str, str]:
    """The inverse of combine: '≥95%' → ('≥', '95', '%'); anything else is 定性 with the whole value."""
    match = _SPLIT.fullmatch(value)
    if match:
        return match.group(1), match.group(2), match.group(3)
    return (QUALITATIVE if value else ""), value, ""
