"""The two renderings of an administrative document, read back and checked against Decree 30."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import cast

import pytest
from django.utils import translation
from docx import Document as open_docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from thidua.documents import samples
from thidua.documents.docx import render_docx
from thidua.documents.layout import (
    MOTTO,
    NATIONAL_TITLE,
    AdministrativeDocument,
    Heading,
    Paragraph,
    SignatureBlock,
    Table,
)
from thidua.documents.pdf import render_html, render_pdf

A4_PT = (595.28, 841.89)
MM_PT = 72 / 25.4


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- the data ---------------------------------------------------------------------------------


def test_a_blank_number_leaves_room_for_the_registry() -> None:
    document = AdministrativeDocument(issuing_body="SỞ CÔNG THƯƠNG", doc_type="TỜ TRÌNH")
    assert document.number_line == "Số:      /"
    with_code = AdministrativeDocument(
        issuing_body="SỞ CÔNG THƯƠNG", doc_type="TỜ TRÌNH", number="/TTr-SCT"
    )
    assert with_code.number_line == "Số:      /TTr-SCT"


def test_a_signature_block_prints_the_authority_then_the_title_in_capitals() -> None:
    block = SignatureBlock(
        authority_prefix="KT.", on_behalf_of="Giám đốc", title="Phó Giám đốc", name="A"
    )
    assert block.heading_lines() == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_a_grid_wraps_signatures_to_rows_of_three() -> None:
    rows = samples.covenant_2023().signature_rows()
    assert [len(row) for row in rows] == [3, 3]


def test_a_single_layout_refuses_a_second_signer() -> None:
    signer = SignatureBlock(title="GIÁM ĐỐC", name="A")
    with pytest.raises(ValueError, match="one signature"):
        AdministrativeDocument(
            issuing_body="SỞ CÔNG THƯƠNG", doc_type="TỜ TRÌNH", signatures=(signer, signer)
        )


def test_a_table_refuses_a_row_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="row 1"):
        Table(header=("STT", "Tên"), rows=(("1",),))


# --- .docx ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def covenant_docx() -> Document:
    return open_docx(io.BytesIO(render_docx(samples.covenant_2023())))


@pytest.fixture(scope="module")
def submission_docx() -> Document:
    return open_docx(io.BytesIO(render_docx(samples.submission())))


def test_the_docx_header_is_a_two_column_table_with_issuer_and_nation(
    submission_docx: Document,
) -> None:
    issuer, nation = submission_docx.tables[0].rows[0].cells
    issuer_texts = [p.text for p in issuer.paragraphs if p.text]
    assert issuer_texts == ["UBND TỈNH AN GIANG", "SỞ CÔNG THƯƠNG", "Số: 12/TTr-SCT"]
    assert issuer.paragraphs[1].runs[0].bold
    assert not issuer.paragraphs[0].runs[0].bold
    nation_texts = [p.text for p in nation.paragraphs if p.text]
    assert nation_texts == [NATIONAL_TITLE, MOTTO, "An Giang, ngày 05 tháng 3 năm 2024"]
    place_date = next(p for p in nation.paragraphs if p.text.startswith("An Giang"))
    assert all(run.italic for run in place_date.runs)
    assert all(run.bold for p in nation.paragraphs[:2] for run in p.runs)


def test_the_docx_header_table_has_no_borders(submission_docx: Document) -> None:
    table = submission_docx.tables[0]
    assert table.style is None or table.style.name == "Normal Table"
    assert not table._tbl.xpath(".//w:tblBorders")


def test_rules_sit_under_the_issuing_body_and_the_motto(submission_docx: Document) -> None:
    for cell in submission_docx.tables[0].rows[0].cells:
        rules = [p for p in cell.paragraphs if p._p.xpath("./w:pPr/w:pBdr/w:bottom")]
        assert len(rules) == 1
        assert rules[0].text == ""


def test_the_docx_title_and_summary_are_bold_and_centred(submission_docx: Document) -> None:
    title = next(p for p in submission_docx.paragraphs if p.text == "TỜ TRÌNH")
    summary = next(p for p in submission_docx.paragraphs if p.text.startswith("Về việc"))
    for paragraph in (title, summary):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)
    assert summary.text == "Về việc đề nghị tặng Cờ thi đua của Bộ Công Thương\nnăm 2023"


def test_docx_body_paragraphs_are_justified_with_a_first_line_indent(
    covenant_docx: Document,
) -> None:
    body = [p for p in covenant_docx.paragraphs if p.text.startswith("Đẩy mạnh phong trào")]
    assert body
    for paragraph in body:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        indent = paragraph.paragraph_format.first_line_indent
        assert indent is not None
        assert 10 <= indent.mm <= 12.8
        space_after = paragraph.paragraph_format.space_after
        assert space_after is not None
        assert space_after.pt >= 6
        assert all(
            run.font.size is not None and 13 <= run.font.size.pt <= 14 for run in paragraph.runs
        )


def test_the_docx_is_set_in_times_new_roman(covenant_docx: Document) -> None:
    normal = covenant_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.rFonts
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attribute)) == "Times New Roman"


def test_the_docx_page_is_a4_portrait_with_decree_30_margins(covenant_docx: Document) -> None:
    section = covenant_docx.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width.mm == pytest.approx(210, abs=0.5)
    assert section.page_height.mm == pytest.approx(297, abs=0.5)
    margins = {
        "top": (section.top_margin, 20, 25),
        "bottom": (section.bottom_margin, 20, 25),
        "left": (section.left_margin, 30, 35),
        "right": (section.right_margin, 15, 20),
    }
    for side, (length, low, high) in margins.items():
        assert length is not None, side
        assert low - 0.1 <= length.mm <= high + 0.1, side


def test_the_docx_numbers_pages_from_the_second(covenant_docx: Document) -> None:
    section = covenant_docx.sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element
    assert "PAGE" in "".join(header.xpath(".//w:instrText/text()"))
    assert header.xpath(".//w:p/w:pPr/w:jc/@w:val") == ["center"]
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not first._element.xpath(".//w:instrText")


def test_the_docx_covenant_signs_in_rows_of_three(covenant_docx: Document) -> None:
    grids = [
        table
        for table in covenant_docx.tables
        if any(cell.text.startswith("GIÁM ĐỐC") for cell in table.rows[0].cells)
    ]
    assert [len(table.columns) for table in grids] == [3, 3]
    names = [cell.paragraphs[-1].text for table in grids for cell in table.rows[0].cells]
    assert names == [name for _agency, name in samples.COVENANT_SIGNERS]
    for table in grids:
        for cell in table.rows[0].cells:
            assert all(run.bold for p in cell.paragraphs for run in p.runs)


def test_the_docx_single_signature_sits_beside_the_recipients(submission_docx: Document) -> None:
    recipients, signature = submission_docx.tables[-1].rows[0].cells
    heading = recipients.paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].bold
    assert heading.runs[0].italic
    assert heading.runs[0].font.size is not None
    assert heading.runs[0].font.size.pt == 12
    entries = recipients.paragraphs[1:]
    assert entries[-1].text.startswith("- Lưu: VT")
    assert all(
        run.font.size is not None and run.font.size.pt == 11 for p in entries for run in p.runs
    )
    assert [p.text for p in signature.paragraphs] == [
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        "Nguyễn Thị Hồng Nhung",
    ]


def test_docx_headings_and_tables_render(covenant_docx: Document) -> None:
    heading = next(p for p in covenant_docx.paragraphs if p.text == "I. MỤC TIÊU")
    assert heading.runs[0].bold
    assert heading.paragraph_format.keep_with_next
    table = next(t for t in covenant_docx.tables if t.rows[0].cells[0].text == "STT")
    assert table.style is not None
    assert table.style.name == "Table Grid"
    assert [c.text for c in table.rows[-1].cells] == ["", "Cộng", "100"]


def test_line_breaks_in_text_become_line_breaks() -> None:
    document = AdministrativeDocument(
        issuing_body="SỞ CÔNG THƯƠNG",
        doc_type="BIÊN BẢN",
        body=(Paragraph("một\nhai"), Heading("II. KẾT QUẢ")),
    )
    docx = open_docx(io.BytesIO(render_docx(document)))
    paragraph = next(p for p in docx.paragraphs if p.text.startswith("một"))
    assert paragraph.text == "một\nhai"


# --- PDF --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def covenant_pdf() -> bytes:
    return render_pdf(samples.covenant_2023())


@pytest.fixture(scope="module")
def submission_pdf() -> bytes:
    return render_pdf(samples.submission())


def _top_margin_texts(page: PageObject) -> list[str]:
    """The texts whose baseline lies in the page's top margin (20 mm)."""
    height = float(page.mediabox.height)
    found: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and height - y < 20 * MM_PT:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def test_the_pdf_is_a4_and_runs_to_several_pages(covenant_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(covenant_pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4_PT[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4_PT[1], abs=1)


def test_the_pdf_text_keeps_its_vietnamese_letters(covenant_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(covenant_pdf))
    text = _clean(" ".join(page.extract_text() for page in reader.pages))
    for expected in (
        NATIONAL_TITLE,
        MOTTO,
        "GIAO ƯỚC THI ĐUA",
        "Cần Thơ, ngày 10 tháng 5 năm 2023",
        samples.COVENANT_THEME,
        "CỤM THI ĐUA CÁC TỈNH",
        "Số: 01/GƯ-CXI",
        "Nơi nhận:",
    ):
        assert _clean(expected) in text, expected
    for _agency, name in samples.COVENANT_SIGNERS:
        assert _clean(name) in text, name


def test_the_pdf_embeds_its_fonts(covenant_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(covenant_pdf))
    resources = cast(DictionaryObject, reader.pages[0]["/Resources"])
    fonts = cast(DictionaryObject, resources["/Font"])
    assert fonts
    for reference in fonts.values():
        font = cast(DictionaryObject, reference.get_object())
        descendants = cast(ArrayObject, font["/DescendantFonts"])
        descendant = cast(DictionaryObject, descendants[0].get_object())
        descriptor = cast(DictionaryObject, descendant["/FontDescriptor"])
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert "/ToUnicode" in font


def test_the_pdf_numbers_pages_from_the_second(covenant_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(covenant_pdf))
    assert _top_margin_texts(reader.pages[0]) == []
    assert _top_margin_texts(reader.pages[1]) == ["2"]


def test_the_pdf_keeps_the_blanks_left_for_the_number_and_the_date() -> None:
    # The registry writes the number and the date by hand: the gaps must not collapse.
    document = AdministrativeDocument(
        issuing_body="SỞ CÔNG THƯƠNG", doc_type="TỜ TRÌNH", number="/TTr-SCT", place="Cần Thơ"
    )
    page = PdfReader(io.BytesIO(render_pdf(document))).pages[0]
    text = unicodedata.normalize("NFC", page.extract_text(extraction_mode="layout"))
    assert re.search(r"Số: {3,}/TTr-SCT", text)
    assert re.search(r"ngày {2,}tháng {2,}năm", text)


def test_the_pdf_single_signature_has_its_recipients(submission_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(submission_pdf))
    assert len(reader.pages) == 1
    text = _clean(reader.pages[0].extract_text())
    for expected in (
        "SỞ CÔNG THƯƠNG",
        "Số: 12/TTr-SCT",
        "An Giang, ngày 05 tháng 3 năm 2024",
        "TỜ TRÌNH",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Thị Hồng Nhung",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
    ):
        assert _clean(expected) in text, expected


def test_importing_the_pdf_module_does_not_import_weasyprint() -> None:
    code = "import sys, thidua.documents.pdf; assert 'weasyprint' not in sys.modules"
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )


# --- the first page as an image ---------------------------------------------------------------


def test_the_first_page_renders_to_a_non_blank_a4_image(
    covenant_pdf: bytes, tmp_path: Path
) -> None:
    from PIL import Image

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm (poppler-utils) is needed in CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "covenant.pdf"
    source.write_bytes(covenant_pdf)
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            source,
            tmp_path / "page",
        ],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as image:
        width, height = image.size
        assert height / width == pytest.approx(297 / 210, rel=0.01)
        grey = image.convert("L")
        histogram = grey.histogram()
        dark = sum(histogram[:128])
        assert dark > 0.005 * width * height
        darkest, _lightest = cast(tuple[int, int], grey.getextrema())
        assert darkest < 64


def test_the_stylesheet_keeps_dot_decimals_in_vietnamese() -> None:
    with translation.override("vi"):
        html = render_html(samples.submission())
    assert "margin: 20mm 15mm 20mm 30mm;" in html
    assert "text-indent: 12.7mm;" in html
    assert "20,0" not in html


def test_document_text_is_escaped_in_the_html() -> None:
    document = AdministrativeDocument(
        issuing_body="SỞ <CÔNG> THƯƠNG",
        doc_type="BIÊN BẢN",
        body=(Paragraph("<script>alert(1)</script> & cộng sự"),),
    )
    html = render_html(document)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; cộng sự" in html
    assert "SỞ &lt;CÔNG&gt; THƯƠNG" in html
