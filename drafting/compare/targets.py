"""How one indicator's target changed between two versions: the same, higher or lower, stricter or
looser. A deadline that moved on by exactly the years between the forms ("2023年12月31日前" a year
later as "2024年12月31日前") is the same target."""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from store import Kind, Op, ParsedValue, parse_value

from ..lint.view import norm

Direction = Literal["higher", "lower", "earlier", "later", "changed"]


class TargetChange(NamedTuple):
    same: bool
    direction: Direction | None = None  # None when the same
    stricter: bool | None = None  # True: asks more; False: asks less; None: cannot be told


def _scaled(p: ParsedValue) -> tuple[float, str] | None:
    """The number in its base unit ("2.15万人" → 21500 人, "45万元" → 450000 元)."""
    if p.number is None:
        return None
    if p.money_yuan is not None:
        return p.money_yuan, "元"
    if p.unit.startswith("万") and len(p.unit) > 1:
        return p.number * 10_000, p.unit[1:]
    return p.number, p.unit


def _shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


_UPPER = (Op.LE, Op.LT)  # a ceiling: lower asks more


def compare(old: str, new: str, years: int = 0) -> TargetChange:
    """`old` and `new` targets of one row, the new form `years` after the old one."""
    if norm(old) == norm(new):
        return TargetChange(True)
    a, b = parse_value(old), parse_value(new)
    if a.kind == b.kind == Kind.DEADLINE:
        moved = _shifted(a.deadline, years)
        if moved == b.deadline:
            return TargetChange(True)
        later = b.deadline > moved
        return TargetChange(False, "later" if later else "earlier", not later)
    if a.kind == b.kind == Kind.NUMBER:
        x, y = _scaled(a), _scaled(b)
        if x is not None and y is not None and x[1] == y[1]:
            op = b.op or a.op
            if x[0] == y[0]:  # the same number: the same target unless the operator changed
                same = a.op is None or b.op is None or a.op == b.op
                return TargetChange(True) if same else TargetChange(False, "changed")
            higher = y[0] > x[0]
            if op == Op.EQ and x[0] == 0:  # "＝0起" (no accidents): any other number asks less
                return TargetChange(False, "higher" if higher else "lower", False)
            return TargetChange(False, "higher" if higher else "lower", higher != (op in _UPPER))
    return TargetChange(False, "changed")
