"""The words that label header fields and indicator columns, and how to recognise them.

Departments and provincial systems word labels differently (年度资金总额 / 申请金额), add
其中：, colons, units in brackets and line breaks. `match_label` undoes all of that.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from xlgoals.model.framework import squash

#: canonical field → the spellings met in real tables (after squashing whitespace)
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "部门名称": ("部门名称", "单位名称", "预算部门", "部门(单位)名称"),
    "预算年度": ("预算年度",),
    "收入预算合计": ("收入预算合计", "收入预算", "收入合计"),
    "财政拨款": (
        "财政拨款",
        "财政拨款收入",
        "本年财政拨款",
        "当年财政拨款",
        "财政拨款小计",
        "当年一般公共预算拨款",
        "一般公共预算拨款",
        "一般预算内拨款",
    ),
    "其他经费": ("其他经费", "其他收入"),
    "上年结转": ("上年结转", "上年结转资金", "结转资金"),
    "支出预算合计": ("支出预算合计", "支出预算", "支出合计"),
    "基本支出": ("基本支出",),
    "项目支出": ("项目支出",),
    "年度总体目标": ("年度总体目标", "部门年度总体目标", "整体绩效目标"),
    "项目名称": ("项目名称", "专项资金名称", "专项名称", "项目支出名称"),
    "主管部门及代码": (
        "主管部门及代码",
        "主管部门",
        "主管部门名称",
        "项目主管部门",
        "主管部门及编码",
        "中央主管部门",
        "预算单位",
        "项目主管单位",
    ),
    "实施单位": ("实施单位", "项目实施单位", "项目执行单位", "实施单位(盖章)", "项目单位"),
    "项目负责人": ("项目负责人", "项目负责人及电话", "项目责任人"),
    "联系电话": ("联系电话", "电话"),
    "联系人": ("联系人",),
    "项目类型": ("项目类型",),
    "开始日期": ("开始日期", "项目开始日期"),
    "结束日期": ("结束日期", "项目结束日期"),
    "年度资金总额": (
        "年度资金总额",
        "申请金额",
        "年度资金",
        "本年资金总额",
        "年度预算金额",
        "当年资金总额",
        "年度本级预算金额",
        "预算申报数",
        "年度财政资金总额",
    ),
    "其他资金": ("其他资金", "当年其他资金"),
    "项目资金总额": ("项目资金总额", "中期资金总额", "资金总额", "项目总投资"),
    "财政资金": ("财政资金",),
    "项目实施内容": ("项目实施内容", "实施内容"),
    "中长期目标": ("中长期目标", "总体目标"),
    "年度绩效目标": ("年度绩效目标", "年度目标", "项目年度目标"),
    "自评得分": ("自评得分", "自评总分", "自评总分(分)", "总得分"),
    "自评等级": ("自评等级", "评价等级", "绩效等级", "自评结果等级"),
}

#: fields holding money
AMOUNT_FIELDS = frozenset(
    {
        "收入预算合计",
        "财政拨款",
        "其他经费",
        "上年结转",
        "支出预算合计",
        "基本支出",
        "项目支出",
        "年度资金总额",
        "其他资金",
        "项目资金总额",
        "财政资金",
    }
)

#: fields holding a paragraph, whose value is never a label even when it reads like one
PARAGRAPH_FIELDS = frozenset({"年度总体目标", "年度绩效目标", "项目实施内容", "中长期目标"})

#: fields that only a 部门整体 table has, and those only a project table has
DEPARTMENT_ONLY = frozenset(
    {"部门名称", "收入预算合计", "支出预算合计", "基本支出", "年度总体目标"}
)
PROJECT_ONLY = frozenset({"项目名称", "年度资金总额", "主管部门及代码", "实施单位", "年度绩效目标"})

#: indicator-table column headers
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "一级指标": ("一级指标",),
    "二级指标": ("二级指标",),
    "三级指标": ("三级指标", "指标名称", "三级指标名称"),
    "计算符号": ("计算符号", "符号", "比较符号", "指标值符号"),
    "指标值": ("指标值", "目标值", "年度指标值", "年度目标值", "绩效指标值", "预期目标值"),
    "单位": ("单位", "计量单位", "度量单位"),
}

#: words of a header row that are never a field's value (column heads of goal blocks)
STRUCTURE_WORDS = frozenset(
    {"年度目标完成情况", "实际完成情况", "年度总体目标完成情况综述", "目标实际完成情况", "预期目标",
     "年初设定目标", "金额(万元)", "金额"}
)  # fmt: skip

_LOOKUP = {spelling: field for field, spellings in FIELD_SYNONYMS.items() for spelling in spellings}
_COLUMN_LOOKUP = {s: col for col, spellings in COLUMN_SYNONYMS.items() for s in spellings}
#: 其中：, 含, and the numbering of a list of sources: （一）, 1、
_PREFIX = re.compile(
    r"^(其中|含)[:：]?|^[(（]?[一二三四五六七八九十]{1,2}[)）、]|^\d{1,2}[、．](?!\d)"
)
_UNIT = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_YEAR = re.compile(r"^\d{4}年")


@dataclass(frozen=True)
class Label:
    field: str
    #: the money unit the label carries in brackets, if any
    unit: str | None = None


@functools.lru_cache(maxsize=16_384, typed=True)
def _clean(text: str) -> tuple[str, str | None]:
    text = squash(text)
    unit_match = _UNIT.search(text)
    unit = unit_match.group(1) if unit_match else None
    text = _UNIT.sub("", text)
    text = _PREFIX.sub("", text).strip(":：")
    return text, unit


@functools.lru_cache(maxsize=16_384, typed=True)
def match_label(text: object) -> Label | None:
    """`其中：财政拨款` → 财政拨款; `申请金额:` → 年度资金总额; `项目支出（元）` → unit 元."""
    if not isinstance(text, str) or len(text) > 30:
        return None
    cleaned, unit = _clean(text)
    field = _LOOKUP.get(cleaned)
    return Label(field, unit) if field else None


@functools.lru_cache(maxsize=16_384, typed=True)
def match_column(text: object) -> str | None:
    """An indicator-table column header: `目标值`, `2024 年目标值`, `指标值` → 指标值."""
    if not isinstance(text, str) or len(text) > 20:
        return None
    cleaned, _ = _clean(text)
    cleaned = _YEAR.sub("", cleaned)
    return _COLUMN_LOOKUP.get(cleaned)


def section_unit(text: object) -> str | None:
    """The unit a section label sets for the amounts below it: `当年预算情况（万元）` → 万元."""
    if not isinstance(text, str):
        return None
    match = _UNIT.search(squash(text))
    return match.group(1) if match else None


_SUBTITLE = re.compile(r"^[(（]\s*\d{4}\s*年度?\s*[)）]$")
_SECTION_WORDS = ("绩效指标", "基本信息", "预算情况", "项目资金", "自评", "实际完成情况")


def is_structural(text: object) -> bool:
    """A title, label, column header or section line (`年度绩效指标`, `(2024 年度)`): never a
    field's value, never the continuation of a paragraph."""
    if not isinstance(text, str):
        return False
    squashed = squash(text)
    return bool(
        is_title(text)
        or squashed in STRUCTURE_WORDS
        or match_label(text)
        or match_column(text)
        or section_unit(text)
        or _SUBTITLE.match(squashed)
        or (len(squashed) <= 20 and any(word in squashed for word in _SECTION_WORDS))
    )


@functools.lru_cache(maxsize=16_384, typed=True)
def is_title(text: object) -> bool:
    """A table title: `东湖区人社局 2024 年度部门整体支出绩效目标表`."""
    return isinstance(text, str) and len(text) <= 80 and bool(_TITLE.search(squash(text)))


#: 绩效目标表, and the other forms' titles: 绩效目标申报表, 绩效自评表, 绩效目标自评表, 绩效监控表
_TITLE = re.compile(r"绩效(目标|自评|监控)\S{0,4}?表")


_LONG_LABELS = sorted(
    {s for spellings in FIELD_SYNONYMS.values() for s in spellings if len(s) >= 4}
)


def runs_labels_together(text: object) -> bool:
    """A long cell holding two or more header labels with their values (`项目名称…主管部门…`):
    header fields run together by OCR or a PDF copy, which no label lookup can read."""
    if not isinstance(text, str) or len(text) <= 60:
        return False
    squashed = squash(text)
    return sum(label in squashed for label in _LONG_LABELS) >= 2
