from ...compare.targets import compare
from ..findings import Hit, Severity
from ..registry import year_rule
from ..view import norm


@year_rule("JX601", Severity.WARNING, "指标与上年完全相同")
def unchanged_from_last_year(pair, config):
    """说明：本表与上年同一项目的申报表（`--previous` 或 `[lint] previous` 指定的上年申报表目录中
    按主管部门代码和项目名称匹配到的那张）指标完全相同：每一条指标的名称和目标值都没有变，也没有增删。
    只随年份顺延的完成时限（“2023年12月31日前”改为“2024年12月31日前”）算作没有变。

    原因：延续性项目每年的任务、资金和上年的完成情况都不同，绩效目标照搬上年，说明没有按本年任务编写，
    财政部门审核时首先要问的就是“是不是去年的表又交了一次”。

    反例：2024年“农村公路养护经费”的 8 条指标与 2023年逐条相同：“养护里程 ≥120公里”“优良路率 ≥85%”……

    正例：按本年任务更新：“养护里程 ≥135公里”（新增乡道 15 公里）、“优良路率 ≥88%”，并删去已完成的任务。
    """
    rows = list(pair.matched())
    if not rows or pair.removed() or pair.added():
        return
    if all(norm(a.name) == norm(b.name) and compare(a.value, b.value, pair.years).same for a, b, _ in rows):
        yield Hit(None, f"与上年（{pair.old.year}年）“{pair.old.project}”的 {len(rows)} 条指标逐条相同，"
                        "名称和目标值都未更新")
