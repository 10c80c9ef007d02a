from store.values import Kind
from store.vocabulary import SATISFACTION

from ..findings import Hit, Severity
from ..registry import rule
from ..view import is_dimensionless, q
from .placeholder_value import placeholder_rows


@rule("JX307", Severity.WARNING, "数值没有单位")
def missing_unit(form, config):
    """说明：指标值是数字却没有单位（“86.4”），看不出是元、万元、人还是百分比。名称表明无量纲的指标
    （系数、指数、比、倍、评分）不报告；占位的“1”由 JX201 报告。

    原因：没有单位的数字无法考核，金额尤其容易差一万倍。

    反例：“成本指标 / 2018年度高精尖缺人才生活补贴 / 86.4”。

    正例：“成本指标 / 2018年度高精尖缺人才生活补贴 / ≤86.4万元”；“基尼系数 / ≤0.4”。
    """
    placeholders = placeholder_rows(form)
    for row in form.rows:
        parsed = row.parsed
        if parsed.kind != Kind.NUMBER or parsed.unit or row.index in placeholders:
            continue
        if is_dimensionless(row.name) or row.level1 == SATISFACTION:
            continue
        yield Hit(row.index, f"指标值{q(row.value)}没有单位：请写明单位（元、万元、人、场、%）")
