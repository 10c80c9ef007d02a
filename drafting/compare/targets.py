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


# Units written more than one way: to one base unit and its factor.
_UNITS = {"公里": ("米", 1000), "千米": ("米", 1000), "‰": ("%", 0.1), "千克": ("公斤", 1), "平米": ("平方米", 1)}


def _scaled(p: ParsedValue) -> tuple[float, str] | None:
    """The number in its base unit ("2.15万人" → 21500 人, "45万元" → 450000 元, "1.2公里" → 1200 米)."""
    if p.number is None:
        return None
    if p.money_yuan is not None:
        return p.money_yuan, "元"
    number, unit = p.number, p.unit
    if unit.startswith("万") and len(unit) > 1:
        number, unit = number * 10_000, unit[1:]
    base, factor = _UNITS.get(unit, (unit, 1))
    return number * factor, base


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
            if abs(x[0] - y[0]) < 1e-9 * max(1, abs(x[0])):
                # The same number: the same target unless the operator changed ("≥85%" → "85%" is a
                # change a reviewer must see, though it may be only the writing).
                return TargetChange(True) if a.op == b.op else TargetChange(False, "changed")
            higher = y[0] > x[0]
            if op == Op.EQ and x[0] == 0:  # "＝0起" (no accidents): any other number asks less
                return TargetChange(False, "higher" if higher else "lower", False)
            return TargetChange(False, "higher" if higher else "lower", higher != (op in _UPPER))
    return TargetChange(False, "changed")
