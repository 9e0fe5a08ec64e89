"""The place-and-date line of an administrative document (Decree 30/2020/NĐ-CP, Annex I).

The words are legal document text and stay Vietnamese literals (documents are always
Vietnamese, whatever the user's interface language), so nothing here goes through gettext.
"""

from __future__ import annotations

import datetime as dt

# Where a date is left blank (a draft, a document signed by hand), Word templates leave a few
# spaces for the officer to write the day and month in by pen.
BLANK = "    "


def place_and_date(place: str, date: dt.date | None, *, year: int | None = None) -> str:
    """``"Cần Thơ, ngày 10 tháng 5 năm 2023"`` — the italic line under the national motto.

    Decree 30: a day under 10 and the months 1 and 2 take a leading zero, the other months do
    not (17/02/2023 → ``ngày 17 tháng 02 năm 2023``; 05/03/2024 → ``ngày 05 tháng 3 năm 2024``).
    Without a date the day and month are left blank for the pen and the year is ``year`` (or
    the current year): ``"Cần Thơ, ngày    tháng    năm 2023"``.
    """
    if date is None:
        printed_year = year if year is not None else dt.date.today().year
        when = f"ngày{BLANK}tháng{BLANK}năm {printed_year}"
    else:
        day = f"{date.day:02d}"
        month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
        when = f"ngày {day} tháng {month} năm {date.year}"
    place = place.strip()
    if not place:
        return when[:1].upper() + when[1:]
    return f"{place}, {when}"
