import re
from functools import lru_cache

from ..findings import Fix, Hit, Severity
from ..registry import rule

# Operators as typed → as printed on the form.
_OPERATORS = ((">=", "≥"), ("＞＝", "≥"), ("≧", "≥"), ("<=", "≤"), ("＜＝", "≤"), ("≦", "≤"),
              ("==", "＝"), (">", "＞"), ("<", "＜"), ("=", "＝"))
_OP_SPACE = re.compile(r"^([≥≤＞＜＝])\s+")
_NUMBER_SPACE = re.compile(r"(?<=\d)\s+(?=[^\d\s])")


@lru_cache(maxsize=65536)
def normalise(value: str) -> str:
    text = value.strip()
    for typed, printed in _OPERATORS:
        if text.startswith(typed):
            text = printed + text[len(typed):]
            break
    return _NUMBER_SPACE.sub("", _OP_SPACE.sub(r"\1", text))


@rule("JX108", Severity.INFO, "指标值书写不规范（运算符、空格）")
def value_spelling(form, config):
    """说明：指标值的运算符用了键盘替代写法（">="、"＞＝"、"<="），或运算符、数字与单位之间有多余空格。
    可用 `jixiao lint --fix` 自动改正（安全修复，不改变含义）。

    原因：申报系统和评审专家都按“≥ ≤ ＞ ＜ ＝”识读，统一写法便于比对和汇总。

    反例：“≥ 90%”、“>=95%”、“＞＝1500 人次”。

    正例：“≥90%”、“≥95%”、“≥1500人次”。
    """
    for row in form.rows:
        fixed = normalise(row.value)
        if fixed != row.value:
            yield Hit(
                row.index,
                f"指标值“{row.value}”宜写作“{fixed}”",
                Fix(safety="safe", description="规范运算符和空格", field="value", before=row.value, after=fixed),
            )
