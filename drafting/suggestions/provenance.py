"""Every number in a suggestion must come from the form itself: its goal text, budget, period or rows."""

from __future__ import annotations

import re

from store.values import CN_NUMERAL, cn_to_number

from ..goals import goal_tasks, zero_tasks
from ..lint.view import FormView
from .model import Draft

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _numbers(text: str) -> set[float]:
    found = {float(n) for n in _NUMBER.findall(text.replace(",", ""))}
    found |= {float(v) for v in (cn_to_number(m) for m in CN_NUMERAL.findall(text)) if v}
    return found


def allowed_numbers(form: FormView) -> set[float]:
    d = form.declaration
    texts = [d.goal, d.period] + [f"{r.name} {r.value}" for r in d.indicators]
    numbers: set[float] = set()
    for text in texts:
        numbers |= _numbers(text)
    numbers |= {d.funds.total, d.funds.fiscal, d.funds.other}
    if zero_tasks(d.goal) or any(task.negated for task in goal_tasks(d.goal)):
        numbers.add(0.0)  # "不发生一起事故" is a target of zero
    # Amounts are restated in 万元 or 元 as the indicator needs.
    numbers |= {round(n / 10_000, 6) for n in numbers} | {round(n * 10_000, 2) for n in numbers}
    return numbers


def foreign_numbers(draft: Draft, allowed: set[float], goal: str) -> set[float]:
    """Numbers in the draft that the form does not contain. A year-end date counts as its year."""
    text = f"{draft.name} {draft.value}"
    for match in _DATE.finditer(text):
        if (match.group(2), match.group(3)) == ("12", "31") or match.group() in goal:
            text = text.replace(match.group(), match.group(1))
    return {n for n in _numbers(text) if round(n, 6) not in allowed}
