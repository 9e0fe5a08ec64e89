"""What an uploaded file really is, judged by its content and not by its name."""

from __future__ import annotations

import hashlib
import zipfile
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from thidua.core.errors import DomainError

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


def checked_upload(upload: UploadedFile[bytes]) -> tuple[str, str, str]:
    """The upload's file name (without any path), media type and SHA-256, or a ``DomainError``
    (field ``file``): empty, larger than ``THIDUA_EVIDENCE_MAX_MB``, an extension not accepted,
    or content that does not match the extension. The stream is left at its start."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    size = upload.size or 0
    if size == 0:
        raise DomainError(_("Tệp rỗng."), field="file")
    if size > settings.THIDUA_EVIDENCE_MAX_MB * 1024 * 1024:
        raise DomainError(
            _("Tệp %(name)s lớn hơn %(mb)s MB cho phép.")
            % {"name": name, "mb": settings.THIDUA_EVIDENCE_MAX_MB},
            field="file",
        )
    ext = extension(name)
    if ext not in allowed_extensions():
        raise DomainError(
            _("Chỉ nhận tệp PDF, ảnh (PNG, JPEG), Word hoặc Excel; %(name)s không thuộc loại đó.")
            % {"name": name},
            field="file",
        )
    kind = sniff(upload)
    if kind is None or ext not in KINDS[kind][0]:
        raise DomainError(
            _("Nội dung tệp %(name)s không đúng với đuôi .%(ext)s của nó.")
            % {"name": name, "ext": ext},
            field="file",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return name, KINDS[kind][1], digest.hexdigest()
