"""Date parsing for imports and forms: dd/mm/yyyy or ISO yyyy-mm-dd."""

from __future__ import annotations

import datetime as dt

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
"""What forms accept: dd/mm/yyyy first, ISO too."""


def parse_date(value: object) -> dt.date | None:
    """Parse ``value`` (a date, datetime or text) into a date; blank gives ``None``.

    Raises ``ValueError`` for text that is neither ``dd/mm/yyyy`` nor ``yyyy-mm-dd``.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
