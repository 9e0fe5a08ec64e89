"""One row of a history import, read and checked without the database (``record_import``).

A file of a million rows goes through :func:`parse_row` twice, so it avoids per-row work that
does not depend on the row: the allowed values are module-level frozensets (a ``TextChoices``'
``values`` builds a new list on each access), and a ``dd/mm/yyyy`` date is split by hand
before falling back to :func:`thidua.core.dates.parse_date` (``strptime`` is several times
slower); both accept exactly the same text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from thidua.awards.choices import (
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    Rating,
    Recipients,
    RecipientType,
    RecordKind,
)
from thidua.awards.models import AwardTitle
from thidua.core.dates import parse_date
from thidua.core.tabular import Row, RowError

Key = tuple[str, str, str, str, int | None, str]
"""What names a row in the file: kind, recipient type and code, value, year, decision."""

_KINDS = frozenset(RecordKind.values)
_RECIPIENT_TYPES = frozenset(RecipientType.values)
_AWARD_TYPES = list(AwardType.values)
_AWARD_TYPE_SET = frozenset(_AWARD_TYPES)
_VALUE_COLUMN: dict[str, str] = {
    RecordKind.AWARD: "award",
    RecordKind.RATING: "rating",
    RecordKind.INITIATIVE: "scope",
    RecordKind.DISCIPLINE: "discipline_level",
}
_VALUES: dict[str, list[str]] = {
    "rating": list(Rating.values),
    "scope": list(InitiativeScope.values),
    "discipline_level": list(DisciplineLevel.values),
}
_VALUE_SETS = {column: frozenset(values) for column, values in _VALUES.items()}
_PERIOD_KINDS = frozenset({RecordKind.DISCIPLINE, RecordKind.BLOCKER})
_EXCLUSIVE = ("award", "rating", "scope", "discipline_level")


@dataclass(slots=True)
class Line:
    """One valid row, parsed; the recipient still by code."""

    number: int
    record_kind: str
    recipient_type: str
    recipient_code: str
    award: AwardTitle | None
    value: str
    award_type: str
    year: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    issuer: str
    revoked_by_decision: str
    revoked_on: dt.date | None
    note: str

    @property
    def key(self) -> Key:
        return (
            self.record_kind,
            self.recipient_type,
            self.recipient_code,
            self.value,
            self.year,
            self.decision_number,
        )


def quick_date(text: str) -> dt.date | None:
    """:func:`parse_date` of stripped text, with ``dd/mm/yyyy`` in ASCII digits done by hand."""
    if not text:
        return None
    if (
        len(text) == 10
        and text[2] == "/"
        and text[5] == "/"
        and text.isascii()
        and (digits := text[:2] + text[3:5] + text[6:]).isdigit()
    ):
        try:
            return dt.date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
        except ValueError:
            pass  # parse_date decides (and refuses)
    return parse_date(text)


def parse_row(row: Row, catalogue: dict[str, AwardTitle]) -> tuple[Line | None, list[RowError]]:
    """The row as a :class:`Line`, or the reasons it is refused (no database access)."""
    v = row.values
    errors: list[str] = []

    def date(column: str) -> dt.date | None:
        try:
            return quick_date(v[column])
        except ValueError:
            errors.append(
                _("Cột %(column)s: ngày “%(value)s” không đúng dạng dd/mm/yyyy.")
                % {"column": column, "value": v[column]}
            )
            return None

    kind = v["record_kind"].lower()
    recipient_type = v["recipient_type"].lower()
    known_kind = kind in _KINDS
    known_type = recipient_type in _RECIPIENT_TYPES
    if not known_kind:
        errors.append(
            _(
                "Loại hồ sơ “%(value)s” không hợp lệ "
                "(award, rating, initiative, discipline, blocker)."
            )
            % {"value": v["record_kind"]}
        )
    if not known_type:
        errors.append(
            _("Loại đối tượng “%(value)s” không hợp lệ (person, collective).")
            % {"value": v["recipient_type"]}
        )
    if not v["recipient_code"]:
        errors.append(_("Thiếu mã đối tượng (recipient_code)."))

    award: AwardTitle | None = None
    value = ""
    value_column = _VALUE_COLUMN.get(kind) if known_kind else None
    if known_kind:
        for column in _EXCLUSIVE:
            if column != value_column and v[column]:
                errors.append(
                    _("Cột %(column)s không dùng cho hồ sơ loại %(kind)s.")
                    % {"column": column, "kind": kind}
                )
    if value_column:
        value = v[value_column].lower() if value_column != "award" else v["award"]
        if not value:
            errors.append(
                _("Hồ sơ loại %(kind)s phải có giá trị ở cột %(column)s.")
                % {"kind": kind, "column": value_column}
            )
        elif value_column == "award":
            award = catalogue.get(value)
            if award is None:
                errors.append(_("Không có danh hiệu, hình thức mã “%(code)s”.") % {"code": value})
            elif known_type and not award.allows(recipient_type):
                errors.append(
                    _("“%(award)s” chỉ dành cho %(recipients)s.")
                    % {
                        "award": award.name,
                        "recipients": Recipients(award.recipients).label.lower(),
                    }
                )
        elif value not in _VALUE_SETS[value_column]:
            errors.append(
                _("Cột %(column)s: giá trị “%(value)s” không hợp lệ (%(allowed)s).")
                % {
                    "column": value_column,
                    "value": v[value_column],
                    "allowed": ", ".join(_VALUES[value_column]),
                }
            )
    if kind == RecordKind.DISCIPLINE and recipient_type == RecipientType.COLLECTIVE:
        errors.append(_("Kỷ luật chỉ ghi cho cá nhân."))

    award_type = v["award_type"].lower() or AwardType.CONG_TRANG
    if award_type not in _AWARD_TYPE_SET:
        errors.append(
            _("Cột award_type: giá trị “%(value)s” không hợp lệ (%(allowed)s).")
            % {"value": v["award_type"], "allowed": ", ".join(_AWARD_TYPES)}
        )

    year: int | None = None
    if v["year"]:
        try:
            year = int(v["year"])
        except ValueError:
            year = None
        if year is None or not 1900 <= year <= 2100:
            errors.append(_("Năm “%(value)s” không hợp lệ.") % {"value": v["year"]})
    elif known_kind and kind not in _PERIOD_KINDS:
        errors.append(_("Hồ sơ loại %(kind)s phải có năm.") % {"kind": kind})

    start_date, end_date = date("start_date"), date("end_date")
    if kind in _PERIOD_KINDS:
        if start_date is None and not v["start_date"]:
            errors.append(_("Kỷ luật và vướng mắc phải có ngày bắt đầu (start_date)."))
        if start_date and end_date and end_date < start_date:
            errors.append(_("Ngày kết thúc không được trước ngày bắt đầu."))
    elif known_kind and (v["start_date"] or v["end_date"]):
        errors.append(_("Ngày bắt đầu, kết thúc chỉ dùng cho kỷ luật và vướng mắc."))
    decision_date, revoked_on = date("decision_date"), date("revoked_on")
    if v["revoked_on"] and not v["revoked_by_decision"]:
        errors.append(_("Ngày thu hồi phải đi kèm quyết định thu hồi (revoked_by_decision)."))

    if errors:
        return None, [RowError(row.number, message) for message in errors]
    return (
        Line(
            row.number,
            kind,
            recipient_type,
            v["recipient_code"],
            award,
            value,
            award_type,
            year,
            start_date,
            end_date,
            v["decision_number"],
            decision_date,
            v["issuer"],
            v["revoked_by_decision"],
            revoked_on,
            v["note"],
        ),
        [],
    )
