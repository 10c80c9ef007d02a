"""`jixiao diff`: what changed between two versions of the same projects, indicator by indicator.

The result is pydantic models; the JSON output is their dump (docs/cli.md lists the fields).
Indices are 0-based as in the lint's JSON; reports show rows counted from 1.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from store import Declaration

from ..lint.config import LintConfig
from ..lint.findings import Finding
from ..lint.runner import lint_forms
from ..lint.view import FormView, norm
from .match import FormPair, RowPair, match_forms, match_rows
from .outline import Outline, kind
from .targets import Direction, compare

Change = Literal["same", "renamed", "retargeted", "renamed+retargeted", "added", "removed"]


class RowChange(BaseModel):
    change: Change
    old_indicator: int | None = None  # 0-based; None for a row added
    new_indicator: int | None = None  # 0-based; None for a row removed
    old_level2: str = ""
    new_level2: str = ""
    old_name: str = ""
    new_name: str = ""
    old_value: str = ""
    new_value: str = ""
    direction: Direction | None = None  # retargeted rows: how the number or deadline moved
    stricter: bool | None = None  # retargeted rows: the new target asks more (True), less (False), unclear (None)
    moved: bool = False  # the row is now under another 二级 (not counting 成本指标 → 经济成本指标)


class FieldChange(BaseModel):
    field: str  # the TOML key: project, department, implementer, attribute, period, framework
    label: str  # its Chinese name
    old: str
    new: str


class FundsChange(BaseModel):
    field: Literal["total", "fiscal", "other"]
    label: str
    old: float  # 元
    new: float
    ratio: float | None  # new / old − 1; None when old is 0


class GoalChange(BaseModel):
    removed: list[str] = []  # sentences of the old 年度总体目标 not in the new one
    added: list[str] = []


class FindingRef(BaseModel):
    code: str
    message: str
    indicator: int | None  # 0-based, in the form the finding belongs to (old for gone, new for new)


class FormDiff(BaseModel):
    old_path: str
    new_path: str
    old_project: str
    new_project: str
    old_year: int
    new_year: int
    basis: str  # why the two forms were paired
    old_total: float  # 年度资金总额, 元
    new_total: float
    reordered: bool = False  # rows found in both versions stand in another order
    header: list[FieldChange] = []
    funds: list[FundsChange] = []
    goal: GoalChange = GoalChange()
    rows: list[RowChange] = []
    lint_gone: list[FindingRef] = []  # findings of the old version that the new one no longer has
    lint_new: list[FindingRef] = []

    @property
    def changed(self) -> bool:
        return bool(self.header or self.funds or self.goal.added or self.goal.removed or self.reordered
                    or any(row.change != "same" or row.moved for row in self.rows))

    def count(self, change: str) -> int:
        return sum(1 for row in self.rows if row.change == change)


class FormEntry(BaseModel):
    path: str
    project: str
    year: int


class ErrorEntry(BaseModel):
    path: str
    message: str


class StoreDiff(BaseModel):
    old: str
    new: str
    forms: list[FormDiff] = []
    only_old: list[FormEntry] = []  # forms of OLD with no counterpart in NEW (ended, or not recognised)
    only_new: list[FormEntry] = []
    errors: list[ErrorEntry] = []  # files that could not be read; the rest were compared


_HEADER = (("project", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"),
           ("attribute", "项目属性"), ("period", "项目期"), ("framework", "指标体系"))
_FUNDS = (("total", "年度资金总额"), ("fiscal", "财政拨款"), ("other", "其他资金"))
_SENTENCE = re.compile(r"[。；;！!\n]+|(?:^|\s)\d+[.、．)）]\s*")


def _sentences(goal: str, year: int) -> dict[str, str]:
    """The goal's sentences by a key that ignores punctuation and the form's own year."""
    out = {}
    for part in _SENTENCE.split(goal):
        part = part.strip(" ，,")
        if part:
            out.setdefault(norm(part.replace(str(year), "〈年〉")), part)
    return out


def _header_key(form: Declaration, key: str, year: int) -> str:
    """A header field for comparing: a project period that moved on with the year ("2020-2020" a
    year later as "2021-2021") is the same."""
    text = norm(str(getattr(form, key)))
    if key == "period":
        text = re.sub(r"\d{4}", lambda m: str(int(m.group()) - form.year), text)
    return text


def _goal(old: Declaration, new: Declaration) -> GoalChange:
    a, b = _sentences(old.goal, old.year), _sentences(new.goal, new.year)
    return GoalChange(removed=[text for key, text in a.items() if key not in b],
                      added=[text for key, text in b.items() if key not in a])


def _row(pair: RowPair, old: Declaration, new: Declaration) -> RowChange:
    a = old.indicators[pair.old] if pair.old is not None else None
    b = new.indicators[pair.new] if pair.new is not None else None
    change = RowChange(change="added" if a is None else "removed" if b is None else "same",
                       old_indicator=pair.old, new_indicator=pair.new)
    if a is not None:
        change.old_level2, change.old_name, change.old_value = a.level2, a.name, a.value
    if b is not None:
        change.new_level2, change.new_name, change.new_value = b.level2, b.name, b.value
    if a is None or b is None:
        return change
    target = compare(a.value, b.value, new.year - old.year)
    renamed = norm(a.name) != norm(b.name)
    change.moved = kind(a.level2) != kind(b.level2)
    if not target.same:
        change.direction, change.stricter = target.direction, target.stricter
    change.change = ("renamed+retargeted" if renamed and not target.same else "renamed" if renamed
                     else "same" if target.same else "retargeted")
    return change


def _lint_delta(pair: FormPair, old: list[Finding], new: list[Finding]) -> tuple[list[FindingRef], list[FindingRef]]:
    """Findings gone and findings new; a finding on a row counts as the same when the row is the
    same indicator in the other version (matched), whatever its position."""
    to_new = {p.old: p.new for p in pair.rows if p.old is not None}
    remaining: dict[tuple, list[Finding]] = defaultdict(list)
    for f in new:
        remaining[(f.code, f.indicator)].append(f)
    gone = []
    for f in old:
        where = None if f.indicator is None else to_new.get(f.indicator, ("removed", f.indicator))
        if remaining.get((f.code, where)):
            remaining[(f.code, where)].pop()
        else:
            gone.append(FindingRef(code=f.code, message=f.message, indicator=f.indicator))
    fresh = [FindingRef(code=f.code, message=f.message, indicator=f.indicator)
             for found in remaining.values() for f in found]
    fresh.sort(key=lambda r: (-1 if r.indicator is None else r.indicator, r.code))
    return gone, fresh


def form_diff(pair: FormPair, old: FormView, new: FormView, old_findings: list[Finding] = (),
              new_findings: list[Finding] = (), basis: str = "") -> FormDiff:
    a, b = old.declaration, new.declaration
    header = [FieldChange(field=key, label=label, old=str(getattr(a, key)), new=str(getattr(b, key)))
              for key, label in _HEADER if _header_key(a, key, b.year) != _header_key(b, key, b.year)]
    funds = []
    for key, label in _FUNDS:
        x, y = getattr(a.funds, key), getattr(b.funds, key)
        if abs(x - y) > 0.005:
            funds.append(FundsChange(field=key, label=label, old=x, new=y, ratio=(y / x - 1) if x else None))
    gone, fresh = _lint_delta(pair, list(old_findings), list(new_findings))
    order = [p.old for p in pair.rows if p.old is not None and p.new is not None]
    return FormDiff(old_path=old.path, new_path=new.path, old_project=a.project, new_project=b.project,
                    old_year=a.year, new_year=b.year, basis=basis or pair.basis, old_total=a.funds.total,
                    new_total=b.funds.total, reordered=order != sorted(order), header=header, funds=funds,
                    goal=_goal(a, b), rows=[_row(p, a, b) for p in pair.rows], lint_gone=gone, lint_new=fresh)


def _by_path(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        out[f.path].append(f)
    return out


def _entry(form: Outline) -> FormEntry:
    return FormEntry(path=form.path, project=form.project, year=form.year)


# Left out of the lint delta: the year-over-year rules are about the pair itself, and copying and
# boilerplate (JX205, JX206) depend on which other forms were linted with it, not on the form.
NOT_IN_DELTA = ("JX6", "JX205", "JX206")


def _lint_config(config: LintConfig | None) -> LintConfig:
    """Both versions are checked alike, by the rules about the form itself."""
    config = config or LintConfig()
    return config.model_copy(update={"ignore": [*config.ignore, *NOT_IN_DELTA]})


def diff_forms(old: list[FormView], new: list[FormView], config: LintConfig | None = None,
               old_name: str = "", new_name: str = "", pair_all: bool = False) -> StoreDiff:
    """Compare two sets of forms: matched pairs, and what is only on one side.

    With `pair_all` (one file against one file, as the user chose them) the two forms are compared
    whatever their names.
    """
    outlines = ([Outline.of(f.path, f.declaration) for f in old], [Outline.of(f.path, f.declaration) for f in new])
    basis = ""
    if pair_all and len(old) == len(new) == 1:
        a, b = outlines[0][0], outlines[1][0]
        pairs, only_old, only_new = [FormPair(a, b, tuple(match_rows(a.rows, b.rows)))], [], []
        if not match_forms([a], [b]).pairs:
            basis = f"按所给的两个文件对比；看来不是同一项目（{pairs[0].basis}）"
    else:
        matching = match_forms(*outlines)
        pairs, only_old, only_new = matching.pairs, matching.only_old, matching.only_new
    config = _lint_config(config)
    old_found, new_found = _by_path(lint_forms(old, config)), _by_path(lint_forms(new, config))
    views = {("old", f.path): f for f in old} | {("new", f.path): f for f in new}
    forms = [form_diff(p, views["old", p.old.path], views["new", p.new.path], old_found[p.old.path],
                       new_found[p.new.path], basis) for p in pairs]
    return StoreDiff(old=old_name, new=new_name, forms=forms, only_old=list(map(_entry, only_old)),
                     only_new=list(map(_entry, only_new)))
