"""Deciding whether a form's 项目资金 figures are in 元 or 万元.

The printed header says "(万元)", but staff often type 元 under it (400000 beside a cost
indicator of "40万元"). The figures themselves are the only reliable witness, so each form
is judged by the money amounts it states elsewhere; a form with none follows the other forms
of the same file, and only then the size of the number.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..values import MONEY_UNITS, parse_value
from .forms import RawForm

YUAN, WAN = "元", "万元"
_GOAL_MONEY = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元|千元|元)")
_PER_BEFORE = re.compile(r"[均每]|标准")
_PER_AFTER = re.compile(r"\s*(?:[/／每]|一次|左右/)")
# Below this many 元 a whole project is implausible; such a figure was written in 万元.
MAGNITUDE_LIMIT = 10_000
# No project costs less than this many 元: evidence that says otherwise is misread evidence.
IMPOSSIBLE = 1_000


@dataclass(frozen=True)
class UnitDecision:
    unit: str  # 元 or 万元: how the form's figures were written
    reason: str  # Chinese, for the import report
    from_evidence: bool  # True when the form itself decided


def _witnesses(form: RawForm) -> list[tuple[str, float]]:
    """(what, amount in 元) for every money amount the form states outside the funds block."""
    found = []
    for row in form.indicators:
        for text in (row.value, row.name):
            money = parse_value(text).money_yuan
            if money:
                found.append((f"指标“{text}”", money))
                break
    for paragraph in form.goal:
        for match in _GOAL_MONEY.finditer(paragraph):
            number, unit = match.groups()
            # A rate ("人均60元", "3000元每人每年", "生均2000元") is no witness of the total's size.
            if float(number) > 0 and not _PER_BEFORE.search(paragraph[max(0, match.start() - 6):match.start()]) \
                    and not _PER_AFTER.match(paragraph, match.end()):
                found.append((f"总体目标“{number}{unit}”", float(number) * MONEY_UNITS[unit]))
    return found


def from_evidence(form: RawForm) -> UnitDecision | None:
    """The unit the form's own money amounts point to, or None when they say nothing."""
    total = form.amounts.get("total", (0.0, None))
    figure, written_unit = total
    if written_unit:  # "40万元" in the cell itself
        return UnitDecision(written_unit, f"金额栏自带单位“{written_unit}”", True)
    if form.header_unit == YUAN:
        return UnitDecision(YUAN, "表头注明“(元)”", True)
    if figure <= 0:
        return None
    votes = {YUAN: [], WAN: []}
    for what, amount in _witnesses(form):
        as_yuan = abs(math.log10(figure / amount))
        as_wan = abs(math.log10(figure * 10_000 / amount))
        if as_yuan != as_wan:
            votes[YUAN if as_yuan < as_wan else WAN].append(what)
    if len(votes[YUAN]) == len(votes[WAN]):
        return None
    unit = YUAN if len(votes[YUAN]) > len(votes[WAN]) else WAN
    if unit == YUAN and figure < IMPOSSIBLE:
        return None
    shown = "、".join(votes[unit][:2]) + ("等" if len(votes[unit]) > 2 else "")
    other = f"（{len(votes[YUAN if unit == WAN else WAN])} 处相反）" if votes[YUAN if unit == WAN else WAN] else ""
    return UnitDecision(unit, f"按{unit}计与{shown}相符{other}", True)


def decide(forms: list[RawForm]) -> list[UnitDecision]:
    """One decision per form: its own evidence, else the file's, else magnitude."""
    own = [from_evidence(form) for form in forms]
    counts = Counter(d.unit for d in own if d).most_common()
    majority = counts[0] if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]) else None
    decisions = []
    for form, decision in zip(forms, own):
        if decision:
            decisions.append(decision)
        elif majority:
            unit, count = majority
            decisions.append(UnitDecision(unit, f"本表无金额依据，按同文件其他表（{count} 张为{unit}）", False))
        else:
            figure = form.amounts.get("total", (0.0, None))[0]
            unit = YUAN if figure >= MAGNITUDE_LIMIT else WAN
            why = "同文件各表不一致" if counts else "同文件也无依据"
            decisions.append(
                UnitDecision(unit, f"本表无金额依据、{why}，按数值大小判为{unit}", False)
            )
    return decisions
