"""Place an indicator row's cells under the header by what they hold.

Published tables lose merged cells: a row under a merged 一级 / 二级 simply lacks its leading
cells, and text copies drop empty cells in the middle too. `align` finds the order-keeping
placement of a row's cells on the header's columns that fits their content best (a 一级 word
under 一级, `≥95%` under a target, a number under 分值 …); a row already in its columns stays
there. A cell that fits nowhere is left unplaced, and said so by the reader.
"""

from __future__ import annotations

import functools
import re

from xlgoals.model.framework import is_level1, is_level2, squash
from xlgoals.model.targets import Comparator, Note, parse_comparator, parse_target

#: a 一级 / 二级 label's points: `产出指标(50分)`, `(30分)`
POINTS = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
_TYPE_WORDS = frozenset({"定量", "定性", "定量指标", "定性指标"})
_DIRECTION = re.compile(r"^(正向|反向|逆向)(指标)?$")
_PLACEHOLDER = frozenset({"/", "-", "—", "--", "*", "无", "\\"})
_CODED = re.compile(r"^[\[【]?\d{3,}[\]】]?-?[^\d\s]")
_GAP = 0.4  # a header column skipped inside a row (an empty cell the copy dropped)
_ANCHOR = 0.5  # a cell already in its header column
UNFIT = 0.0  # a placed cell with a fit below this is not understood


def label_text(text: str) -> str:
    """A 一级 / 二级 cell without its points and spaces: `产 出 指 标(70分)` → 产出指标."""
    return POINTS.sub("", squash(text))


_NUMBER = re.compile(r"^[-+]?\d+(?:,\d{3})*(?:\.\d+)?$")
#: a 定性 target in its usual words, never a name: a degree and a change (有所提升, 明显增强),
#: an effect and its degree (效果明显, 影响较小), no effect (无明显影响), a span (长期)
ASSESSMENT = re.compile(
    r"^(?:(?:有所|明显|显著|逐步|稳步|持续|进一步|不断|大幅|基本|全面|有效|得到)?"
    r"(?:提升|提高|增强|增加|改善|优化|加强|促进|降低|减少|下降|好转|稳定|健全|完善|建立健全|保持)"
    r"|(?:效果|成效|影响|作用)?(?:明显|显著|良好|较好|突出)"
    r"|无(?:明显|重大|不良|负面)?影响|(?:影响|风险)(?:较小|很小|不大)|长期|中长期|持续)$"
)


def _number(text: str) -> bool:
    return bool(_NUMBER.match(text))


@functools.lru_cache(maxsize=16_384)
def fit(text: str, role: str) -> float:
    """How well a cell's text fits a column role: > 0 fits, < 0 does not."""
    if not text:
        return 0.0
    squashed = squash(text)
    if role in ("level1", "level2"):
        return _fit_label(squashed, role)
    if role == "name":
        return _fit_name(squashed)
    if role == "comparator":
        return 4.0 if parse_comparator(squashed) is not None else -3.0
    if role in ("nature", "value_type"):
        if squashed in _TYPE_WORDS or (role == "nature" and parse_comparator(squashed)):
            return 4.0
        return -3.0
    if role == "direction":
        return 4.0 if _DIRECTION.match(squashed) else -2.0
    if role == "unit":
        if _number(squashed) or parse_comparator(squashed):
            return -2.0
        return 2.0 if len(squashed) <= 6 else -1.0
    if role in ("weight", "score"):
        if _number(squashed):
            return 2.0
        return 0.3 if squashed in _PLACEHOLDER else -3.0
    if role == "budget":
        return 2.0 if _number(squashed) else -2.0
    if role in ("target", "actual"):
        return _fit_target(squashed, text)
    if role == "project":
        return -1.0 if _number(squashed) or is_level1(squashed) else 0.5
    if role == "org" and _CODED.match(squashed):
        return 1.5  # `820001-井研县马踏镇人民政府`: a unit with its budget code
    if role in ("org", "goal"):
        return -1.0 if _number(squashed) or is_level1(squashed) else 0.2
    if role == "longterm":  # the medium-term 二级 / 三级 / 指标值 beside the year's
        return max(0.1, *(fit(text, r) for r in ("level2", "name", "target")))
    # explanation, scoring_rule, deviation, remark, other: free text
    return -0.5 if is_level1(squashed) or is_level2(squashed) else 0.1


def _fit_label(squashed: str, role: str) -> float:
    label = label_text(squashed)
    if not label:
        return 1.0 if POINTS.search(squashed) else -3.0  # `(50分)`: the 一级's points only
    one, two = is_level1(label), is_level2(label)
    if role == "level1":
        if one:
            return 3.5 if two else 4.0  # 成本: a 一级 now, a 二级 under 产出 before 2021
        if two:
            return -2.0
        return 1.0 if label.endswith("指标") and len(label) <= 8 else -3.0
    if two:
        return 4.0
    if one:
        return -1.0
    short = len(label) <= 8 and label.endswith(("指标", "效益", "成本", "数量", "质量", "时效"))
    return 1.0 if short else -3.0


def _fit_name(squashed: str) -> float:
    label = label_text(squashed)
    if label and (is_level1(label) or is_level2(label)):
        return -2.0
    if _number(squashed) or parse_comparator(squashed) is not None:
        return -3.0
    target = parse_target(squashed)
    if target.number is not None and target.text is None and len(target.unit) <= 4:
        return -2.0  # `≥95%`, `100%`, `63人`: a target, not a name
    if ASSESSMENT.match(squashed):
        return 0.5  # `有所提升`: a target in words
    return 1.5 if len(squashed) > 3 else 1.0


def _fit_target(squashed: str, text: str) -> float:
    target = parse_target(text)
    if target.comparator not in (None, Comparator.QUALITATIVE) and target.number is not None:
        return 3.0
    if target.number is not None:
        return 1.5
    if Note.DATE in target.notes:
        return 1.0
    if ASSESSMENT.match(squashed):
        return 2.0
    label = label_text(squashed)
    if label and (is_level1(label) or is_level2(label)):
        return -2.0
    return 0.3


def align(cells: list[tuple[int, str]], columns: list[tuple[int, str]]) -> dict[int, int]:
    """Grid column of each cell → header column, keeping their order (a dynamic programme
    over cells × columns: fit, plus a bonus for staying put, minus a penalty per column
    skipped between two cells of the row). `cells` run from the row's first filled cell to
    its last, blanks included."""
    n, m = len(cells), len(columns)
    if n == 0 or n > m:
        return {}
    negative = float("-inf")
    # best[i][j]: the best score with cell i placed on column j
    best = [[negative] * m for _ in range(n)]
    back = [[-1] * m for _ in range(n)]
    for i, (grid_col, text) in enumerate(cells):
        for j, (col, role) in enumerate(columns):
            gain = fit(text, role) + (_ANCHOR if grid_col == col else 0.0)
            if i == 0:
                best[i][j] = gain
                continue
            for k in range(i - 1, j):
                if best[i - 1][k] == negative:
                    continue
                score = best[i - 1][k] + gain - _GAP * (j - k - 1)
                if score > best[i][j]:
                    best[i][j], back[i][j] = score, k
    j = max(range(m), key=lambda c: best[n - 1][c])
    if best[n - 1][j] == negative:
        return {}
    placed: dict[int, int] = {}
    for i in range(n - 1, -1, -1):
        placed[cells[i][0]] = columns[j][0]
        j = back[i][j]
    return placed


def fits_at(text: str, role: str | None) -> bool:
    """A cell understood where it stands: blank, or fitting its column's role. Columns
    without a role (a section cell beside the header) hold nothing to read."""
    return not text or (role is not None and fit(text, role) >= UNFIT)


def row_fits(cells: list[tuple[int, str]], roles: dict[int, str]) -> bool:
    """Every filled cell of the row fits the role of the column it sits in (`fits_at` of
    each, as a loop: asked for every row)."""
    for col, text in cells:
        if text:
            role = roles.get(col)
            if role is None or fit(text, role) < UNFIT:
                return False
    return True
