"""Checks a draft must pass before it is queued: measurable by the linter's own rules, numbers from the form."""

from __future__ import annotations

import re

from store import Declaration

from ..lint import LintConfig
from ..lint.runner import active_rules, check_forms
from ..lint.view import FormView
from .model import BLANK, Draft, Suggestion
from .provenance import allowed_numbers, foreign_numbers

# The placeholder/copy and measurability families, form rules only: a suggestion that would be
# flagged by them is no improvement.
MEASURABILITY = LintConfig(select=["JX2", "JX3"])
# Structure: a suggestion may not leave the form missing a required indicator it had.
STRUCTURE = LintConfig(select=["JX101", "JX102", "JX103"])


def apply_to(declaration: Declaration, suggestion: Suggestion) -> tuple[Declaration, int | None]:
    """The declaration with the suggestion applied (a copy) and the index of the changed row."""
    rows = list(declaration.indicators)
    if suggestion.kind == "remove":
        del rows[suggestion.indicator]
        index = None
    elif suggestion.kind == "replace":
        rows[suggestion.indicator] = suggestion.after.to_indicator(replacing=rows[suggestion.indicator])
        index = suggestion.indicator
    else:
        index = insert_at(rows, suggestion, declaration.vocabulary.level2)
        rows.insert(index, suggestion.after.to_indicator())
    return declaration.model_copy(update={"indicators": rows}), index


def insert_at(rows, suggestion: Suggestion, order: dict[str, str]) -> int:
    """Where an added row goes: after the last row of its 二级 or of a 二级 before it in the form's
    framework (`order`), else before the first row of a later one, else after the last row of its
    一级, else at the end."""
    ranks = {name: i for i, name in enumerate(order)}
    rank = ranks.get(suggestion.after.level2)
    if rank is not None:
        positions = [i for i, row in enumerate(rows) if ranks.get(row.level2, rank + 1) <= rank]
        if positions:
            return positions[-1] + 1
        later = [i for i, row in enumerate(rows) if row.level2 in ranks]
        if later:
            return later[0]  # every row of the framework comes after it
    for match in ((suggestion.after.level1, suggestion.after.level2), (suggestion.after.level1,)):
        positions = [i for i, row in enumerate(rows) if (row.level1, row.level2)[: len(match)] == match]
        if positions:
            return positions[-1] + 1
    return len(rows)


def filled(draft: Draft) -> Draft:
    """A fill-in as an office might fill it, to judge the row it will become: a blank after a number
    stands for its unit, before 月/日 for a date, anywhere else for a number (in a name, the object)."""
    value = re.sub(rf"(?<=\d){BLANK}|{BLANK}$", lambda m: "个" if m.start() and draft.value[m.start() - 1].isdigit() else "95个", draft.value)
    value = value.replace(f"{BLANK}月", "12月").replace(f"{BLANK}日", "31日").replace(BLANK, "95")
    return draft.model_copy(update={"value": value, "name": draft.name.replace(BLANK, "对象")})


def problems(form: FormView, suggestion: Suggestion, check_numbers: bool = True) -> list[str]:
    """Why a suggestion may not be queued; empty when it may.

    `check_numbers`: every number must come from the form (the rules engine's promise).
    """
    if suggestion.fill_in:  # judged as it will be once filled in: a blank itself is no finding
        foreign = check_numbers and foreign_numbers(suggestion.after, allowed_numbers(form), form.declaration.goal)
        if foreign:
            return [f"含有表中没有的数字 {sorted(foreign)}"]
        if suggestion.model_fill:  # the model's number, judged as the row it would make
            proposed = suggestion.after.model_copy(update={"value": suggestion.model_fill.value})
            found = problems(form, suggestion.model_copy(update={"after": proposed, "model_fill": None}), False)
            if found:
                return [f"模型提出的“{suggestion.model_fill.value}”：{found[0]}"]
        sample = filled(suggestion.after)
        found = problems(form, suggestion.model_copy(update={"after": sample}), check_numbers=False)
        return [message.replace(sample.value, suggestion.after.value) for message in found]  # said of the blank, not of 95
    changed, index = apply_to(form.declaration, suggestion)
    new_form = FormView(form.path, changed)
    broken = _new_structure_errors(form, new_form)
    if suggestion.after is None:
        return broken
    foreign = check_numbers and foreign_numbers(suggestion.after, allowed_numbers(form), form.declaration.goal)
    if foreign:
        return [f"含有表中没有的数字 {sorted(foreign)}"]
    findings, _ = check_forms([new_form], active_rules(MEASURABILITY), MEASURABILITY)
    return broken + [f"{f.code} {f.message}" for f in findings if f.indicator == index]


def _new_structure_errors(form: FormView, new_form: FormView) -> list[str]:
    before = {f.message for f in check_forms([form], active_rules(STRUCTURE), STRUCTURE)[0]}
    after, _ = check_forms([new_form], active_rules(STRUCTURE), STRUCTURE)
    return [f"{f.code} {f.message}" for f in after if f.message not in before]
