"""The fixed vocabulary of the 申报表: 一级/二级 indicator names and their cleanup."""

from __future__ import annotations

import re

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"

LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION)

# Each 二级 belongs to exactly one 一级; the order is the order of the form.
LEVEL2 = {
    "数量指标": OUTPUT,
    "质量指标": OUTPUT,
    "时效指标": OUTPUT,
    "成本指标": OUTPUT,
    "经济效益指标": BENEFIT,
    "社会效益指标": BENEFIT,
    "生态效益指标": BENEFIT,
    "可持续影响指标": BENEFIT,
    "服务对象满意度指标": SATISFACTION,
}

# Hard requirements printed beside the 二级 name on the official form.
_DECORATION = re.compile(r"[(（]\s*必填[^)）]*[)）]")
_SPACE = re.compile(r"\s+")


def clean_level(text: str) -> str:
    """Strip the "(必填)"/"(必填硬性指标)" decorations and every space."""
    if text in LEVEL2 or text in LEVEL1:
        return text  # already clean: the stored form
    return _SPACE.sub("", _DECORATION.sub("", text))


def as_level1(cell: str) -> str | None:
    """The 一级 name a table cell stands for, or None."""
    name = clean_level(cell)
    if not name.endswith("指标"):
        name += "指标"
    return name if name in LEVEL1 else None


def as_level2(cell: str) -> str | None:
    """The 二级 name a table cell stands for, or None."""
    name = clean_level(cell)
    if not name.endswith("指标"):
        name += "指标"
    return name if name in LEVEL2 else None


def decoration(level2: str) -> str:
    """The decoration the official form prints after a 二级 name."""
    if level2 in ("数量指标", "成本指标"):
        return " (必填硬性指标)"
    return " (必填)"
