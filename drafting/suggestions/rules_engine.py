"""The offline `rules` engine: drafts measurable indicators from the form's own goal text and budget.

It never invents a number. What it proposes comes from:
- quantified tasks in 年度总体目标 ("参与群众不少于5000人次" → 数量指标 参与群众人次 ≥5000人次);
- the budget (项目总成本 ≤40万元) and the project period (项目完成时间 2020年12月31日前);
- the row itself, for mechanical rewrites (a target moved from the name into the value).
Where the form gives nothing to measure it says so in a note for the human.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from collections import defaultdict

from store.values import Kind, Op, parse_value
from store.vocabulary import COST_LEVEL2

from ..goals import GoalTask, goal_deadlines, goal_tasks, measured, stated_numbers
from ..lint.findings import Finding, nth
from ..lint.rules.target_in_name import target_in
from ..lint.view import FormView, Row, is_rate_name
from .model import Draft, Drafting, grouped, make

ENGINE = "rules"
QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"

# How a count is named: 12名 … → "…人数", 12场 → "…场次".
_MEASURE = {
    "名": "人数", "人": "人数", "人次": "人次", "场": "场次", "场次": "场次", "期": "期数", "次": "次数",
    "个": "数量", "所": "所数", "户": "户数", "户次": "户次", "件": "件数", "卷": "卷数", "套": "套数",
    "亩": "面积", "公里": "里程", "平方米": "面积", "项": "项数", "家": "家数", "篇": "篇数", "册": "册数",
    "份": "份数", "台": "台数", "辆": "辆数", "座": "座数", "处": "处数", "班": "班次", "支": "支数",
    "条": "条数", "课时": "课时数", "学时": "学时数", "吨": "数量", "株": "株数", "棵": "株数", "头": "头数",
}
# The unit a name ending counts in, where that is unambiguous ("数量" and "面积" are not).
_NAME_UNIT = {suffix: unit for unit, suffix in _MEASURE.items() if suffix not in ("数量", "面积", "里程", "株数")}
_NAME_UNIT.update({"人数": "人", "场次": "场"})  # counted in 名 or 人, 场 or 场次: say the plain one
# Words that open a clause but name nothing: numbering, time, intent, quantity adverbs.
_LEAD = re.compile(r"^(?:(?:\d+\s*[.、．)）]|[一二三四五六七八九十]+、|全年|每年|年度|本年度|今年|计划|力争|确保|预计|拟|"
                   r"累计|共|合计|需要?|对|为|将|并|其中|包括|"
                   r"(?:在|于)?(?:全|本)(?:区|市|县|镇|乡|村|省|州|旗|街道)(?:域|内|范围内)?)\s*)+")
_TRAIL = re.compile(r"(?:的|了|共计|合计|总计|分别给予|给予|达到|约)+$")
_SUBJECT_END = re.compile(r"(?:给予|进行|开展|并|以|用于|的|和|及|等)")
_MONEY_SUBJECT_END = re.compile(r"(?:给予|进行|开展|并|以|用于|的)")  # "活动和教育经费" is one cost item
_COST_WORD = re.compile(r"(?:费|经费|资金|补贴|补助|奖励|奖金|成本)$")
# The goal restating the whole budget is not a cost item (JX403 compares it with the total).
_WHOLE_BUDGET = re.compile(r"(?:所需资金|共需资金|预计共需资金|预算资金共计|预算资金|资金总额|总投资)$")
_MAX_NAME = 20
_RATE_TAIL = re.compile(r"(?:达到|不低于|不少于|保持在|保持|控制在|为)$")
# A time written in a timeliness row's name, without a year: the month's, quarter's or half's end.
_NAMED_TIME = re.compile(r"(?:(?P<month>\d{1,2})\s*月(?:底|末)?(?:之?前|以前)?|第(?P<quarter>[一二三四1-4])季度(?:末)?(?:之?前)?"
                         r"|(?P<half>上半年|下半年|年底|年末)(?:之?前)?)")
_COUNT_TAIL = re.compile(r"(?:数量|人数|个数|次数|数)$")


def _clean(text: str) -> str:
    text = re.split(r"[(（)）]", text)[-1]  # "保障经费(包括门诊费" → "包括门诊费"
    text = re.sub(r"[“”\"'‘’《》\s]", "", text)
    return _TRAIL.sub("", _LEAD.sub("", text))


def _subject(text: str, ends: re.Pattern = None) -> str:
    """The noun after a number, up to the first verb or particle: "优秀指导员给予一次性奖励" → "优秀指导员"."""
    return (ends or _SUBJECT_END).split(_clean(text), maxsplit=1)[0]


def money_text(yuan: float) -> str:
    """400000 → '40万元', 3000 → '3000元', 531000 → '53.1万元'."""
    if yuan >= 10_000:
        wan = round(yuan / 10_000, 4)
        return f"{wan:g}万元"
    return f"{yuan:g}元"


def _number_text(number: float) -> str:
    return f"{number:g}"


class RulesEngine:
    name = ENGINE

    def draft(self, form: FormView, findings: list[Finding]) -> Drafting:
        return _Drafter(form, findings).run()


class _Drafter:
    def __init__(self, form: FormView, findings: list[Finding]):
        self.form = form
        self.d = form.declaration
        self.out = Drafting()
        self.codes: dict[int | None, set[str]] = defaultdict(set)
        for finding in findings:
            self.codes[finding.indicator].add(finding.code)
        self.taken: set[int] = set()  # rows that already have a suggestion
        self.tasks = list(goal_tasks(self.d.goal))
        self.used: set[tuple] = set()  # (number, unit) of tasks already turned into a draft
        self.stated = stated_numbers(form.rows)  # (number, unit) the rows measure, 万 applied
        self.cost_done = False
        self.row_notes: dict[int, str] = {}
        self.together: dict[str, list[int]] = {}  # group key → positions in out.suggestions

    # --- helpers -----------------------------------------------------------------------------

    def _suggest(self, kind, row: Row | None, after: Draft | None, reason: str, codes, position=None, together=""):
        """Queue one change; those with the same `together` key depend on each other and form a group."""
        before = Draft.of(row.indicator) if row is not None else None
        index = row.index if row is not None else position
        self.out.suggestions.append(make(kind, index, before, after, reason, list(codes), ENGINE))
        if together:
            self.together.setdefault(together, []).append(len(self.out.suggestions) - 1)
        if row is not None:
            self.taken.add(row.index)

    def _drafted_at(self, task: GoalTask) -> int | None:
        """The position of the suggestion that drafted the task's number and unit."""
        for position, suggestion in enumerate(self.out.suggestions):
            after = suggestion.after
            if after and after.value.endswith(f"{_number_text(task.number)}{task.unit}"):
                return position
        return None

    def _key_of(self, position: int) -> str:
        """The group key of the suggestion at `position`, made for it when it has none yet."""
        for key, positions in self.together.items():
            if position in positions:
                return key
        self.together[f"with{position}"] = [position]
        return f"with{position}"

    def _group(self) -> None:
        for positions in self.together.values():
            for position, member in zip(positions, grouped([self.out.suggestions[i] for i in positions])):
                self.out.suggestions[position] = member

    def _unused(self, predicate) -> GoalTask | None:
        for task in self.tasks:
            key = (task.number, task.unit)
            if key not in self.used and predicate(task):
                self.used.add(key)
                return task
        return None

    def _task_draft(self, task: GoalTask, verb: str = "") -> Draft | None:
        """An indicator for one quantified task of the goal; None when the goal does not say what is counted."""
        context = _clean(task.context) or verb
        if task.is_money:
            if _WHOLE_BUDGET.search(re.sub(r"\s", "", task.context)):
                return None
            name = next((n for n in (_subject(task.subject, _MONEY_SUBJECT_END), context) if _COST_WORD.search(n)), "")
            if not name or len(name) > _MAX_NAME:
                return None
            if task.per and not name.endswith("标准"):
                name += "标准"
            level1, level2 = self.form.vocabulary.budget_row
            return Draft(level1=level1, level2=level2, name=name,
                         value=f"{Op.LE.value}{money_text(task.number)}{task.per}")
        if task.is_rate:
            name = _RATE_TAIL.sub("", context)
            if not name:
                return None
            if not re.search(r"(?:率|比例|占比|比重|覆盖面)$", name):
                name += "比例"
            op = task.op if task.op != Op.EQ else Op.GE
            return Draft(level1="产出指标", level2=QUALITY, name=name[:20], value=f"{op.value}{_number_text(task.number)}%")
        subject = _subject(task.subject)
        base = _COUNT_TAIL.sub("", f"{context}{subject}")
        if "等" in base and len(base.rsplit("等", 1)[1]) >= 2:
            base = base.rsplit("等", 1)[1]  # "玉米、马铃薯等作物种植": the category, not a cut enumeration
        if len(base) > _MAX_NAME:
            base = subject  # the clause is long: the counted noun alone reads better
        if len(base) < 2 or re.search(r"[A-Za-z]", base):
            return None
        measure = _MEASURE.get(task.unit, "数量")
        name = base if base.endswith(measure) else f"{base}{measure}"
        return Draft(level1="产出指标", level2=QUANTITY, name=name,
                     value=f"{task.op.value}{_number_text(task.number)}{task.unit}")

    def _budget_cost(self) -> Draft | None:
        total = self.d.funds.total
        if not total:
            return None
        level1, level2 = self.form.vocabulary.budget_row
        return Draft(level1=level1, level2=level2, name="项目总成本", value=f"≤{money_text(total)}")

    def _deadline(self) -> Draft | None:
        deadlines = goal_deadlines(self.d.goal)
        if deadlines:
            value = deadlines[-1]
        elif self.form.period:
            # An annual form's targets are that year's: a multi-year period's end is not its deadline.
            start, end = self.form.period
            value = f"{self.d.year if start <= self.d.year <= end else end}年12月31日前"
        else:
            return None
        return Draft(level1="产出指标", level2=TIMELINESS, name="项目完成时间", value=value)

    # --- the passes ----------------------------------------------------------------------------

    def run(self) -> Drafting:
        self._mechanical()
        self._pasted_rows()
        self._hollow_rows()
        self._cost_block()
        self._uncovered_tasks()
        self._group()
        self.out.notes += [note for index, note in sorted(self.row_notes.items()) if index not in self.taken]
        if not self.tasks:
            self.out.notes.append("年度总体目标中没有可量化的任务（数量、比率、金额、期限），"
                                  "数量、质量、效益指标的目标值需要人工填写")
        return self.out

    def _mechanical(self) -> None:
        """Rewrites that need nothing but the row itself and the period."""
        for row in self.form.rows:
            codes = self.codes.get(row.index, set())
            p = row.parsed
            if "JX304" in codes:
                self._target_out_of_name(row)
            elif "JX302" in codes and p.unit == "%" and len(self.form.rows_in(QUANTITY)) == 1:
                # Said only if no later pass finds a count in the goal for this row.
                self.row_notes[row.index] = (f"{nth(row.index)}是唯一的数量指标却写成百分比：请改写为数量（人数、场次等），"
                                             "总体目标中没有可用的数字")
            elif "JX302" in codes and p.unit == "%":
                # A rate keeps its name and moves to 质量指标; a count written as a percent becomes a share.
                name = row.name if is_rate_name(row.name) else _COUNT_TAIL.sub("", row.name) + "比例"
                after = Draft(level1=row.level1, level2=QUALITY, name=name, value=row.value.replace(" ", ""))
                self._suggest("replace", row, after, "数量指标写成了百分比：改为比率，放入质量指标", {"JX302"})
            elif "JX303" in codes and not {"JX201"} & codes:
                after = self._own_deadline(row) or self._deadline()
                if after:
                    self._suggest("replace", row, after, "时效指标应写完成期限（取自项目期或总体目标）", {"JX303"})
            elif "JX306" in codes and p.unit == "%" and p.number == 100 and p.op == Op.GE:
                after = Draft.of(row.indicator).model_copy(update={"value": "＝100%"})
                self._suggest("replace", row, after, "比率不会超过100%：“≥100%”应写“＝100%”", {"JX306"})
            elif "JX308" in codes and p.number is not None:
                after = Draft.of(row.indicator).model_copy(update={"value": f"≤{_number_text(p.number)}{p.unit}"})
                self._suggest("replace", row, after, "成本是上限，应使用“≤”", {"JX308"})
            elif "JX307" in codes and row.level2 in self.form.vocabulary.money_cost:
                self._cost_unit(row)
            elif "JX307" in codes and p.number is not None:
                self._unit_from_goal(row)

    def _own_deadline(self, row: Row) -> Draft | None:
        """The deadline the row's own name states ("上半年完成改造", "9月底前发放"), in the form's year:
        kept rather than replaced by the goal's or the period's."""
        match = _NAMED_TIME.search(row.name)
        if not match:
            return None
        if match.group("month"):
            month = int(match.group("month"))
        elif match.group("quarter"):
            month = 3 * ("一二三四".find(match.group("quarter")) + 1 if not match.group("quarter").isdigit()
                         else int(match.group("quarter")))
        else:
            month = 6 if match.group("half") == "上半年" else 12
        if not 1 <= month <= 12:
            return None
        last = (date(self.d.year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
        name = (row.name[:match.start()] + row.name[match.end():]).strip() or "完成"
        name = name if name.endswith("时间") else f"{name}时间"
        return Draft(level1=row.level1, level2=row.level2, name=name, value=f"{self.d.year}年{month}月{last}日前")

    def _unit_from_goal(self, row: Row) -> None:
        """A number without its unit ("≥600") takes the unit the goal states for the same number."""
        p = row.parsed
        units = {t.unit for t in self.tasks if t.number == p.number and not t.is_money and t.unit != "%"}
        if not units:  # else the one the name counts in: "培训人数" in 人, "场次" in 场
            units = {_NAME_UNIT[suffix] for suffix in _NAME_UNIT if row.name.endswith(suffix)}
        if len(units) == 1:
            unit = units.pop()
            after = Draft.of(row.indicator).model_copy(
                update={"value": f"{p.op.value if p.op else ''}{_number_text(p.number)}{unit}"})
            self._suggest("replace", row, after, f"数值没有单位：补为“{unit}”（取自总体目标中同一个数，或名称所数的对象）", {"JX307"})

    def _target_out_of_name(self, row: Row) -> None:
        target = target_in(row.name)
        name = row.name.replace(target, "").strip(" ，,、") if target else row.name
        parsed = _first_target(target, row)
        if parsed is None:
            return
        kind, value = parsed
        if kind == "deadline":
            name, level2 = "项目完成时间", TIMELINESS
        else:
            level2 = row.level2
            name = name if len(name) >= 2 and name != "完成" else ("项目总成本" if level2 in COST_LEVEL2 else row.name)
        after = Draft(level1=row.level1, level2=level2, name=name, value=value)
        self._suggest("replace", row, after, "目标写在了名称里：名称只写对象，目标移到指标值", {"JX304"})

    def _cost_unit(self, row: Row) -> None:
        """A bare number in a cost row: 万元 when the unitless costs add up to an amount the form states in 万元."""
        bare = [r for r in self.form.money_cost_rows if r.parsed.kind == Kind.NUMBER and not r.parsed.unit]
        total = sum(r.parsed.number for r in bare) * 10_000
        stated = {t.number for t in self.tasks if t.is_money} | {self.d.funds.total}
        if not any(abs(total - amount) <= max(1.0, amount * 0.05) for amount in stated):
            self.out.notes.append(f"{nth(row.index)}成本“{row.value}”没有单位，无法判断是元还是万元，请人工补上")
            return
        after = Draft.of(row.indicator).model_copy(update={"value": f"≤{_number_text(row.parsed.number)}万元"})
        self._suggest("replace", row, after,
                      "成本没有单位：各行合计按万元计与总体目标/预算相符，故补为万元并按上限书写", {"JX307"})

    def _pasted_rows(self) -> None:
        """A name pasted from the goal becomes one indicator per quantified task in it."""
        for row in self.form.rows:
            if "JX204" not in self.codes.get(row.index, set()) or row.index in self.taken:
                continue
            drafts, verb = [], ""
            for task in goal_tasks(row.name):
                key = (task.number, task.unit)
                if key in self.used:
                    continue
                draft = self._task_draft(task, verb)
                verb = _clean(task.context) or verb
                if draft:
                    self.used.add(key)
                    drafts.append(draft)
            if not drafts:
                drafted = [self._drafted_at(t) for t in goal_tasks(row.name) if (t.number, t.unit) in self.used]
                if drafted and None not in drafted:
                    # Removing it is right only with the drafts that took its tasks: one group.
                    self._suggest("remove", row, None, "这一行粘贴的内容已拆分为其他建议中的指标", {"JX204"},
                                  together=self._key_of(drafted[0]))
                else:
                    self.out.notes.append(f"{nth(row.index)}名称过长，但其中没有可量化的任务，请人工拆分改写")
                continue
            key = f"split{row.index}"
            self._suggest("replace", row, drafts[0], "名称是粘贴的长文本：按其中的量化任务拆分", {"JX204"}, together=key)
            for draft in drafts[1:]:
                self._suggest("add", None, draft, "名称是粘贴的长文本：按其中的量化任务拆分", {"JX204"}, together=key)

    def _hollow_rows(self) -> None:
        """Placeholder, name-is-project, copied and boilerplate rows get what the goal and budget offer."""
        copied = "JX205" in self.codes.get(None, set())
        for row in self.form.rows:
            # Boilerplate (JX206) alone is no reason to replace a row: it is often true, just generic.
            codes = self.codes.get(row.index, set()) & {"JX201", "JX202", "JX104"}
            if row.index in self.taken or not (codes or copied):
                continue
            codes = codes | ({"JX205"} if copied else set())
            if row.level2 in self.form.vocabulary.money_cost:
                self._cost_row(row, codes)
            elif row.level2 == QUANTITY:
                self._from_task(row, codes, lambda t: not t.is_money and not t.is_rate)
            elif row.level2 == QUALITY:
                self._from_task(row, codes, lambda t: t.is_rate)
            elif row.level2 == TIMELINESS:
                after = self._deadline()
                if after:
                    self._suggest("replace", row, after, "时效指标改为完成期限（取自项目期或总体目标）", codes)
            elif codes - {"JX205"}:
                self.out.notes.append(
                    f"{nth(row.index)}（{row.level2}）：总体目标没有给出可量化的{row.level2.removesuffix('指标')}目标，"
                    "请人工填写对象和目标值")

    def _from_task(self, row: Row, codes: set[str], predicate) -> None:
        task = self._unused(predicate)
        draft = self._task_draft(task) if task else None
        if draft:
            self._suggest("replace", row, draft.model_copy(update={"level1": row.level1}),
                          f"以总体目标中的“{task.text}”作为{row.level2}", codes)
        elif codes - {"JX205"}:
            self.out.notes.append(f"{nth(row.index)}（{row.level2}）：总体目标没有可用于此项的量化任务，请人工填写")

    def _cost_row(self, row: Row, codes: set[str]) -> None:
        if self.cost_done:
            self._suggest("remove", row, None, "成本已由“项目总成本”一行概括", codes, together="cost")
            return
        after = self._budget_cost()
        if after:
            self.cost_done = True
            self._suggest("replace", row, after, "成本指标取年度资金总额作为上限", codes, together="cost")

    def _cost_block(self) -> None:
        """No cost row at all, or only empty ones: the budget gives the cap."""
        cost_rows = self.form.money_cost_rows
        if not cost_rows and not self.cost_done:
            after = self._budget_cost()
            if after:
                self.cost_done = True
                self._suggest("add", None, after, "缺少成本指标：以年度资金总额作为上限", {"JX102"})
            return
        for row in cost_rows:
            if row.index not in self.taken and row.parsed.kind == Kind.EMPTY:
                self._cost_row(row, {"JX104"})

    def _uncovered_tasks(self) -> None:
        """Quantified tasks of the goal that no indicator measures yet (JX501)."""
        verb = ""
        for task in self.tasks:
            key = (task.number, task.unit)
            already = task.negated or measured(task.number, "元" if task.is_money else task.unit, self.stated)
            if key in self.used or already or (task.is_money and task.number == self.d.funds.total):
                verb = _clean(task.context) or verb
                continue
            draft = self._task_draft(task, verb)
            verb = _clean(task.context) or verb
            if draft is None or draft.level2 not in self.form.vocabulary.level2:
                continue
            self.used.add(key)
            self._suggest("add", None, draft, f"总体目标中的“{task.text}”还没有对应的指标", {"JX501"})


def _first_target(target: str | None, row: Row) -> tuple[str, str] | None:
    """The target of a JX304 row as ('deadline'|'amount', value text)."""
    if not target:
        return None
    parsed = parse_value(target)
    if parsed.kind == Kind.DEADLINE:
        return "deadline", f"{parsed.deadline.year}年{parsed.deadline.month}月{parsed.deadline.day}日前"
    money = parsed.money_yuan
    if money is not None:
        return "amount", f"≤{money_text(money)}"
    if parsed.kind == Kind.NUMBER and parsed.number is not None:
        op = parsed.op or (Op.LE if row.level2 in COST_LEVEL2 else Op.GE)
        return "amount", f"{op.value}{_number_text(parsed.number)}{parsed.unit}"
    return None
