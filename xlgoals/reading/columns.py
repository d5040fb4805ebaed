"""The indicator header of any province's form: which column holds what.

A header is found by its vocabulary (一级 / 二级 / 三级 or 指标名称 / 指标内容, and what
follows them), over one or two rows; each column gets a role. Roles are then checked against
what the column holds: a column of ≥ / = / 定性 is the comparator column whatever its header
says (Sichuan's 指标性质 is the comparator, Chongqing's is 定量 / 定性).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from xlgoals.model.framework import squash

#: role → header spellings (squashed, without year prefix, `(A)`, `(分)` or `(万元)`)
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级"),
    "level2": ("二级指标", "二级", "二级指标(年度)"),
    "name": (
        "三级指标",
        "指标名称",
        "三级指标名称",
        "指标内容",
        "三级指标(年度)",
        "指标名称(三级指标)",
        "二级指标名称(三级指标)",
    ),
    "comparator": ("计算符号", "符号", "比较符号", "指标值符号"),
    "nature": ("指标性质",),  # comparator or 定量/定性: decided by content
    "value_type": ("指标值类型", "指标类型"),
    "target": (
        "指标值",
        "目标值",
        "年度指标值",
        "年度目标值",
        "绩效指标值",
        "预期目标值",
        "指标目标值",
        "年初目标值",
        "年初指标值",
        "当年预期实现值",
        "预期实现值",
        "指标值(年度)",
        "年度(项目)指标值",
        "年度指标值(A)",
        "指标值(包含数字及文字描述)",
    ),
    "unit": ("单位", "计量单位", "度量单位"),
    "explanation": ("指标解释", "指标说明", "绩效标准"),
    "scoring_rule": (
        "评分标准",
        "评(扣)分标准",
        "评扣分标准",
        "评价标准",
        "评价标准及依据",
        "计分方法",
    ),
    "weight": ("权重", "分值", "指标权重", "参考分值", "指标分值"),
    "direction": ("指标方向性", "指标方向"),
    "actual": (
        "完成值",
        "实际完成值",
        "全年实际值",
        "全年完成值",
        "实际完成指标值",
        "年终完成值",
        "实际值",
        "全年实际完成值",
    ),
    "score": ("得分", "指标得分", "自评分", "自评得分"),
    "deviation": (
        "偏差原因分析及改进措施",
        "未完成原因分析",
        "未完成原因及拟采取的改进措施",
        "未完成原因及改进措施",
        "偏差原因",
        "偏差及原因分析",
        "偏差原因分析",
        "原因分析",
        "未完成原因",
        "说明",
    ),
    "remark": ("备注",),
    "project": ("项目名称",),
    "org": ("单位名称",),
    "budget": ("预算数",),
    "goal": ("年度目标",),
    "other": (
        "是否核心指标",
        "调整指标值",
        "得分系数",
        "复核分",
        "半年度指标执行情况",
        "完成目标可能性(确定能、有可能、不可能)",
        "完成目标可能性",
    ),
}

#: roles an indicator row's cells are read into (the rest are kept or noted only)
INDICATOR_ROLES = ("level1", "level2", "name", "comparator", "target", "unit")
#: a medium- or long-term column beside the annual one: recognised, not read as the year's
_LONG_TERM = re.compile(r"[(（](长期|中期)[)）]$")
_ANNUAL = re.compile(r"[(（]年度[)）]$")
_NOISE = re.compile(r"[(（]\s*(?:[A-Z]|[A-Z]/[A-Z]|\d+分|分|%|万元|元)\s*[)）]|[*]")
_YEAR = re.compile(r"^\d{4}年(度)?")

_LOOKUP = {squash(s): role for role, spellings in ROLE_SYNONYMS.items() for s in spellings}


@functools.lru_cache(maxsize=4096)
def column_role(text: object) -> str | None:
    """The role a header cell names: `度量单位` → unit, `二级指标(长期)` → longterm."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    cleaned = _YEAR.sub("", squash(text).replace("（", "(").replace("）", ")"))
    cleaned = _NOISE.sub("", cleaned).strip(":：")
    if _LONG_TERM.search(cleaned):
        return "longterm" if _LONG_TERM.sub("", cleaned) in _LOOKUP else None
    role = _LOOKUP.get(cleaned)
    if role is None and _ANNUAL.search(cleaned):
        role = _LOOKUP.get(_ANNUAL.sub("", cleaned))
    return role


@dataclass
class Header:
    """An indicator header: role of each column, over one or two rows."""

    row: int  # the (first) header row
    first_row: int  # the first indicator row
    roles: dict[int, str] = field(default_factory=dict)  # column → role

    def col(self, role: str) -> int | None:
        return next((c for c, r in sorted(self.roles.items()) if r == role), None)

    @property
    def left(self) -> int:
        return min(self.roles)

    @property
    def ordered(self) -> list[tuple[int, str]]:
        return sorted(self.roles.items())


def header_roles(cells: list[tuple[int, object]]) -> dict[int, str]:
    """Column → role for the cells of a candidate header row (unknown cells left out). A
    number right of the named columns is a block's points (`… | 实际完成指标值 | 50`): the
    column below it holds each row's score."""
    found: dict[int, str] = {}
    for col, value in cells:
        role = column_role(value)
        if role:
            found[col] = role
    if "name" not in found.values() or "score" in found.values():
        return found  # not an indicator header, or one naming its 得分 column
    left = min(found)
    for col, value in cells:
        if col > left and col not in found and _POINTS.match(squash(str(value))):
            found[col] = "score"
            break
    return found


_POINTS = re.compile(r"^\d+(\.\d+)?分?$")


def is_header(roles: dict[int, str]) -> bool:
    """An indicator header names the indicator (三级 / 指标名称) beside its levels, or beside
    two columns of values (Chongqing's 部门整体 form: 指标名称 / 计量单位 / 指标性质 / 年初指标值 …,
    no 一级 / 二级)."""
    kinds = set(roles.values())
    values = kinds & {"target", "actual", "unit", "comparator", "nature", "weight", "score"}
    levels = bool(kinds & {"level1", "level2"})
    return "name" in kinds and len(kinds) >= 3 and (levels or len(values) >= 2)


def annual_only(roles: dict[int, str]) -> dict[int, str]:
    """Where the year's columns stand beside medium-term ones under the same words (二级 /
    三级 / 指标值 twice, 中期 first as the forms print them), the last set is the year's."""
    repeated = {"level2", "name", "target"}
    seen: dict[str, int] = {}
    out = dict(roles)
    for col, role in sorted(roles.items(), reverse=True):
        if role in repeated and role in seen:
            out[col] = "longterm"
        seen.setdefault(role, col)
    return out


def merge_second_row(
    upper: list[tuple[int, object]], lower: list[tuple[int, object]]
) -> dict[int, str] | None:
    """A two-row header: `年度 / 指标值`, `实际 / 完成值` (words split over the rows), or a group
    cell (`年度指标值`) over 指标性质 / 指标值 / 度量单位. None when `lower` is not a header."""
    if not lower or any(not isinstance(v, str) for _, v in lower):
        return None
    lower_roles = header_roles(lower)
    upper_roles = header_roles(upper)
    left = min(upper_roles, default=0)
    unresolved = [(c, v) for c, v in upper if c > left and c not in upper_roles]
    fragments = [v for _, v in lower if isinstance(v, str)]
    if len(lower_roles) != len(lower) and not all(len(squash(f)) <= 4 for f in fragments):
        return None
    if unresolved and len(unresolved) == len(lower):
        joined = {c: column_role(f"{squash(str(v))}{squash(str(w))}") for (c, v), (_, w) in
                  zip(unresolved, lower, strict=True)}  # fmt: skip
        if all(joined.values()):
            return {**upper_roles, **{c: r for c, r in joined.items() if r}}
    if len(lower_roles) == len(lower) and all(c not in upper_roles or upper_roles[c] == "target"
                                             for c in lower_roles):  # fmt: skip
        return {**upper_roles, **lower_roles}
    return None
