import re
from functools import lru_cache

from store.values import MONEY_UNITS, Kind, parse_value

from ...goals import COUNT_UNITS, DURATIONS

from ..findings import Hit, Severity
from ..registry import rule
from ..view import q
from .compound_name import is_compound

_MONEY = re.compile(r"\d+(?:\.\d+)?\s*(?:亿元|万元|千元|元)(?![/每])")
_OPERATOR = re.compile(r"(?:≥|≤|＞|＜|>=|<=|不少于|不低于|不超过|不高于|达到|超过)\s*\d")
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*[%％]")
_DEADLINE = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:年?底|年?末|月底)?(?:之?前|以前)?(?:完成|完工|结束|到位)")
# A count with its measure word anywhere in the name ("改造危桥7座", "新建…300座", "服务1万人次");
# durations ("24小时值班") and what describes the subject (65岁, 2018年度, 5A级) are not counts.
_COUNT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*万?(?:" + "|".join(
    re.escape(u) for u in COUNT_UNITS if u not in DURATIONS and u not in MONEY_UNITS and u != "%") + ")")
_DEADLINE_BEFORE = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:年?底|年?末|月底)?(?:之前|以前|前)")


@lru_cache(maxsize=65536)
def target_in(name: str) -> str | None:
    """The target written into a name, or None. Numbers that describe the subject (65岁, 2018年度) are not targets."""
    if parse_value(name).kind == Kind.DEADLINE:
        return name
    for pattern in (_MONEY, _OPERATOR, _PERCENT, _DEADLINE, _DEADLINE_BEFORE, _COUNT):
        match = pattern.search(name)
        if match:
            return match.group()
    return None


@rule("JX304", Severity.WARNING, "目标值写在了名称里")
def target_in_name(form, config):
    """说明：三级指标名称里写了目标（金额、期限、比率、“不少于…”，或带量词的数量如“改造危桥7座”），
    目标应只写在指标值里。只描述对象的数字不算目标，如“65岁及以上老年人健康管理人数”
    “2018年度高精尖缺人才生活补贴”。

    原因：名称与指标值各写一个数，考核时不知以哪个为准；名称写了“2020年底前完成”、指标值却是“≥90%”，
    两者还互相矛盾。

    反例：“成本指标 / 资金投入53.10万元 / 计划53.10万元”，“时效指标 / 2020年底前完成 / ≥90%”。

    正例：“成本指标 / 资金投入 / ≤53.1万元”，“时效指标 / 项目完成时间 / 2020年12月31日前”。
    """
    for row in form.rows:
        target = target_in(row.name)
        if target and _COUNT.fullmatch(target) and is_compound(row.name, config):
            continue  # a pasted paragraph: JX204 asks to split it, which takes its counts out
        if target:
            yield Hit(row.index, f"三级指标{q(row.name)}里写了目标“{target}”：名称只写对象，目标写在指标值里")
