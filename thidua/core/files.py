"""What an uploaded file really is, judged by its content and not by its name."""

from __future__ import annotations

import zipfile
from typing import IO

# kind → (the extensions a file of that kind may carry, its media type)
KINDS: dict[str, tuple[frozenset[str], str]] = {
    "pdf": (frozenset({"pdf"}), "application/pdf"),
    "png": (frozenset({"png"}), "image/png"),
    "jpeg": (frozenset({"jpg", "jpeg"}), "image/jpeg"),
    "docx": (
        frozenset({"docx"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        frozenset({"xlsx"}),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ole": (frozenset({"doc", "xls"}), "application/octet-stream"),
}


def sniff(stream: IO[bytes]) -> str | None:
    """The kind (a key of ``KINDS``) the content of ``stream`` shows, or ``None``.

    Office Open XML files are zip archives told apart by the part they carry. The stream is
    left at its start.
    """
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    kind: str | None = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = "ole"
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            kind = "docx"
        elif "xl/workbook.xml" in names:
            kind = "xlsx"
    stream.seek(0)
    return kind


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def allowed_extensions() -> list[str]:
    return sorted(ext for exts, _media in KINDS.values() for ext in exts)
