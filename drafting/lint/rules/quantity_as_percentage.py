from ..findings import Hit, Severity
from ..registry import rule
from ..view import is_rate_name, q


@rule("JX302", Severity.WARNING, "数量指标写成了百分比")
def quantity_as_percentage(form, config):
    """说明：数量指标的指标值是百分比，而名称不是比率（率、比例、占比、覆盖面……）。

    原因：数量指标应写数量（人、场、次、个）；百分比要么属于质量指标，要么名称应写成比率。

    反例：“数量指标 / 参训党员数量 / ≥80%”。

    正例：“数量指标 / 参训党员人数 / ≥120人”，或“质量指标 / 党员参训率 / ≥80%”。
    """
    for row in form.rows_in("数量指标"):
        if row.parsed.unit == "%" and not is_rate_name(row.name):
            yield Hit(row.index, f"数量指标{q(row.name)}的指标值是百分比“{row.value}”：请写数量（人、场、次），或改为比率放入质量指标")
