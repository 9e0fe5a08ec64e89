"""The words and numbers the documents of a session write: fractions and thresholds in words,
shares in per cent with the decimal comma, outcomes, the header's balanced lines. Legal
document text: Vietnamese literals, never translated."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations, pairwise

from thidua.documents.dates import place_and_date
from thidua.voting.choices import Outcome, PassBase
from thidua.voting.tally import RuleNumbers

OUTCOME_WORDS = {
    Outcome.ELECTED: "Trúng cử",
    Outcome.NOT_ELECTED: "Không trúng cử",
    Outcome.TIED: "Bằng phiếu, chưa xử lý",
    Outcome.RUNOFF: "Bằng phiếu, bỏ phiếu lại",
}
FRACTION_WORDS = {
    (1, 2): "một phần hai",
    (2, 3): "hai phần ba",
    (3, 4): "ba phần tư",
    (4, 5): "bốn phần năm",
    (7, 10): "bảy phần mười",
    (9, 10): "chín phần mười",
}
BASE_WORDS = {
    PassBase.ALL_VOTERS: "tổng số thành viên (kể cả thành viên vắng mặt)",
    PassBase.BALLOTS_CAST: "số phiếu hợp lệ",
}


# --- Words and numbers -----------------------------------------------------------------------


def fraction_words(num: int, den: int) -> str:
    """``"một phần hai (1/2)"``; a fraction without a usual name is written ``"3/7"``."""
    words = FRACTION_WORDS.get((num, den))
    return f"{words} ({num}/{den})" if words else f"{num}/{den}"


def threshold_words(rule: RuleNumbers, *, base: int, required: int) -> str:
    """``"Trúng cử phải được hơn một phần hai (1/2) tổng số thành viên …: 5, tức ít nhất 3 phiếu
    đồng ý."`` — the pass rule as the minutes state it."""
    fraction = fraction_words(rule.pass_num, rule.pass_den)
    share = f"hơn {fraction}" if rule.pass_strict else f"từ {fraction} trở lên"
    return (
        f"Trúng cử phải được số phiếu đồng ý {share} {BASE_WORDS[PassBase(rule.pass_base)]} "
        f"({base}), tức ít nhất {required} phiếu đồng ý."
    )


def quorum_words(rule: RuleNumbers, *, present: int, total: int, required: int, met: bool) -> str:
    verdict = "đủ điều kiện" if met else "không đủ điều kiện, kết quả không có giá trị"
    return (
        f"Số thành viên có mặt: {present}/{total}; cần ít nhất {required} "
        f"({fraction_words(rule.quorum_num, rule.quorum_den)} tổng số thành viên): {verdict}."
    )


def percent(count: int, base: int) -> str:
    """``"66,67"``: ``count`` of ``base`` in per cent, two decimals, the decimal comma."""
    if base <= 0:
        return "0,00"
    value = (Decimal(count) * 100 / Decimal(base)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value}".replace(".", ",")


def day_words(date: dt.date) -> str:
    """``"ngày 18 tháng 12 năm 2026"`` (Decree 30 zeros, lower case)."""
    text = place_and_date("", date)
    return text[:1].lower() + text[1:]


def join_names(names: list[str]) -> str:
    return "; ".join(names)


# Capitals of 13 pt that fit on one line of the header's left column (45 % of the text width).
HEADER_LINE_CHARS = 25


def header_lines(text: str, width: int = HEADER_LINE_CHARS) -> str:
    """A body's name broken into balanced lines for the header's left column: ``"Sở Công
    Thương tỉnh An Giang"`` → ``"Sở Công Thương\ntỉnh An Giang"`` rather than a last word
    alone on its line; a parenthesis (``"(Cụm XI)"``) and existing breaks start a line."""
    lines: list[str] = []
    for part in text.replace(" (", "\n(").splitlines():
        words = part.split()
        if not words:
            continue
        if len(" ".join(words)) <= width:
            lines.append(" ".join(words))
            continue
        for count in range(2, len(words) + 1):
            split = _best_split(words, count, width)
            if split is not None:
                lines.extend(split)
                break
        else:
            lines.append(" ".join(words))
    return "\n".join(lines)


def _best_split(words: list[str], count: int, width: int) -> list[str] | None:
    """``words`` in ``count`` lines of at most ``width`` characters (``None`` if impossible):
    the longest line as short as it can be and, on equal terms, the upper lines shorter."""
    best: tuple[tuple[int, tuple[int, ...]], list[str]] | None = None
    # A line never starts with a dash ("Thi đua - Khen thưởng" breaks before "Thi").
    places = [i for i in range(1, len(words)) if words[i] not in ("-", "–")]
    for cuts in combinations(places, count - 1):
        bounds = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in pairwise(bounds)]
        lengths = tuple(len(line) for line in lines)
        key = (max(lengths), lengths)
        if key[0] <= width and (best is None or key < best[0]):
            best = (key, lines)
    return best[1] if best is not None else None
