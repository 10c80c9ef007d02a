from store.values import Kind, Op

from ..findings import Fix, Hit, Severity
from ..registry import rule
from ..view import q


@rule("JX306", Severity.WARNING, "不可能的数值")
def impossible_number(form, config):
    """说明：比率超过 100%（“≥120%”），数量为负，或写成“≥100%”“＞100%”（比率不可能超过 100%，应写“＝100%”；
    “≥100%”→“＝100%”可用 `jixiao lint --fix` 自动改正）。

    原因：不可能达到或含义不清的目标无法考核。

    反例：“质量指标 / 验收合格率 / ≥100%”，“数量指标 / 培训人数 / -5人”。

    正例：“质量指标 / 验收合格率 / ＝100%”，“数量指标 / 培训人数 / ≥50人”。
    """
    for row in form.rows:
        parsed = row.parsed
        if parsed.kind != Kind.NUMBER or parsed.number is None:
            continue
        if parsed.unit == "%" and parsed.number == 100 and parsed.op == Op.GE and not parsed.prefix:
            after = "＝100%"
            yield Hit(row.index, f"指标值“{row.value}”：比率不会超过100%，应写“{after}”",
                      Fix(safety="safe", description="“≥100%”改为“＝100%”", field="value", before=row.value, after=after))
        elif parsed.unit == "%" and (parsed.number > 100 or parsed.number == 100 and parsed.op == Op.GT):
            yield Hit(row.index, f"指标值“{row.value}”：比率不可能超过100%")
        elif parsed.number < 0 and parsed.unit not in ("%", "个百分点", "百分点"):
            yield Hit(row.index, f"指标值{q(row.value)}是负数：数量不能为负")
