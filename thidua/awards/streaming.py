"""Reading a .csv or .xlsx import row by row, without loading the file into memory.

The same contract as :func:`thidua.core.tabular.read_table` (header check, blank lines skipped,
stripped text, spreadsheet dates as ``yyyy-mm-dd``, the same :class:`ImportRejected`), but a
generator: a large history file is read once to validate and once more to write.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Generator, Iterator
from typing import IO

from django.utils.translation import gettext as _

from thidua.core.tabular import ImportRejected, Row, RowError

Lines = Generator[tuple[int, list[str]]]
"""Numbered raw lines of a file (the header included)."""


def rewindable(stream: IO[bytes]) -> IO[bytes]:
    """``stream`` itself when it can seek, else a spooled copy that can (read more than once)."""
    if stream.seekable():
        return stream
    copy = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 (returned)
    while chunk := stream.read(1024 * 1024):
        copy.write(chunk)
    copy.seek(0)
    return copy


def iter_table(stream: IO[bytes], filename: str, columns: list[str]) -> Iterator[Row]:
    """Yield the rows of ``stream`` (from its start) keyed by ``columns``; see the module doc."""
    stream.seek(0)
    lines: Lines
    lower = filename.lower()
    if lower.endswith(".csv"):
        lines = _csv_lines(stream)
    elif lower.endswith(".xlsx"):
        lines = _xlsx_lines(stream)
    else:
        raise ImportRejected([RowError(0, _("Chỉ nhận tệp .csv hoặc .xlsx."))])
    try:
        yield from _rows(lines, columns)
    finally:
        lines.close()  # releases the reader even when the header is refused


def _rows(lines: Iterator[tuple[int, list[str]]], columns: list[str]) -> Iterator[Row]:
    first = next(lines, None)
    if first is None:
        raise ImportRejected([RowError(1, _("Tệp trống: thiếu dòng tiêu đề."))])
    header = [cell.strip().lower() for cell in first[1]]
    missing = [name for name in columns if name not in header]
    if missing:
        raise ImportRejected(
            [RowError(1, _("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    positions = [(name, header.index(name)) for name in columns]
    for number, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        yield Row(
            number,
            {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions},
        )


def _csv_lines(stream: IO[bytes]) -> Lines:
    sample = stream.read(4096).decode("utf-8", errors="ignore")
    stream.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except UnicodeDecodeError:
        raise ImportRejected([RowError(0, _("Tệp CSV phải được lưu với bảng mã UTF-8."))]) from None
    finally:
        with contextlib.suppress(ValueError):  # already closed by its owner
            text.detach()  # the caller's stream stays open for the next pass


def _xlsx_lines(stream: IO[bytes]) -> Lines:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise ImportRejected([RowError(0, _("Không đọc được tệp Excel (.xlsx)."))]) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
