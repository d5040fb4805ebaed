"""Known answers on real tables from twelve provinces (issue 14).

Each fixture in tests/data/corpus is a table a department published, as text (one table row
per line, cells separated by tabs, merged cells lost), with the narrative sentences replaced.
The answers below were written by reading each table as a reviewer: its tables (kind, project
name), amounts in 万元, every complete indicator row (一级 / 二级 / 三级 / comparator / value /
unit; rows cut off by the excerpt, or naming no indicator, are not complete), and the set of
finding codes a reviewer would raise, none of them about what the reader could not read.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xlgoals.importing.text import read_text
from xlgoals.model.submission import DepartmentTable, Submission
from xlgoals.reading.tables import read_tables
from xlgoals.validation import validate_submission

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"

#: file prefix → tables [(kind, project name, amounts, rows)] and finding codes
ANSWERS: dict[str, dict] = {
    "01": {
        "tables": [
            (
                "project",
                "51000021R000000019951-工资性支出",
                {"total": "238.93", "fiscal": "238.93"},
                [
                    ("产出指标", "数量指标", "发放(缴纳)覆盖率", "=", "100", "%"),
                    ("效益指标", "社会效益指标", "足额保障率(参保率)", "=", "100", "%"),
                ],
            ),
        ],
        "codes": ["XG110", "XG111"],
    },
    "03": {
        "tables": [
            ("project", "51092322T000000436802-文化市场综合行政执法人员制式服装预算经费", {}, []),
        ],
        "codes": ["XG117"],
    },
    "04": {
        "tables": [
            (
                "project",
                "村组干部报酬",
                {"total": "330.984"},
                [
                    ("效益指标", "社会效益指标", "维护社会稳定", "≥", "95", "%"),
                    ("产出指标", "时效指标", "维持时效", "≥", "1", "年"),
                    ("产出指标", "质量指标", "按时发放", "≥", "1", "人/年"),
                    ("效益指标", "经济效益指标", "促进村集体经济发展", "≥", "95", "%"),
                    ("产出指标", "数量指标", "村组干部230人", "≥", "230", "个"),
                    ("效益指标", "生态效益指标", "保护生态环境卫生", "≥", "95", "%"),
                    ("效益指标", "可持续影响指标", "项目维持时效", "≥", "95", "%"),
                    ("满意度指标", "服务对象满意度指标", "人民群众满意度", "≥", "95", "%"),
                ],
            ),
            (
                "project",
                "基层组织活动经费",
                {"total": "66.00"},
                [
                    ("满意度指标", "服务对象满意度指标", "辖区内群众满意度", "≥", "95", "%"),
                    ("效益指标", "经济效益指标", "促进农村集体经济发展", "≥", "95", "%"),
                    ("效益指标", "可持续影响指标", "经济、环境等方面可持续发展", "≥", "95", "%"),
                    ("产出指标", "质量指标", "保障村社区正常运转", "≥", "95", "%"),
                    ("产出指标", "数量指标", "行政村数量", "=", "11", "个"),
                ],
            ),
        ],
        "codes": ["XG111", "XG116"],
    },
    "05": {
        "tables": [
            (
                "project",
                "特困家庭再扶助(独生子女死亡再扶助)",
                {"total": "6.30", "fiscal": "6.30"},
                [
                    (
                        "产出指标",
                        "数量指标",
                        "对符合政策法规的独生子伤残、死亡家庭进行扶助",
                        "",
                        "63",
                        "人",
                    ),
                    (
                        "产出指标",
                        "质量指标",
                        "按政策、法律、法规乡镇申报、初审确认对象资格,县级按要求复审",
                        "",
                        "100",
                        "%",
                    ),
                    ("产出指标", "时效指标", "项目实施时间", "", "2021年1月-12月", ""),
                    ("产出指标", "时效指标", "资金拨付", "", "12月底到位", ""),
                    (
                        "产出指标",
                        "成本指标",
                        "成本控制",
                        "定性",
                        "严格按照预算标准1000元/人给补助对象兑付补助",
                        "",
                    ),
                    (
                        "效益指标",
                        "社会效益指标",
                        "促进人口与经济、社会、资源、环境协调和可持续发展",
                        "",
                        "100",
                        "%",
                    ),
                    ("效益指标", "可持续影响指标", "实现社会稳定和谐发展", "定性", "长期", ""),
                    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥", "90", "%"),
                    ("满意度指标", "服务对象满意度指标", "社会满意度", "", "100", "%"),
                ],
            ),
        ],
        "codes": ["XG107", "XG118", "XG130", "XG303", "XG306"],
    },
    "06": {
        "tables": [
            (
                "project",
                "食品监管补助资金",
                {"total": "2.38"},
                [
                    ("产出指标", "质量指标", "食品安全监管人员培训", "定性", "已完成", ""),
                    ("产出指标", "质量指标", "违法案件查办率", "", "100", "%"),
                    ("产出指标", "质量指标", "食品经营环节风险分级", "", "100", "%"),
                    (
                        "产出指标",
                        "质量指标",
                        "开展食品安全宣传周等科普宣传活",
                        "定性",
                        "已完成",
                        "",
                    ),
                    (
                        "产出指标",
                        "质量指标",
                        "进口冷链食品新冠肺炎疫情应急处置示范演练",
                        "定性",
                        "已完成",
                        "",
                    ),
                    ("产出指标", "质量指标", "食品安全投诉举报处置率", "", "100", "%"),
                    (
                        "产出指标",
                        "时效指标",
                        "食品监管专项工作整体完成时间",
                        "",
                        "2021年12月31日",
                        "",
                    ),
                    (
                        "效益指标",
                        "社会效益指标",
                        "辖区内与补助资金相关的重大食品安全监管责任事故发生数",
                        "",
                        "0",
                        "次",
                    ),
                    (
                        "效益指标",
                        "社会效益指标",
                        "辖区内公众食品安全科普知识素养",
                        "定性",
                        "逐步提高",
                        "",
                    ),
                ],
            ),
        ],
        "codes": ["XG117", "XG303", "XG306"],
    },
    "07": {
        "tables": [
            (
                "project",
                "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装",
                {"total": "20", "fiscal": "20"},
                [
                    ("产出指标", "数量指标", "安装坡面水标尺", "≥", "266", "米"),
                    ("产出指标", "数量指标", "水标尺宽度", "≥", "50", "厘米"),
                    ("产出指标", "质量指标", "项目(工程)验收合格率", "", "100", "%"),
                    ("产出指标", "时效指标", "及时(按期)开工率", "≥", "90", "%"),
                    ("产出指标", "时效指标", "及时(按期)完工率", "≥", "90", "%"),
                    ("产出指标", "成本指标", "项目计划总投资", "", "20", "万元"),
                    ("效益指标", "社会效益指标", "受益脱贫(含监测对象)户人口数", "≥", "1000", "人"),
                    (
                        "效益指标",
                        "社会效益指标",
                        "群众生产生活条件改善状况",
                        "定性",
                        "显著提升",
                        "",
                    ),
                    (
                        "满意度指标",
                        "服务对象满意度指标",
                        "受益脱贫(含监测对象)户满意度",
                        "≥",
                        "95",
                        "%",
                    ),
                ],
            ),
        ],
        "codes": ["XG107", "XG303", "XG501"],
    },
    "11": {
        "tables": [
            (
                "project",
                "村级补助及运转经费",
                {"total": "0", "fiscal": "202.64"},
                [
                    ("产出指标", "数量指标", "补助村(社区)数量", "=", "8", "个"),
                    ("产出指标", "数量指标", "保障村干部人数", "=", "42", "个"),
                    ("产出指标", "质量指标", "补助资格合规性", "定性", "合规", ""),
                    (
                        "产出指标",
                        "质量指标",
                        "经费审批流程规范性",
                        "定性",
                        "严格执行相关制度规定",
                        "",
                    ),
                    ("产出指标", "时效指标", "补助经费到位及时性", "定性", "及时", ""),
                    ("产出指标", "成本指标", "项目总成本", "≤", "202.6", "万元"),
                    (
                        "效益指标",
                        "经济效益指标",
                        "对保障村(社区)两委机构正常运行的影响程度",
                        "定性",
                        "效果明显",
                        "",
                    ),
                    (
                        "效益指标",
                        "社会效益指标",
                        "提高村(社区)干部工作积极性的影响程度",
                        "定性",
                        "效果明显",
                        "",
                    ),
                ],
            ),
        ],
        "codes": ["XG107", "XG117", "XG201", "XG503"],
    },
    "12": {
        "tables": [
            (
                "project",
                "水旱灾害防御经费",
                {"total": "880", "fiscal": "880"},
                [
                    ("产出指标", "数量指标", "完成中型灌区节水改造项目数量", "", "1", ""),
                    ("产出指标", "数量指标", "完成农业综合水价改革项目", "", "1", ""),
                    ("产出指标", "质量指标", "工程质量合格", "", None, ""),
                    ("产出指标", "时效指标", "年度资金支付完成率100%", "", None, ""),
                    ("产出指标", "成本指标", "资金执行在预算范围内", "", None, ""),
                    ("效益指标", "经济效益指标", "全市安全度汛", "", None, ""),
                    ("效益指标", "社会效益指标", "保护全市人口财产不受损失", "", None, ""),
                    ("效益指标", "可持续影响指标", "已建工程良性运行", "", None, ""),
                    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "", "90", "%"),
                ],
            ),
        ],
        "codes": ["XG107", "XG302", "XG303"],
    },
    "13": {
        "tables": [
            (
                "project",
                "临时救助",
                {"total": "30", "fiscal": "30"},
                [
                    ("产出指标", "数量指标", "农村低保发放人数(按月平均)", "≥", "21933", "人"),
                    (
                        "产出指标",
                        "数量指标",
                        "其中:农村低保对象中建档立卡贫困人口数量(按月平均)",
                        "≥",
                        "9431",
                        "人",
                    ),
                    (
                        "产出指标",
                        "数量指标",
                        "建档立卡贫困人口中接受临时救助的人次数",
                        "≥",
                        "59",
                        "人次",
                    ),
                    ("产出指标", "数量指标", "特困人员救助供养人数(按月平均)", "≥", "4754", "人"),
                    ("产出指标", "数量指标", "扶贫临时救助人数(按月平均)", "≥", "7", "人"),
                    ("产出指标", "质量指标", "农村低保标准", "≥", "530", "元/人*月"),
                    (
                        "产出指标",
                        "质量指标",
                        "农村特困人员救助供养基本生活标准",
                        "≥",
                        "570",
                        "元/人*月",
                    ),
                    (
                        "产出指标",
                        "质量指标",
                        "扶贫临时救助标准——一户年最高5300元",
                        "≤",
                        "5300",
                        "元/户",
                    ),
                    ("效益指标", "社会效益指标", "受益建档立卡贫困人口数", "≥", "80", "人"),
                ],
            ),
        ],
        "codes": ["XG117", "XG503", "XG504"],
    },
    "14": {
        "tables": [
            (
                "project",
                "市级文物保护专项经费",
                {"total": "29", "fiscal": "29"},
                [
                    (
                        "产出指标",
                        "数量指标",
                        "修缮建筑数量",
                        "定性",
                        "完成六安市六安市罗氏宗祠、李氏宗祠、英布墓日常维护,指挥部旧址报病虫害防治测绘、国保省保矢量数据测绘、龙盘石刻护栏制装",
                        "",
                    ),
                    ("产出指标", "数量指标", "修缮建筑面积", "", "6000", "平方米"),
                    ("产出指标", "数量指标", "修缮级别", "定性", "市级保护单位", ""),
                    ("产出指标", "质量指标", "验收通过率", "", "100", "%"),
                    ("产出指标", "质量指标", "工程质量管理", "≥", "95", "%"),
                    ("产出指标", "质量指标", "文明施工", "≥", "95", "%"),
                    (
                        "产出指标",
                        "时效指标",
                        "项目设计、招标、施工",
                        "定性",
                        "完成时间为2022年12月30日",
                        "",
                    ),
                    (
                        "产出指标",
                        "成本指标",
                        "项目成本控制在预算内",
                        "定性",
                        "本着节约的原则,控制在预算中。",
                        "",
                    ),
                    (
                        "效益指标",
                        "社会效益指标",
                        "文物本体安全、体现文物价值,提升知名度",
                        "定性",
                        "加大文物保护,展示文物价值",
                        "",
                    ),
                ],
            ),
        ],
        "codes": ["XG107", "XG117", "XG303", "XG503", "XG504"],
    },
    "15": {
        "tables": [
            (
                "project",
                "发展建设类-农产品质检体系建设和“三品一标”发展项目",
                {"total": "51.35", "fiscal": "51.35", "other": "0.00", "multiyear_total": "68.50"},
                [
                    ("产出指标", "数量指标", "鉴定校准实验室仪器", "≥", "57", "个"),
                    ("产出指标", "数量指标", "购买标准试剂", "≥", "100", "个"),
                    ("产出指标", "数量指标", "监督抽检批次", "≥", "100", "组"),
                    ("产出指标", "质量指标", "农产品例行监测合格率", "≥", "98", "%"),
                    ("产出指标", "质量指标", "农产品监督抽样合格率", "≥", "98", "%"),
                    ("产出指标", "质量指标", "实验室仪器维修维护", "≥", "4", "次"),
                    ("产出指标", "时效指标", "检测及时率", "≤", "7", "工作日"),
                ],
            ),
        ],
        "codes": ["XG117", "XG320"],  # 实验室仪器维修维护 ≥4次: a count under 质量指标
    },
    "16": {
        "tables": [
            ("project", "申遗经费", {"total": "220", "fiscal": "220"}, []),
        ],
        "codes": ["XG117"],
    },
    "18": {
        "tables": [
            (
                "project",
                "水土保持监测",
                {"total": "10"},
                [
                    ("产出指标", "质量指标", "监测数据必须合格", "", "100", "%"),
                    ("产出指标", "时效指标", "取得2018-20222、监测资料", "", "100", "%"),
                    ("满意度指标", "服务对象满意度指标", "整编资料审核", "", "98", "%"),
                    ("产出指标", "质量指标", "监测数据资料整编", "", "100", "%"),
                    ("产出指标", "时效指标", "完成年度资料上报", "", "100", "%"),
                ],
            ),
        ],
        "codes": ["XG117", "XG118", "XG119", "XG303"],
    },
    "19": {
        "tables": [
            (
                "project",
                "区级森林防火专项经费",
                {"total": "63", "fiscal": "63"},
                [
                    ("产出指标", "数量指标", "灭火设备配备率", "", "100", "%"),
                    ("产出指标", "数量指标", "监控系统维护率", "", "100", "%"),
                    ("产出指标", "质量指标", "森林火灾火因查明率", "≥", "95", "%"),
                    ("产出指标", "质量指标", "森林火灾案件查处率", "≥", "90", "%"),
                    ("产出指标", "时效指标", "森林火灾6小时内扑灭率", "≥", "95", "%"),
                    ("产出指标", "成本指标", "成本控制数(万元)", "", "63", "万元"),
                    ("效益指标", "社会效益指标", "重大森林火灾", "", "0", "起"),
                    ("效益指标", "社会效益指标", "公众知晓度是否明显提高", "定性", "是", ""),
                    ("效益指标", "生态效益指标", "森林火灾受害面积", "<", "0.9", "‰"),
                    ("效益指标", "经济效益指标", "人员伤亡事故", "", "0", "人次"),
                    ("效益指标", "可持续影响指标", "森林防火监控设备的有效率", "", "90", "%"),
                ],
            ),
        ],
        "codes": ["XG107", "XG117", "XG118", "XG119", "XG303", "XG317", "XG507"],
    },
    "20": {
        "tables": [
            (
                "project",
                "东津院区建设补助",
                {"total": "1000"},
                [
                    ("产出指标", "数量指标", "成本控制", "≤", "预算", ""),
                    ("产出指标", "质量指标", "保证财政建设补助专款专用", "定性", "专款专用", ""),
                    ("产出指标", "成本指标", "每年财政补助1000万元", "", "1000", "万元"),
                    (
                        "效益指标",
                        "经济效益指标",
                        "完成东津院区建设,医院东津医疗收入达到5亿元",
                        "",
                        "5",
                        "亿元",
                    ),
                ],
            ),
        ],
        "codes": ["XG107", "XG117", "XG303", "XG307", "XG317"],
    },
    "27": {
        "tables": [
            (
                "project",
                "隆阳区2021年中央化肥减量增效示范县项目补助资金",
                {"total": "278.4449"},
                [
                    ("产出指标", "数量指标", "一、示范区建立", "≥", "20000", "亩"),
                    ("产出指标", "数量指标", "1、水稻侧深施肥+缓控释肥", "≥", "500", "亩"),
                    ("产出指标", "数量指标", "2、玉米种肥同播+缓控释肥", "≥", "1000", "亩"),
                    ("产出指标", "数量指标", "3、施用配方肥", "≥", "18500", "亩"),
                    ("产出指标", "数量指标", "二、化肥减量增效田间试验", "≥", "15", "组"),
                    ("产出指标", "数量指标", "1、肥料利用率", "≥", "5", "组"),
                    ("产出指标", "数量指标", "2、化肥减量增效", "≥", "5", "组"),
                    ("产出指标", "数量指标", "3、其他试验(水稻)", "≥", "3", "组"),
                    ("产出指标", "数量指标", "4、其他试验(玉米)", "≥", "2", "组"),
                    ("产出指标", "数量指标", "三、土样植株化验", "≥", "60", "个"),
                    ("产出指标", "数量指标", "四、农户施肥情况调查(户)", "≥", "300", "户"),
                    ("产出指标", "质量指标", "示范区配方肥到位率", "≥", "80", "%"),
                    ("产出指标", "时效指标", "项目按时完成率", "", "100", "%"),
                    ("效益指标", "社会效益效益指标", "受益农户数", "", "5000", "户"),
                ],
            ),
        ],
        "codes": ["XG104", "XG117", "XG303", "XG505"],
    },
    "31": {
        "tables": [],
        "codes": ["XG117"],
    },
    "37": {
        "tables": [
            ("project", None, {}, []),
        ],
        "codes": ["XG117"],
    },
    "38": {
        "tables": [
            (
                "project",
                "教育系统基础设施建设和设备购置",
                {"total": "10000", "fiscal": "10000", "multiyear_total": "10000"},
                [
                    ("产出指标", "数量指标", "重点建设工程安排数量", "", "2", ""),
                    ("产出指标", "质量指标", "重点建设工程验收合格率", "", "100", "%"),
                    ("产出指标", "成本指标", "建设项目成本", "定性", "参照政府采购成本控制", ""),
                    ("产出指标", "时效指标", "重点建设工程按期完成率", "", "100", "%"),
                    ("效益指标", "可持续影响指标", "基础教育巩固提高情况", "定性", "巩固提高", ""),
                    ("效益指标", "社会效益指标", "基础教育学校办学条件", "定性", "持续改善", ""),
                    ("满意度指标", "服务对象满意度指标", "学生、家长、社会满意度", "≥", "90", "%"),
                ],
            ),
        ],
        "codes": ["XG107", "XG303"],
    },
}


#: year-end tables: the total score as published, and the funds block row by row
#: (label, 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分), in 万元, as published
EXECUTION: dict[str, tuple[str | None, list[tuple]]] = {
    "01": (None, [("总额", "238.93", "251.89", "251.89", "10", "100.00", None),
                  ("其中:财政资金", "238.93", "251.89", "251.89", None, "100.00", None),
                  ("财政专户管理资金", "0.00", "0.00", "0.00", None, "0.00", None),
                  ("单位资金", "0.00", "0.00", "0.00", None, "0.00", None),
                  ("其他资金", None, None, None, None, None, None)]),
    "06": ("100", [("预算执行情况", None, "2.38", "2.38", None, None, "20")]),
    "07": ("100", [("年度资金总额:", None, "20", "20", "10", "100.00", "10"),
                   ("其中:本年财政拨款", None, "20", "20", None, None, None)]),
    "11": (None, [("年度资金总额:", "0", "0", "0", "10", "0", "0"),
                  ("其中:本年财政拨款", "202.64", "132.912", "132.912", None, None, None)]),
    "12": ("100", [("年度资金总额:", "880", "880", "880", "10", None, "10"),
                   ("其中:本年财政拨款", "880", "880", "880", None, None, None),
                   ("上年结转资金", None, None, None, None, None, None),
                   ("其他资金", None, None, None, None, None, None)]),
    "13": (None, [("年度资金总额:", None, "30", "30", "10", "100", "10"),
                  ("其中:本年财政拨款", None, "30", "30", "10", "100", "10")]),
    "14": (None, [("年度资金总额", "29", "29", "27.8", "9", "0.958", "8"),
                  ("其中:当年财政拨款", "29", "29", "27.8", "9", "0.958", "8")]),
    "16": (None, [("年度资金总额:", "220", None, None, None, None, None),
                  ("其中:当年一般公共预算拨款", "220", None, None, None, None, None)]),
    "18": ("99.6", [("年度财政资金总额", None, "10", "10", None, "100", "20")]),
    "19": (None, [("一般预算内拨款", None, "63", "63", None, "100", None),
                  ("合计", None, "63", "63", None, "100", None)]),
    "20": (None, [("年度财政资金总额", None, "1000", "1000", None, "100", "20")]),
    "27": (None, [("年度财政资金总额", None, "278.4449", "30.00", None, "10.77", "2.16")]),
}  # fmt: skip


def _read(prefix: str) -> tuple[Submission, set[str]]:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    grid, _ = read_text(path, path.name)
    submission = read_tables([grid], path.name)
    return submission, {f.code for f in validate_submission(submission).findings}


def _row(indicator) -> tuple:
    comparator = indicator.comparator.value if indicator.comparator else ""
    value = indicator.value
    value = format(value, "f") if isinstance(value, Decimal) else value
    return (indicator.level1, indicator.level2, indicator.name, comparator, value, indicator.unit)


def _amounts(table) -> dict[str, Decimal]:
    holder = table.budget if isinstance(table, DepartmentTable) else table.funds
    return {name: amount.value for name, amount in holder if amount is not None}


@pytest.mark.parametrize("prefix", sorted(ANSWERS))
def test_tables_amounts_and_codes(prefix: str) -> None:
    submission, codes = _read(prefix)
    expected = ANSWERS[prefix]
    kinds = [(t.kind, getattr(t, "project_name", None)) for t in submission.tables]
    assert [(k, n.value if n else None) for k, n in kinds] == [t[:2] for t in expected["tables"]]
    for table, (_, _, amounts, _) in zip(submission.tables, expected["tables"], strict=True):
        assert _amounts(table) == {k: Decimal(v) for k, v in amounts.items()}
    assert codes == set(expected["codes"])


def test_complete_rows_read_exactly() -> None:
    """At least 95% of the complete indicator rows are read exactly, and every row read is
    one of the table's (nothing invented)."""
    exact = total = 0
    for prefix, expected in ANSWERS.items():
        submission, _ = _read(prefix)
        for table, (*_, rows) in zip(submission.tables, expected["tables"], strict=True):
            read = [_row(i) for i in table.indicators]
            assert len(read) == len(rows), prefix
            exact += sum(a == b for a, b in zip(read, rows, strict=True))
            total += len(rows)
    assert total >= 120
    assert exact / total >= 0.95, f"{exact} of {total}"


def test_every_table_has_a_coverage() -> None:
    """Tables cut short or laid out in a way not understood say so (XG117), with a coverage
    below 1; the others are read whole."""
    for prefix in ANSWERS:
        submission, _ = _read(prefix)
        partial = any(t.coverage < 1 for t in submission.tables)
        told = any(f.code == "XG117" for f in submission.findings)
        assert partial <= told, prefix  # a partial table is always told
        for table in submission.tables:
            assert 0 <= table.coverage <= 1


def _shown(value) -> str | None:
    return None if value is None else format(value.value, "f")


@pytest.mark.parametrize("prefix", sorted(ANSWERS))
def test_funds_block_and_total_score(prefix: str) -> None:
    """The year-end columns as published, kept for the scoring (issue 16)."""
    submission, _ = _read(prefix)
    total, rows = EXECUTION.get(prefix, (None, []))
    read = [
        (
            e.label,
            *(_shown(x) for x in (e.planned, e.budget, e.executed, e.weight, e.rate, e.score)),
        )
        for t in submission.tables
        for e in t.execution
    ]
    assert read == rows
    assert [_shown(t.total_score) for t in submission.tables][:1] in ([total], [])
