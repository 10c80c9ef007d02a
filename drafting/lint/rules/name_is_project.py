from rapidfuzz import fuzz

from ..findings import Hit, Severity
from ..registry import rule
from ..view import norm, q


@rule("JX202", Severity.WARNING, "三级指标名称就是项目名称")
def name_is_project(form, config):
    """说明：三级指标名称与项目名称相同或几乎相同，没有说明考核的是什么。例外：成本指标行的指标值是金额时，
    用项目名称称呼总成本（“干部教育培训经费 / 45万元”）是常见写法，不报告。

    原因：指标名称应是可度量的对象（人数、场次、合格率、完成时间），照抄项目名称等于没有写指标。

    反例：项目“关工委经费”，“数量指标 / 关工委经费 / 1”。

    正例：“数量指标 / 关爱帮扶青少年人数 / ≥200人”。
    """
    project = form.project_key
    if not project:
        return
    for row in form.rows:
        if not row.name or (row.level2 in form.vocabulary.cost and row.is_money):
            continue
        if fuzz.ratio(norm(row.name), project, score_cutoff=config.project_name_cutoff):
            yield Hit(row.index, f"三级指标{q(row.name)}照抄了项目名称，请写明考核对象（如人数、场次、合格率）")
