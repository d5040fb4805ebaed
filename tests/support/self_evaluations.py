"""The scored 绩效自评表 of the corpus, transcribed by hand into model objects.

Each row keeps what the table prints (一级 as written, 三级 name, 指标值, 完成值, 分值, 得分,
偏差原因) and, beside it, the score the rule gives by hand computation and, where the two
differ or the rule gives none, why. Long narrative cells are replaced with text of our own;
pinyin that a host inserted into traditional characters is dropped; OCR rows whose cells can
not be told apart are left out (the tables are excerpts anyway). Tests never read the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl

from xlgoals.model.framework import normalise_level1, normalise_level2
from xlgoals.model.scoring import Band
from xlgoals.model.submission import Amount, FundsExecution, Indicator, ProjectTable, Sourced
from xlgoals.model.targets import Comparator, parse_target
from xlgoals.problems.findings import Where
from xlgoals.reading.tables import read_workbook
from xlgoals.write.self_evaluation import department_layout, project_layout


@dataclass(frozen=True)
class Row:
    level1: str | None  # as printed; None continues the row above (a merged cell)
    level2: str | None
    name: str
    target: str
    actual: str | None
    weight: str | None  # 分值 / 权重 as printed
    score: str | None  # 得分 as printed
    rule: str | None  # the rule's score, computed by hand (None: the rule gives none)
    why: str = ""  # why published and rule differ, or why the rule gives none
    deviation: str | None = None


@dataclass(frozen=True)
class Funds:
    label: str
    planned: str | None
    budget: str | None
    executed: str | None
    weight: str | None
    rate: str | None
    score: str | None


@dataclass(frozen=True)
class Case:
    number: str  # the corpus table's number
    place: str
    rows: tuple[Row, ...]
    funds: tuple[Funds, ...] = ()
    execution_rule: str | None = None  # the rule's 执行率 score by hand
    execution_why: str = ""
    #: the published funds score departs from the rule (beyond rounding)
    execution_differs: bool = False
    total: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def file(self) -> str:
        return f"corpus-{self.number}.xlsx"


def _number(text: str | None, at: Where) -> Sourced[Decimal] | None:
    return None if text is None else Sourced[Decimal](value=Decimal(text), at=at)


def _amount(text: str | None, at: Where) -> Amount | None:
    return None if text is None else Amount(value=Decimal(text), at=at, raw=text)


def build(case: Case) -> ProjectTable:
    """The table as the reader would hand it over: rows at A20 onwards, funds at A10."""

    def at(row: int, col: str) -> Where:
        return Where(file=case.file, sheet="自评表", cell=f"{col}{row}")

    indicators = []
    level1 = level2 = None
    for index, row in enumerate(case.rows, start=20):
        if row.level1 is not None:
            level1, level2 = row.level1, None
        if row.level2 is not None:
            level2 = row.level2
        indicators.append(
            Indicator(
                level1=normalise_level1(level1) if level1 else None,
                level2=normalise_level2(level2) if level2 else None,
                level1_raw=level1,
                level2_raw=level2,
                name=row.name,
                target=parse_target(row.target),
                raw=row.target,
                at=at(index, "C"),
                target_at=at(index, "E"),
                actual=None
                if row.actual is None
                else Sourced[str](value=row.actual, at=at(index, "G")),
                weight=_number(row.weight, at(index, "H")),
                score=_number(row.score, at(index, "I")),
                deviation=(
                    None
                    if row.deviation is None
                    else Sourced[str](value=row.deviation, at=at(index, "J"))
                ),
            )
        )
    execution = [
        FundsExecution(
            label=f.label,
            at=at(index, "A"),
            planned=_amount(f.planned, at(index, "B")),
            budget=_amount(f.budget, at(index, "C")),
            executed=_amount(f.executed, at(index, "D")),
            weight=_number(f.weight, at(index, "E")),
            rate=_number(f.rate, at(index, "F")),
            score=_number(f.score, at(index, "G")),
        )
        for index, f in enumerate(case.funds, start=10)
    ]
    return ProjectTable(
        at=at(1, "A"),
        project_name=Sourced[str](value=f"{case.place}自评项目", at=at(2, "B")),
        indicators=indicators,
        execution=execution,
        total_score=_number(case.total, at(90, "I")),
    )


R = Row
_SPLIT = "no 分值 printed: the rule splits the 一级's default weight evenly, a guess (no finding)"
_MET_SPLIT = "agrees: 10 is the met band's 80% of a split 12.5 (no 分值 printed)"
_CEILING = "a ceiling (率 to be kept low) printed without ≤: the rule reads a bare value as a floor"

CASES: tuple[Case, ...] = (
    Case(
        "01",
        "四川眉山青神县",
        (
            R(
                "产出指标",
                "数量指标",
                "发放(缴纳)覆盖率",
                "=100%",
                None,
                "60",
                None,
                None,
                "完成值 blank as published",
            ),
            R(
                "效益指标",
                "社会效益指标",
                "足额保障率(参保率)",
                "=100%",
                None,
                "30",
                None,
                None,
                "完成值 blank as published",
            ),
        ),
        (Funds("总额", "238.93", "251.89", "251.89", "10", "100.00", None),),
        "10",
        total=None,
        notes=("the template as published: 完成值 and 得分 blank; weights 60 + 30 + 10 = 100",),
    ),
    Case(
        "03",
        "四川遂宁大英县",
        (
            R(None, None, "公益性讲座知晓率", "=100%", "100", "5", "5", "5"),
            R(
                "效益指标",
                "可持续影响指标",
                "图书馆管理机制健全性",
                "定性好坏",
                "好坏",
                "5",
                "5",
                "5",
            ),
            R(
                "满意度指标",
                "服务对象满意度指标",
                "活动参与人员满意度",
                "≥95%",
                "95",
                "5",
                "5",
                "5",
            ),
            R(None, None, "聘用人员满意度", "≥95%", "95", "5", "5", "5"),
        ),
        total="100",
    ),
    Case(
        "06",
        "四川遂宁安居区",
        (
            R(
                "产出指标",
                "质量指标",
                "指标1:食品安全监管人员培训",
                "已完成",
                "已完成",
                None,
                "5",
                "7.14",
                _SPLIT,
            ),
            R(None, None, "指标2:违法案件查办率", "100%", "100%", None, "4", "7.14", _SPLIT),
            R(None, None, "指标3:食品经营环节风险分级", "100%", "100%", None, "5", "7.14", _SPLIT),
            R(
                None,
                None,
                "指标4:开展食品安全宣传周等科普宣传活",
                "已完成",
                "已完成",
                None,
                "3",
                "7.14",
                _SPLIT,
            ),
            R(
                None,
                None,
                "指标5:进口冷链食品新冠肺炎疫情应急处置示范演练",
                "已完成",
                "已完成",
                None,
                "3",
                "7.14",
                _SPLIT,
            ),
            R(
                None,
                None,
                "指标6:食品安全投诉举报处置率",
                "100%",
                "100%",
                None,
                "3",
                "7.14",
                _SPLIT,
            ),
            R(
                None,
                "时效指标",
                "指标1:食品监管专项工作整体完成时间",
                "2021年12月31日",
                "2021年12月31日",
                None,
                "5",
                "7.14",
                _SPLIT,
            ),
            R(
                "效益指标",
                "社会效益指标",
                "指标1:辖区内与补助资金相关的重大食品安全监管责任事故发生数",
                "0次",
                "0次",
                None,
                "3",
                "15",
                _SPLIT,
            ),
            R(
                None,
                None,
                "指标2:辖区内公众食品安全科普知识素养",
                "逐步提高",
                "逐步提高",
                None,
                "3",
                "15",
                _SPLIT,
            ),
        ),
        (Funds("预算执行情况", None, "2.38", "2.38", None, None, "20"),),
        "10",
        "no 分值 printed for the funds block: the default 10 is the rule's; the table gives 20",
        execution_differs=True,
        total="100",
    ),
    Case(
        "07",
        "四川德阳中江县",
        (
            R("产出指标(70分)", "数量指标", "安装坡面水标尺", "≥266米", "≥266米", "10", "10", "10"),
            R(None, None, "水标尺宽度", "≥50厘米", "≥50厘米", "10", "10", "10"),
            R(None, "质量指标", "项目(工程)验收合格率", "100%", "100%", "20", "20", "20"),
            R(None, "时效指标", "及时(按期)开工率", "≥90%", "≥90%", "10", "10", "10"),
            R(None, None, "及时(按期)完工率", "≥90%", "≥90%", "10", "10", "10"),
            R(None, "成本指标", "项目计划总投资", "20万元", "20万元", "10", "10", "10"),
            R(
                "效益指标(20分)",
                "社会效益指标",
                "受益脱贫(含监测对象)户人口数",
                "≥1000人",
                "≥1000人",
                "10",
                "10",
                "10",
            ),
            R(None, None, "群众生产生活条件改善状况", "显著提升", "显著提升", "10", "10", "10"),
            R(
                "满意度指标(10分)",
                "服务对象满意度指标",
                "受益脱贫(含监测对象)户满意度",
                "≥95%",
                "≥95%",
                "10",
                "10",
                "10",
            ),
        ),
        (
            Funds("年度资金总额", None, "20", "20", "10", "100.00", "10"),
            Funds("其中:本年财政拨款", None, "20", "20", None, None, None),
        ),
        "10",
        total="100",
        notes=(
            "rows print 70 + 20 + 10 = 100, the funds block 10 more: 110 (the weights check fires)",
        ),
    ),
    Case(
        "08",
        "重庆西部(重庆)科学城融媒体中心",
        (
            R(
                None,
                None,
                "财政供养人员控制率",
                "100%",
                "92%",
                "2",
                "2",
                "1.84",
                "agrees: 1.84 rounds to the published whole 2",
            ),
            R(None, None, "基础信息完善", "100%", "100%", "1", "1", "1"),
            R(None, None, "预算完成率", "70%", "76%", "2", "2", "2"),
            R(None, None, "预算调整率", "3%", "0", "2", "2", "0", _CEILING),
            R(None, None, "结转结余率", "2%", "0", "2", "2", "0", _CEILING),
            R(
                None,
                None,
                "公用经费控制率",
                "100%",
                "97%",
                "2",
                "2",
                "1.94",
                "agrees: 1.94 rounds to the published whole 2",
            ),
            R(
                None,
                None,
                "政府采购执行率",
                "100%",
                "72.74%",
                "2",
                "2",
                "1.45",
                "reviewer's judgement: 得分系数 100% for 72.74% of 100%",
            ),
            R(None, None, "管理制度健全性", "高", "高", "3", "3", "3"),
            R(None, None, "资金使用合规性", "好", "好", "5", "5", "5"),
            R(None, None, "固定资产利用率", "90%", "100%", "2", "2", "2"),
            R(None, None, "播发稿件数量", "2200篇", "2859篇", "10", "10", "10"),
            R(None, None, "业务保障能力提升", "90%", "95%", "10", "10", "10"),
        ),
        (Funds("部门预算执行情况", None, None, None, "10", "76", "7.6"),),
        "7.60",
        "budget figures lost in OCR: the rate is the published 76%",
        total="97.6",
        notes=("部门整体; rows whose OCR runs values together (党性教育培训次数 …) left out",),
    ),
    Case(
        "09",
        "重庆梁平区林业局",
        (
            R(None, None, "天然林和公益林管护当期任务完成率", "90%", "100", "10", "10", "10"),
            R(None, None, "森林火灾受害率", "0.9%", "0", "10", "10", "0", _CEILING),
            R(None, None, "主要林业有害生物成灾率", "0.4%", "0.1", "10", "10", "2.50", _CEILING),
        ),
        (Funds("年度总金额", None, None, None, "10", "79.27", "7.93"),),
        "7.93",
        "budget figures damaged by OCR: the rate is the published 79.27%",
        total="97.93",
    ),
    Case(
        "11",
        "安徽池州贵池区棠溪镇",
        (
            R("产出指标(50分)", "数量指标", "补助村(社区)数量", "=8个", "8", "8", "8", "8"),
            R(None, None, "保障村干部人数", "=42个", "42", "8", "8", "8"),
            R(None, "质量指标", "补助资格合规性", "合规", "达成预期指标", "8", "8", "8"),
            R(
                None,
                None,
                "经费审批流程规范性",
                "严格执行相关制度规定",
                "达成预期指标",
                "8",
                "8",
                "8",
            ),
            R(None, "时效指标", "补助经费到位及时性", "及时", "达成预期指标", "8", "8", "8"),
            R(None, "成本指标", "项目总成本", "≤202.6万元", "132.9", "10", "10", "10"),
            R(
                "效益指标(30分)",
                "经济效益指标",
                "对保障村(社区)两委机构正常运行的影响程度",
                "效果明显",
                "达成预期指标",
                "10",
                "10",
                "10",
            ),
            R(
                None,
                "社会效益指标",
                "提高村(社区)干部工作积极性的影响程度",
                "效果明显",
                "达成预期指标",
                "10",
                "10",
                "10",
            ),
        ),
        (
            Funds("年度资金总额", "0", "0", "0", "10", "0", "0"),
            Funds("其中:本年财政拨款", "202.64", "132.912", "132.912", None, None, None),
        ),
        "10",
        "the total row is published as zeros; its part 本年财政拨款 shows 132.912 of 132.912 spent",
        execution_differs=True,
    ),
    Case(
        "12",
        "安徽滁州天长市",
        (
            R(
                "(50分)",
                "数量指标",
                "指标1:完成中型灌区节水改造项目数量",
                "1",
                "1",
                "10",
                "10",
                "10",
            ),
            R(None, None, "指标2:完成农业综合水价改革项目", "1", "1", "10", "10", "10"),
            R(
                None,
                "质量指标",
                "指标1:工程质量合格",
                "",
                None,
                "10",
                "10",
                None,
                "指标值 and 完成值 empty, score filled",
            ),
            R(
                None,
                "时效指标",
                "指标1:年度资金支付完成率100%",
                "",
                None,
                "10",
                "10",
                None,
                "指标值 and 完成值 empty",
            ),
            R(
                None,
                "成本指标",
                "指标1:资金执行在预算范围内",
                "",
                None,
                "10",
                "10",
                None,
                "指标值 and 完成值 empty",
            ),
            R(
                "(30分)",
                "经济效益指标",
                "指标1:全市安全度汛",
                "",
                None,
                "10",
                "10",
                None,
                "指标值 and 完成值 empty",
            ),
            R(
                None,
                "社会效益指标",
                "指标1:保护全市人口财产不受损失",
                "",
                None,
                "10",
                "10",
                None,
                "指标值 and 完成值 empty",
            ),
            R(
                None,
                "可持续影响指标",
                "指标1:已建工程良性运行",
                "",
                None,
                "10",
                "10",
                None,
                "指标值 and 完成值 empty",
            ),
            R(
                "满意度指标(10分)",
                "服务对象满意度指标",
                "指标1:服务对象满意度",
                "90%",
                "100%",
                "10",
                "10",
                "10",
            ),
        ),
        (
            Funds("年度资金总额", "880", "880", "880", "10", None, "10"),
            Funds("其中:本年财政拨款", "880", "880", "880", None, None, None),
        ),
        "10",
        total="100",
        notes=("weights 90 + 10 = 100",),
    ),
    Case(
        "13",
        "安徽淮北濉溪县",
        (
            R(
                "产出指标(50分)",
                "数量指标",
                "★★★农村低保发放人数(按月平均)(≥**人)",
                ">=21933人",
                "21980人",
                "5",
                "5",
                "5",
            ),
            R(
                None,
                None,
                "★★★其中:农村低保对象中建档立卡贫困人口数量(按月平均)(≥**人)",
                ">=9431人",
                "9453人",
                "5",
                "5",
                "5",
            ),
            R(
                None,
                None,
                "★★★建档立卡贫困人口中接受临时救助的人次数(≥**人次)",
                ">=59人次",
                "87人次",
                "5",
                "5",
                "5",
            ),
            R(
                None,
                None,
                "★★★特困人员救助供养人数(按月平均)(≥**人)",
                ">=4754人",
                "4604人",
                "5",
                "5",
                "4.84",
                "agrees: 4.84 rounds to the published whole 5",
                "特困人员实行动态管理",
            ),
            R(None, None, "扶贫临时救助人数(按月平均)(≥**人)", ">=7人", "7人", "10", "10", "10"),
            R(
                None,
                "质量指标",
                "★农村低保标准(≥**元/人·月)",
                ">=530元/人*月",
                "583元/人*月",
                "5",
                "5",
                "5",
            ),
            R(
                None,
                None,
                "农村特困人员救助供养基本生活标准(≥**元/人·月)",
                ">=570元/人*月",
                "758元/人*月",
                "5",
                "5",
                "5",
            ),
            R(
                None,
                None,
                "扶贫临时救助标准(<**元/户·年)——一户年最高5300元",
                "<=5300元/户",
                "5830元/户",
                "10",
                "10",
                "9.09",
                "reviewer's judgement: full marks for an exceeded cap (10 × 5300 / 5830)",
            ),
            R(
                "效益指标(30分)",
                "社会效益指标",
                "★★★受益建档立卡贫困人口数≥**人",
                ">=80人",
                "87人",
                "30",
                "30",
                "30",
            ),
        ),
        (
            Funds("年度资金总额", None, "30", "30", "10", "100", "10"),
            Funds("其中:本年财政拨款", None, "30", "30", "10", "100", "10"),
        ),
        "10",
    ),
    Case(
        "14",
        "安徽六安裕安区",
        (
            R(
                "产出指标",
                "数量指标",
                "指标1:修缮建筑数量",
                "完成三处宗祠和墓葬的日常维护及测绘",
                "完成三处宗祠和墓葬的日常维护及测绘",
                "7",
                "7",
                "7",
            ),
            R(None, None, "指标2:修缮建筑面积", "6000平方米", "6000平方米", "7", "7", "7"),
            R(None, None, "指标3:修缮级别", "市级保护单位", "市级保护单位", "7", "7", "7"),
            R(
                None,
                "质量指标",
                "指标1:验收通过率",
                "100%",
                "95%",
                "6",
                "5",
                "5.70",
                "reviewer's judgement: 5 of 6 for 95% of 100%",
            ),
            R(None, None, "指标2:工程质量管理", "≥95%", "98%", "6", "6", "6"),
            R(None, None, "指标3:文明施工", "≥95%", "97%", "6", "6", "6"),
            R(
                None,
                "时效指标",
                "项目设计、招标、施工",
                "完成时间为2022年12月30日",
                "完成时间为2022年12月30日",
                "6",
                "5",
                "6",
                "agrees: a text target met as written may score 80–100% (5 of 6 is 83%)",
            ),
            R(
                None,
                "成本指标",
                "项目成本控制在预算内",
                "本着节约的原则控制在预算中",
                "100%",
                "5",
                "5",
                None,
                "a text target with a number as 完成值: no band named",
            ),
            R(
                "效益指标",
                "社会效益指标",
                "文物本体安全、体现文物价值,提升知名度",
                "加大文物保护,展示文物价值",
                "程度较高",
                "15",
                "15",
                None,
                "程度较高 is no band word",
            ),
        ),
        (
            Funds("年度资金总额", "29", "29", "27.8", "9", "0.958", "8"),
            Funds("其中:当年财政拨款", "29", "29", "27.8", "9", "0.958", "8"),
        ),
        "8.63",
        "reviewer's judgement: 8 of 9 for 95.86% (9 × 27.8 / 29 = 8.63)",
        execution_differs=True,
    ),
    Case(
        "18",
        "湖北黄冈",
        (
            R(
                "產出指標",
                "質量指標",
                "監測數據必須合格",
                "100%",
                "100%",
                None,
                "10",
                None,
                "no 分值 printed and the 一級 in traditional characters: no default weight",
            ),
            R(
                None,
                "進度指標",
                "取得2018-2022監測資料",
                "100%",
                "100%",
                None,
                "10",
                None,
                "no 分值 printed",
            ),
            R(
                "滿意度指標",
                "服務對象滿意度指標",
                "整編資料審核",
                "98%",
                "98%",
                None,
                "19.6",
                None,
                "no 分值 printed (met: a full score would be its 分值)",
            ),
            R(
                "產出指標",
                "質量指標",
                "監測數據資料整編",
                "100%",
                "100%",
                None,
                "20",
                None,
                "no 分值 printed",
            ),
            R(
                None,
                "進度指標",
                "完成年度資料上報",
                "100%",
                "100%",
                None,
                "20",
                None,
                "no 分值 printed",
            ),
        ),
        (Funds("年度財政資金總額", None, "10", "10", "20", "100", "20"),),
        "20",
        total="99.6",
        notes=(
            "two 年度績效目標 blocks of 40分; the 20 of the funds block is printed in its header",
        ),
    ),
    Case(
        "20",
        "湖北襄阳",
        (
            R(
                "产出 指标",
                "数量指标",
                "成本控制",
                "不超过预算",
                "不超过预算",
                None,
                "10",
                "12.50",
                _MET_SPLIT,
            ),
            R(
                None,
                "质量指标",
                "保证财政建设补助专款专用",
                "专款专用",
                "专款专用",
                None,
                "10",
                "12.50",
                _MET_SPLIT,
            ),
            R(
                None,
                "成本",
                "每年财政补助1000万元",
                "1000万元",
                "1000万元",
                None,
                "10",
                "12.50",
                _SPLIT,
            ),
            R(None, "时效", "1年", "1年", "1年", None, "10", "12.50", _SPLIT),
            R(
                "效益 指标",
                "经济效益",
                "完成东津院区建设,医院东津医疗收入达到5亿元",
                "5亿元",
                "6.47亿元",
                None,
                "10",
                "30",
                _SPLIT,
            ),
        ),
        (Funds("年度财政资金总额", None, "1000", "1000", "20", "100", "20"),),
        "20",
    ),
    Case(
        "21",
        "湖北随州广水市",
        (
            R(
                "产出指标",
                "数量指标",
                "乡村道路建设养护里程",
                "300公里",
                "300公里",
                "15",
                "15",
                "15",
            ),
        ),
        (Funds("合计", None, "309", "309", None, "100", None),),
        "10",
        "no 分值 for the funds block (this layout scores 项目决策 / 项目管理 instead)",
        total="95",
        notes=("评价内容 rows (决策依据 2/2, 财务制度 3/3 …) have no target: not indicator rows",),
    ),
    Case(
        "22",
        "湖北武汉新洲区",
        (
            R("产出指标", "数量指标", "更新剧团老化、损坏的音", "50件", "50件", "20", "20", "20"),
            R(None, "质量指标", "音响、灯光、道具、服装质量等", "合格", "合格", "20", "20", "20"),
            R(
                None,
                "成本指标",
                "演出设备成本",
                "2万元",
                "2万元",
                "20",
                "18",
                "20",
                "reviewer's judgement: 18 of 20 for a cost met exactly",
            ),
            R(
                "满意度指标",
                "服务对象满意度指标",
                "演出人员满意度",
                "100%",
                "100%",
                "20",
                "20",
                "20",
            ),
        ),
        (
            Funds("年度资金总额", "30", "30", None, "10", "100", None),
            Funds("其中:当年财政拨款", "30", "30", "30", None, "100", None),
        ),
        "10",
        "全年执行数 of the total row lost in OCR: the part's 30 of 30",
        total="98",
    ),
    Case(
        "27",
        "云南保山隆阳区",
        (
            R(
                "产出指标",
                "数量指标",
                "一、示范区建立",
                "≧20000亩",
                "20000亩",
                None,
                "15.0",
                "5.56",
                _SPLIT,
            ),
            R(
                None,
                None,
                "1、水稻侧深施肥+缓控释肥",
                "≧500亩",
                "500亩",
                None,
                "5.0",
                "5.56",
                _SPLIT,
            ),
            R(
                None,
                None,
                "2、玉米种肥同播+缓控释肥",
                "≧1000亩",
                "1000亩",
                None,
                "5.0",
                "5.56",
                _SPLIT,
            ),
            R(None, None, "3、施用配方肥", "≧18500亩", "18500亩", None, "5.0", "5.56", _SPLIT),
            R(
                None,
                None,
                "二、化肥减量增效田间试验",
                "≧15组",
                "15组",
                None,
                "15.0",
                "5.56",
                _SPLIT,
            ),
            R(None, None, "三、土样植株化验", "≧60个", "105个", None, "5.0", "5.56", _SPLIT),
            R(
                None,
                None,
                "四、农户施肥情况调查(户)",
                "≧300户",
                "300户",
                None,
                "5.0",
                "5.56",
                _SPLIT,
            ),
            R(
                None,
                "质量指标",
                "示范区配方肥到位率",
                "≧80%",
                "85.6%",
                None,
                "10.0",
                "5.56",
                _SPLIT,
            ),
            R(None, "时效指标", "项目按时完成率", "100%", "100%", None, "10.0", "5.56", _SPLIT),
            R(
                "效益指标",
                "社会效益效益指标",
                "受益农户数",
                "5000户",
                "5000户",
                None,
                "5.0",
                "30",
                _SPLIT,
            ),
        ),
        (Funds("年度财政资金总额", None, "278.4449", "30.00", "20", "10.77", "2.16"),),
        "2.15",
        "agrees: 2.16 against 20 × 30 / 278.4449 = 2.1548 is rounding",
        notes=("sub-items 1、2、3 repeat their parent 一、: a split weight cannot know that",),
    ),
    Case(
        "29",
        "宁夏银川",
        (
            R("项目产出(30分)", "数量指标", "保障人数", "2370人", "2370人", "10", "10", "10"),
            R(
                None,
                "质量指标",
                "公用经费标准",
                "符合相关文件要求",
                "符合相关文件要求",
                "5",
                "5",
                "5",
            ),
            R(
                None,
                "时效指标",
                "公用经费完成时间",
                "2021年12月完成",
                "2021年12月完成",
                "5",
                "4",
                "5",
                "agrees: a text target met as written may score 80–100% (4 of 5)",
            ),
            R(None, "成本指标", "办公所需成本", "15万元", "15万元", "4", "4", "4"),
            R(None, None, "维修(维护)所需成本", "35万元", "35万元", "3", "3", "3"),
            R(
                "项目效益(35分)",
                "社会效益指标",
                "效果显著",
                "改善学校的办学条件",
                "改善学校的办学条件",
                "15",
                "13",
                "15",
                "agrees: 13 of 15 is in the met band (80–100%)",
            ),
            R(
                None,
                "可持续影响指标",
                "使学生和老师有个更好的学习和工作环境",
                "社会认可的办学环境",
                "社会认可的办学环境",
                "10",
                "8",
                "10",
                "agrees: 8 of 10 is the met band's 80%, included",
            ),
        ),
        (Funds("年度资金总额", "64.8", "64.8", "64.8", "10", "100", "9"),),
        "10",
        "reviewer's judgement: 9 of 10 for 100% executed",
        execution_differs=True,
        total="98",
    ),
    Case(
        "30",
        "宁夏固原原州区",
        (
            R(
                "产出指标(40分)",
                "数量指标",
                "指标1免费发放原原种",
                "550万粒",
                "550万粒",
                "8",
                "8",
                "8",
            ),
            R(None, None, "指标2企业自行采购", "200万粒", "200万粒", "8", "8", "8"),
            R(None, "成本指标", "指标1种薯采购价格不高于市场价", "是", "是", "8", "8", "8"),
            R(
                "效益指标(40分)",
                "生态效益指标",
                "指标1病害减少,防治病虫害使用的化学农药量较上年减少",
                "2%",
                "2%",
                "8",
                "8",
                "8",
            ),
            R(
                None,
                "可持续影响指标",
                "持续完善马铃薯种薯繁育体系",
                "是",
                "基本达到",
                "8",
                "7",
                None,
                "基本达到 is no band word (7 of 8 would sit in 达成's 80–100%)",
                "加强技术指导，加大宣传和项目支持力度",
            ),
        ),
        (Funds("年度资金总额", None, "300", "259.45", None, "86.5", None),),
        "8.65",
        "no 分值 printed for the funds block: the default 10 × 86.48%",
        total="99",
    ),
    Case(
        "31",
        "山西运城稷山县",
        (
            R(
                "产出指标",
                "数量指标",
                "指标6:举办健康教育宣传咨询活动",
                "12次",
                "96次",
                "1",
                "1",
                "1",
            ),
            R(None, None, "指标7:建立预防接种证", "221人", "221人", "2", "2", "2"),
            R(
                None,
                None,
                "指标8:适龄儿童疫苗接种率",
                "100.00%",
                "97.30%",
                "2",
                "1.9",
                "1.95",
                "agrees: 1.9 is 1.946 at one decimal",
            ),
            R(None, None, "指标9:0-6岁儿童健康管理数", "2089人", "2089人", "2", "2", "2"),
            R(None, None, "指标10:0-6岁儿童眼保健操覆盖数", "2089人", "2089人", "2", "2", "2"),
            R(None, None, "指标11:新生入访视数", "214人", "214人", "2", "2", "2"),
            R(
                None,
                None,
                "指标12:孕产妇7天访视数",
                "214人",
                "203人",
                "2",
                "1.8",
                "1.90",
                "reviewer's judgement (2 × 203 / 214 = 1.90)",
            ),
            R(
                None,
                None,
                "指标13:孕产妇42天访视数",
                "214人",
                "203人",
                "2",
                "1.8",
                "1.90",
                "reviewer's judgement",
            ),
            R(
                None,
                None,
                "指标14:早孕建册数",
                "120人",
                "69人",
                "2",
                "1",
                "1.15",
                "agrees: 1.15 rounds to the published whole 1",
            ),
            R(
                None,
                None,
                "指标15:老年人体检数",
                "5662人",
                "4044人",
                "2",
                "1.4",
                "1.43",
                "agrees: 1.4 is 1.428 at one decimal",
            ),
            R(
                None,
                None,
                "指标16:高血压规范管理数",
                "3807人",
                "3224人",
                "2",
                "1.9",
                "1.69",
                "reviewer's judgement (2 × 3224 / 3807 = 1.69)",
            ),
            R(
                None,
                None,
                "指标17:高血压随访控制数",
                "3807人",
                "3220人",
                "2",
                "1.8",
                "1.69",
                "reviewer's judgement",
            ),
            R(
                None,
                None,
                "指标18:糖尿病规范管理数",
                "863人",
                "695人",
                "2",
                "1.8",
                "1.61",
                "reviewer's judgement",
            ),
            R(
                None,
                None,
                "指标19:糖尿病随访控制数",
                "863人",
                "683人",
                "2",
                "1.7",
                "1.58",
                "reviewer's judgement",
            ),
            R(
                None,
                None,
                "指标20:严重精神障碍患者管理数",
                "212人",
                "209人",
                "2",
                "1.8",
                "1.97",
                "reviewer's judgement, below the rule",
            ),
            R(None, None, "指标21:肺结核健康规范管理数", "8例", "8例", "2", "2", "2"),
            R(
                None,
                None,
                "指标22:老年人中医药规范管理数",
                "5662人",
                "4044人",
                "2",
                "1.4",
                "1.43",
                "agrees: 1.4 is 1.428 at one decimal",
            ),
            R(
                None,
                None,
                "指标23:0-36月龄中医药规范管理数",
                "1228人",
                "770人",
                "2",
                "1.8",
                "1.25",
                "reviewer's judgement",
            ),
            R(
                None,
                None,
                "指标25:家庭医生签约率",
                "24694人",
                "22584人",
                "2",
                "1.7",
                "1.83",
                "reviewer's judgement, below the rule",
            ),
        ),
        (Funds("年度资金总额", "0", "207.4538", "207.4538", "10", "100", "10"),),
        "10",
    ),
    Case(
        "35",
        "江西南昌县蚕茶卫生院",
        (
            R("管理指标", "预算编审管理", "完整、准确率", "100%", "100%", "4", "4", "4"),
            R(
                None,
                "预算执行管理",
                "完成率、控制率",
                "100%",
                "按规定执行",
                "4",
                "4",
                None,
                "按规定执行 is no band word and not a number",
            ),
            R(None, "政府采购管理", "执行率", "100%", "100%", "5", "5", "5"),
            R("出标产指", "质量指标", "任务1:诊断准确率", "95%以上", "97%", "5", "5", "5"),
            R(None, None, "任务2:健康档案管理率", "100%", "完成", "3", "3", "3"),
            R(
                None,
                "时效指标",
                "任务1:医疗文书及时率",
                "按规定时限",
                None,
                "4",
                "3",
                None,
                "no 完成值",
                "个别人未及时完成",
            ),
            R(
                None,
                None,
                "任务2:健康档案更新率",
                "按规定时限",
                None,
                "3",
                "2",
                None,
                "no 完成值",
                "录入有延迟",
            ),
            R(
                "效果指标",
                "生态效益指标",
                "绿化、节能",
                "绿化良好、水电费开支有下降",
                "水电支出减少0.1万元",
                "10",
                "10",
                None,
                "a number written as words: no band named",
            ),
        ),
        notes=("部门整体; 一级 as OCR left them (出标产指)",),
    ),
)


# --- a turned 自评 form filled in as a clerk would ---------------------------------------

_BANDS = tuple(Band)
#: completion shares cycled over the number rows: met, short, over, far over, exactly
_SHARES = (Decimal(1), Decimal("0.8"), Decimal("1.5"), Decimal(4), Decimal("0.5"))


def fill_form(path: Path, out: Path) -> Path:
    """完成值 on every row (numbers for number targets, band words for the rest) and 全年执行数
    on the funds parts, written with openpyxl into the turned workbook."""
    tables = read_workbook(path).tables
    workbook = openpyxl.load_workbook(path)
    for table in tables:
        sheet = workbook[table.at.sheet or ""]
        for index, indicator in enumerate(table.indicators):
            row = int((indicator.at.cell or "C1")[1:])
            target = indicator.target
            if target.is_number and target.number and not target.approximate:
                share = _SHARES[index % len(_SHARES)]
                if target.comparator in (Comparator.LE, Comparator.LT):
                    share = 1 / share
                sheet[f"G{row}"] = float(round(target.number * share, 2))
            else:
                sheet[f"G{row}"] = _BANDS[index % 3].value
        layout = project_layout() if table.at.sheet != "部门整体" else department_layout()
        total = layout.funds_total
        for offset in range(1, len(layout.funds_labels)):
            planned = sheet[f"B{total + offset}"].value
            if isinstance(planned, (int, float)):
                sheet[f"C{total + offset}"] = planned  # 全年预算数: no adjustment in the year
                sheet[f"D{total + offset}"] = round(planned * 0.85, 4)
    workbook.save(out)
    return out
