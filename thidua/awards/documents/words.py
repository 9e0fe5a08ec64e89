"""The wording the proposal and the decision share: a title or form named for its conferring
authority, the authority's head, legal bases as "Căn cứ …" lines, counts and dates in words.
Legal document text: Vietnamese literals, never translated (see :mod:`thidua.documents.layout`).
"""

from __future__ import annotations

import datetime as dt
import re

from thidua.core.text import fold
from thidua.organizations.choices import AgencyKind
from thidua.organizations.models import Agency

# The catalogue names a ministry- or province-level title generically (DOMAIN.md §4); a
# document names the authority that confers it.
GENERIC_LEVEL = "bộ, ban, ngành, tỉnh"

HEAD_OF_KIND: dict[str, str] = {
    AgencyKind.MINISTRY: "Bộ trưởng",
    AgencyKind.PROVINCIAL_COMMITTEE: "Chủ tịch",
}

# A deputy signs for the head (Decree 30: "KT." — ký thay).
DEPUTY_PREFIXES = ("thu truong", "pho ")


def head_title(authority: Agency) -> str:
    """``"Bộ trưởng Bộ Công Thương"`` — the head who decides, or the agency alone."""
    head = HEAD_OF_KIND.get(authority.kind)
    return f"{head} {authority.name}" if head else authority.name


def head_only(authority: Agency) -> str:
    """``"Bộ trưởng"`` (``"Thủ trưởng"`` for a kind without a fixed title)."""
    return HEAD_OF_KIND.get(authority.kind, "Thủ trưởng")


def award_words(name: str, *, form: bool, authority: Agency | None) -> str:
    """``"Cờ thi đua của bộ, ban, ngành, tỉnh"`` → ``"Cờ thi đua của Bộ Công Thương"``; a form
    is given by the head: ``"Bằng khen của Bộ trưởng Bộ Công Thương"``. Other names (and any
    name without an authority) are kept."""
    if authority is None or GENERIC_LEVEL not in name:
        return name
    who = head_title(authority) if form else authority.name
    return name.replace(GENERIC_LEVEL, who).replace("  ", " ")


def is_deputy(title: str) -> bool:
    return fold(title).startswith(DEPUTY_PREFIXES)


def basis_lines(*texts: str) -> tuple[str, ...]:
    """Legal bases as stored (one per line, or separated by ``;``) in order, without repeats
    and without a leading ``"Căn cứ"``."""
    seen: list[str] = []
    for text in texts:
        for line in re.split(r"[;\n]", text):
            basis = line.strip().rstrip(".;,").strip()
            if fold(basis).startswith("can cu "):
                basis = basis[len("Căn cứ ") :].strip()
            if basis and fold(basis) not in {fold(b) for b in seen}:
                seen.append(basis)
    return tuple(seen)


def two_digits(count: int) -> str:
    """``"01"``: counts in administrative documents take a leading zero below ten."""
    return f"{count:02d}"


def recipients_words(collectives: int, persons: int) -> str:
    """``"02 tập thể và 01 cá nhân"``."""
    parts = []
    if collectives:
        parts.append(f"{two_digits(collectives)} tập thể")
    if persons:
        parts.append(f"{two_digits(persons)} cá nhân")
    return " và ".join(parts) or "không có tập thể, cá nhân nào"


def date_words(date: dt.date | None) -> str:
    """``"ngày 04 tháng 01 năm 2026"`` (Decree 30 zeros), or nothing without a date."""
    if date is None:
        return ""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def about(summary: str, fallback: str) -> str:
    """A summary line as it prints under the type: ``"Về việc …"``."""
    text = " ".join(summary.split())
    if not text:
        return fallback
    folded = fold(text)
    if folded.startswith("ve viec "):
        return text
    if folded.startswith("v/v "):
        return "Về việc " + text[4:].strip()
    return "Về việc " + text[:1].lower() + text[1:]


def province_name(agency: Agency | None) -> str:
    """The place line's name of the agency's province (``Cần Thơ``, not ``Thành phố Cần
    Thơ``); blank when unknown."""
    if agency is None or agency.province is None:
        return ""
    name = agency.province.name.strip()
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
