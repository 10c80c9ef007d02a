"""A declaration as the rules read it: parsed values and normalised texts, computed once per form."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cached_property, lru_cache

from typing import TYPE_CHECKING

from store.values import Kind, ParsedValue, parse_value
from store.vocabulary import Framework

if TYPE_CHECKING:
    from store import Declaration, Indicator

RATE_WORDS = ("率", "比例", "占比", "比重", "覆盖面", "百分比", "百分点", "覆盖")
DIMENSIONLESS_WORDS = ("系数", "指数", "比", "倍", "分值", "得分", "评分", "等级", "星级")

_PUNCT = re.compile(r"[\s\"'“”‘’「」《》()（）\[\]【】,，.。;；:：、!！?？·…\-—_/]+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """For comparing texts: full-width folded, no spaces or punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


def without_digits(text: str) -> str:
    """Same template, different number: '培训12期' and '培训30期' compare equal."""
    return _DIGITS.sub("0", text)


def is_rate_name(name: str) -> bool:
    return any(word in name for word in RATE_WORDS)


def is_dimensionless(name: str) -> bool:
    return any(word in name for word in DIMENSIONLESS_WORDS)


class Row:
    """One indicator with its parsed value; plain attributes because every rule reads them for every row."""

    __slots__ = ("index", "indicator", "level1", "level2", "name", "value", "parsed")

    def __init__(self, index: int, indicator: Indicator):
        self.index = index
        self.indicator = indicator
        self.level1 = indicator.level1
        self.level2 = indicator.level2
        self.name = indicator.name
        self.value = indicator.value
        self.parsed: ParsedValue = parse_value(indicator.value)

    @property
    def is_money(self) -> bool:
        """A money value: an amount ("45万元") or a per-unit cost ("74元/人")."""
        p = self.parsed
        return p.kind == Kind.NUMBER and (p.money_yuan is not None or is_per_unit_money(p.unit))

    @property
    def is_bare_number(self) -> bool:
        p = self.parsed
        return p.kind == Kind.NUMBER and p.op is None and not p.unit and not p.prefix


def is_per_unit_money(unit: str) -> bool:
    head = re.split(r"[/每]", unit, maxsplit=1)[0]
    return head in ("元", "万元", "千元") and unit != head


class FormView:
    """One declaration and where it came from."""

    def __init__(self, path: str, declaration: Declaration):
        self.path = path
        self.declaration = declaration
        self.rows = [Row(i, indicator) for i, indicator in enumerate(declaration.indicators)]
        self.memo: dict[str, object] = {}  # results several rules share, computed once per form

    @property
    def project(self) -> str:
        return self.declaration.project

    @cached_property
    def period(self) -> tuple[int, int] | None:
        years = re.findall(r"\d{4}", self.declaration.period)
        if len(years) == 1:
            return int(years[0]), int(years[0])
        return (int(years[0]), int(years[1])) if len(years) >= 2 else None

    @cached_property
    def period_end(self) -> date | None:
        return date(self.period[1], 12, 31) if self.period else None

    @cached_property
    def project_key(self) -> str:
        return norm(self.project)

    def masked(self, text: str) -> str:
        """The text with this form's project name replaced, so that copies across projects compare equal."""
        key = norm(text)
        project = self.project_key
        if project and project in key:
            return key.replace(project, "〈项目〉")
        return key

    def rows_in(self, level2: str) -> list[Row]:
        return [row for row in self.rows if row.level2 == level2]

    @property
    def vocabulary(self) -> Framework:
        """The form's indicator framework: which 一级/二级 exist and which rows hold costs."""
        return self.declaration.vocabulary

    @cached_property
    def cost_rows(self) -> list[Row]:
        """Every 成本 row (in the 2021 framework: 经济, 社会 and 生态环境成本)."""
        return [row for row in self.rows if row.level2 in self.vocabulary.cost]

    @cached_property
    def money_cost_rows(self) -> list[Row]:
        """The 成本 rows whose values are amounts of money (经济成本 in the 2021 framework)."""
        return [row for row in self.rows if row.level2 in self.vocabulary.money_cost]

    def is_qualitative_cost(self, row: Row) -> bool:
        """A 社会成本/生态环境成本 row (2021): "无" or "无明显影响" is a proper answer there."""
        return row.level2 in self.vocabulary.cost and row.level2 not in self.vocabulary.money_cost


def q(text: str, limit: int = 24) -> str:
    """Quote a text for a message, shortened: “资金投入53.10万元”."""
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def yuan(amount: float) -> str:
    """An amount in 元 for a message: 531,000元, 1,234.5元."""
    return f"{amount:,.2f}".rstrip("0").rstrip(".") + "元"
