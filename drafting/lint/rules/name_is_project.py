import re

from rapidfuzz import fuzz

from ..findings import Hit, Severity
from ..registry import rule
from ..view import norm, q


@rule("JX202", Severity.WARNING, "三级指标名称就是项目名称")
def name_is_project(form, config):
    """说明：三级指标名称与项目名称相同或几乎相同，没有说明考核的是什么。例外：成本指标行的指标值是金额时，
    用项目名称称呼总成本（“干部教育培训经费 / 45万元”）是常见写法，不报告；项目名称后加上所数的量
    （“农村户用卫生厕所改造户数”“……完成率”）已经说明了考核什么，也不报告。

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
        name = norm(row.name)
        if name.startswith(project) and _MEASURE.fullmatch(name[len(project):]):
            continue  # the project's name and what is counted in it: a proper indicator
        if fuzz.ratio(name, project, score_cutoff=config.project_name_cutoff):
            yield Hit(row.index, f"三级指标{q(row.name)}照抄了项目名称，请写明考核对象（如人数、场次、合格率）")


# What a name adds to the project's name to become an indicator: the measure it counts in.
_MEASURE = re.compile(r"(?:户数|人数|人次|个数|数量|次数|场次|面积|里程|座数|处数|完成率|覆盖率|合格率|达标率|及时率|"
                      r"完成时间|满意度|率)")
