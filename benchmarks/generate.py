"""Realistic department workbooks for the scale benchmark (`benchmarks/run.py`).

    python benchmarks/generate.py benchmarks/.cache/1000 --count 1000 [--seed 1] [--jobs 2]
    python benchmarks/generate.py benchmarks/.cache/1000 --count 1000 --check 50

About 70% are the standard template as a department fills it (填表说明, 部门整体, 项目N, the hidden
代码表, styled blank rows, dropdowns, protection; the layout is taken from
`xlgoals.write.template`, so it follows the template), 30% older layouts the reader accepts:
the seed's (title and year rows, 一级 / 二级 merged down the rows, one 指标值 cell such as `≥95%`),
a 序号 column with separate 计算符号 / 年度指标值 / 计量单位 columns, amounts in 元 with thousands
separators, the 专项资金 form with a two-row header, and tables copied out of a PDF with their
merged cells lost (each row starts at the left edge: the 二级 under the same 一级, the name
under the same 二级, as corpus table 05 prints), alone or with the 中期 indicators beside the
year's (corpus table 15); tables on one sheet or on one sheet each. Every workbook has one
部门整体 table and 1–5 project tables, 50–200 indicators from a vocabulary per sector, and a few
planted mistakes (≥100% on a rate, ≤ on an output quantity, a rate without %, 左右, a bare
number, 成本 under 产出, a total off by 0.01, project funds over 项目支出, a project disagreeing
with its department) at the seed's density: `merge` finds about 30 problems a workbook, as
in the seed's departments.
Deterministic from (seed, index).

Written with XlsxWriter in a process pool. A folder is reused when its `manifest.json` names
the same generator version, seed and count. `--check K` reads K workbooks back with
`xlgoals.reading.tables.read_workbook` and compares every table, amount and indicator with the
model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlgoals.address import parse_a1
from xlgoals.model.framework import FRAMEWORK
from xlgoals.write import template
from xlgoals.write.styles import FONT_NAME

#: bump when the workbooks change, so cached folders are rebuilt
VERSION = 4
MANIFEST = "manifest.json"
YEAR = 2024
TEMPLATE_SHARE = 0.7

# ------------------------------------------------------------------------- vocabulary

# fmt: off
DISTRICTS = (
    "东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "红谷滩区", "南昌县", "进贤县",
    "安义县", "湾里区", "昌东区", "象湖区", "瑶湖区", "梅岭区", "桑海区", "经开区",
    "高新区", "临空区", "望城区", "蒋巷区", "莲塘区", "向塘区", "三江区", "武阳区", "塔城区",
)
#: bureau → sector (its indicator topics)
BUREAUS = {
    "人力资源和社会保障局": "就业", "医疗保障局": "就业", "退役军人事务局": "就业",
    "文化广电新闻出版旅游局": "文化", "图书馆": "文化", "文化馆": "文化", "融媒体中心": "文化",
    "教育体育局": "教育", "科学技术局": "教育", "团区委": "群团", "科学技术协会": "群团",
    "卫生健康委员会": "卫生", "疾病预防控制中心": "卫生", "红十字会": "群团",
    "民政局": "民政", "残疾人联合会": "民政", "妇女联合会": "群团", "总工会": "群团",
    "住房和城乡建设局": "城建", "城市管理局": "城建", "城市更新局": "城建", "交通运输局": "城建",
    "农业农村局": "生态", "生态环境分局": "生态", "水利局": "生态", "林业局": "生态",
    "自然资源分局": "生态", "应急管理局": "安全", "市场监督管理局": "安全", "消防救援大队": "安全",
    "司法局": "政务", "行政审批局": "政务", "统计局": "政务", "审计局": "政务", "档案馆": "政务",
    "发展和改革委员会": "政务", "工业和信息化局": "政务", "商务局": "政务", "信访局": "政务",
    "机关事务管理局": "政务",
}
SUFFIXES = ("", "机关服务中心", "综合行政执法大队", "事务中心", "信息中心")
#: sector → topics; no topic ends with another (names would contain each other)
TOPICS = {
    "就业": ("就业", "创业", "职业技能", "社会保险", "劳动保障监察", "人才引进"),
    "文化": ("群众文化", "非遗保护", "旅游宣传", "全民阅读", "文物保护", "惠民演出"),
    "教育": ("学前教育", "义务教育", "教师培训", "校园安全", "全民健身", "科普教育"),
    "卫生": ("基本公共卫生", "家庭医生签约", "疾病预防", "妇幼保健", "健康教育", "卫生应急"),
    "民政": ("养老服务", "社会救助", "社区治理", "儿童关爱", "助残", "婚姻登记"),
    "城建": ("市容环境", "老旧小区改造", "道路养护", "垃圾分类", "园林绿化", "排水防涝"),
    "生态": ("高标准农田", "农技推广", "河湖管护", "大气污染防治", "水环境治理", "植树造林"),
    "安全": ("安全生产", "食品安全", "消防安全", "应急救援", "特种设备", "药品监管"),
    "政务": ("政务服务", "法治宣传", "档案管理", "信息化建设", "统计调查", "机关运行"),
    "群团": ("妇女儿童", "职工服务", "青少年", "科普", "志愿者", "红十字救护"),
}

#: (一级, 二级) → (name pattern, target kind, unit, low, high)
PATTERNS: dict[tuple[str, str], tuple[tuple[str, str, str, float, float], ...]] = {
    ("产出指标", "数量指标"): (
        ("{t}培训人次", "count", "人次", 100, 5000),
        ("{t}培训班期数", "count", "期", 2, 40),
        ("开展{t}宣传活动场次", "count", "场次", 3, 60),
        ("{t}服务人数", "count", "人", 100, 20000),
        ("发放{t}宣传资料份数", "count", "份", 500, 20000),
        ("{t}专项检查次数", "count", "次", 10, 500),
        ("走访{t}对象户数", "count", "户", 50, 3000),
        ("建设{t}服务站点个数", "count", "个", 1, 30),
        ("{t}项目完成数量", "count", "个", 1, 20),
        ("{t}业务受理件数", "count", "件", 100, 5000),
        ("举办{t}主题活动场数", "count", "场", 2, 100),
    ),
    ("产出指标", "质量指标"): tuple((name, "rate", "%", 0, 0) for name in (
        "{t}项目验收合格率", "{t}补贴发放准确率", "{t}工作达标率", "{t}资金使用合规率",
        "{t}服务覆盖率", "{t}档案资料完整率", "{t}设施设备完好率", "{t}年度任务完成率",
    )),
    ("产出指标", "时效指标"): tuple((name, "timely", "%", 0, 0) for name in (
        "{t}资金到位率", "{t}工作完成及时率", "{t}资金支付及时率", "{t}项目按时开工率",
        "{t}资金在规定时间内下达率",
    )),
    ("成本指标", "经济成本指标"): (
        ("{t}人均培训成本", "money", "元/人", 200, 2000),
        ("{t}活动经费", "money", "万元", 1, 200),
        ("{t}运行维护费用", "money", "万元", 1, 150),
        ("{t}单场活动成本", "money", "元/场", 500, 20000),
        ("{t}成本控制率", "costrate", "%", 0, 0),
        ("{t}设备购置费", "money", "万元", 1, 300),
    ),
    ("成本指标", "社会成本指标"): (("{t}工作对社会环境的影响", "text", "", 0, 0),),
    ("成本指标", "生态环境成本指标"): (("{t}工作对生态环境的影响", "text", "", 0, 0),),
    ("效益指标", "社会效益指标"): (
        ("{t}服务水平", "text", "", 0, 0),
        ("群众对{t}工作的获得感", "text", "", 0, 0),
        ("{t}政策知晓率", "rate", "%", 0, 0),
        ("{t}领域有效投诉件数", "negcount", "件", 0, 0),
        ("{t}工作差错率", "negrate", "%", 0, 0),
    ),
    ("效益指标", "经济效益指标"): (
        ("带动{t}相关就业人数", "count", "人", 10, 2000),
        ("{t}对地方经济发展的促进作用", "text", "", 0, 0),
    ),
    ("效益指标", "生态效益指标"): (("{t}节能减排效果", "text", "", 0, 0),),
    ("效益指标", "可持续影响指标"): (
        ("{t}长效管理机制", "text", "", 0, 0),
        ("{t}服务持续发挥作用年限", "count", "年", 3, 10),
    ),
    ("满意度指标", "服务对象满意度指标"): tuple((name, "satisfaction", "%", 0, 0) for name in (
        "{t}服务对象满意度", "参与{t}活动群众满意度", "{t}受益对象满意度",
    )),
}
#: how often each 二级 is drawn, as in published tables (数量 and 质量 dominate)
LEVEL_WEIGHTS = {
    ("产出指标", "数量指标"): 30, ("产出指标", "质量指标"): 18, ("产出指标", "时效指标"): 10,
    ("成本指标", "经济成本指标"): 8, ("成本指标", "社会成本指标"): 1,
    ("成本指标", "生态环境成本指标"): 1, ("效益指标", "社会效益指标"): 12,
    ("效益指标", "经济效益指标"): 4, ("效益指标", "生态效益指标"): 2,
    ("效益指标", "可持续影响指标"): 4, ("满意度指标", "服务对象满意度指标"): 10,
}
QUALITATIVE = {
    "服务水平": ("有所提升", "明显提升", "持续提升"),
    "获得感": ("有所增强", "明显增强"),
    "影响": ("无负面影响", "无明显影响", "影响较小"),
    "促进作用": ("效果明显", "有所促进"),
    "节能减排效果": ("有所改善", "效果明显"),
    "长效管理机制": ("健全", "逐步健全", "建立健全"),
}
WORKS = ("服务工作", "能力提升", "体系建设", "专项行动", "设施运维", "补助")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"
GIVEN = ("伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
         "秀英", "玉兰", "志强", "海燕", "建华", "文博", "斯韵", "晓东", "红梅")
GOAL_PHRASES = (
    "围绕{t}重点工作，细化任务分工，确保各项目标按期完成。",
    "持续推进{t}工作提质增效，进一步提升服务群众的能力和水平。",
    "加强{t}资金管理，规范资金使用，提高财政资金使用效益。",
    "健全{t}长效机制，强化督促检查，推动工作常态化、制度化。",
    "做好{t}宣传引导，扩大政策覆盖面和群众知晓度。",
    "以群众满意为目标，优化{t}服务流程，提升服务对象满意度。",
)

#: planted mistakes: per row, per table, per department, at the seed's density (its two
#: departments have 30 findings each in 162 rows, most of them numbers without a comparator,
#: then rates at ≥100%, capped quantities and a project disagreeing with its department)
ROW_MISTAKES = (("rate_100", 0.06), ("capped_quantity", 0.05), ("rate_no_unit", 0.04),
                ("approximate", 0.03), ("bare_number", 0.45))
# fmt: on
LEGACY_COST_SHARE = 0.05  # tables filing 成本 under 产出 (pre-2021)
ROUNDING_SHARE = 0.05  # departments whose 支出预算合计 is off by one cent
FUNDS_OVER_SHARE = 0.04  # departments whose project funds exceed 项目支出
DISAGREE_SHARE = 0.15  # project rows disagreeing with the same indicator in 部门整体

# ------------------------------------------------------------------------- the model


@dataclass
class Row:
    """One indicator as the department meant it."""

    level1: str
    level2: str
    name: str
    comparator: str  # ≥ > = < ≤ 定性, or "" (a bare or approximate number)
    value: str  # the number as typed, or the 定性 text
    unit: str
    suffix: str = ""  # 左右

    def combined(self) -> str:
        """The one-cell form: `≥95%`, `有所提升`, `5.5%左右`."""
        if self.comparator == "定性":
            return self.value
        return f"{self.comparator}{self.value}{self.unit}{self.suffix}"


@dataclass
class Table:
    kind: str  # department | project
    name: str  # 部门名称 / 项目名称
    title: str
    goal: str
    amounts: dict[str, Decimal]  # label → 万元
    fields: dict[str, Any] = field(default_factory=dict)  # other labelled fields
    rows: list[Row] = field(default_factory=list)
    typed_totals: bool = False  # totals typed over the template's formulas


@dataclass
class Department:
    index: int
    name: str
    file: str
    layout: str  # template | seed | numbered | yuan | special
    tables: list[Table]
    planted: Counter = field(default_factory=Counter)

    @property
    def indicators(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def department_name(index: int) -> tuple[str, str]:
    """(name, bureau); names are unique for the first 25 × 40 × 5 = 5000 indexes, then numbered."""
    bureaus = list(BUREAUS)
    per_suffix = len(DISTRICTS) * len(bureaus)
    rest, within = divmod(index, per_suffix)
    district, bureau = divmod(within, len(bureaus))
    name = f"{DISTRICTS[district]}{bureaus[bureau]}{SUFFIXES[rest % len(SUFFIXES)]}"
    if rest >= len(SUFFIXES):
        name += str(rest // len(SUFFIXES) + 1)
    return name, bureaus[bureau]


def build_department(seed: int, index: int) -> Department:
    """The department workbook number `index` of `seed`, as a model (no file written)."""
    rng = random.Random(f"xlgoals-bench:{seed}:{index}")
    name, bureau = department_name(index)
    layout = "template"
    if rng.random() >= TEMPLATE_SHARE:
        layout = rng.choice(("seed", "seed", "numbered", "yuan", "special", "pasted", "midterm"))
    maker = _Maker(rng, name, TOPICS[BUREAUS[bureau]], layout)
    tables = maker.tables()
    file = f"{name}.xlsx" if rng.random() < 0.7 else f"{name}{YEAR}年绩效目标表.xlsx"
    return Department(index, name, file, layout, tables, maker.planted)


class _Maker:
    """Draws one department's tables; remembers each indicator's target so a project that
    repeats a 部门整体 indicator repeats its target too (unless a mistake is planted)."""

    def __init__(self, rng: random.Random, name: str, topics: tuple[str, ...], layout: str):
        self.rng = rng
        self.name = name
        self.layout = layout
        self.topics = topics
        self.targets: dict[str, Row] = {}
        self.planted: Counter = Counter()

    def tables(self) -> list[Table]:
        rng = self.rng
        projects = rng.choices((1, 2, 3, 4, 5), weights=(35, 30, 18, 10, 7))[0]
        total = rng.randint(50, 200)
        share = rng.uniform(0.35, 0.6) if projects > 1 else rng.uniform(0.45, 0.7)
        department_rows = max(15, int(total * share))
        sizes = _split(rng, total - department_rows, projects, minimum=8)
        places = rng.choice((0, 1, 2, 2, 2, 4, 4))
        budget = self.budget(places)
        department = self.department_table(budget, department_rows)
        names = rng.sample([f"{t}{w}" for t in self.topics for w in WORKS], projects)
        funds = _split_amount(rng, budget["项目支出"], projects, places)
        if rng.random() < FUNDS_OVER_SHARE:
            funds[0] = (budget["项目支出"] * Decimal(rng.uniform(1.2, 5))).quantize(funds[0])
            self.planted["funds_over"] += 1
        made = [department]
        for project, size, money in zip(names, sizes, funds, strict=True):
            made.append(self.project_table(project, size, money, department))
        return made

    # --- money ---

    def budget(self, places: int) -> dict[str, Decimal]:
        rng = self.rng
        unit = Decimal(1).scaleb(-places)
        basic = (Decimal(rng.uniform(200, 5000))).quantize(unit)
        project = (Decimal(rng.uniform(20, 2000))).quantize(unit)
        other = Decimal(0) if rng.random() < 0.8 else (basic * Decimal("0.05")).quantize(unit)
        expense = basic + project
        income = expense
        if rng.random() < ROUNDING_SHARE:
            # published with two decimals, the total typed one cent off (文广新旅局 in the seed)
            # one cent in the published unit: 0.01 万元, or 0.01 元 in a workbook in 元
            cent = Decimal("0.000001") if self.layout == "yuan" else Decimal("0.01")
            basic, project = basic.quantize(Decimal("0.01")), project.quantize(Decimal("0.01"))
            other = Decimal(0)
            expense = income = basic + project - cent
            self.planted["rounding"] += 1
        return {
            "收入预算合计": income,
            "财政拨款": income - other,
            "其他经费": other,
            "支出预算合计": expense,
            "基本支出": basic,
            "项目支出": project,
        }

    # --- tables ---

    def department_table(self, budget: dict[str, Decimal], size: int) -> Table:
        rng = self.rng
        title = f"{self.name}{YEAR}年度部门整体支出绩效目标表"
        goal = "".join(
            p.format(t=t)
            for p, t in zip(rng.sample(GOAL_PHRASES, 3), rng.sample(self.topics, 3), strict=True)
        )
        table = Table("department", self.name, title, goal, budget, {"预算年度": YEAR})
        table.typed_totals = budget["支出预算合计"] != budget["基本支出"] + budget["项目支出"]
        table.typed_totals |= rng.random() < 0.2
        table.rows = self.rows(size, self.topics, project=False)
        return table

    def project_table(self, project: str, size: int, money: Decimal, department: Table) -> Table:
        rng = self.rng
        other = Decimal(0) if rng.random() < 0.85 else (money / 10).quantize(money)
        amounts = {
            "年度资金总额": money,
            "财政拨款": money - other,
            "上年结转": Decimal(0),
            "其他资金": other,
        }
        if self.layout == "special":  # the 专项资金 form publishes 申请金额 alone
            amounts = {"年度资金总额": money}
        title = (
            f"{YEAR}年度区级{project}专项资金绩效目标表"
            if rng.random() < 0.6
            else f"{project}项目支出绩效目标表"
        )
        topic = next(t for t in self.topics if project.startswith(t))
        goal = rng.choice(GOAL_PHRASES).format(t=topic) + rng.choice(GOAL_PHRASES).format(t=topic)
        person = rng.choice(SURNAMES) + rng.choice(GIVEN)
        fields = {
            "主管部门及代码": f"{rng.randint(100, 199)}-{self.name}",
            "实施单位": self.name,
            "项目负责人": person,
            "联系电话": f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
            "联系人": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "项目类型": rng.choice(("本级支出项目", "专项资金", "经常性项目")),
            "开始日期": dt.date(YEAR, 1, 1),
            "结束日期": dt.date(YEAR, 12, 31),
            "项目实施内容": goal,
            "中长期目标": rng.choice(GOAL_PHRASES).format(t=topic),
        }
        table = Table("project", project, title, goal, amounts, fields)
        topics = (topic, topic, topic, *rng.sample(self.topics, 2))
        table.rows = self.rows(size, topics, project=True, department=department)
        return table

    def rows(self, size: int, topics, project: bool, department: Table | None = None) -> list[Row]:
        rng = self.rng
        levels = list(LEVEL_WEIGHTS)
        weights = list(LEVEL_WEIGHTS.values())
        required = [
            ("产出指标", "数量指标"),
            ("效益指标", "社会效益指标"),
            ("满意度指标", "服务对象满意度指标"),
        ]
        if project:
            required.append(("成本指标", "经济成本指标"))
        drawn = required + rng.choices(levels, weights=weights, k=size - len(required))
        used: set[str] = set()
        rows = []
        for level in drawn:
            row = self.row(level, topics, used)
            if row is not None:
                used.add(row.name)
                rows.append(row)
        while len(rows) < size:  # a rare level ran out of names: 数量 has the most
            row = self.row(("产出指标", "数量指标"), self.topics, used)
            if row is None:
                break
            used.add(row.name)
            rows.append(row)
        order = {level: n for n, level in enumerate(levels)}
        rows.sort(key=lambda r: order[(r.level1, r.level2)])
        if rng.random() < 0.2:  # some tables put 成本 first, as the seed's project does
            rows.sort(key=lambda r: r.level1 != "成本指标")
        # not beside 中期 columns with the merged cells lost: there the reader cannot tell the
        # pre-2021 二级 成本指标 from the 一级 (it reads the 一级; a known limit)
        legacy = self.layout != "midterm" and any(r.level2 == "经济成本指标" for r in rows)
        if rng.random() < LEGACY_COST_SHARE and legacy:
            rows = _cost_under_output(rows)
            self.planted["cost_under_output"] += 1
        if department is not None:
            self.disagree(rows, {r.name for r in department.rows})
        return rows

    def row(self, level: tuple[str, str], topics, used: set[str]) -> Row | None:
        rng = self.rng
        choices = [(p, t) for p in PATTERNS[level] for t in topics]
        choices = [(p, t) for p, t in choices if p[0].format(t=t) not in used]
        if not choices:
            return None
        pattern, topic = rng.choice(choices)
        name = pattern[0].format(t=topic)
        if name not in self.targets:
            self.targets[name] = self.target(level, name, pattern)
        row = Row(**vars(self.targets[name]))
        return self.plant(row, pattern[1])

    def target(self, level: tuple[str, str], name: str, pattern) -> Row:
        rng = self.rng
        _, kind, unit, low, high = pattern
        level1, level2 = level
        if kind == "count":
            value = _nice(rng, rng.uniform(low, high))
            return Row(level1, level2, name, rng.choice("≥≥≥≥="), str(value), unit)
        if kind in ("rate", "timely", "satisfaction"):
            full = {"rate": 0.3, "timely": 0.6, "satisfaction": 0.0}[kind]
            if rng.random() < full:
                return Row(level1, level2, name, "=", "100", unit)
            return Row(level1, level2, name, "≥", rng.choice(("80", "85", "90", "95", "98")), unit)
        if kind == "money":
            money = Decimal(rng.uniform(low, high)).quantize(
                Decimal("0.01") if "万" in unit else Decimal(1)
            )
            return Row(level1, level2, name, rng.choice("≤≤≤="), str(money), unit)
        if kind == "costrate":
            return Row(level1, level2, name, rng.choice("≤="), "100", unit)
        if kind == "negcount":
            return Row(
                level1, level2, name, *rng.choice((("=", "0"), ("≤", "3"), ("≤", "5"))), unit
            )
        if kind == "negrate":
            return Row(level1, level2, name, "≤", rng.choice(("1", "2", "3", "5")), unit)
        key = next(k for k in QUALITATIVE if k in name)
        return Row(level1, level2, name, "定性", rng.choice(QUALITATIVE[key]), "")

    def plant(self, row: Row, kind: str) -> Row:
        """At most one mistake per row, only where it makes sense."""
        draw = self.rng.random()
        for mistake, share in ROW_MISTAKES:
            if draw >= share:
                draw -= share
                continue
            if _fits(mistake, row, kind, self.layout):
                _apply(mistake, row)
                self.planted[mistake] += 1
            break
        return row

    def disagree(self, rows: list[Row], department_names: set[str]) -> None:
        """A project's count half its department's (开展群众文化活动次数 20 vs ≥10 in the seed)."""
        for row in rows:
            count = row.comparator in ("≥", "=") and row.value.isdigit() and int(row.value) >= 2
            shared = row.name in department_names and row.unit != "%"
            if shared and count and self.rng.random() < DISAGREE_SHARE:
                row.value = str(int(row.value) // 2)
                self.planted["project_disagrees"] += 1


def _fits(mistake: str, row: Row, kind: str, layout: str) -> bool:
    if mistake in ("rate_100", "rate_no_unit"):
        return kind in ("rate", "timely")
    if mistake == "capped_quantity":
        return row.level2 == "数量指标" and row.comparator in ("≥", "=")
    if mistake == "approximate":
        return kind == "negrate" or kind == "rate"
    return mistake == "bare_number" and kind == "count"


def _apply(mistake: str, row: Row) -> None:
    if mistake == "rate_100":
        row.comparator, row.value = "≥", "100"
    elif mistake == "rate_no_unit":
        row.unit = ""
    elif mistake == "capped_quantity":
        row.comparator = "≤"
    elif mistake == "approximate":
        row.comparator, row.suffix = "", "左右"
    else:
        row.comparator = ""


def _cost_under_output(rows: list[Row]) -> list[Row]:
    """The pre-2021 placement: 经济成本 rows become 产出指标 / 成本指标, after the other 产出."""
    cost = [r for r in rows if r.level2 == "经济成本指标"]
    for r in cost:
        r.level1, r.level2 = "产出指标", "成本指标"
    rest = [r for r in rows if r not in cost]
    last_output = max((n for n, r in enumerate(rest) if r.level1 == "产出指标"), default=-1)
    return rest[: last_output + 1] + cost + rest[last_output + 1 :]


def _nice(rng: random.Random, number: float) -> int:
    """Round like a person, sometimes: 3221 stays, 15380 → 15000."""
    value = max(1, round(number))
    if value > 100 and rng.random() < 0.5:
        return value
    step = 10 ** max(0, len(str(value)) - 2)
    return max(1, round(value / step) * step)


def _split(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    spare = max(0, total - parts * minimum)
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, spare], strict=True)]
    return [minimum + s for s in sizes]


def _split_amount(rng: random.Random, total: Decimal, parts: int, places: int) -> list[Decimal]:
    unit = Decimal(1).scaleb(-places)
    shares = [rng.uniform(0.3, 1.0) for _ in range(parts)]
    scale = sum(shares) / rng.uniform(0.6, 1.0)
    return [max(unit, (total * Decimal(s / scale)).quantize(unit)) for s in shares]


# ------------------------------------------------------------------------- writing


def write_department(department: Department, folder: Path) -> Path:
    path = folder / department.file
    if department.layout == "template":
        _TemplateWriter(path).write(department)
    else:
        _LegacyWriter(path, department.layout).write(department)
    return path


class _Book:
    """An XlsxWriter workbook with cached formats."""

    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self.book = xlsxwriter.Workbook(
            str(path),
            {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
        )
        self.book.set_properties({"author": "财务科", "created": dt.datetime(YEAR - 1, 12, 1)})
        self._formats: dict[tuple, Any] = {}

    def fmt(self, *bases: dict, **props: Any):
        """One format per distinct set of properties; later ones win."""
        for base in reversed(bases):
            props = {**base, **props}
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(props)
        return self._formats[key]

    def close(self) -> None:
        self.book.close()


#: XlsxWriter properties for the template's cell styles
_BASE = {"font_name": FONT_NAME, "font_size": 11, "valign": "vcenter"}
_BOX = {**_BASE, "border": 1}


def _value_cell(ws, book: _Book, row: int, col: int, value: Any, style: dict) -> None:
    """Numbers as numbers, dates as dates, everything else as text (never a formula)."""
    fmt = book.fmt(**style)
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
    elif value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


class _TemplateWriter(_Book):
    """The standard template as `xlgoals.write.template` lays it out, filled in."""

    def write(self, department: Department) -> None:
        self.instructions()
        rng = random.Random(department.index)
        department_table, *projects = department.tables
        self.form(template.DEPARTMENT_SHEET, template._DEPARTMENT, department_table, rng)
        for number, table in enumerate(projects, start=1):
            self.form(f"项目{number}", template._PROJECT, table, rng)
        self.lists()
        self.close()

    def instructions(self) -> None:
        ws = self.book.add_worksheet(template.INSTRUCTIONS_SHEET)
        ws.set_column(0, 0, 80)
        row = 0
        for kind, text in template._INSTRUCTIONS:
            lines = [text]
            if kind == "framework":
                lines = [f"    {l1}：{'、'.join(l2s)}" for l1, l2s in FRAMEWORK.items()]
            style = {
                "title": {"bold": True, "font_size": 16, "align": "center"},
                "head": {"bold": True},
            }.get(kind, {"text_wrap": True})
            for line in lines:
                ws.write_string(row, 0, line, self.fmt(_BASE, style))
                row += 1

    def lists(self) -> None:
        ws = self.book.add_worksheet(template.LISTS_SHEET)
        columns = [
            (template.LEVEL1_LIST_NAME, tuple(FRAMEWORK)),
            *FRAMEWORK.items(),
            (template.COMPARATOR_LIST_NAME, template.COMPARATORS),
        ]
        for col, (name, values) in enumerate(columns):
            ws.write_string(0, col, name, self.fmt(**_BASE, bold=True))
            for row, value in enumerate(values, start=1):
                ws.write_string(row, col, value, self.fmt(**_BASE))
            letter = chr(65 + col)
            ref = f"='{template.LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
            self.book.define_name(name, ref)
        ws.set_column(0, len(columns) - 1, 22)
        ws.hide()
        ws.protect()

    def form(self, sheet: str, layout, table: Table, rng: random.Random) -> None:
        ws = self.book.add_worksheet(sheet)
        last = layout.first_row + max(layout.rows, len(table.rows)) - 1  # 1-based
        for letter, width in template._COLUMN_WIDTHS.items():
            ws.set_column(f"{letter}:{letter}", width)
        title = table.title if rng.random() < 0.5 else layout.title
        ws.merge_range(
            "A1:F1", title, self.fmt(_BASE, bold=True, font_size=16, align="center", text_wrap=True)
        )
        for row, text in layout.sections:
            ws.merge_range(f"A{row}:F{row}", text, self.fmt(**_BOX, bold=True, bg_color="#E7E6E6"))
        for blank in layout.blanks:
            ws.merge_range(blank, "", self.fmt(**_BOX))
        for item in layout.fields:
            self.field(ws, item, table)
        self.indicators(ws, layout, table, last, rng)
        heights = {row: 20.0 for row in range(2, layout.header_row + 1)} | dict(layout.heights)
        for row, height in heights.items():
            ws.set_row(row - 1, height)
        ws.freeze_panes(layout.first_row - 1, 0)
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5)
        ws.repeat_rows(layout.header_row - 1)
        ws.print_area(f"A1:F{last}")
        ws.protect("", {"format_cells": True, "format_columns": True, "format_rows": True})

    def field(self, ws, item, table: Table) -> None:
        ws.write_string(
            item.label_cell,
            item.label,
            self.fmt(**_BOX, bg_color="#F2F2F2", align="center", text_wrap=True),
        )
        label = item.label.removeprefix("其中：")
        style: dict[str, Any] = {**_BOX, "locked": False, "align": "left", "text_wrap": True}
        if item.kind in ("amount", "total"):
            style.update(num_format=template.AMOUNT_FORMAT, align="right")
            style.pop("text_wrap")
        if item.kind == "total":
            style["bg_color"] = "#E2EFDA"
        elif item.kind == "date":
            style["num_format"] = template.DATE_FORMAT
        elif item.kind == "phone":
            style["num_format"] = "@"
        elif item.kind == "year":
            style["num_format"] = "0"
        first = item.value_range.split(":")[0]
        if ":" in item.value_range:
            ws.merge_range(item.value_range, "", self.fmt(**style))
        value = self.value_of(label, table)
        if item.kind == "total" and not table.typed_totals:
            formula = item.formula or ""
            ws.write_formula(first, formula, self.fmt(**style), float(value))
        else:
            row, col = parse_a1(first)
            _value_cell(ws, self, row, col, value, style)

    @staticmethod
    def value_of(label: str, table: Table) -> Any:
        if label in table.amounts:
            return table.amounts[label]
        if label in ("部门名称", "项目名称"):
            return table.name
        if label in ("年度总体目标", "年度绩效目标"):
            return table.goal
        return table.fields.get(label)

    def indicators(self, ws, layout, table: Table, last: int, rng: random.Random) -> None:
        header = self.fmt(**_BOX, bold=True, bg_color="#D9E1F2", align="center", text_wrap=True)
        for col, text in enumerate(template.INDICATOR_HEADERS):
            ws.write_string(layout.header_row - 1, col, text, header)
        center = self.fmt(**_BOX, locked=False, align="center", text_wrap=True)
        centered_text = self.fmt(**_BOX, locked=False, align="center", num_format="@")
        left_text = self.fmt(**_BOX, locked=False, align="left", text_wrap=True, num_format="@")
        styles = (center, center, left_text, center, left_text, centered_text)
        repeat = rng.random() < 0.4  # some departments repeat 一级 / 二级 on every row
        numbers = rng.random() < 0.2  # and some paste 指标值 as numbers
        previous: tuple[str, str] = ("", "")
        for offset in range(last - layout.first_row + 1):
            row = layout.first_row - 1 + offset
            if offset >= len(table.rows):
                for col, style in enumerate(styles):
                    ws.write_blank(row, col, None, style)
                continue
            item = table.rows[offset]
            level1 = item.level1 if repeat or item.level1 != previous[0] else ""
            level2 = item.level2 if repeat or (item.level1, item.level2) != previous else ""
            previous = (item.level1, item.level2)
            comparator, value, unit = _template_target(item)
            cells: list[Any] = [level1, level2, item.name, comparator, value, unit]
            if numbers and _is_number(value):
                cells[4] = Decimal(value)
            for col, (value_, style) in enumerate(zip(cells, styles, strict=True)):
                if isinstance(value_, Decimal):
                    ws.write_number(row, col, float(value_), style)
                elif value_:
                    ws.write_string(row, col, value_, style)
                else:
                    ws.write_blank(row, col, None, style)
        dropdowns = (
            (0, {"source": f"={template.LEVEL1_LIST_NAME}"}),
            (1, {"source": f"=INDIRECT($A{layout.first_row})", "error_type": "warning"}),
            (3, {"source": f"={template.COMPARATOR_LIST_NAME}"}),
        )
        for col, options in dropdowns:
            ws.data_validation(
                layout.first_row - 1, col, last - 1, col, {"validate": "list", **options}
            )


def _template_target(row: Row) -> tuple[str, str, str]:
    """计算符号 / 指标值 / 单位 as a department fills them; 左右 stays in the value cell."""
    if row.comparator == "定性":
        return "定性", row.value, ""
    if row.suffix:
        return row.comparator, f"{row.value}{row.unit}{row.suffix}", ""
    return row.comparator, row.value, row.unit


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


class _LegacyWriter(_Book):
    """Older layouts: the seed's, a 序号 column, amounts in 元, the 专项资金 form."""

    def __init__(self, path: Path, layout: str) -> None:
        super().__init__(path)
        self.layout = layout
        self.cell = self.fmt(
            font_name="宋体", font_size=10, border=1, valign="vcenter", text_wrap=True
        )
        self.center = self.fmt(
            font_name="宋体",
            font_size=10,
            border=1,
            valign="vcenter",
            align="center",
            text_wrap=True,
        )
        self.title = self.fmt(font_name="黑体", font_size=14, bold=True, align="center")
        self.plain = self.fmt(font_name="宋体", font_size=10)

    def write(self, department: Department) -> None:
        rng = random.Random(department.index)
        one_sheet = rng.random() < 0.5
        ws = self.book.add_worksheet("Sheet1" if one_sheet else "部门整体支出")
        row = 0
        for number, table in enumerate(department.tables):
            if not one_sheet and number:
                ws = self.book.add_worksheet(f"项目{number}")
                row = 0
            width = {"numbered": 7, "midterm": 7, "special": 6}.get(self.layout, 4)
            name_column = 3 if self.layout == "numbered" else 2
            ws.set_column(0, width - 1, 14)
            ws.set_column(name_column, name_column, 36)
            if table.kind == "department" or self.layout != "special":
                row = self.seed_header(ws, row, table, width)
            else:
                row = self.special_header(ws, row, table)
            row = self.indicators(ws, row, table, rng) + 1
        self.close()

    def money(self, value: Decimal) -> Any:
        if self.layout == "yuan":
            return f"{value * 10000:,.2f}"
        return value

    def seed_header(self, ws, row: int, table: Table, width: int) -> int:
        last = width - 1
        ws.merge_range(row, 0, row, last, table.title, self.title)
        ws.merge_range(row + 1, 0, row + 1, last, f"({YEAR} 年度)", self.plain)
        row += 2
        unit = "元" if self.layout == "yuan" else "万元"
        if table.kind == "department":
            lines = [
                [("部门名称", table.name)],
                [(f"当年预算情况（{unit}）", None)],
                [("收入预算合计", "收入预算合计")],
                [("其中：财政拨款", "财政拨款"), ("其他经费", "其他经费")],
                [("支出预算合计", "支出预算合计")],
                [("其中：基本支出", "基本支出"), ("项目支出", "项目支出")],
                [("年度总体目标", table.goal)],
                [("年度绩效指标", None)],
            ]
        else:
            lines = [
                [("项目名称", table.name)],
                [
                    ("主管部门及代码", table.fields["主管部门及代码"]),
                    ("实施单位", table.fields["实施单位"]),
                ],
                [(f"项目资金（{unit}）", None)],
                [("年度资金总额", "年度资金总额")],
                [("其中：财政拨款", "财政拨款"), ("上年结转", "上年结转")],
                [("其他资金", "其他资金")],
                [("年度绩效目标", table.goal)],
                [("年度绩效指标", None)],
            ]
        for line in lines:
            self.line(ws, row, line, table, last)
            row += 1
        return row

    def line(self, ws, row: int, pairs: list[tuple[str, Any]], table: Table, last: int) -> None:
        """`label | value` pairs on a row; a lone pair's value runs to the last column."""
        label, value = pairs[0]
        if value is None:  # a section line
            ws.merge_range(row, 0, row, last, label, self.cell)
            return
        col = 0
        for label, value in pairs:
            ws.write_string(row, col, label, self.center)
            shown = self.money(table.amounts[value]) if value in table.amounts else value
            if len(pairs) == 1 and last > 1:
                ws.merge_range(row, 1, row, last, "", self.cell)
            _value_cell(
                ws,
                self,
                row,
                col + 1,
                shown,
                {"font_name": "宋体", "font_size": 10, "border": 1, "text_wrap": True},
            )
            col += 2

    def special_header(self, ws, row: int, table: Table) -> int:
        """The 专项资金 form: 项目基本信息 in label: value pairs, 申请金额 in 万元 with its unit."""
        ws.merge_range(row, 0, row, 5, table.title, self.title)
        ws.merge_range(row + 1, 0, row + 1, 5, f"({YEAR} 年度)", self.plain)
        ws.merge_range(row + 2, 0, row + 2, 5, "项目基本信息", self.cell)
        f = table.fields
        date = "{0.year} 年 {0.month} 月 {0.day} 日".format
        pairs = [
            [("项目名称:", table.name), ("申请金额:", f"{table.amounts['年度资金总额']} 万元")],
            [("项目类型:", f["项目类型"]), ("开始日期:", date(f["开始日期"]))],
            [("结束日期:", date(f["结束日期"])), ("项目负责人:", f["项目负责人"])],
            [("联系电话:", f["联系电话"]), ("联系人:", f["联系人"])],
            [("项目实施内容:", f["项目实施内容"])],
            [("中长期目标:", f["中长期目标"])],
            [("年度绩效目标:", table.goal)],
        ]
        row += 3
        for line in pairs:
            col = 0
            for label, value in line:
                ws.write_string(row, col, label, self.center)
                if len(line) == 1:
                    ws.merge_range(row, 1, row, 5, value, self.cell)
                else:
                    ws.merge_range(row, col + 1, row, col + 2, value, self.cell)
                col += 3
            row += 1
        ws.merge_range(row, 0, row, 5, f"{YEAR} 年项目绩效指标", self.cell)
        return row + 1

    def indicators(self, ws, row: int, table: Table, rng: random.Random) -> int:
        if self.layout == "numbered":
            return self.numbered(ws, row, table)
        if self.layout == "special" and table.kind == "project":
            return self.two_row_header(ws, row, table)
        if self.layout in ("pasted", "midterm"):
            return self.pasted(ws, row, table, twice=self.layout == "midterm")
        target_header = rng.choice(("目标值", "指标值", "年度指标值"))
        for col, text in enumerate(("一级指标", "二级指标", "三级指标", target_header)):
            ws.write_string(row, col, text, self.center)
        first = row + 1
        for offset, item in enumerate(table.rows):
            ws.write_string(first + offset, 2, item.name, self.cell)
            ws.write_string(first + offset, 3, item.combined(), self.center)
        self.merged_levels(ws, first, table.rows)
        return first + len(table.rows)

    def merged_levels(self, ws, first: int, rows: list[Row]) -> None:
        """一级 and 二级 as cells merged down their rows, as published tables print them."""
        for col, key in ((0, lambda r: r.level1), (1, lambda r: (r.level1, r.level2))):
            start = 0
            for end in range(1, len(rows) + 1):
                if end < len(rows) and key(rows[end]) == key(rows[start]):
                    continue
                text = rows[start].level1 if col == 0 else rows[start].level2
                if end - start > 1:
                    ws.merge_range(first + start, col, first + end - 1, col, text, self.center)
                else:
                    ws.write_string(first + start, col, text, self.center)
                start = end

    def pasted(self, ws, row: int, table: Table, twice: bool) -> int:
        """A table copied out of a PDF, its merged cells lost (Sichuan's, corpus 05): a row
        under the same 一级 starts with its 二级, one under the same 二级 with its name. `twice`:
        the 中期 and the 年度 indicators side by side, 中期 first (Anhui's, corpus 15)."""
        header = ["一级指标", "二级指标", "三级指标", "指标值(包含数字及文字描述)"]
        header += header[1:] if twice else []
        for col, text in enumerate(header):
            ws.write_string(row, col, text, self.center)
        previous: tuple[str, str] | None = None
        for offset, item in enumerate(table.rows, start=1):
            cells = [item.name, item.combined()]
            if previous is None or item.level2 != previous[1]:
                cells.insert(0, item.level2)
            cells = cells * 2 if twice else cells
            if previous is None or item.level1 != previous[0]:
                cells.insert(0, item.level1)
            previous = (item.level1, item.level2)
            for col, text in enumerate(cells):
                ws.write_string(row + offset, col, text, self.center)
        return row + len(table.rows) + 1

    def numbered(self, ws, row: int, table: Table) -> int:
        headers = ("序号", "一级指标", "二级指标", "三级指标", "计算符号", "年度指标值", "计量单位")
        for col, text in enumerate(headers):
            ws.write_string(row, col, text, self.center)
        for offset, item in enumerate(table.rows, start=1):
            comparator, value, unit = _template_target(item)
            cells = (offset, item.level1, item.level2, item.name, comparator, value, unit)
            for col, value_ in enumerate(cells):
                if isinstance(value_, int):
                    ws.write_number(row + offset, col, value_, self.center)
                elif value_:
                    ws.write_string(row + offset, col, value_, self.center)
        return row + len(table.rows) + 1

    def two_row_header(self, ws, row: int, table: Table) -> int:
        for col, text in enumerate(("一级指标", "二级指标", "三级指标")):
            ws.merge_range(row, col, row + 1, col, text, self.center)
        ws.merge_range(row, 3, row, 5, f"{YEAR} 年目标值", self.center)
        for col, text in enumerate(("计算符号", "目标值", "单位"), start=3):
            ws.write_string(row + 1, col, text, self.center)
        first = row + 2
        previous = ""
        for offset, item in enumerate(table.rows):
            comparator, value, unit = _template_target(item)
            # 一级 once per group, 二级 short (数量, 经济成本) on every row, as the seed prints them
            level1 = item.level1 if item.level1 != previous else ""
            previous = item.level1
            cells = (level1, item.level2.removesuffix("指标"), item.name, comparator, value, unit)
            for col, value_ in enumerate(cells):
                if value_:
                    ws.write_string(first + offset, col, value_, self.center)
        return first + len(table.rows)


# ------------------------------------------------------------------------- folders


def _make(task: tuple[int, int, str]) -> tuple[int, str, int, str, dict[str, int]]:
    seed, index, folder = task
    department = build_department(seed, index)
    write_department(department, Path(folder))
    return (
        index,
        department.file,
        department.indicators,
        department.layout,
        dict(department.planted),
    )


def ensure(folder: Path, count: int, seed: int = 1, jobs: int | None = None) -> dict:
    """`count` workbooks in `folder` (made, or reused when the manifest matches); the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        same = (manifest.get("version"), manifest.get("seed"), manifest.get("count")) == (
            VERSION,
            seed,
            count,
        )
        if same and all((folder / name).exists() for name, _ in manifest["files"]):
            manifest["reused"] = True
            return manifest
        manifest_path.unlink()
    for stale in folder.glob("*.xlsx"):
        stale.unlink()
    start = time.perf_counter()
    tasks = [(seed, index, str(folder)) for index in range(count)]
    with multiprocessing.get_context("fork").Pool(jobs or os.cpu_count()) as pool:
        made = sorted(pool.imap_unordered(_make, tasks, chunksize=20))
    planted: Counter = Counter()
    for *_, mistakes in made:
        planted.update(mistakes)
    manifest = {
        "version": VERSION,
        "seed": seed,
        "count": count,
        "indicators": sum(m[2] for m in made),
        "layouts": dict(Counter(m[3] for m in made)),
        "planted": dict(sorted(planted.items())),
        "seconds": round(time.perf_counter() - start, 1),
        "files": [[m[1], m[2]] for m in made],
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    manifest["reused"] = False
    return manifest


# ------------------------------------------------------------------------- checking


def check(folder: Path, seed: int, indexes: list[int]) -> list[str]:
    """Read workbooks back with the reader; every difference from the model, as text."""
    from xlgoals.reading.tables import read_workbook

    problems: list[str] = []
    for index in indexes:
        department = build_department(seed, index)
        submission = read_workbook(folder / department.file)
        where = f"{department.file} ({department.layout})"
        kinds = [t.kind for t in submission.tables]
        if kinds != [t.kind for t in department.tables]:
            problems.append(f"{where}: tables {kinds}")
            continue
        for read, meant in zip(submission.tables, department.tables, strict=True):
            problems.extend(f"{where} {meant.name}: {p}" for p in _compare(read, meant))
    return problems


def _compare(read, meant: Table) -> list[str]:
    problems = []
    name = read.department if read.kind == "department" else read.project_name
    if name is None or name.value != meant.name:
        problems.append(f"name {name}")
    money = read.budget if read.kind == "department" else read.funds
    for attr, label in money.labels().items():
        amount = getattr(money, attr)
        if label in meant.amounts and (amount is None or amount.value != meant.amounts[label]):
            problems.append(f"{label} {amount and amount.value} ≠ {meant.amounts[label]}")
    if len(read.indicators) != len(meant.rows):
        return [*problems, f"{len(read.indicators)} indicators ≠ {len(meant.rows)}"]
    for got, row in zip(read.indicators, meant.rows, strict=True):
        expected = _expected(row)
        found = (
            got.level1,
            got.level2,
            got.name,
            got.target.comparator and got.target.comparator.value,
            got.target.number,
            got.target.unit,
            got.target.text,
        )
        if found != expected:
            problems.append(f"row {got.at.cell}: {found} ≠ {expected}")
    return problems


def _expected(row: Row) -> tuple:
    if row.comparator == "定性":
        return (row.level1, row.level2, row.name, "定性", None, "", row.value)
    return (
        row.level1,
        row.level2,
        row.name,
        row.comparator or None,
        Decimal(row.value),
        row.unit,
        None,
    )


# ------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the workbooks go (reused if complete)")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument(
        "--check",
        type=int,
        default=0,
        metavar="K",
        help="read K workbooks back and compare them with the model",
    )
    args = parser.parse_args(argv)
    manifest = ensure(args.folder, args.count, args.seed, args.jobs)
    state = "reused" if manifest["reused"] else f"made in {manifest['seconds']} s"
    print(f"{args.count} workbooks, {manifest['indicators']} indicators ({state}) in {args.folder}")
    print(f"layouts: {manifest['layouts']}")
    print(f"planted mistakes: {manifest['planted']}")
    if args.check:
        step = max(1, args.count // args.check)
        problems = check(args.folder, args.seed, list(range(0, args.count, step))[: args.check])
        for problem in problems[:40]:
            print(problem, file=sys.stderr)
        print(f"read back {min(args.check, args.count)} workbooks: {len(problems)} differences")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
