"""The fixed vocabulary of the 申报表: the two indicator frameworks, their 一级/二级 names and cleanup.

Two frameworks are in use. The older one (`classic`, the seed's) files 成本指标 as a 二级 under
产出指标. The 2021 central guideline (财预〔2021〕101号) and the local templates that followed it
make 成本指标 a 一级 of its own with 经济/社会/生态环境成本指标, and 产出指标 keeps 数量/质量/时效.
A declaration says which one it follows (`framework`); everything that knows levels asks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OUTPUT = "产出指标"
COST = "成本指标"  # a 二级 in the classic framework, a 一级 in the 2021 one
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"

CLASSIC, F2021 = "classic", "2021"

_BENEFITS = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")


@dataclass(frozen=True)
class Framework:
    code: str  # the value of the TOML key `framework`
    title: str  # Chinese, for reports and the app
    level2: dict[str, str]  # each 二级 → its 一级, in the order of the form
    required: dict[str, tuple[str, ...]]  # 一级 → the 二级 it must have, each
    one_of: dict[str, tuple[str, ...]]  # 一级 → the 二级 of which it needs at least one
    cost: tuple[str, ...]  # the 二级 that hold costs
    money_cost: tuple[str, ...]  # the cost 二级 whose values are amounts of money
    budget_row: tuple[str, str]  # (一级, 二级) of the row that caps the project's total cost
    level1: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "level1", tuple(dict.fromkeys(self.level2.values())))

    def level2_of(self, level1: str) -> list[str]:
        return [name for name, parent in self.level2.items() if parent == level1]

    def decoration(self, level2: str) -> str:
        """What the printed form writes after a 二级 name (the 2021 templates print none)."""
        if self.code != CLASSIC:
            return ""
        return " (必填硬性指标)" if level2 in ("数量指标", "成本指标") else " (必填)"


FRAMEWORKS = {
    CLASSIC: Framework(
        code=CLASSIC,
        title="原指标体系（成本指标在产出指标下）",
        level2={
            "数量指标": OUTPUT, "质量指标": OUTPUT, "时效指标": OUTPUT, COST: OUTPUT,
            **dict.fromkeys(_BENEFITS, BENEFIT),
            "服务对象满意度指标": SATISFACTION,
        },
        required={OUTPUT: ("数量指标", "质量指标", "时效指标", COST), SATISFACTION: ("服务对象满意度指标",)},
        one_of={BENEFIT: _BENEFITS},
        cost=(COST,),
        money_cost=(COST,),
        budget_row=(OUTPUT, COST),
    ),
    F2021: Framework(
        code=F2021,
        title="2021版指标体系（成本指标为一级指标）",
        level2={
            "数量指标": OUTPUT, "质量指标": OUTPUT, "时效指标": OUTPUT,
            "经济成本指标": COST, "社会成本指标": COST, "生态环境成本指标": COST,
            **dict.fromkeys(_BENEFITS, BENEFIT),
            "服务对象满意度指标": SATISFACTION,
        },
        required={
            OUTPUT: ("数量指标", "质量指标", "时效指标"),
            COST: ("经济成本指标",),
            SATISFACTION: ("服务对象满意度指标",),
        },
        one_of={BENEFIT: _BENEFITS},
        cost=("经济成本指标", "社会成本指标", "生态环境成本指标"),
        money_cost=("经济成本指标",),
        budget_row=(COST, "经济成本指标"),
    ),
}

# Every name either framework knows, for reading tables before the form's framework is known.
ALL_LEVEL1 = tuple(dict.fromkeys(n for f in FRAMEWORKS.values() for n in f.level1))
ALL_LEVEL2 = {name: parent for f in FRAMEWORKS.values() for name, parent in f.level2.items()}
COST_LEVEL2 = frozenset(n for f in FRAMEWORKS.values() for n in f.cost)  # a cost row, in either
MARKS_2021 = frozenset(FRAMEWORKS[F2021].cost)  # 二级 names only the 2021 framework has

# Hard requirements printed beside the 二级 name on the official form.
_DECORATION = re.compile(r"[(（]\s*必填[^)）]*[)）]")
_SPACE = re.compile(r"\s+")


def framework_of(code: str) -> Framework:
    return FRAMEWORKS[code]


def detect_framework(levels: list[tuple[str, str]]) -> str | None:
    """The framework a table of (一级, 二级) pairs is written in: 2021 once 成本指标 is a 一级, classic
    when 成本指标 is a 二级; None for a table with no cost row at all (it could be either)."""
    for level1, level2 in levels:
        if level1 == COST or level2 in MARKS_2021:
            return F2021
    return CLASSIC if any(level2 == COST for _, level2 in levels) else None


def clean_level(text: str) -> str:
    """Strip the "(必填)"/"(必填硬性指标)" decorations and every space."""
    if text in ALL_LEVEL2 or text in ALL_LEVEL1:
        return text  # already clean: the stored form
    return _SPACE.sub("", _DECORATION.sub("", text))


def _with_suffix(cell: str) -> str:
    name = clean_level(cell)
    return name if name.endswith("指标") else name + "指标"


def as_level1(cell: str) -> str | None:
    """The 一级 name a table cell stands for (in either framework), or None."""
    name = _with_suffix(cell)
    return name if name in ALL_LEVEL1 else None


def as_level2(cell: str) -> str | None:
    """The 二级 name a table cell stands for (in either framework), or None."""
    name = _with_suffix(cell)
    return name if name in ALL_LEVEL2 else None
