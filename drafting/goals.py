"""Quantified tasks in 年度总体目标: "培训社会体育指导员200名", "门诊费3000元每人每年", "三期".

The linter asks whether each task has an indicator (JX501); the suggestion engine drafts one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from store.values import CN_NUMERAL, MONEY_UNITS, Op, cn_to_number

# Longest first so that "人次" wins over "人" and "个月" (a duration, not a task) over "个".
COUNT_UNITS = (
    "台（套）", "台(套)", "人次", "场次", "课时", "学时", "公里", "千米", "平方米", "平方公里", "立方米", "公顷",
    "户次", "家次", "车次", "架次", "批次", "台件", "台套", "个月", "个工作日", "工作日", "小时",
    "万人次", "万人", "亿元", "万元", "千元", "元", "%",
    "人", "名", "场", "期", "次", "个", "所", "件", "卷", "套", "户", "亩", "项", "家", "篇",
    "册", "本", "份", "台", "辆", "座", "处", "班", "支", "条", "天", "日", "吨", "株", "棵", "头",
    "只", "眼", "口", "间", "栋", "幢", "盏", "块", "米", "宗", "例", "艘", "箱", "门", "节", "种", "起", "枪", "樘",
)
DURATIONS = {"个月", "个工作日", "工作日", "小时", "天", "日"}

_BEFORE = {"不少于": Op.GE, "不低于": Op.GE, "至少": Op.GE, "超过": Op.GT, "达到": Op.GE,
           "不超过": Op.LE, "不高于": Op.LE, "控制在": Op.LE, "约": Op.GE}
_AFTER = {"以上": Op.GE, "左右": Op.GE, "余": Op.GE, "以内": Op.LE, "以下": Op.LE}

_NUMBER = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(?P<wan>万)?"
_TASK = re.compile(
    rf"(?P<before>{'|'.join(_BEFORE)})?(?:(?P<low>\d+(?:\.\d+)?)\s*(?:至|到|-|~|～|—)\s*)?{_NUMBER}(?P<approx>余|多)?(?P<unit>{'|'.join(map(re.escape, COUNT_UNITS))})"
    rf"(?P<after>{'|'.join(_AFTER)})?"
)
# Numbers that name things rather than count them: years, ages, document numbers, ordinals.
_CLASSIFIER = re.compile(r"(?:层次|方面|环节|部分|类别|类型|维度|档次|等级|阶段)")
_BREAKS = "，,;；。、：:\n"
_NEGATION = re.compile(r"(?:不让|不使|不准|不得|不发生|不出现|不再有|杜绝|避免|防止|无|零)\s*(?:任何)?$")
# 起 counts incidents: the clause after it names one ("不发生一起安全生产责任事故").
_INCIDENT = re.compile(r"事故|事件|案件|火灾|火情|险情|纠纷|投诉|疫情")
_NOT_A_TASK = re.compile(r"^(?:年度?|岁|届|号|级|类|星)")


@dataclass(frozen=True)
class GoalTask:
    text: str  # as written in the goal, e.g. "不少于5000人次"
    number: float  # in the unit below (万 applied: "1.5万人" → 15000 人)
    unit: str
    op: Op
    context: str  # the words before it, up to the previous punctuation ("参与群众")
    subject: str  # the words after it, up to the next punctuation ("经营管理人才")

    per: str = ""  # a per-unit money amount: "/人·年" for "3000元每人每年"

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def negated(self) -> bool:
        """"确保不让一名幼儿失学", "不发生一起事故": a target of zero, not a task of one."""
        return bool(_NEGATION.search(self.context))

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


@lru_cache(maxsize=4096)
def goal_tasks(goal: str) -> tuple[GoalTask, ...]:
    tasks = []
    for match in _TASK.finditer(goal):
        if goal.count("“", 0, match.start()) > goal.count("”", 0, match.start()):
            continue  # inside quotes: a slogan or a title ("四个意识"), not a count
        raw = match.group("num")
        number = float(raw) if raw[0].isdigit() else cn_to_number(raw)
        if number is None or number <= 0 or goal[max(0, match.start() - 1) : match.start()] == "第":
            continue
        unit = match.group("unit")
        if unit in DURATIONS or _NOT_A_TASK.match(goal[match.end("num"):]):
            continue
        if unit == "个" and _CLASSIFIER.match(goal[match.end():]):
            continue  # "5个层次", "三个方面": how a thing is divided, not what is delivered
        if raw[0].isdigit() and len(raw) == 4 and goal[match.end("num"):].startswith("年"):
            continue  # a year
        if not raw[0].isdigit() and CN_NUMERAL.fullmatch(raw) and unit in ("个", "次") and number == 1:
            continue  # "一个", "一次性": wording, not a count
        if goal[match.end("unit"):].startswith("级"):
            continue  # "配套660.6本级财政…": 本级 is a level of government, not 660.6 books
        clause = re.split(f"[{_BREAKS}]", goal[: match.start()])[-1] + re.split(f"[{_BREAKS}]", goal[match.end():])[0]
        if unit == "起" and not _INCIDENT.search(clause):
            continue  # "一起开展": together, not a count of incidents
        if match.group("wan"):
            if unit in ("万人", "万人次", "万元"):
                continue
            number *= 10_000
        if unit in ("万人", "万人次"):
            number, unit = number * 10_000, unit[1:]
        op = _BEFORE.get(match.group("before") or "") or _AFTER.get(match.group("after") or "") or \
            (Op.GE if match.group("approx") else Op.EQ)  # "9200余人": more than
        if match.group("low"):  # "200至300人": the range's floor is the target
            number, op = float(match.group("low")) * (10_000 if match.group("wan") else 1), Op.GE
        start = max(goal.rfind(p, 0, match.start()) for p in _BREAKS)
        ends = [i for i in (goal.find(p, match.end()) for p in _BREAKS) if i >= 0]
        context = goal[start + 1 : match.start()].strip()
        subject = goal[match.end() : min(ends, default=len(goal))].strip()
        per = _per_unit(goal[match.end():]) if unit in MONEY_UNITS else ""
        before = _PER_BEFORE.search(context) if unit in MONEY_UNITS and not per else None
        if before:  # "体检费每人120元": the unit is named before the amount
            per = _PER_NAMES[before.group(1)]
            context = context[: before.start()] + (before.group(2) or "")
        tasks.append(GoalTask(match.group(), number, unit, op, context, subject, per))
    return tuple(tasks)


_PER = (("每人每年", "/人·年"), ("每人每月", "/人·月"), ("每人每天", "/人·天"), ("/人/年", "/人·年"),
        ("每人", "/人"), ("/人", "/人"), ("每户", "/户"), ("/户", "/户"), ("每亩", "/亩"), ("/亩", "/亩"),
        ("每年", "/年"), ("/年", "/年"))


def _per_unit(after: str) -> str:
    after = after.lstrip("（(")
    return next((per for words, per in _PER if after.startswith(words)), "")


_PER_NAMES = {"每生每学期": "/生·学期", "每生每天": "/生·天", "每人每年": "/人·年", "每人每月": "/人·月", "每人": "/人", "人均": "/人", "每户": "/户", "户均": "/户",
              "每亩": "/亩", "每生": "/生", "生均": "/生"}
_PER_BEFORE = re.compile(rf"({'|'.join(_PER_NAMES)})(补助|补贴|发放|标准)?为?$")

# A promise of none written without a numeral: "全年不发生重大森林火灾", "杜绝安全生产责任事故".
_ZERO = re.compile(r"(?P<neg>不发生|杜绝)(?P<what>[^，,;；。、：:\n一\d]{0,16}?(?:事故|火灾|案件|事件|疫情))")

_ZERO_MORE = re.compile(r"(?:和|及|、|或)(?P<what>[^，,;；。、：:\n一\d]{0,16}?(?:事故|火灾|案件|事件|疫情))")


def zero_tasks(goal: str) -> tuple[GoalTask, ...]:
    """Incidents the goal promises none of, without "一起": each a task of zero 起 (negated)."""
    found = []
    for match in _ZERO.finditer(goal):
        start = max(goal.rfind(p, 0, match.start()) for p in _BREAKS)
        context = goal[start + 1 : match.start()] + match.group("neg")
        found.append(GoalTask(match.group(), 1, "起", Op.EQ, context, match.group("what")))
        more = _ZERO_MORE.match(goal, match.end())  # "不发生重大森林火灾和破坏森林资源案件": each is a promise
        if more:
            found.append(GoalTask(more.group("what"), 1, "起", Op.EQ, context, more.group("what")))
    return tuple(found)


# Time limits of the goal: "受理后15个工作日内", "24小时内"; and recurring days: "每月10日前".
_LIMIT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>个工作日|工作日|小时|天|日)(?:之内|以内|内)")
_RECURRING = re.compile(r"(?P<every>每月|每季度末月?|每季度|每半年)(?P<num>\d{1,2})日(?:之前|以前|前)")


def goal_time_limits(goal: str) -> tuple[GoalTask, ...]:
    """Time limits and recurring days of the goal, as tasks measured by a 时效 row (≤ N)."""
    found = []
    for pattern in (_LIMIT, _RECURRING):
        for match in pattern.finditer(goal):
            start = max(goal.rfind(p, 0, match.start()) for p in _BREAKS)
            ends = [i for i in (goal.find(p, match.end()) for p in _BREAKS) if i >= 0]
            unit = match.groupdict().get("unit") or "日"
            context = goal[start + 1 : match.start()] + (match.groupdict().get("every") or "")
            subject = goal[match.end() : min(ends, default=len(goal))]
            found.append(GoalTask(match.group(), float(match.group("num")), unit, Op.LE, context, subject))
    return tuple(found)


_DEADLINE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:底|末)?(?P<words>[^，,;；。、\d]{0,6}?)(?:之前|以前|前)")


def goal_deadlines(goal: str) -> tuple[str, ...]:
    """Deadlines written in the goal ("2021年6月30日前"), as written; a date with words before its 前
    ("2022年8月25日秋季开学前") as the date alone ("2022年8月25日前")."""
    found = []
    for m in _DEADLINE.finditer(goal):
        if m.group("words") and not m.group(3):
            continue  # "2023年完成…前": no date to hold to
        found.append(f"{m.group(1)}年{m.group(2)}月{m.group(3)}日前" if m.group("words") else m.group())
    return tuple(found)


# --- what rows already measure -------------------------------------------------------------------

_STATED = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?(" + "|".join(map(re.escape, COUNT_UNITS)) + ")?")


def stated_numbers(rows) -> set[tuple[float, str]]:
    """Every (number, unit) the rows state in their names and values, 万/亿 applied ("≥2.15万人" is
    21500 人; money in 元); a number written without a unit has the unit ""."""
    stated = set()
    for row in rows:
        if row.parsed.money_yuan is not None:
            stated.add((row.parsed.money_yuan, "元"))
        stated |= _stated_in(row.name + " " + row.value)
    return stated


@lru_cache(maxsize=65536)  # the same rows recur across a store
def _stated_in(text: str) -> frozenset[tuple[float, str]]:
    stated = set()
    for number, scale, unit in _STATED.findall(_DATE.sub(" ", text)):
        value = float(number) * {"万": 10_000, "亿": 100_000_000}.get(scale, 1)
        if unit in ("万元", "亿元", "千元", "元"):
            value, unit = value * {"万元": 10_000, "亿元": 100_000_000, "千元": 1_000}.get(unit, 1), "元"
        stated.add((round(value, 6), unit))
    return frozenset(stated)


_DATE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日")  # not counts
_SAME = str.maketrans({"名": "人", "位": "人"})  # people are counted in 人, 名 or 位


def measured(number: float, unit: str, stated: set[tuple[float, str]]) -> bool:
    """Whether a row states this number in this unit (or one containing it: 人 in 人次), or bare."""
    unit = unit.translate(_SAME)
    units = {u.translate(_SAME) for n, u in stated if n == number}
    return any(not u or u == unit or unit in u or u in unit for u in units)
