"""The commendation history and its search results as spreadsheets (.xlsx).

One sheet per file: a bold header row in the interface language, then one row per item, dates
as date cells shown dd/mm/yyyy, the header frozen and filterable. The workbooks are written in
openpyxl's write-only mode, so a long history streams through memory a chunk at a time; a
queryset passed in is read with ``iterator()`` and the related rows it needs joined in.

Callers pass only what the user may see (``records_visible_to``, ``people_visible_to``): these
functions write what they are given.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from thidua.awards.choices import RecordKind
from thidua.awards.models import CommendationRecord
from thidua.organizations.models import Agency, Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
CHUNK = 2000
"""Rows read from the database at a time."""

Value = str | int | dt.date | None


def _header_cells(sheet: WriteOnlyWorksheet, header: Sequence[str]) -> list[Cell]:
    font = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    alignment = Alignment(vertical="center", wrap_text=True)
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill, cell.alignment = font, fill, alignment
        cells.append(cell)
    return cells


def _row_cells(sheet: WriteOnlyWorksheet, values: Sequence[Value]) -> list[Any]:
    """Plain values, except dates: a date cell shown dd/mm/yyyy."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=dt.datetime(value.year, value.month, value.day))
            cell.number_format = DATE_FORMAT
            row.append(cell)
        else:
            row.append(value if value != "" else None)
    return row


def _workbook[T](
    *,
    title: str,
    header: Sequence[tuple[str, int]],
    items: Iterable[T],
    row: Callable[[T], Sequence[Value]],
) -> bytes:
    """One sheet: ``header`` (title, column width), then ``row(item)`` for every item."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    sheet = workbook.create_sheet(title=title[:31] or "Sheet1")
    for index, (_title, width) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_header_cells(sheet, [t for t, _width in header]))
    count = 0
    for item in items:
        sheet.append(_row_cells(sheet, row(item)))
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _stream[M](items: Iterable[M], *related: str) -> Iterable[M]:
    """A queryset read in chunks with ``related`` joined in; any other iterable as it is."""
    if isinstance(items, QuerySet):
        if related:
            items = items.select_related(*related)
        return items.iterator(chunk_size=CHUNK)
    return items


# --- History records ---------------------------------------------------------------------------


def _record_row(record: CommendationRecord) -> list[Value]:
    is_person = record.person_id is not None
    recipient: Person | Agency | None = record.person if is_person else record.agency
    return [
        str(record.get_record_kind_display()),
        str(_("Cá nhân") if is_person else _("Tập thể")),
        recipient.code if recipient is not None else "",
        str(recipient) if recipient is not None else "",
        record.value_label,
        record.year,
        record.start_date,
        record.end_date,
        str(record.get_award_type_display()) if record.record_kind == RecordKind.AWARD else "",
        record.decision_number,
        record.decision_date,
        record.issuer,
        record.revoked_by_decision,
        record.revoked_on,
        record.note,
    ]


def records_workbook(records: Iterable[CommendationRecord], *, title: str = "") -> bytes:
    """History records as an .xlsx: kind, recipient, value, year or period, award type,
    decision, issuer, revocation and note — one row per record, in the order given."""
    header = [
        (_("Loại hồ sơ"), 16),
        (_("Đối tượng"), 10),
        (_("Mã đối tượng"), 14),
        (_("Tên cá nhân, tập thể"), 36),
        (_("Danh hiệu, hình thức, xếp loại"), 36),
        (_("Năm"), 7),
        (_("Từ ngày"), 11),
        (_("Đến ngày"), 11),
        (_("Loại hình khen thưởng"), 22),
        (_("Số quyết định"), 18),
        (_("Ngày quyết định"), 12),
        (_("Cơ quan ban hành"), 30),
        (_("Quyết định thu hồi, hủy bỏ"), 18),
        (_("Ngày thu hồi, hủy bỏ"), 12),
        (_("Lý do, ghi chú"), 50),
    ]
    return _workbook(
        title=title or _("Quá trình khen thưởng"),
        header=header,
        items=_stream(records, "person", "agency", "award"),
        row=_record_row,
    )


# --- Search results: people and agencies --------------------------------------------------------


def _person_row(person: Person) -> list[Value]:
    return [person.code, person.full_name, str(person.get_gender_display()), person.birth_year]


def people_workbook(people: Iterable[Person], *, title: str = "") -> bytes:
    """People (a search result) as an .xlsx: code, full name, gender, year of birth."""
    header = [
        (_("Mã cá nhân"), 14),
        (_("Họ và tên"), 32),
        (_("Giới tính"), 10),
        (_("Năm sinh"), 10),
    ]
    return _workbook(
        title=title or _("Cá nhân"), header=header, items=_stream(people), row=_person_row
    )


def _agency_row(agency: Agency) -> list[Value]:
    return [
        agency.code,
        agency.name,
        agency.short_name,
        str(agency.get_kind_display()),
        agency.province.name if agency.province is not None else "",
        agency.valid_from,
        agency.valid_to,
    ]


def agencies_workbook(agencies: Iterable[Agency], *, title: str = "") -> bytes:
    """Agencies (a search result) as an .xlsx: code, names, kind, province, dates of existence."""
    header = [
        (_("Mã đơn vị"), 14),
        (_("Tên đơn vị"), 44),
        (_("Tên viết tắt"), 14),
        (_("Loại đơn vị"), 22),
        (_("Tỉnh, thành phố"), 18),
        (_("Hoạt động từ ngày"), 12),
        (_("Hoạt động đến ngày"), 12),
    ]
    return _workbook(
        title=title or _("Đơn vị"),
        header=header,
        items=_stream(agencies, "province"),
        row=_agency_row,
    )
