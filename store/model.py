"""The declaration (项目支出预算绩效目标申报表) as pydantic models: the one definition of the data.

The TOML file format is these models dumped in field order; see docs/format.md.
"""

from __future__ import annotations

import html
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.functional_validators import AfterValidator

from .columns import EXTRA_KEYS, LEVEL1, LEVEL2, NAME, VALUE, role_of
from .values import ParsedValue, parse_value
from .vocabulary import CLASSIC, FRAMEWORKS, Framework, clean_level

_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_PARAGRAPH_BREAK = re.compile(r"</p\s*>|<br\s*/?>", re.IGNORECASE)


# Control characters (a terminal escape in a project name would act when printed) and the bidi
# overrides that make text display in another order than it reads.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # a whole terminal escape sequence (CSI: colours, clearing the screen)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # a whole OSC sequence (a window title)
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (tabs and newlines too) to one space; drop control characters."""
    # isprintable() is False for tabs, newlines, control and format characters: one C-speed check
    # for the common case, as loading a year's forms validates every cell.
    if not text.isprintable() or "  " in text or text != text.strip():
        return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()
    return text


def clean_goal(text: str) -> str:
    """Drop HTML (paragraphs become lines), entities and blank lines."""
    text = _TAG.sub(" ", _PARAGRAPH_BREAK.sub("\n", text))
    lines = (one_line(line) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def _whole(amount: float) -> float | int:
    """Money in 元 to the 分; whole amounts stay integers so the TOML reads 400000, not 400000.0."""
    amount = round(float(amount), 2)
    return int(amount) if amount.is_integer() else amount


Text = Annotated[str, AfterValidator(one_line)]
Level = Annotated[str, AfterValidator(clean_level)]
MAX_AMOUNT = 1e13  # 元: ten 万亿, beyond any project's budget; a bigger figure is a typing slip or hostile
Amount = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False), AfterValidator(_whole)]


class Indicator(BaseModel):
    """One row of the 绩效指标 table."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    level1: Level  # 一级指标: 产出指标 | 效益指标 | 满意度指标 (| 成本指标 in the 2021 framework)
    level2: Level  # 二级指标, e.g. 数量指标
    name: Text = ""  # 三级指标
    value: Text = ""  # 指标值 (the 年度 one), as written; split columns combined ("≥95%")
    # Columns budget systems add; optional, written only when not empty (store/columns.py).
    midterm: Text = ""  # 中期指标值
    score: Text = ""  # 分值 / 权重, as written
    direction: Text = ""  # 指标方向 (正向/反向)
    scoring: Text = ""  # 评(扣)分标准
    explanation: Text = ""  # 指标解释
    basis: Text = ""  # 指标值设定依据
    note: Text = ""  # 备注
    ignore: list[str] = Field(default_factory=list)  # lint codes suppressed on this row

    @property
    def parsed(self) -> ParsedValue:
        return parse_value(self.value)


class Funds(BaseModel):
    """项目资金, always in 元."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    total: Amount = 0  # 年度资金总额
    fiscal: Amount = 0  # 其中：财政拨款
    other: Amount = 0  # 其他资金


class Declaration(BaseModel):
    """One 项目支出预算绩效目标申报表."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    year: int = Field(ge=1900, le=2200)
    region: Text = ""
    project: Text = Field(min_length=1)
    department: Text = ""
    department_code: Text = ""
    implementer: Text = ""
    implementer_code: Text = ""
    attribute: Text = ""  # 项目属性, e.g. 延续性项目
    attribute_code: Text = ""  # e.g. 03
    period: Text = ""  # 项目期, e.g. 2020-2021
    framework: Literal["classic", "2021"] = CLASSIC  # the indicator framework (store/vocabulary.py)
    columns: list[str] = Field(default_factory=list)  # the table's headings, when not the printed form's
    goal: str = ""  # 年度总体目标; one paragraph per line
    midterm_goal: str = ""  # 中期目标 (multi-year projects, the 中期 template)
    ignore: list[str] = Field(default_factory=list)  # lint codes suppressed for the whole form
    funds: Funds = Field(default_factory=Funds)
    midterm_funds: Funds | None = None  # 中期资金 (the 中期 template)
    indicators: list[Indicator] = Field(default_factory=list)

    @field_validator("goal", "midterm_goal")
    @classmethod
    def _goal(cls, value: str) -> str:
        return clean_goal(value)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return re.sub(r"\s*(?:-|—|–|－|~|～|至|到)+\s*", "-", value)

    @field_validator("columns")
    @classmethod
    def _columns(cls, value: list[str]) -> list[str]:
        roles = [role_of(heading) for heading in value]
        unknown = [heading for heading, role in zip(value, roles) if role is None]
        if unknown:
            raise ValueError(f"unknown column heading {unknown[0]!r}")
        missing = {LEVEL1, LEVEL2, NAME, VALUE} - set(roles)
        if value and missing:
            raise ValueError(f"columns lack a heading for {sorted(missing)}")
        return value

    @property
    def vocabulary(self) -> Framework:
        return FRAMEWORKS[self.framework]

    def to_data(self) -> dict:
        """The TOML document: fields in order, optional keys left out while empty or at their default."""
        data = self.model_dump()
        for key, default in (("ignore", []), ("framework", CLASSIC), ("columns", []), ("midterm_goal", ""),
                             ("midterm_funds", None)):
            if data[key] == default:
                del data[key]
        for row in data["indicators"]:
            for key in ("ignore", *EXTRA_KEYS):
                if not row[key]:
                    del row[key]
        return data

    @property
    def key(self) -> tuple:
        """What identifies a form across re-imports: the same project of the same unit and year."""
        return (self.year, self.department_code, self.implementer_code, self.project)
