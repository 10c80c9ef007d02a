"""Build the .xlsx/.docx forms of the annotated lint corpus (see README.md).

    python build.py OUT_DIR

writes budget-a.xlsx, budget-b.xlsx, classic-printed.xlsx, health.docx and civil.docx into
OUT_DIR (never inside the repository; the binaries are not committed). Tests call build(tmp_path).

The forms are plain data at the top of this file; their ground truth (defects, goal tasks,
row numbers) is in truth.toml under source = "xlsx:budget-a.xlsx", "docx:health.docx" ….
In every indicator row the 一级 and 二级 are repeated for readability; the builders write
them once and merge the cells vertically, as budget systems and Word templates do.
Funds are in 万元, as the forms' headers say.

- budget-a.xlsx: a budget system's (预算管理一体化) export, one sheet per form: split
  指标性质 / 指标值 / 度量单位 columns (numbers as numeric cells) plus 分值 / 指标方向 /
  评(扣)分标准. Rows: (一级, 二级, 三级, 指标性质, 指标值, 度量单位, 分值, 指标方向, 评(扣)分标准).
- budget-b.xlsx: another system's export, one sheet per form, with two heading rows:
  指标值 merged over 运算符 / 指标值 / 计量单位; operators written as words (大于等于,
  小于等于, 等于, 定性). Rows: (一级, 二级, 三级, 运算符, 指标值, 计量单位, 分值, 评(扣)分标准).
- classic-printed.xlsx: the printed classic form (名称 | 一级 | 二级 | 三级 | 指标值), two
  forms one under the other on one sheet. Rows: (一级, 二级, 三级, 指标值).
- health.docx, civil.docx: Word documents with several forms, each a title paragraph, a
  "(20XX年度)" paragraph and one table (merged cells). civil.docx's second form has a
  一级 | 二级 | 三级 | 指标值 | 分值 | 评分标准 table; its third form's table is split in two by
  a page break after row split_at (the second table repeats the heading row).
"""
from __future__ import annotations

import pathlib
import sys

TITLE = "部门项目支出预算绩效目标申报表"

# --------------------------------------------------------------------------------------
# forms (plain data)
# --------------------------------------------------------------------------------------

BUDGET_A = [
    {
        'sheet': '食品抽检',
        'region': '沭阳县',
        'year_line': '(2025年度)',
        'project': '食品安全监督抽检经费',
        'department': ('155', '沭阳县市场监督管理局'),
        'implementer': ('155003', '沭阳县食品安全监测中心'),
        'attribute': '03-延续性项目',
        'period': '2025-2025',
        'funds_wan': (128, 128, 0),
        'goal': [
            '全年完成食品安全监督抽检1500批次、食用农产品快速检测3.8万批次。',
            '抽检不合格食品核查处置率达到100%，全年不发生重大食品安全事故。',
        ],
        'rows': [
            ('产出指标', '数量指标', '监督抽检食品批次', '≥', 1500, '批次', 9, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '食用农产品快速检测批次', '≥', 3.8, '万批次', 9, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '抽检样品检验报告合规率', '＝', 100, '%', 9, '正向', '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '质量指标', '不合格食品核查处置率', '＝', 100, '%', 9, '正向', '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '时效指标', '抽检结果信息公开时限', '定性', '检验结论作出后20个工作日内', '', 9, '正向', '按时完成得满分，逾期不得分'),
            ('成本指标', '经济成本指标', '监督抽检单批次费用', '≤', 600, '元/批次', 9, '反向', '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '快速检测单批次费用', '≤', 10, '元/批次', 9, '反向', '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '项目总成本', '≤', 128, '万元', 9, '反向', '不超过目标值得满分，超出不得分'),
            ('效益指标', '社会效益指标', '重大食品安全事故', '＝', 0, '起', 9, '反向', '未发生得满分，发生1起及以上不得分'),
            ('效益指标', '可持续影响指标', '监督抽检覆盖食品大类', '≥', 34, '类', 9, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥', 90, '%', 10, '正向', '达到目标值得满分，未达到按完成比例得分'),
        ],
    },
    {
        'sheet': '抽检监测',
        'region': '萧县',
        'year_line': '(2024年度)',
        'project': '食品安全抽检监测及快检经费',
        'department': ('151', '萧县市场监督管理局'),
        'implementer': ('151002', '萧县市场监督管理局本级'),
        'attribute': '03-延续性项目',
        'period': '2024-2024',
        'funds_wan': (96, 96, 0),
        'goal': [
            '全年完成食品安全监督抽检1100批次、风险监测200批次，对校园周边、农贸市场开展快检1.5万批次，抽检问题食品核查处置率达到100%。',
        ],
        'rows': [
            ('产出指标', '数量指标', '食品安全监督抽检', '≥', 1100, '批次', 8, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '食品安全风险监测', '≥', 200, '批次', 8, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '校园周边及农贸市场快检', '≥', 1.5, '万批次', 8, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '抽检覆盖食品生产经营单位比例', '≥', 30, '%', 8, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '抽检问题食品核查处置率', '＝', 100, '%', 8, '正向', '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '质量指标', '承检机构检验报告按时提交率', '≥', 120, '%', 8, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '时效指标', '年度抽检任务完成时间', '定性', '2025年1月31日前', '', 7, '正向', '按时完成得满分，逾期不得分'),
            ('成本指标', '经济成本指标', '监督抽检单批次费用', '≤', 500, '元/批次', 7, '反向', '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '风险监测单批次费用', '≤', 1000, '元/批次', 7, '反向', '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '项目总成本', '≤', 96, '万元', 7, '反向', '不超过目标值得满分，超出不得分'),
            ('效益指标', '社会效益指标', '食品安全事故', '＝', 0, '起', 7, '反向', '未发生得满分，发生1起及以上不得分'),
            ('效益指标', '可持续影响指标', '群众食品安全知识知晓率', '≥', 85, '', 7, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('满意度指标', '服务对象满意度指标', '群众食品安全满意度', '≥', 90, '%', 10, '正向', '达到目标值得满分，未达到按完成比例得分'),
        ],
    },
    {
        'sheet': '计量检定',
        'region': '尉氏县',
        'year_line': '(2026年度)',
        'project': '民生计量器具强制检定经费',
        'department': ('146', '尉氏县市场监督管理局'),
        'implementer': ('146001', '尉氏县市场监督管理局本级'),
        'attribute': '03-延续性项目',
        'period': '2026-2026',
        'funds_wan': (32, 32, 0),
        'goal': [
            '对全县集贸市场、医疗机构、加油站等在用民生计量器具开展免费强制检定，全年检定电子计价秤6500台、加油机420枪、医用血压计等医用计量器具1300台件。',
        ],
        'rows': [
            ('产出指标', '数量指标', '检定电子计价秤', '≥', 6500, '台', 9, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '检定加油机', '≥', 420, '枪', 9, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '检定医用计量器具', '≥', 1300, '台件', 8, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '强制检定计量器具受检率', '≥', 98, '%', 8, '正向', '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '检定证书出具合格率', '＝', 100, '%', 8, '正向', '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '时效指标', '检定证书出具时限', '定性', '检定后5个工作日内', '', 8, '正向', '按时完成得满分，逾期不得分'),
            ('产出指标', '时效指标', '资金拨付完成时间', '定性', '2026年12月31日前', '', 8, '正向', '按时完成得满分，逾期不得分'),
            ('成本指标', '经济成本指标', '电子计价秤检定费用', '≤', 13, '万元', 8, '反向', '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '加油机检定费用', '≤', 10.5, '万元', 8, '反向', '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '医用计量器具检定费用', '≤', 8.5, '万元', 8, '反向', '不超过目标值得满分，超出不得分'),
            ('效益指标', '社会效益指标', '计量作弊投诉办结率', '＝', 100, '%', 8, '正向', '达到目标值得满分，每低1个百分点扣1分'),
            ('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥', 90, '%', 10, '正向', '达到目标值得满分，未达到按完成比例得分'),
        ],
    },
]


BUDGET_B = [
    {
        'sheet': '公租房维修',
        'region': '宜章县',
        'year_line': '(2024年度)',
        'project': '公共租赁住房维修维护经费',
        'department': ('134', '宜章县住房和城乡建设局'),
        'implementer': ('134006', '宜章县住房保障服务中心'),
        'attribute': '03-延续性项目',
        'period': '2024-2024',
        'funds_wan': (156, 156, 0),
        'goal': [
            '对全县12个公租房小区2860套公租房开展维修维护，完成屋面防水维修1.8万平方米，更换老旧供水管道3.2公里，公租房入住率保持在95%以上。',
        ],
        'rows': [
            ('产出指标', '数量指标', '维修维护公租房小区', '等于', 12, '个', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '维修维护公租房套数', '大于等于', 2860, '套', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '屋面防水维修面积', '大于等于', 1.8, '万平方米', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '更换老旧供水管道', '大于等于', 3.2, '公里', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '维修工程验收合格率', '等于', 100, '%', 8, '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '质量指标', '公租房入住率', '大于等于', 95, '%', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '时效指标', '维修工程完工时间', '定性', '2024年10月31日前', '', 7, '按时完成得满分，逾期不得分'),
            ('产出指标', '时效指标', '资金拨付完成时间', '定性', '2024年12月31日前', '', 7, '按时完成得满分，逾期不得分'),
            ('成本指标', '经济成本指标', '屋面防水维修费用', '小于等于', 108, '万元', 7, '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '供水管道更换费用', '小于等于', 48, '万元', 7, '不超过目标值得满分，超出不得分'),
            ('成本指标', '社会成本指标', '维修施工期间住户临时搬迁', '等于', 0, '户', 7, '未发生得满分，发生1起及以上不得分'),
            ('效益指标', '社会效益指标', '公租房安全隐患整改率', '等于', 100, '%', 7, '达到目标值得满分，每低1个百分点扣1分'),
            ('满意度指标', '服务对象满意度指标', '服务对象满意度', '大于等于', 90, '%', 10, '达到目标值得满分，未达到按完成比例得分'),
        ],
    },
    {
        'sheet': '农机补贴',
        'region': '讷河市',
        'year_line': '(2025年度)',
        'project': '农机购置与应用补贴资金',
        'department': ('136', '讷河市农业农村局'),
        'implementer': ('136004', '讷河市农业机械化技术推广服务中心'),
        'attribute': '03-延续性项目',
        'period': '2025-2025',
        'funds_wan': (3600, 3600, 0),
        'goal': [
            '落实农机购置与应用补贴政策，全年补贴购置大中型拖拉机、玉米收获机、免耕播种机等农业机械2400台，受益农户和农机合作社1800户。',
            '补贴机具在购机申请受理后30个工作日内完成核验兑付。',
        ],
        'rows': [
            ('产出指标', '数量指标', '补贴购置农业机械', '大于等于', 2400, '台', 10, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '受益农户和农机合作社', '大于等于', 1800, '户', 10, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '补贴机具抽查核验合格率', '等于', 100, '%', 10, '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '质量指标', '补贴信息公开率', '等于', 100, '%', 10, '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '时效指标', '补贴资金核验兑付时限', '定性', '受理后30个工作日内', '', 10, '按时完成得满分，逾期不得分'),
            ('成本指标', '经济成本指标', '单台机具平均补贴额', '小于等于', 1.5, '万元/台', 10, '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '项目总成本', '小于等于', 3600, '万元', 10, '不超过目标值得满分，超出不得分'),
            ('效益指标', '经济效益指标', '农机作业亩均节本', '大于等于', 40, '元/亩', 10, '达到目标值得满分，未达到按完成比例得分'),
            ('效益指标', '社会效益指标', '农作物耕种收综合机械化率', '大于等于', 98, '%', 10, '达到目标值得满分，未达到按完成比例得分'),
            ('满意度指标', '服务对象满意度指标', '购机户满意度', '大于等于', 90, '%', 10, '达到目标值得满分，未达到按完成比例得分'),
        ],
    },
    {
        'sheet': '供水保障',
        'region': '岷县',
        'year_line': '(2026年度)',
        'project': '农村供水保障工程',
        'department': ('147', '岷县水务局'),
        'implementer': ('147003', '岷县农村供水服务站'),
        'attribute': '01-新增一次性项目',
        'period': '2026-2026',
        'funds_wan': (680, 680, 0),
        'goal': [
            '实施农村供水管网延伸工程，新建蓄水池8座、铺设供水管网46公里，新增自来水入户1200户，巩固提升4.6万农村人口供水保障水平，项目总投资720万元。',
        ],
        'rows': [
            ('产出指标', '数量指标', '新建蓄水池', '大于等于', 8, '座', 9, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '铺设供水管网', '大于等于', 46, '公里', 9, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '新增自来水入户', '大于等于', 1200, '户', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '工程验收合格率', '等于', 100, '%', 8, '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '质量指标', '农村自来水普及率', '大于等于', 102, '%', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '时效指标', '工程竣工验收时间', '定性', '2027年6月30日前', '', 8, '按时完成得满分，逾期不得分'),
            ('成本指标', '经济成本指标', '蓄水池建设费用', '小于等于', 96, '万元', 8, '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '管网铺设费用', '小于等于', 414, '万元', 8, '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '入户工程费用', '小于等于', 150, '万元', 8, '不超过目标值得满分，超出不得分'),
            ('成本指标', '生态环境成本指标', '管网施工临时占地复垦率', '等于', 100, '%', 8, '达到目标值得满分，每低1个百分点扣1分'),
            ('效益指标', '社会效益指标', '受益农村人口', '大于等于', 4.6, '万人', 8, '达到目标值得满分，未达到按完成比例得分'),
            ('满意度指标', '服务对象满意度指标', '受益群众满意度', '大于等于', 90, '%', 10, '达到目标值得满分，未达到按完成比例得分'),
        ],
    },
    {
        'sheet': '生态护林员',
        'region': '石泉县',
        'year_line': '(2025年度)',
        'project': '生态护林员补助资金',
        'department': ('144', '石泉县林业局'),
        'implementer': ('144002', '石泉县林业工作站'),
        'attribute': '03-延续性项目',
        'period': '2025-2025',
        'funds_wan': (672, 672, 0),
        'goal': [
            '续聘生态护林员800名，按每人每年8400元标准发放劳务补助，管护森林面积120万亩，全年安排补助资金720万元，确保管护区内不发生重大森林火灾和破坏森林资源案件。',
        ],
        'rows': [
            ('产出指标', '数量指标', '续聘生态护林员', '大于等于', 800, '名', 9, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '管护森林面积', '大于等于', 120, '万亩', 9, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '数量指标', '发放劳务补助资金', '大于等于', 672, '万元', 9, '达到目标值得满分，未达到按完成比例得分'),
            ('产出指标', '质量指标', '护林员上岗培训率', '等于', 100, '%', 9, '达到目标值得满分，每低1个百分点扣1分'),
            ('产出指标', '时效指标', '劳务补助发放时间', '定性', '每季度末月20日前', '', 9, '按时完成得满分，逾期不得分'),
            ('产出指标', '社会效益指标', '护林员巡山到岗率', '大于等于', 95, '%', 9, '达到目标值得满分，未达到按完成比例得分'),
            ('成本指标', '经济成本指标', '护林员劳务补助标准', '小于等于', 8400, '元/人·年', 9, '不超过目标值得满分，超出不得分'),
            ('成本指标', '经济成本指标', '项目总成本', '小于等于', 672, '万元', 9, '不超过目标值得满分，超出不得分'),
            ('效益指标', '生态效益指标', '重大森林火灾', '等于', 0, '起', 9, '未发生得满分，发生1起及以上不得分'),
            ('效益指标', '生态效益指标', '破坏森林资源案件', '等于', 0, '起', 9, '未发生得满分，发生1起及以上不得分'),
            ('满意度指标', '服务对象满意度指标', '护林员满意度', '定性', '较满意', '', 10, '达到目标得满分，部分达到酌情扣分，未达到不得分'),
        ],
    },
]


PRINTED = [
    {
        'sheet': '项目绩效目标',
        'region': '南漳县',
        'year_line': '(2021年度)',
        'project': '公共图书馆免费开放经费',
        'department': ('128', '南漳县文化和旅游局'),
        'implementer': ('128003', '南漳县图书馆'),
        'attribute': '03-延续性项目',
        'period': '2021-2021',
        'funds_wan': (40, 40, 0),
        'goal': [
            '保障县图书馆全年免费开放，每周开放时间不少于56小时，全年新增馆藏图书6000册，开展阅读推广活动80场次，接待读者12万人次。',
        ],
        'rows': [
            ('产出指标', '数量指标', '每周免费开放时长', '≥56小时'),
            ('产出指标', '数量指标', '新增馆藏图书', '≥6000册'),
            ('产出指标', '数量指标', '开展阅读推广活动', '≥80场次'),
            ('产出指标', '数量指标', '接待读者', '≥12万人次'),
            ('产出指标', '质量指标', '免费开放服务项目达标率', '＝100%'),
            ('产出指标', '质量指标', '图书编目加工合格率', '≥98%'),
            ('产出指标', '时效指标', '新购图书上架时间', '到馆后30日内'),
            ('产出指标', '成本指标', '购书经费', '≤18万元'),
            ('产出指标', '成本指标', '阅读推广活动经费', '≤12万元'),
            ('产出指标', '成本指标', '免费开放运行经费', '≤10万元'),
            ('效益指标', '社会效益指标', '持证读者数量', '≥1.5万人'),
            ('效益指标', '可持续影响指标', '数字资源访问量', '≥20万次'),
            ('满意度指标', '服务对象满意度指标', '读者满意度', '≥90%'),
        ],
    },
    {
        'sheet': '项目绩效目标',
        'region': '崇义县',
        'year_line': '(2021年度)',
        'project': '省级以上公益林生态效益补偿资金',
        'department': ('131', '崇义县林业局'),
        'implementer': ('131004', '崇义县林业资源保护中心'),
        'attribute': '03-延续性项目',
        'period': '2021-2021',
        'funds_wan': (1806, 1806, 0),
        'goal': [
            '对全县86万亩省级以上公益林落实生态效益补偿，按每亩21元的标准兑付补偿资金，聘请专职护林员150名开展日常巡护，确保公益林面积不减少、质量不下降。',
        ],
        'rows': [
            ('产出指标', '数量指标', '落实补偿公益林面积', '≥86万亩'),
            ('产出指标', '数量指标', '聘请专职护林员', '≥150名'),
            ('产出指标', '质量指标', '补偿资金兑付准确率', '＝100%'),
            ('产出指标', '质量指标', '公益林区划落界准确率', '≥98%'),
            ('产出指标', '时效指标', '补偿资金兑付完成时间', '2021年11月30日前'),
            ('产出指标', '成本指标', '公益林补偿标准', '＝21元/亩'),
            ('产出指标', '成本指标', '补偿资金总额', '≤1806万元'),
            ('效益指标', '生态效益指标', '公益林面积减少量', '＝0亩'),
            ('效益指标', '生态效益指标', '森林火灾受害率', '≤0.8‰'),
            ('效益指标', '经济效益指标', '林农户均补偿收入', '≥600元'),
            ('满意度指标', '服务对象满意度指标', '林农满意度', '≥90%'),
        ],
    },
]


HEALTH = [
    {
        'region': '汶上县',
        'year_line': '(2022年度)',
        'project': '老年人健康体检补助经费',
        'department': ('142', '汶上县卫生健康局'),
        'implementer': ('142008', '汶上县基层卫生指导中心'),
        'attribute': '03-延续性项目',
        'period': '2022-2022',
        'funds_text': ('315.00', '315.00', '0.00'),
        'goal': [
            '为辖区常住老年人免费提供年度健康体检（含血常规、肝肾功能、心电图、腹部B超等项目），全年体检老年人6.3万人。',
            '体检结果告知率达到100%，老年人健康管理率达到70%以上。',
        ],
        'split_at': None,
        'rows': [
            ('产出指标', '数量指标', '老年人健康体检人数', '≥6.3万人'),
            ('产出指标', '质量指标', '体检结果告知率', '＝100%'),
            ('产出指标', '质量指标', '老年人健康管理率', '≥70%'),
            ('产出指标', '时效指标', '年度体检任务完成时间', '2022年10月31日前'),
            ('产出指标', '时效指标', '体检结果反馈时限', '体检后15日内'),
            ('产出指标', '成本指标', '人均体检补助标准', '≤50元/人'),
            ('产出指标', '成本指标', '体检补助资金', '≤315万元'),
            ('效益指标', '社会效益指标', '体检发现异常人员转诊随访率', '≥90%'),
            ('效益指标', '可持续影响指标', '老年人健康档案电子化率', '≥95%'),
            ('满意度指标', '服务对象满意度指标', '体检老年人满意度', '≥90%'),
        ],
    },
    {
        'region': '嘉祥县',
        'year_line': '(2024年度)',
        'project': '老年人健康管理服务项目',
        'department': ('139', '嘉祥县卫生健康局'),
        'implementer': ('139011', '嘉祥县基层卫生服务中心'),
        'attribute': '03-延续性项目',
        'period': '2024-2024',
        'funds_text': ('420', '420', '0'),
        'goal': [
            '为全县7万名老年人提供健康体检和健康指导服务，建立规范化电子健康档案，老年人健康管理率达到72%。',
        ],
        'split_at': None,
        'rows': [
            ('产出指标', '数量指标', '老年人健康体检人数', '≥7万名'),
            ('产出指标', '数量指标', '老年人健康管理率', '≥72%'),
            ('产出指标', '质量指标', '体检项目完整率', '≥105%'),
            ('产出指标', '质量指标', '电子健康档案规范化建档率', '≥90%'),
            ('产出指标', '时效指标', '体检任务完成及时率', '100%'),
            ('产出指标', '成本指标', '人均体检补助标准', '≤60元/人'),
            ('产出指标', '成本指标', '项目总成本', '≤420万元'),
            ('效益指标', '社会效益指标', '体检异常人员转诊率', '≥90%'),
            ('满意度指标', '服务对象满意度指标', '老年人满意度', '≥90%'),
        ],
    },
    {
        'region': '西吉县',
        'year_line': '(2020年度)',
        'project': '村医补助及村卫生室运行经费',
        'department': ('108', '西吉县卫生健康局'),
        'implementer': ('108005', '西吉县卫生健康局本级'),
        'attribute': '03-延续性项目',
        'period': '2020-2020',
        'funds_text': ('386.40', '386.40', '0.00'),
        'goal': [
            '对全县296个村卫生室给予运行经费补助，为在岗乡村医生310名发放定额补助，补助资金每季度末前发放到位，村卫生室基本药物制度实施率保持100%。',
        ],
        'split_at': None,
        'rows': [
            ('产出指标', '数量指标', '补助村卫生室', '≥296个'),
            ('产出指标', '数量指标', '补助在岗乡村医生', '≥310名'),
            ('产出指标', '质量指标', '村卫生室基本药物制度实施率', '＝100%'),
            ('产出指标', '质量指标', '乡村医生年度考核合格率', '≥95%'),
            ('产出指标', '时效指标', '补助资金发放时间', '每季度末前'),
            ('产出指标', '成本指标', '乡村医生定额补助标准', '≤800元/人·月'),
            ('产出指标', '成本指标', '村卫生室运行补助标准', '≤3000元/个·年'),
            ('产出指标', '成本指标', '乡村医生定额补助资金', '≤297.6万元'),
            ('产出指标', '成本指标', '村卫生室运行补助资金', '≤88.8万元'),
            ('效益指标', '社会效益指标', '村卫生室诊疗人次', '≥32万人次'),
            ('效益指标', '可持续影响指标', '在岗乡村医生队伍稳定率', '≥95%'),
            ('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%'),
        ],
    },
]


CIVIL = [
    {
        'region': '涡阳县',
        'year_line': '(2023年度)',
        'project': '退役军人和其他优抚对象走访慰问经费',
        'department': ('130', '涡阳县退役军人事务局'),
        'implementer': ('130002', '涡阳县退役军人服务中心'),
        'attribute': '03-延续性项目',
        'period': '2023-2023',
        'funds_text': ('86', '86', ''),
        'goal': [
            '在春节、建军节期间走访慰问重点优抚对象和困难退役军人3200人次，为560户退役军人家庭悬挂光荣牌，开展退役军人专场招聘会6场。',
        ],
        'split_at': None,
        'rows': [
            ('产出指标', '数量指标', '走访慰问优抚对象及困难退役军人', '≥3200人次'),
            ('产出指标', '数量指标', '悬挂光荣牌', '≥560户'),
            ('产出指标', '数量指标', '举办退役军人专场招聘会', '≥6场'),
            ('产出指标', '质量指标', '慰问对象信息核实准确率', '＝100%'),
            ('产出指标', '时效指标', '春节慰问金发放时间', '2023年1月20日前'),
            ('产出指标', '时效指标', '资金拨付完成时间', '2023年12月31日前'),
            ('产出指标', '成本指标', '走访慰问经费', '≤64万元'),
            ('产出指标', '成本指标', '光荣牌制作悬挂费用', '≤8.4万元'),
            ('产出指标', '成本指标', '专场招聘会费用', '≤13.6万元'),
            ('效益指标', '社会效益指标', '专场招聘会达成就业意向人数', '≥300人'),
            ('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%'),
        ],
    },
    {
        'region': '兴国县',
        'year_line': '(2025年度)',
        'project': '烈士纪念设施管护及褒扬纪念活动经费',
        'department': ('125', '兴国县退役军人事务局'),
        'implementer': ('125001', '兴国县退役军人事务局本级'),
        'attribute': '03-延续性项目',
        'period': '2025-2025',
        'funds_text': ('65', '65', '0'),
        'goal': [
            '对全县58处散葬烈士纪念设施开展维修管护，组织清明祭扫等褒扬纪念活动12场次，全年安排资金80万元，确保烈士纪念设施完好率达到100%。',
        ],
        'split_at': None,
        'rows': [
            ('产出指标', '数量指标', '维修管护散葬烈士纪念设施', '≥58处', '10', '每少1处扣0.5分'),
            ('产出指标', '数量指标', '组织褒扬纪念活动', '≥12场次', '10', '每少1场次扣1分'),
            ('产出指标', '质量指标', '烈士纪念设施完好率', '＝100%', '10', '每低1个百分点扣1分'),
            ('产出指标', '质量指标', '维修工程验收合格率', '＝100%', '10', '未全部验收合格不得分'),
            ('产出指标', '时效指标', '清明祭扫前维修完成时间', '2025年3月31日前', '10', '逾期不得分'),
            ('成本指标', '经济成本指标', '散葬烈士纪念设施维修费用', '≤46.4万元', '10', '超出不得分'),
            ('成本指标', '经济成本指标', '褒扬纪念活动费用', '≤18.6万元', '10', '超出不得分'),
            ('效益指标', '社会效益指标', '参与祭扫纪念活动群众', '≥1.5万人次', '10', '按完成比例得分'),
            ('效益指标', '社会效益指标', '烈士纪念设施完好率', '≥98%', '10', '按完成比例得分'),
            ('满意度指标', '服务对象满意度指标', '烈士亲属满意度', '较高', '10', '按调查结果酌情得分'),
        ],
    },
    {
        'region': '泸溪县',
        'year_line': '(2023年度)',
        'project': '残疾儿童康复救助经费',
        'department': ('124', '泸溪县残疾人联合会'),
        'implementer': ('124001', '泸溪县残疾人联合会本级'),
        'attribute': '03-延续性项目',
        'period': '2023-2023',
        'funds_text': ('118.8', '108.8', '10'),
        'goal': [
            '为全县学龄前残疾儿童提供康复救助，全年救助残疾儿童90名，适配辅助器具120件。',
        ],
        'split_at': 9,
        'rows': [
            ('产出指标', '数量指标', '救助残疾儿童人数', '≥90名'),
            ('产出指标', '数量指标', '适配辅助器具', '≥120件'),
            ('产出指标', '质量指标', '康复训练有效率', '≥85%'),
            ('产出指标', '质量指标', '定点康复机构评估合格率', '＝100%'),
            ('产出指标', '时效指标', '康复救助审批时限', '申请受理后10个工作日内'),
            ('产出指标', '时效指标', '资金拨付完成时间', '2023年12月31日前'),
            ('产出指标', '成本指标', '康复训练救助标准', '≤1.2万元/人·年'),
            ('产出指标', '成本指标', '辅助器具适配标准', '≤900元/件'),
            ('产出指标', '成本指标', '康复救助资金', '≤108万元'),
            ('产出指标', '成本指标', '辅助器具适配资金', '≤10.8万元'),
            ('效益指标', '社会效益指标', '受助儿童运动或语言功能改善率', '≥80%'),
            ('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%'),
        ],
    },
    {
        'region': '镇原县',
        'year_line': '(2020年度)',
        'project': '农家书屋出版物补充更新经费',
        'department': ('135', '镇原县文化和旅游局'),
        'implementer': ('135004', '镇原县图书馆'),
        'attribute': '03-延续性项目',
        'period': '2020-2020',
        'funds_text': ('41.6', '41.6', '0'),
        'goal': [
            '为全县208个农家书屋补充更新出版物1.25万册，开展农家书屋阅读活动200场次。',
        ],
        'split_at': None,
        'rows': [
            ('产出指标', '数量指标', '补充更新出版物农家书屋', '≥208个'),
            ('产出指标', '数量指标', '补充更新出版物', '≥1.25万册'),
            ('产出指标', '数量指标', '开展阅读活动', '≥200场次'),
            ('产出指标', '质量指标', '', '≥95%'),
            ('产出指标', '时效指标', '出版物配送完成时间', '2020年9月30日前'),
            ('产出指标', '成本指标', '出版物采购费用', '≤37.5万元'),
            ('产出指标', '成本指标', '阅读活动经费', '≤4.1万元'),
            ('效益指标', '社会效益指标', '农家书屋年借阅量', '≥50000'),
            ('效益指标', '社会效益指标', '带动村民参与阅读活动1万人次', '≥1万人次'),
            ('效益指标', '可持续影响指标', '农家书屋管理制度', '进一步完善'),
            ('满意度指标', '服务对象满意度指标', '村民满意度', '≥90%'),
        ],
    },
]


# ======================================================================================
# builders
# ======================================================================================

def _code_name(pair) -> str:
    code, name = pair
    return f"【{code}】{name}"


def _runs(rows, i: int, key) -> int:
    """Length of the run of rows starting at i with the same key(row)."""
    n = 1
    while i + n < len(rows) and key(rows[i + n]) == key(rows[i]):
        n += 1
    return n


# ---------------------------------------------------------------- xlsx

def _merge_levels(ws, start: int, rows, first_col: int) -> None:
    """Write 一级 (first_col) and 二级 (first_col + 1) of rows from row `start`, merged vertically."""
    from openpyxl.styles import Alignment

    for col, key in ((first_col, lambda row: row[0]), (first_col + 1, lambda row: (row[0], row[1]))):
        i = 0
        while i < len(rows):
            n = _runs(rows, i, key)
            cell = ws.cell(start + i, col, rows[i][col - first_col])
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            if n > 1:
                ws.merge_cells(start_row=start + i, start_column=col,
                               end_row=start + i + n - 1, end_column=col)
            i += n


def _xlsx_header(ws, form: dict, r: int, ncols: int, funds_label: str) -> int:
    """Title, year, 项目名称, 主管部门/实施单位, 项目属性/项目期, funds, goal from row r.
    Returns the next free row."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter as L

    last = L(ncols)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.cell(r, 1, form["region"] + TITLE).font = Font(size=16, bold=True)
    ws.cell(r, 1).alignment = center
    ws.merge_cells(f"A{r}:{last}{r}")
    ws.cell(r + 1, 1, form["year_line"]).alignment = center
    ws.merge_cells(f"A{r + 1}:{last}{r + 1}")
    r += 2
    ws.cell(r, 1, "项目名称")
    ws.cell(r, 2, form["project"])
    ws.merge_cells(f"B{r}:{last}{r}")
    mid = max(3, ncols // 2 + 1)
    for rr, (l1, v1, l2, v2) in ((r + 1, ("主管部门及代码", _code_name(form["department"]),
                                          "实施单位", _code_name(form["implementer"]))),
                                 (r + 2, ("项目属性", form["attribute"], "项目期", form["period"]))):
        ws.cell(rr, 1, l1)
        ws.cell(rr, 2, v1)
        if mid - 1 > 2:
            ws.merge_cells(f"B{rr}:{L(mid - 1)}{rr}")
        ws.cell(rr, mid, l2)
        ws.cell(rr, mid + 1, v2)
        if ncols > mid + 1:
            ws.merge_cells(f"{L(mid + 1)}{rr}:{last}{rr}")
    r += 3
    ws.cell(r, 1, funds_label)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 2, end_column=1)
    for k, (label, amount) in enumerate(zip(("年度资金总额：", "其中：财政拨款", "其他资金"),
                                            form["funds_wan"])):
        ws.cell(r + k, 2, label)
        ws.cell(r + k, 3, amount)
        if ncols > 3:
            ws.merge_cells(f"C{r + k}:{last}{r + k}")
    r += 3
    ws.cell(r, 1, "年度总体目标")
    ws.cell(r, 2, "\n".join(form["goal"])).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"B{r}:{last}{r}")
    return r + 1


BUDGET_A_COLUMNS = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                    "分值", "指标方向", "评(扣)分标准"]


def build_budget_a(path: pathlib.Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter as L

    wb = Workbook()
    wb.remove(wb.active)
    n = len(BUDGET_A_COLUMNS)
    for form in BUDGET_A:
        ws = wb.create_sheet(form["sheet"])
        r = _xlsx_header(ws, form, 1, n, "项目资金（万元）")
        for c, h in enumerate(BUDGET_A_COLUMNS, start=1):
            ws.cell(r, c, h)
        r += 1
        for k, row in enumerate(form["rows"]):
            for c, v in enumerate(row[2:], start=3):
                ws.cell(r + k, c, v)
        _merge_levels(ws, r, form["rows"], 1)
        for c in range(1, n + 1):
            ws.column_dimensions[L(c)].width = 16
    wb.save(path)


def build_budget_b(path: pathlib.Path) -> None:
    """Two heading rows: 指标值 merged over 运算符/指标值/计量单位; the other headings merged
    vertically over both rows."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter as L

    wb = Workbook()
    wb.remove(wb.active)
    top = ["一级指标", "二级指标", "三级指标", "指标值", None, None, "分值", "评(扣)分标准"]
    sub = {4: "运算符", 5: "指标值", 6: "计量单位"}
    n = len(top)
    for form in BUDGET_B:
        ws = wb.create_sheet(form["sheet"])
        r = _xlsx_header(ws, form, 1, n, "项目资金（万元）")
        for c, h in enumerate(top, start=1):
            if h is not None:
                ws.cell(r, c, h)
            if c in sub:
                ws.cell(r + 1, c, sub[c])
            elif h is not None:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=6)
        r += 2
        for k, row in enumerate(form["rows"]):
            for c, v in enumerate(row[2:], start=3):
                ws.cell(r + k, c, v)
        _merge_levels(ws, r, form["rows"], 1)
        for c in range(1, n + 1):
            ws.column_dimensions[L(c)].width = 16
    wb.save(path)


def build_printed(path: pathlib.Path) -> None:
    """The printed classic layout, all forms on one sheet with two blank rows between."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = PRINTED[0]["sheet"]
    r = 1
    for form in PRINTED:
        r = _xlsx_header(ws, form, r, 5, "项目资金（万元）")
        for c, h in enumerate(["名称", "一级指标", "二级指标", "三级指标", "指标值"], start=1):
            ws.cell(r, c, h)
        r += 1
        rows = form["rows"]
        ws.cell(r, 1, "绩效指标").alignment = Alignment(vertical="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r + len(rows) - 1, end_column=1)
        for k, row in enumerate(rows):
            ws.cell(r + k, 4, row[2])
            ws.cell(r + k, 5, row[3])
        _merge_levels(ws, r, rows, 2)
        r += len(rows) + 2
    for c in "ABCDE":
        ws.column_dimensions[c].width = 22
    wb.save(path)


# ---------------------------------------------------------------- docx

def _set(cell, text) -> None:
    """Put text (a list = one paragraph each) into a (possibly merged) cell."""
    paras = text if isinstance(text, list) else [text]
    cell.paragraphs[0].text = paras[0]
    for p in paras[1:]:
        cell.add_paragraph(p)


def _docx_header_rows(table, form: dict, ncols: int) -> int:
    """Header fields in the first 7 rows of `table` (ncols 5 or 6). Returns the next row."""
    last = ncols - 1
    lab2 = 2 if ncols == 5 else 3          # column of 实施单位 / 项目期
    rows = table.rows

    def span(r, a, b, text):
        c = rows[r].cells[a].merge(rows[r].cells[b]) if b > a else rows[r].cells[a]
        _set(c, text)

    span(0, 0, 0, "项目名称")
    span(0, 1, last, form["project"])
    for r, (l1, v1, l2, v2) in ((1, ("主管部门及代码", _code_name(form["department"]),
                                     "实施单位", _code_name(form["implementer"]))),
                                (2, ("项目属性", form["attribute"], "项目期", form["period"]))):
        span(r, 0, 0, l1)
        span(r, 1, lab2 - 1, v1)
        span(r, lab2, lab2, l2)
        span(r, lab2 + 1, last, v2)
    money = table.cell(3, 0).merge(table.cell(5, 0))
    _set(money, "项目资金（万元）")
    for k, (label, amount) in enumerate(zip(("年度资金总额：", "其中：财政拨款", "其他资金"),
                                            form["funds_text"])):
        span(3 + k, 1, 1, label)
        span(3 + k, 2, last, amount)
    span(6, 0, 0, "年度总体目标")
    span(6, 1, last, form["goal"])
    return 7


def _docx_indicator_rows(table, start: int, rows, first_col: int, continued_level1: bool = False) -> None:
    """Write rows (l1, l2, name, value, *more) from table row `start`; the 一级 column is
    `first_col`. Vertically merge 一级 and 二级. With continued_level1 the first run's 一级
    cell is left empty (continuation of a split table)."""
    for k, row in enumerate(rows):
        cells = table.rows[start + k].cells
        for j, v in enumerate(row[2:], start=first_col + 2):
            _set(cells[j], v)
    for col, key in ((first_col, lambda row: row[0]), (first_col + 1, lambda row: (row[0], row[1]))):
        i = 0
        while i < len(rows):
            n = _runs(rows, i, key)
            top = table.cell(start + i, col)
            if n > 1:
                top = top.merge(table.cell(start + i + n - 1, col))
            text = rows[i][col - first_col]
            if continued_level1 and i == 0 and col == first_col:
                text = ""
            _set(top, text)
            i += n


def _page_break(doc) -> None:
    from docx.enum.text import WD_BREAK
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _title(doc, form: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    p = doc.add_paragraph()
    run = p.add_run(form["region"] + TITLE)
    run.bold = True
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph(form["year_line"])
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _docx_plain_form(doc, form: dict) -> None:
    """名称 | 一级 | 二级 | 三级 | 指标值, optionally split in two tables at split_at."""
    header = ["名称", "一级指标", "二级指标", "三级指标", "指标值"]
    rows = form["rows"]
    cut = form["split_at"] if form.get("split_at") else len(rows)
    parts = [rows[:cut], rows[cut:]] if cut < len(rows) else [rows]
    for p, part in enumerate(parts):
        if p:
            _page_break(doc)
        head = 7 if p == 0 else 0
        table = doc.add_table(rows=head + 1 + len(part), cols=5)
        table.style = "Table Grid"
        if p == 0:
            _docx_header_rows(table, form, 5)
        for j, h in enumerate(header):
            _set(table.cell(head, j), h)
        first = head + 1
        name_cell = table.cell(first, 0)
        if len(part) > 1:
            name_cell = name_cell.merge(table.cell(first + len(part) - 1, 0))
        _set(name_cell, "绩效指标" if p == 0 else "")
        continued = p > 0 and part[0][0] == parts[p - 1][-1][0]
        _docx_indicator_rows(table, first, part, 1, continued_level1=continued)


def _docx_scored_form(doc, form: dict) -> None:
    """一级 | 二级 | 三级 | 指标值 | 分值 | 评分标准 (6-column grid)."""
    columns = ["一级指标", "二级指标", "三级指标", "指标值", "分值", "评分标准"]
    rows = form["rows"]
    table = doc.add_table(rows=7 + 1 + len(rows), cols=6)
    table.style = "Table Grid"
    _docx_header_rows(table, form, 6)
    for j, h in enumerate(columns):
        _set(table.cell(7, j), h)
    _docx_indicator_rows(table, 8, rows, 0)


def build_docx(path: pathlib.Path, forms: list) -> None:
    from docx import Document

    doc = Document()
    for f, form in enumerate(forms):
        if f:
            _page_break(doc)
        _title(doc, form)
        if len(form["rows"][0]) == 6:
            _docx_scored_form(doc, form)
        else:
            _docx_plain_form(doc, form)
    doc.save(path)


def build(out_dir) -> None:
    out_dir = pathlib.Path(out_dir)
    repo = pathlib.Path(__file__).resolve().parents[2]       # tests/corpus -> repo
    target = out_dir.resolve()
    if target == repo or repo in target.parents:
        raise ValueError(f"refusing to write inside the repository: {out_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    build_budget_a(out_dir / "budget-a.xlsx")
    build_budget_b(out_dir / "budget-b.xlsx")
    build_printed(out_dir / "classic-printed.xlsx")
    build_docx(out_dir / "health.docx", HEALTH)
    build_docx(out_dir / "civil.docx", CIVIL)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python build.py OUT_DIR")
    build(pathlib.Path(sys.argv[1]))
