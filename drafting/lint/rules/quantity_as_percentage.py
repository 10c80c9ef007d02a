from ..findings import Hit, Severity
from ..registry import rule
from ..view import is_rate_name, q


@rule("JX302", Severity.WARNING, "数量指标写成了百分比")
def quantity_as_percentage(form, config):
    """说明：数量指标的指标值是百分比。名称不是比率时，是把数量写成了百分比；名称是比率
    （率、比例、占比、覆盖面……）时，是把质量指标放进了数量指标。

    原因：数量指标考核做了多少（人、场、次、个）；完成得多好、覆盖多广的比率属于质量指标。

    反例：“数量指标 / 参训党员数量 / ≥80%”；“数量指标 / 困难群众救助覆盖率 / ≥95%”。

    正例：“数量指标 / 参训党员人数 / ≥120人”，“质量指标 / 困难群众救助覆盖率 / ≥95%”。
    """
    for row in form.rows_in("数量指标"):
        if row.parsed.unit != "%":
            continue
        if is_rate_name(row.name):
            yield Hit(row.index, f"数量指标{q(row.name)}是比率“{row.value}”：比率属于质量指标，数量指标请写数量（人、场、次）")
        else:
            yield Hit(row.index, f"数量指标{q(row.name)}的指标值是百分比“{row.value}”：请写数量（人、场、次），或改为比率放入质量指标")
