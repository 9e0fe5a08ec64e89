"""Judging an uploaded file by its content (thidua/core/files.py)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from docx import Document

from thidua.core.files import allowed_extensions, extension, sniff


def _docx() -> bytes:
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not an office file")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "ole"),
        (_docx(), "docx"),
        (_xlsx(), "xlsx"),
        (_zip(), None),
        (b"PK\x03\x04 broken zip", None),
        (b"MZ\x90\x00\x03 a Windows program", None),
        (b"<html><script>alert(1)</script>", None),
        (b"", None),
    ],
)
def test_it_tells_the_kind_by_the_content(content: bytes, kind: str | None) -> None:
    stream = io.BytesIO(content)
    assert sniff(stream) == kind
    assert stream.tell() == 0


def test_the_extension_is_the_lower_cased_last_suffix() -> None:
    assert extension("Bao cao.Final.PDF") == "pdf"
    assert extension("no-suffix") == ""


def test_the_allowed_extensions_are_documents_images_and_spreadsheets() -> None:
    assert allowed_extensions() == ["doc", "docx", "jpeg", "jpg", "pdf", "png", "xls", "xlsx"]
