from datetime import date

from store.values import Kind

from ..findings import Hit, Severity
from ..registry import rule


@rule("JX309", Severity.WARNING, "期限早于本表的申报年度")
def deadline_before_year(form, config):
    """说明：指标值是一个期限（“2020年12月31日前”），却早于本表申报年度的 1 月 1 日。

    原因：年度绩效目标是本年度要完成的事，期限落在上一年，多半是照抄上年的表没有改年份，无法考核。

    反例：2021 年度的表，“项目完成时间 / 2020年12月31日前”。

    正例：2021 年度的表，“项目完成时间 / 2021年12月31日前”。
    """
    start = date(form.declaration.year, 1, 1)
    for row in form.rows:
        parsed = row.parsed
        if parsed.kind == Kind.DEADLINE and parsed.deadline < start:
            yield Hit(row.index, f"期限“{row.value}”早于本表的申报年度（{form.declaration.year}年）：是否照抄了上年的表？")
