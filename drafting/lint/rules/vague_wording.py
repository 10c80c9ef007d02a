import re
from functools import lru_cache

from ..findings import Hit, Severity
from ..registry import rule
from ..view import q


@rule("JX301", Severity.WARNING, "模糊表述，无法考核")
def vague_wording(form, config):
    """说明：指标值或三级指标名称用了无法度量的模糊词：持续提升、有所提升、进一步、显著、明显、不断加强、
    逐步……（词表可在 jixiao.toml 的 [lint] extra_vague_words 中扩充）。

    原因：“持续提升”无法判断是否完成。应量化（带基数的数值，如“较上年提高5个百分点”），
    或采用分级值（“好/较好/一般”并写明评分标准）。

    例外：2021版指标体系的社会成本、生态环境成本指标常写“无明显影响”“不明显”这类否定的定性值，
    这是规范写法，不报告；事故、灾害的法定等级（“较大以上火灾事故”“重大事故”）不是模糊词。

    反例：“社会效益指标 / 社会影响力 / 持续提升”。

    正例：“社会效益指标 / 党组织覆盖率 / 较上年提高5个百分点”。
    """
    # No \b around the words: in Chinese every character is a word character, so \b never matches.
    pattern = _pattern(config.all_vague_words)
    for row in form.rows:
        for field, text in (("指标值", row.value), ("三级指标", row.name)):
            found = pattern.search(_SEVERITY_CLASS.sub(lambda m: "□" * len(m.group()), text))
            if found and field == "指标值" and form.is_qualitative_cost(row) and _NEGATED.search(text[: found.start()]):
                continue
            if found:
                yield Hit(row.index, f"{field}{q(text)}含模糊表述“{found.group()}”：请量化（如“较上年提高5个百分点”）或采用分级值")
                break


_NEGATED = re.compile(r"(?:无|不|未|没有)$")
# The legal classes of accidents and disasters ("较大以上火灾事故": 较大 is a defined class, not a
# vague amount) are masked before the words are looked for.
_SEVERITY_CLASS = re.compile(r"(?:一般|较大|重大|特别重大|特大)(?:及)?以上|(?:较大|重大|特别重大|特大)(?:安全|火灾|交通|生产)?(?:事故|火灾|险情|灾害)")


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
