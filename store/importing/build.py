"""Turning the forms read from one file into validated declarations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..errors import ImportFormatError
from ..files import describe_error
from ..model import Declaration, Funds, Indicator
from ..vocabulary import CLASSIC, COST, F2021, FRAMEWORKS, detect_framework
from .forms import RawForm, join_broken, split_attribute, split_coded
from .units import WAN, UnitDecision, decide

_CJK = r"[\u3400-\u9fff]"


@dataclass
class Built:
    declaration: Declaration
    where: str
    line: int
    unit: UnitDecision
    notes: list[str] = field(default_factory=list)


def build_all(forms: list[RawForm]) -> list[Built | ImportFormatError]:
    """Each form becomes a Built or the error that stops it; one bad form never stops the rest."""
    decisions = decide(forms)
    frameworks = _frameworks(forms)
    names = _known_names(forms)
    results: list[Built | ImportFormatError] = []
    for form, decision, framework in zip(forms, decisions, frameworks):
        try:
            results.append(_build(form, decision, framework, names))
        except ImportFormatError as exc:
            results.append(exc)
    return results


def _frameworks(forms: list[RawForm]) -> list[str]:
    """Each form's framework, from its own table; a table with no cost row follows the other forms
    of its file (one office, one template), and says so."""
    own = [_stated(form) or detect_framework([(row.level1, row.level2) for row in form.indicators]) for form in forms]
    known = {code for code in own if code}
    agreed = next(iter(known)) if len(known) == 1 else None
    chosen = []
    for form, code in zip(forms, own):
        if code == F2021 and any(row.level2 == COST for row in form.indicators):
            form.notes.append("本表同时有两种指标体系的成本指标写法（“成本指标”作二级指标，以及经济/社会/生态环境成本指标）："
                              "按2021版导入，lint 会指出不符合的行")
        if code is None and form.indicators:
            code = agreed or CLASSIC
            why = "按同文件其他表" if agreed else "同文件也无从判断，按原指标体系"
            form.notes.append(f"本表没有成本指标，无法据此判断指标体系：{why}判为{FRAMEWORKS[code].title}")
        chosen.append(code or CLASSIC)
    return chosen


def _stated(form: RawForm) -> str | None:
    """A "指标体系" row (jixiao's export writes one for a table with no cost row)."""
    stated = form.fields.get("framework", "")
    return next((code for code, f in FRAMEWORKS.items() if stated in (code, f.title)), None) if stated else None


def _known_names(forms: list[RawForm]) -> dict[tuple[str, str], set[str]]:
    """Unbroken unit names per (field, code), to repair a cell broken across a line."""
    known: dict[tuple[str, str], set[str]] = {}
    for form in forms:
        for key in ("department", "implementer"):
            code, name = split_coded(form.fields.get(key, ""))
            if name and not re.search(r"\s", name):
                known.setdefault((key, code), set()).add(name)
    return known


def _unit_name(form: RawForm, key: str, names: dict, notes: list[str]) -> tuple[str, str]:
    code, name = split_coded(form.fields.get(key, ""))
    if not re.search(rf"{_CJK}\s+{_CJK}", name):
        return code, name
    joined = join_broken(name)
    # A line break in a PDF cell sometimes repeats the character it broke at ("区委 委员会").
    deduplicated = join_broken(re.sub(rf"({_CJK})\s+\1", r"\1", name))
    for candidate in (joined, deduplicated):
        if candidate in names.get((key, code), ()):
            notes.append(f"“{name}”断行，按同文件其他表更正为“{candidate}”")
            return code, candidate
    notes.append(f"“{name}”断行，已去掉空格")
    return code, joined


def _build(form: RawForm, decision: UnitDecision, framework: str, names: dict) -> Built:
    fields = form.fields
    if form.problem:
        raise form.fail(*form.problem)
    if not fields.get("project"):
        raise form.fail("缺少“项目名称”")
    if not form.has_table:
        raise form.fail("缺少绩效指标表（“名称 一级指标 二级指标 三级指标 指标值”）：文件不完整？")
    if "total" not in form.amounts:
        raise form.fail("缺少“年度资金总额”")
    year = form.year
    if year is None:
        start = re.match(r"\d{4}", fields.get("period", ""))
        if not start:
            raise form.fail("缺少年度（“(2020年度)”）")
        year = int(start.group())
    notes = list(form.notes)
    department_code, department = _unit_name(form, "department", names, notes)
    implementer_code, implementer = _unit_name(form, "implementer", names, notes)
    attribute_code, attribute = split_attribute(fields.get("attribute", ""))
    scale = 10_000 if decision.unit == WAN else 1
    def in_yuan(amounts: dict) -> dict:
        return {key: number * (1 if written else scale) for key, (number, written) in amounts.items()}

    funds, midterm = in_yuan(form.amounts), in_yuan(form.midterm_amounts)
    try:
        declaration = Declaration(
            year=year,
            region=form.region,
            project=fields["project"],
            department=department,
            department_code=department_code,
            implementer=implementer,
            implementer_code=implementer_code,
            attribute=attribute,
            attribute_code=attribute_code,
            period=fields.get("period", ""),
            framework=framework,
            columns=form.columns,
            goal="\n".join(form.goal),
            midterm_goal="\n".join(form.midterm_goal),
            funds=Funds(**funds),
            midterm_funds=Funds(**midterm) if midterm else None,
            indicators=[
                Indicator(level1=row.level1, level2=row.level2, name=row.name, value=row.value, **row.extras)
                for row in form.indicators
            ],
        )
    except ValidationError as exc:
        raise form.fail(f"数据无效：{describe_error(exc.errors()[0])}") from None
    return Built(declaration, form.where, form.line, decision, notes)
