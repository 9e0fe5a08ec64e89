"""Reading imported tables (.csv or .xlsx) into numbered rows, and the import error type."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from thidua.core.errors import DomainError


@dataclass(frozen=True)
class RowError:
    """One reason a row was refused; ``row`` is the line number a spreadsheet user sees."""

    row: int
    message: str


class ImportRejected(DomainError):
    """A file was refused as a whole; ``errors`` names every bad row and why."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.row)
        super().__init__(
            _("Tệp có %(count)d lỗi; không có dữ liệu nào được ghi.") % {"count": len(self.errors)}
        )


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]


def read_table(stream: IO[bytes], filename: str, columns: list[str]) -> list[Row]:
    """Read ``stream`` as CSV or XLSX (by ``filename``'s extension) into rows keyed by column.

    The first row is the header and must contain every name in ``columns``; blank lines are
    skipped. Values come back as stripped text (dates from a spreadsheet as ``yyyy-mm-dd``).
    """
    lower = filename.lower()
    if lower.endswith(".csv"):
        table = _read_csv(stream)
    elif lower.endswith(".xlsx"):
        table = _read_xlsx(stream)
    else:
        raise ImportRejected([RowError(0, _("Chỉ nhận tệp .csv hoặc .xlsx."))])
    if not table:
        raise ImportRejected([RowError(1, _("Tệp trống: thiếu dòng tiêu đề."))])
    header = [cell.strip().lower() for cell in table[0][1]]
    missing = [name for name in columns if name not in header]
    if missing:
        raise ImportRejected(
            [RowError(1, _("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    rows = []
    for number, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: (cells[header.index(name)].strip() if header.index(name) < len(cells) else "")
            for name in columns
        }
        rows.append(Row(number, values))
    return rows


def _read_csv(stream: IO[bytes]) -> list[tuple[int, list[str]]]:
    raw = stream.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([RowError(0, _("Tệp CSV phải được lưu với bảng mã UTF-8."))]) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(reader.line_num, row) for row in reader]


def _read_xlsx(stream: IO[bytes]) -> list[tuple[int, list[str]]]:
    import datetime as dt
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(stream.read()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise ImportRejected([RowError(0, _("Không đọc được tệp Excel (.xlsx)."))]) from None
    sheet = workbook.worksheets[0]
    table = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, dt.datetime):
                cells.append(value.date().isoformat())
            elif isinstance(value, dt.date):
                cells.append(value.isoformat())
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            else:
                cells.append(str(value))
        table.append((number, cells))
    workbook.close()
    return table
