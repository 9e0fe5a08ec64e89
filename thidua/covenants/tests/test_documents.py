"""The covenant as documents: the .docx read back, the PDF rendered to an image, the draft
mark, and the stored signed file served byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from thidua.covenants.documents import DRAFT_MARK
from thidua.covenants.selectors import covenant_docx, covenant_pdf, stored_document
from thidua.covenants.services import covenant_finalise
from thidua.covenants.tests.conftest import SIGNER_NAMES, THEME, TITLE, YEAR, Cluster, Flow

ClientAs = Callable[[Any], Client]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


def docx_text(data: bytes) -> tuple[Any, str, str]:
    """The document, its body text, and the text of its tables."""
    document = docx.Document(BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    tables = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    return document, body, tables


def test_the_docx_holds_the_theme_the_title_and_every_signatory_in_times_new_roman(
    cluster: Cluster, flow: Flow
) -> None:
    covenant = flow.ready(cluster, flow.draft(cluster))
    covenant = covenant_finalise(actor=None, covenant=covenant)
    document, body, tables = docx_text(covenant_docx(covenant))
    assert THEME in body
    assert TITLE in body + tables
    assert DRAFT_MARK not in body
    (signature_table,) = [
        table
        for table in document.tables
        if SIGNER_NAMES[cluster.members[0].code] in "".join(c.text for c in table._cells)
    ]
    cells = "\n".join(cell.text for cell in signature_table._cells)
    for agency in cluster.members:
        assert SIGNER_NAMES[agency.code] in cells
        assert SIGNER_NAMES[agency.code] not in body
        assert agency.name.upper() in cells  # the agency above its signatory, in capitals
    assert "GIÁM ĐỐC" in cells
    assert document.styles["Normal"].font.name == "Times New Roman"
    fonts = {
        run.font.name
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.font.name is not None
    }
    assert fonts <= {"Times New Roman"}


def test_a_draft_docx_and_pdf_are_marked_as_a_draft(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.ready(cluster, flow.draft(cluster))
    _document, body, _tables = docx_text(covenant_docx(covenant))
    assert f"{DRAFT_MARK} — phiên bản 2" in body
    pdf = covenant_pdf(covenant)
    assert not covenant.document  # a draft is rendered, not stored
    text = pdf_text(pdf)
    assert DRAFT_MARK in text
    assert "GIAO ƯỚC THI ĐUA" in text


def test_the_finalised_pdf_is_not_marked_as_a_draft_and_renders_to_a_non_blank_image(
    cluster: Cluster, flow: Flow, tmp_path: Path
) -> None:
    covenant = flow.finalised(cluster)
    pdf = stored_document(covenant)
    text = pdf_text(pdf)
    assert DRAFT_MARK not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert SIGNER_NAMES[cluster.members[0].code] in text

    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftoppm (poppler-utils) is required on CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "giao-uoc.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    (image_path,) = tmp_path.glob("p*.png")
    image = Image.open(image_path).convert("L")
    width, height = image.size
    assert height > width  # A4 portrait
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 0.002 * width * height  # text on the page
    assert dark < 0.5 * width * height  # but not a black page


def test_the_stored_pdf_of_a_published_covenant_is_served_byte_for_byte(
    cluster: Cluster, flow: Flow, client_as: ClientAs, tmp_path: Path
) -> None:
    covenant = flow.published(cluster)
    stored = stored_document(covenant)
    assert stored.startswith(b"%PDF")

    response = client_as(cluster.leaders[cluster.members[1].code]).get(
        reverse("covenants:pdf", args=[covenant.pk])
    )
    assert response.status_code == 200
    assert response.content == stored
    assert response["Content-Disposition"] == f'inline; filename="giao-uoc-CUM-TN-{YEAR}.pdf"'

    out = tmp_path / "giao-uoc.pdf"
    call_command("covenant_pdf", "CUM-TN", str(YEAR), str(out), stdout=StringIO())
    assert out.read_bytes() == stored
