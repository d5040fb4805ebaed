"""The indicator framework (财预〔2021〕101号) and label normalisation."""

from __future__ import annotations

import functools
import re

#: 一级指标 → allowed 二级指标, in the order the template offers them.
FRAMEWORK: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}

#: 一级 required in every table; 成本 only in project tables (a warning).
REQUIRED_LEVEL1 = ("产出指标", "效益指标", "满意度指标")

#: Pre-2021 placement: 成本指标 filed as a 二级 under 产出指标.
LEGACY_LEVEL2 = {"成本指标": "产出指标"}

LEVEL2_PARENT = {l2: l1 for l1, l2s in FRAMEWORK.items() for l2 in l2s}

#: names older forms give a 一级 / 二级 → the 2021 name (read as it, with one warning)
OLDER_LEVEL1 = {"项目完成指标": "产出指标", "项目效益指标": "效益指标", "项目产出指标": "产出指标"}
OLDER_LEVEL2 = {
    "产出数量指标": "数量指标",
    "产出质量指标": "质量指标",
    "产出时效指标": "时效指标",
    "产出成本指标": "成本指标",
    "进度指标": "时效指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
}
#: the 2013-era form put 满意度 as a 二级 under 效益: it is a 一级 of its own now
SATISFACTION_UNDER_BENEFIT = ("效益指标", "服务对象满意度指标")

# Short forms people write: 满意度 → 服务对象满意度指标, 成本 → 经济成本指标 under 成本.
_LEVEL2_SHORT = {"满意度指标": "服务对象满意度指标"}

#: labels and names repeat across rows and workbooks: the pure text functions remember
_CACHE = 16_384
_SPACE = re.compile(r"[\s\u3000\u00a0]+")


@functools.lru_cache(maxsize=_CACHE)
def squash(text: str) -> str:
    """Drop every kind of whitespace, including line breaks inside labels (`满意度指\\n标`)."""
    return _SPACE.sub("", text)


def _with_suffix(label: str) -> str:
    label = squash(label).rstrip(":：")
    return label if not label or label.endswith("指标") else label + "指标"


@functools.lru_cache(maxsize=_CACHE)
def normalise_level1(label: str) -> str:
    """`产出` → `产出指标`, `项目完成指标` → `产出指标` (an older name); unknown labels come
    back squashed, with 指标 appended."""
    full = _with_suffix(label)
    return OLDER_LEVEL1.get(full, full)


@functools.lru_cache(maxsize=_CACHE)
def normalise_level2(label: str) -> str:
    """`数量` → `数量指标`, `满意度` → `服务对象满意度指标`, `产出数量` → `数量指标`."""
    full = _with_suffix(label)
    full = OLDER_LEVEL2.get(full, full)
    return _LEVEL2_SHORT.get(full, full)


def older_name(raw: str | None, level: int) -> str | None:
    """The 2021 name when `raw` is an older form's name for it (`项目完成指标` → 产出指标)."""
    if not raw:
        return None
    full = _with_suffix(raw)
    older = OLDER_LEVEL1 if level == 1 else OLDER_LEVEL2
    return older.get(full)


@functools.lru_cache(maxsize=_CACHE)
def is_level1(label: str) -> bool:
    return normalise_level1(label) in FRAMEWORK


@functools.lru_cache(maxsize=_CACHE)
def is_level2(label: str) -> bool:
    full = normalise_level2(label)
    return full in LEVEL2_PARENT or full in LEGACY_LEVEL2
