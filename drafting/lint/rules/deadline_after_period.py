from store.values import Kind

from ..findings import Hit, Severity
from ..registry import rule


@rule("JX107", Severity.WARNING, "时效期限晚于项目期，或项目期起止颠倒")
def deadline_after_period(form, config):
    """说明：时效指标的完成期限晚于项目期的最后一年年底，或项目期的开始年份晚于结束年份。

    原因：项目在项目期结束后就不再有预算，期限定在其后的目标无法考核。

    反例：项目期“2020-2020”，时效指标“项目完成时间 / 2021年6月30日前”。

    正例：项目期“2020-2020”，时效指标“项目完成时间 / 2020年12月31日前”。
    """
    if form.period and form.period[0] > form.period[1]:
        yield Hit(None, f"项目期“{form.declaration.period}”开始年份晚于结束年份")
        return
    end = form.period_end
    if end is None:
        return
    for row in form.rows:
        parsed = row.parsed
        if row.level2 == "时效指标" and parsed.kind == Kind.DEADLINE and parsed.deadline > end:
            yield Hit(row.index, f"期限“{row.value}”晚于项目期“{form.declaration.period}”的结束（{end:%Y年%m月%d日}）")
