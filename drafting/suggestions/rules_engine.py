"""The offline `rules` engine: drafts measurable indicators from the form's own goal text and budget.

It never invents a number. What it proposes comes from:
- quantified tasks in 年度总体目标 ("参与群众不少于5000人次" → 数量指标 参与群众人次 ≥5000人次);
- the budget (项目总成本 ≤40万元) and the project period (项目完成时间 2020年12月31日前);
- the row itself, for mechanical rewrites (a target moved from the name into the value).
Where the form gives nothing to measure it says so in a note for the human.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

from rapidfuzz import fuzz

from store.values import Kind, Op, parse_value
from store.vocabulary import COST_LEVEL2

from ..goals import (COUNT_UNITS, GoalTask, goal_deadlines, goal_tasks, goal_time_limits, measured, stated_numbers,
                     zero_tasks)
from ..library import BLANK, Library, load_library
from ..lint.findings import Finding, nth
from ..lint.rules.target_in_name import target_in
from ..lint.view import FormView, Row, is_rate_name
from .candidates import Candidates
from .model import Draft, Drafting, grouped, make
from .peers import Peers

ENGINE = "rules"
QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"

# How a count is named: 12名 … → "…人数", 12场 → "…场次".
_MEASURE = {
    "名": "人数", "人": "人数", "人次": "人次", "场": "场次", "场次": "场次", "期": "期数", "次": "次数",
    "个": "数量", "所": "所数", "户": "户数", "户次": "户次", "件": "件数", "卷": "卷数", "套": "套数",
    "亩": "面积", "公里": "里程", "平方米": "面积", "项": "项数", "家": "家数", "篇": "篇数", "册": "册数",
    "份": "份数", "台": "台数", "辆": "辆数", "座": "座数", "处": "处数", "班": "班次", "支": "支数",
    "条": "条数", "起": "起数", "例": "例数", "课时": "课时数", "学时": "学时数", "吨": "数量", "株": "株数", "棵": "株数", "头": "头数",
}
# The unit a name ending counts in, where that is unambiguous ("数量" and "面积" are not).
_NAME_UNIT = {suffix: unit for unit, suffix in _MEASURE.items() if suffix not in ("数量", "面积", "里程", "株数")}
_NAME_UNIT.update({"人数": "人", "场次": "场", "年限": "年", "天数": "天"})  # counted in 名 or 人, 场 or 场次: say the plain one
# Words that open a clause but name nothing: numbering, time, intent, quantity adverbs.
_LEAD = re.compile(r"^(?:(?:\d+\s*[.、．)）]|[一二三四五六七八九十]+、|全年|每年|年度|本年度|今年|计划|力争|确保|预计|拟|"
                   r"累计|共|合计|需要?|对|为|将|并|其中|包括|"
                   r"(?:在|于)?(?:全|本)(?:区|市|县|镇|乡|村|省|州|旗|街道)(?:域|内|范围内)?)\s*)+")
_TRAIL = re.compile(r"(?:的|了|共计|合计|总计|分别给予|给予|达到|约)+$")
_SUBJECT_END = re.compile(r"(?:给予|进行|开展|并|以|用于|的|和|及|等)")
_MONEY_SUBJECT_END = re.compile(r"(?:给予|进行|开展|并|以|用于|的)")  # "活动和教育经费" is one cost item
_COST_WORD = re.compile(r"(?:费|经费|资金|补贴|补助|奖励|奖金|成本|标准)$")
# The goal restating the whole budget is not a cost item (JX403 compares it with the total).
_WHOLE_BUDGET = re.compile(r"(?:所需资金|共需资金|预计共需资金|预算资金共计|预算资金|资金总额|总投资)$")
_MAX_NAME = 20
_RATE_TAIL = re.compile(r"(?:达到|不低于|不少于|保持在|保持|控制在|为)$")
# A time written in a timeliness row's name, without a year: the month's, quarter's or half's end.
_NAMED_TIME = re.compile(r"(?:(?P<month>\d{1,2})\s*月(?:底|末)?(?:之?前|以前)?|第(?P<quarter>[一二三四1-4])季度(?:末)?(?:之?前)?"
                         r"|(?P<half>上半年|下半年|年底|年末)(?:之?前)?)")
# Outcomes, not outputs: who benefits, how many come, what rises.
_EFFECT = re.compile(r"(?:同比增长|增长|就业率|机械化率|保障[^，。]{0,8}人口|带动|观众|接待[^，。]{0,6}游客|游客接待|旅游接待"
                     r"|恢复和改善|新增和改善|产能|增收)")
_ECONOMIC = re.compile(r"(?:游客|旅游|灌溉|产能|增收|收入|产值|粮食)")
_SCOPE = re.compile(r"(?:(?:在|深入|覆盖)(?:全(?:县|区|市|镇|乡|省))?[^，。]{0,4}|全(?:县|区|市|镇|乡|省))$")
_PER_HEAD = re.compile(r"(亩|户|人|株|头)均")
_INCOME = re.compile(r"(?:增收|收入|收益|节本|增效|效益|利润|产值)")
_UNIT_HEAD = re.compile(rf"^(?:万|亿)?(?:{'|'.join(map(re.escape, COUNT_UNITS))})")
_SCOPE_PLACE = re.compile(r"^(?:乡镇|行政村|社区|街道|镇|乡)(?!卫生|医|学校|小学|中学)")
_PLACE_HEAD = re.compile(r"^(?:乡镇|行政村|村|社区|镇|乡|街道|县|区)")
_COUNT_TAIL = re.compile(r"(?:数量|人数|个数|次数|数)$")


def _clean(text: str) -> str:
    text = re.split(r"[(（)）]", text)[-1]  # "保障经费(包括门诊费" → "包括门诊费"
    text = re.sub(r"[“”\"'‘’《》\s]", "", text)
    return _TRAIL.sub("", _LEAD.sub("", text))


def _subject(text: str, ends: re.Pattern = None) -> str:
    """The noun after a number, up to the first verb or particle or the next figure: "优秀指导员给予
    一次性奖励" → "优秀指导员"; "公租房小区2860套" → "公租房小区"."""
    return (ends or _SUBJECT_END).split(re.split(r"\d", _clean(text))[0], maxsplit=1)[0]


def money_text(yuan: float) -> str:
    """400000 → '40万元', 3000 → '3000元', 531000 → '53.1万元'."""
    if yuan >= 10_000:
        wan = round(yuan / 10_000, 4)
        return f"{wan:g}万元"
    return f"{yuan:g}元"


def _number_text(number: float) -> str:
    """12 → '12', 12500 → '1.25万', 28000000 → '2800万': as forms write them, never '2.8e+07'."""
    if number >= 10_000 and round(number / 10_000, 2) * 10_000 == number:
        return f"{_plain(number / 10_000)}万"
    return _plain(number)


def _plain(number: float) -> str:
    return f"{number:.6f}".rstrip("0").rstrip(".")


class RulesEngine:
    """`library`: the indicator library (the shipped one when None); `peers`: the other forms of the
    run with their findings, whose sound rows are fill-in candidates too."""

    name = ENGINE

    def __init__(self, library: Library | None = None, peers: list[tuple[FormView, list[Finding]]] = ()):
        self.library = library or load_library()
        self.peers = Peers(peers)

    def draft(self, form: FormView, findings: list[Finding]) -> Drafting:
        return _Drafter(form, findings, Candidates(form, self.library, self.peers.rows_for(form))).run()


class _Drafter:
    def __init__(self, form: FormView, findings: list[Finding], candidates: Candidates):
        self.form = form
        self.candidates = candidates
        self.d = form.declaration
        self.out = Drafting()
        self.codes: dict[int | None, set[str]] = defaultdict(set)
        for finding in findings:
            self.codes[finding.indicator].add(finding.code)
        self.taken: set[int] = set()  # rows that already have a suggestion
        self.tasks = list(goal_tasks(self.d.goal)) + list(zero_tasks(self.d.goal))
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

    def _unused(self, predicate, row: Row | None = None) -> GoalTask | None:
        """The first task not drafted yet that fits; for a row, the one its name speaks of ("…户数"
        takes the 户 task, not the number of 乡镇 before it)."""
        fresh = [t for t in self.tasks if (t.number, t.unit) not in self.used and predicate(t)]
        if row is not None:
            unit = next((u for suffix, u in _NAME_UNIT.items() if row.name.endswith(suffix)), None)
            fresh.sort(key=lambda t: (t.unit != unit, -fuzz.partial_ratio(_clean(t.context + t.subject), row.name)))
        if not fresh:
            return None
        self.used.add((fresh[0].number, fresh[0].unit))
        return fresh[0]

    def _task_draft(self, task: GoalTask, verb: str = "") -> Draft | None:
        """An indicator for one quantified task of the goal; None when the goal does not say what is counted."""
        context = _clean(task.context) or verb
        if task.is_money:
            if _WHOLE_BUDGET.search(re.sub(r"\s", "", task.context)) or self._restates_budget(task):
                return None
            context = re.sub(r"(?:为|是)$", "", context)  # "补贴标准为每人每月90元"
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
            # A rate with no word for its direction is a floor; 100% is always "＝100%": it cannot pass 100.
            op = Op.EQ if task.number == 100 else task.op if task.op != Op.EQ else Op.GE
            level1, level2 = self._effect(task) or ("产出指标", QUALITY)
            return Draft(level1=level1, level2=level2, name=name[:20], value=f"{op.value}{_number_text(task.number)}%")
        subject = _subject(task.subject)
        base = _COUNT_TAIL.sub("", f"{context}{subject}")
        if "等" in base and len(base.rsplit("等", 1)[1]) >= 2:
            base = base.rsplit("等", 1)[1]  # "玉米、马铃薯等作物种植": the category, not a cut enumeration
        if len(base) > _MAX_NAME or re.search(r"\d", base):
            # The clause is long or holds another figure: the counted noun alone reads better, or
            # the last item of an enumeration before the number ("走访慰问重点优抚对象和困难退役军人").
            # After the clause's other figure and what it counted: "全县8个乡镇农村户用…" → "农村户用…".
            tail = _PLACE_HEAD.sub("", _UNIT_HEAD.sub("", re.split(r"\d+(?:\.\d+)?", context)[-1]))
            base = subject if len(subject) >= 2 else _COUNT_TAIL.sub("", re.split(r"[和及与、]", tail)[-1])
        if len(base) < 2 or re.search(r"[a-z]", base):  # an acronym (SYB) is a name, lower case is noise
            return None
        measure = _MEASURE.get(task.unit, "数量")
        name = base if base.endswith(measure) else f"{base}{measure}"
        # A count the goal states plainly ("举办12场") is what the project commits to at least; the places
        # where it works ("在三个镇", "深入15个乡镇", "全县8个乡镇…") are its scope, exactly.
        place = _SCOPE_PLACE.match(subject) if _SCOPE.search(task.context) else None
        if place:
            name = f"覆盖{place.group()}数"
        op = Op.GE if task.op == Op.EQ and not place else task.op
        level1, level2 = self._effect(task) or ("产出指标", QUANTITY)
        return Draft(level1=level1, level2=level2, name=name, value=f"{op.value}{_number_text(task.number)}{task.unit}")

    def _effect(self, task: GoalTask) -> tuple[str, str] | None:
        """A figure of what the project achieves rather than delivers ("受益人口7.8万人", "就业率达到
        65%", "游客同比增长8%"): an effect indicator, economic when it is about money, yield or visitors."""
        text = f"{task.context}{task.text}{task.subject}"
        if not _EFFECT.search(text):
            return None
        level2 = "经济效益指标" if _ECONOMIC.search(text) else "社会效益指标"
        return ("效益指标", level2) if level2 in self.form.vocabulary.level2 else None

    def _time_limit(self, task: GoalTask) -> Draft | None:
        """"受理后15个工作日内完成审批" → 时效指标 审批办理时限 ≤15个工作日; "每月10日前发放" → 每月10日前."""
        words = _clean(re.sub(r"(?:在|于)?(?:受理|接到|申请|收到)[^，。]*?后$", "", task.context) + task.subject)
        words = re.sub(r"^(?:每月|每季度末月?|每季度|每半年)", "", words)
        words = re.sub(r"(?:完成|足额|按时|及时)", "", words)[:12]
        if len(words) < 2:
            return None
        recurring = task.text.startswith("每")
        name = f"{words}{'时间' if recurring else '时限'}"
        value = task.text.replace("之前", "前").replace("以前", "前") if recurring else \
            f"≤{_number_text(task.number)}{task.unit}"
        return Draft(level1="产出指标", level2=TIMELINESS, name=name, value=value)

    def _zero_measured(self, task: GoalTask) -> bool:
        """A promise of none is measured by a row of 0 about that incident: a form often has several."""
        return any(row.parsed.number == 0 and fuzz.partial_ratio(_clean(task.subject), row.name) >= 60
                   for row in self.form.rows)

    def _zero_target(self, task: GoalTask) -> Draft | None:
        """"确保不发生一起溺水事件": a target of zero of what must not happen, a social effect."""
        subject = _clean(task.subject)[:16]  # the whole incident: "较大以上火灾事故", not "较大"
        if len(subject) < 2 or "社会效益指标" not in self.form.vocabulary.level2:
            return None
        measure = _MEASURE.get(task.unit, "数量")
        name = subject if subject.endswith(measure) else f"{subject}{measure}"
        level2 = "生态效益指标" if re.search(r"森林|林地|生态|污染|焚烧", subject) else "社会效益指标"
        unit = "人" if task.unit == "名" else task.unit  # "不让一名幼儿失学": nobody, counted in 人
        return Draft(level1="效益指标", level2=level2, name=name[:_MAX_NAME], value=f"＝0{unit}")

    def _restates_budget(self, task: GoalTask) -> bool:
        """A total amount of the goal that is the budget itself, or that the linter found contradicting
        it (JX403): no cost item either way."""
        total = self.d.funds.total
        return not task.per and ("JX403" in self.codes.get(None, set()) or bool(total) and abs(task.number - total) <= total * 0.1)

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
        self._repair_rows()
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
            elif "JX307" in codes and p.number is not None and "JX204" not in codes:  # a pasted row is split
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
        own = row.parsed.kind in (Kind.NUMBER, Kind.DEADLINE) and row.parsed.unit
        if target and own and parse_value(target).number != row.parsed.number and len(name) >= 2:
            # The row has its own target ("抽查12家合格率 ≥95%"): the name's figure is a scope, not it.
            after = Draft.of(row.indicator).model_copy(update={"name": name})
            self._suggest("replace", row, after, "名称里写了数字：名称只写对象，目标值保留", {"JX304"})
            return
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
            # What the other rows measure: not this row's own bare value, nor the text of other pasted rows.
            others = stated_numbers([r for r in self.form.rows
                                     if r.index != row.index and "JX204" not in self.codes.get(r.index, set())])
            for task in goal_tasks(row.name):
                key = (task.number, task.unit)
                if key in self.used or _measured(task, others):
                    continue
                draft = self._task_draft(task, verb)
                verb = _clean(task.context) or verb
                if draft:
                    self.used.add(key)
                    drafts.append(draft)
            p = row.parsed
            targets = {d.value.lstrip("≥≤＝") for d in drafts}
            if drafts and p.kind == Kind.NUMBER and p.number and p.unit and row.value.lstrip("≥≤＝") not in targets:
                # The row's own target ("…｜5个") is not lost with the split: a row of its own, outside
                # the group, for the reviewer to name.
                own = Draft(level1=row.level1, level2=row.level2, name=self._name_for(row), value=row.value)
                self._suggest("add", None, own, "粘贴的长文本这一行原有的目标值：请写明它考核的对象", {"JX204"})
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
        for row in self.form.rows:
            # A copied form (JX205) keeps its sound rows: copying is the reviewer's to judge, and its
            # rows may well measure this project's goal. Boilerplate (JX206) is often true, just generic.
            codes = self.codes.get(row.index, set()) & {"JX201", "JX202", "JX104"}
            if row.index in self.taken or not codes:
                continue
            if codes == {"JX202"} and row.parsed.kind == Kind.NUMBER and row.parsed.unit:
                continue  # a sound target under the project's name: the name is renamed, the value kept
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

    def _from_task(self, row: Row, codes: set[str], predicate) -> None:
        task = self._unused(predicate, row)
        draft = self._task_draft(task) if task else None
        if draft:
            self._suggest("replace", row, draft.model_copy(update={"level1": row.level1}),
                          f"以总体目标中的“{task.text}”作为{row.level2}", codes)

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
            key = (0, task.unit, task.subject) if task.negated else (task.number, task.unit)
            if task.negated:
                already = self._zero_measured(task)
            elif task.is_rate:  # "100%" is on many rows: the rate must be this one
                already = any(row.parsed.number == task.number and row.parsed.unit == "%"
                              and fuzz.partial_ratio(_RATE_TAIL.sub("", _clean(task.context)), row.name) >= 60
                              for row in self.form.rows)
            else:
                already = _measured(task, self.stated)
            if key in self.used or already or (task.is_money and task.number == self.d.funds.total):
                verb = _clean(task.context) or verb
                continue
            draft = self._zero_target(task) if task.negated else self._task_draft(task, verb)
            verb = _clean(task.context) or verb
            if draft is None or draft.level2 not in self.form.vocabulary.level2:
                continue
            self.used.add(key)
            said = f"{task.context[-6:]}{task.subject}" if task.negated else task.text  # not just "一起"
            self._suggest("add", None, draft, f"总体目标中的“{said}”还没有对应的指标", {"JX501"})
        for task in goal_time_limits(self.d.goal):
            if measured(task.number, task.unit, self.stated) or any(task.text in row.value for row in self.form.rows):
                continue
            draft = self._time_limit(task)
            if draft is not None:
                self._suggest("add", None, draft, f"总体目标中的时限“{task.text}”还没有对应的时效指标", {"JX501"})

    def _repair_rows(self) -> None:
        """Every row a reviewer would flag gets a proposal: its own name with a value to fill in, a
        library or office indicator of its 二级 with a blank, or a mechanical correction."""
        for row in self.form.rows:
            codes = self.codes.get(row.index, set()) & REPAIRABLE
            if row.index in self.taken or not codes:
                continue
            for attempt in (self._misplaced, self._money_as_output, self._unit_magnitude, self._name_from_value,
                            self._keep_name, self._from_candidates):
                if attempt(row, codes):
                    break

    def _misplaced(self, row: Row, codes: set[str]) -> bool:
        """A known 二级 under the wrong 一级 moves to its own."""
        parent = self.form.vocabulary.level2.get(row.level2)
        if "JX103" not in codes or not parent or parent == row.level1:
            return False
        after = Draft.of(row.indicator).model_copy(update={"level1": parent})
        self._suggest("replace", row, after, f"{row.level2}属于{parent}", codes)
        return True

    def _money_as_output(self, row: Row, codes: set[str]) -> bool:
        """Money counted as an output: a count of the goal takes its place, or the amount goes to the
        cost block (or away, when the budget row already states it)."""
        if "JX502" not in codes:
            return False
        task = self._unused(lambda t: not t.is_money and not t.is_rate and not t.negated)
        draft = self._task_draft(task) if task else None
        if draft:
            self._suggest("replace", row, draft, f"数量指标应数产出而不是钱：以总体目标中的“{task.text}”代替", codes)
            return True
        money = row.parsed.money_yuan
        stated = {r.parsed.money_yuan for r in self.form.money_cost_rows} | {self.d.funds.total}
        if money is not None and any(abs(money - amount) <= 1 for amount in stated if amount):
            self._suggest("remove", row, None, "这是投入的资金，已由成本指标或年度资金总额体现，不是产出", codes)
            return True
        if money is None:
            return False
        level1, level2 = self.form.vocabulary.budget_row
        after = Draft(level1=level1, level2=level2, name=row.name, value=f"≤{money_text(money)}")
        self._suggest("replace", row, after, "资金是投入不是产出：移到成本指标，按上限书写", codes)
        return True

    def _unit_magnitude(self, row: Row, codes: set[str]) -> bool:
        """A per-unit cost far beyond the budget (JX404): the next smaller money unit."""
        smaller = {"万元/": "元/", "亿元/": "万元/"}
        unit = next((u for u in smaller if row.value.replace(" ", "").find(u) >= 0), None)
        if "JX404" not in codes or unit is None:
            return False
        after = Draft.of(row.indicator).model_copy(update={"value": row.value.replace(" ", "").replace(unit, smaller[unit])})
        self._suggest("replace", row, after, f"单位成本按“{unit[:-1]}”计远超预算：应为“{smaller[unit][:-1]}”", codes)
        return True

    def _name_from_value(self, row: Row, codes: set[str]) -> bool:
        """A sound target under a name that is not one (empty, the project's name, a pasted sentence,
        a name used twice): the value stays, the name says what is measured — the goal's words for
        that number, the rate a pasted sentence ends with, or a blank to fill."""
        p = row.parsed
        if not codes & {"JX105", "JX202", "JX203", "JX204"} or "JX201" in codes:
            return False
        if p.kind != Kind.NUMBER or p.number is None or not p.unit:
            return False
        name = self._name_for(row)
        after = Draft.of(row.indicator).model_copy(update={"name": name})
        said = f"请填写所考核的对象（“{BLANK}”）" if BLANK in name else f"改为“{name}”"
        self._suggest("replace", row, after, f"三级指标应写考核的对象，目标值保留：{said}", codes)
        return True

    def _name_for(self, row: Row) -> str:
        p = row.parsed
        scale = 10_000 if p.unit.startswith("万") and p.unit != "万元" else 1
        unit = p.unit[1:] if scale > 1 else p.unit
        if p.number == 0:  # "＝0起": what the goal says must not happen
            task = next((t for t in self.tasks if t.negated and t.unit == unit), None)
            draft = self._zero_target(task) if task else None
        else:
            task = next((t for t in self.tasks if t.number == p.number * scale and t.unit == unit and not t.is_money), None)
            draft = self._task_draft(task) if task else None
        if draft and "JX203" not in self.codes.get(row.index, set()):
            return draft.name
        if "JX203" in self.codes.get(row.index, set()):
            return f"{row.name}（{BLANK}）"  # the second of two rows named alike: which part it measures
        tail = re.split(r"(?:实现|确保|达到|提高|保持|使|的|和|及|、|，|,)", row.name)[-1]
        if unit == "%" and is_rate_name(tail) and 4 <= len(tail) <= 14:
            return tail  # "…建立长效机制实现农村公路列养率" → "农村公路列养率"
        return f"{BLANK}率" if unit == "%" else f"{BLANK}{_MEASURE.get(unit, '数量')}"

    def _keep_name(self, row: Row, codes: set[str]) -> bool:
        """The name is sound and only the value is wrong: the name stays, the value becomes a fill-in."""
        if codes & NAME_CODES or len(row.name) < 2 or row.name == self.d.project:
            return False
        if row.level2 == "服务对象满意度指标" and "满意" not in row.name:
            return False  # a satisfaction row must name a satisfaction: the library's takes its place
        value = self._value_template(row)
        if value is None:
            return False
        after = Draft.of(row.indicator).model_copy(update={"value": value})
        self._suggest("replace", row, after, f"指标值无法考核：保留指标名称，目标值“{BLANK}”由您填写", codes)
        return True

    def _value_template(self, row: Row) -> str | None:
        """What a target for this name looks like, with a blank for the number."""
        p = row.parsed
        if row.level2 in self.form.vocabulary.money_cost:
            return f"≤{BLANK}万元"
        if row.level2 == TIMELINESS and (row.name.endswith("时间") or row.name.endswith("期限")):
            return f"{self.d.year}年{BLANK}月{BLANK}日前"
        if is_rate_name(row.name) or row.level2 == "服务对象满意度指标":
            return f"≥{BLANK}%"
        unit = next((_NAME_UNIT[suffix] for suffix in _NAME_UNIT if row.name.endswith(suffix)), None)
        if unit:
            return f"≥{BLANK}{unit}"
        per = _PER_HEAD.search(row.name)
        if per and _INCOME.search(row.name):  # "亩均增收", "户均节本增效": money per 亩/户/人
            return f"≥{BLANK}元/{per.group(1)}"
        known = self.candidates.template_for(row.name, row.level2)
        if known:
            return known.value
        if codes_of_number(self.codes.get(row.index, set())) and p.kind == Kind.NUMBER and p.number and not p.unit:
            return f"{p.op.value if p.op else ''}{_number_text(p.number)}{BLANK}"  # only its unit is missing
        return None

    def _from_candidates(self, row: Row, codes: set[str]) -> bool:
        """A library or office indicator of the row's 二级, its target a blank; a graded one with its 评分标准."""
        candidate = self.candidates.best(row.level2, near=row.name if not codes & NAME_CODES else "")
        if candidate is None:
            # What a project counts, or the effect it has, is its own: the office names it and its target.
            sound = not codes & NAME_CODES and len(row.name) >= 2 and row.name != self.d.project
            name = row.name if sound else f"{BLANK}数量" if row.level2 == QUANTITY else BLANK
            cap = row.level2 in self.form.vocabulary.cost  # a cost is a ceiling
            after = Draft(level1=row.level1, level2=row.level2, name=name, value=f"{'≤' if cap else '≥'}{BLANK}")
            self._suggest("replace", row, after, f"没有可用的量化任务或指标库指标：请填写考核对象和目标值（“{BLANK}”）", codes)
            return True
        after = Draft(level1=self.form.vocabulary.level2.get(candidate.level2, row.level1), level2=candidate.level2,
                      name=candidate.name, value=candidate.value, scoring=candidate.scoring)
        how = "分级指标，按评分标准评定" if candidate.scoring else f"目标值“{BLANK}”由您填写"
        self._suggest("replace", row, after, f"{candidate.origin}（{how}）", codes)
        return True


def codes_of_number(codes: set[str]) -> bool:
    """The row's number is its real target (not a placeholder "1") and only its unit is missing."""
    return "JX307" in codes and "JX201" not in codes


# Row findings a reviewer sends back; each gets a proposal (JX205/206 judge the whole form, JX108 is --fix's).
REPAIRABLE = {"JX103", "JX104", "JX105", "JX107", "JX201", "JX202", "JX203", "JX204", "JX301", "JX302", "JX303",
              "JX304", "JX305", "JX306", "JX307", "JX308", "JX402", "JX404", "JX502"}
# Findings about the name itself: the name cannot be kept.
NAME_CODES = {"JX105", "JX202", "JX203", "JX204", "JX304"}


def _measured(task: GoalTask, stated) -> bool:
    """Whether rows state the task's number in its unit (money compared in 元)."""
    return measured(task.number, "元" if task.is_money else task.unit, stated)


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
