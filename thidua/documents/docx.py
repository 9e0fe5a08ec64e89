"""Render an :class:`~thidua.documents.layout.AdministrativeDocument` to .docx (python-docx).

The result is an ordinary Word document an officer can edit: real paragraphs and tables,
Times New Roman, A4 with the Decree 30 margins, a page-number field in a header that skips
the first page. The short rules (under the issuing body, the motto and the summary) are the
bottom borders of tiny empty paragraphs indented to the rule's length, so they move with the
text and need no drawing objects.

Fixed strings are Vietnamese legal text and are not translated (see ``layout``).
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from thidua.documents import spec
from thidua.documents.docx_parts import (
    add_field,
    borderless_table,
    centred,
    estimated_width_pt,
    rule,
    set_table_width,
    write,
)
from thidua.documents.layout import (
    GRID_COLUMNS,
    MOTTO,
    NATIONAL_TITLE,
    RECIPIENTS_HEADING,
    AdministrativeDocument,
    Block,
    Heading,
    ListItem,
    Paragraph,
    SignatureBlock,
    Table,
)

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_PT_PER_MM = 72 / 25.4


def render_docx(document: AdministrativeDocument) -> bytes:
    """The document as the bytes of a .docx file."""
    doc = new_document()
    _set_up_styles(doc)
    section = doc.sections[0]
    _set_up_page(section)
    _page_number_header(section, mark=document.mark)
    _national_header(doc, document)
    _title(doc, document)
    for block in document.body:
        _block(doc, block)
    _signatures(doc, document)
    _annex(doc, document)
    doc.core_properties.title = " ".join(document.doc_type_lines + document.summary_lines)
    doc.core_properties.language = "vi-VN"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- page and styles -------------------------------------------------------------------------


def _set_up_styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    font = normal.font
    font.name = spec.FONT_FAMILY
    font.size = Pt(spec.BODY_PT)
    r_pr = normal.element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(attribute), spec.FONT_FAMILY)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    r_pr.append(language)
    paragraph_format = normal.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _set_up_page(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(spec.PAGE_WIDTH_MM)
    section.page_height = Mm(spec.PAGE_HEIGHT_MM)
    section.top_margin = Mm(spec.MARGIN_TOP_MM)
    section.bottom_margin = Mm(spec.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(spec.MARGIN_LEFT_MM)
    section.right_margin = Mm(spec.MARGIN_RIGHT_MM)
    section.header_distance = Mm(spec.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(spec.HEADER_DISTANCE_MM)


def _page_number_header(section: Section, *, mark: str = "") -> None:
    """A centred PAGE field from page 2; page 1 gets its own header, empty or holding the mark
    (``"DỰ THẢO"``) on the right."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    if mark.strip():
        first = section.first_page_header.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        write(first, [mark.strip().upper()], size=spec.MARK_PT, bold=True)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(paragraph, "PAGE", placeholder="2", size=spec.PAGE_NUMBER_PT)


# --- the parts of the document ---------------------------------------------------------------


def _national_header(doc: Document, document: AdministrativeDocument) -> None:
    left_mm = spec.TEXT_WIDTH_MM * spec.HEADER_LEFT_FRACTION
    right_mm = spec.TEXT_WIDTH_MM - left_mm
    table = borderless_table(doc, [left_mm, right_mm])
    issuer, nation = table.rows[0].cells

    if document.parent_body_lines:
        centred(issuer, document.parent_body_lines, size=spec.PARENT_BODY_PT)
    centred(issuer, document.issuing_body_lines, size=spec.ISSUING_BODY_PT, bold=True)
    longest = max(
        estimated_width_pt(line, spec.ISSUING_BODY_PT) for line in document.issuing_body_lines
    )
    available = left_mm * _PT_PER_MM
    rule(
        issuer, width_pt=min(longest, available) * spec.SHORT_RULE_FRACTION, available_pt=available
    )
    if document.numbered:
        centred(issuer, [document.number_line], size=spec.NUMBER_PT, space_before=6)

    centred(nation, [NATIONAL_TITLE], size=spec.NATIONAL_TITLE_PT, bold=True)
    centred(nation, [MOTTO], size=spec.MOTTO_PT, bold=True)
    rule(
        nation,
        width_pt=spec.MOTTO_BOLD_WIDTH_EM * spec.MOTTO_PT,
        available_pt=right_mm * _PT_PER_MM,
    )
    centred(
        nation, [document.place_and_date_line], size=spec.PLACE_DATE_PT, italic=True, space_before=6
    )


def _title(doc: Document, document: AdministrativeDocument) -> None:
    title = centred(doc, document.doc_type_lines, size=spec.DOC_TYPE_PT, bold=True, space_before=18)
    title.paragraph_format.keep_with_next = True
    lines = document.summary_lines or document.doc_type_lines
    if document.summary_lines:
        summary = centred(doc, lines, size=spec.SUMMARY_PT, bold=True)
        summary.paragraph_format.keep_with_next = True
    longest = max(estimated_width_pt(line, spec.SUMMARY_PT) * 0.85 for line in lines)
    available = spec.TEXT_WIDTH_MM * _PT_PER_MM
    rule(doc, width_pt=min(longest, available) * spec.SHORT_RULE_FRACTION, available_pt=available)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(spec.PARAGRAPH_SPACING_PT)


def _body_paragraph(
    doc: Document,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "justify",
    indent: bool = True,
) -> DocxParagraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = _ALIGN[align]
    paragraph_format = paragraph.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(spec.PARAGRAPH_SPACING_PT)
    if indent:
        paragraph_format.first_line_indent = Mm(spec.FIRST_LINE_INDENT_MM)
    write(paragraph, text.splitlines() or [""], size=spec.BODY_PT, bold=bold, italic=italic)
    return paragraph


def _block(doc: Document, block: Block) -> None:
    match block:
        case Paragraph():
            _body_paragraph(
                doc,
                block.text,
                bold=block.bold,
                italic=block.italic,
                align=block.align,
                indent=block.indent,
            )
        case Heading():
            paragraph = _body_paragraph(doc, block.text, bold=True, italic=block.level == 3)
            paragraph.paragraph_format.keep_with_next = True
        case ListItem():
            _body_paragraph(doc, f"{block.label} {block.text}")
        case Table():
            _data_table(doc, block)


def _data_table(doc: Document, block: Table) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_width(table, spec.TEXT_WIDTH_MM)
    widths = [spec.TEXT_WIDTH_MM * fraction for fraction in block.relative_widths()]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    header_row = table.rows[0]
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header_row.cells, block.header, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        write(paragraph, text.splitlines(), size=spec.TABLE_PT, bold=True)
    aligns = block.column_aligns()
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text, align in zip(row.cells, values, aligns, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = _ALIGN[align]
            write(paragraph, text.splitlines(), size=spec.TABLE_PT)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(spec.PARAGRAPH_SPACING_PT)


def _annex(doc: Document, document: AdministrativeDocument) -> None:
    """The annex from a new page, after the signatures."""
    if not document.annex:
        return
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for block in document.annex:
        _block(doc, block)


def _signature(cell: _Cell, block: SignatureBlock) -> None:
    heading = centred(cell, block.heading_lines(), size=spec.SIGNATURE_PT, bold=True)
    heading.paragraph_format.keep_with_next = True
    name = centred(cell, [block.name], size=spec.SIGNATURE_PT, bold=True)
    name.paragraph_format.space_before = Mm(spec.SIGNATURE_SPACE_MM)


def _recipients(container: Document | _Cell, recipients: tuple[str, ...]) -> None:
    heading = container.add_paragraph()
    heading.paragraph_format.keep_with_next = True
    write(heading, [RECIPIENTS_HEADING], size=spec.RECIPIENTS_HEADING_PT, bold=True, italic=True)
    for entry in recipients:
        paragraph = container.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        write(paragraph, [entry], size=spec.RECIPIENTS_PT)


def _signatures(doc: Document, document: AdministrativeDocument) -> None:
    rows = document.signature_rows()
    if document.signature_layout == "single":
        if not rows and not document.recipients:
            return
        left_mm = spec.TEXT_WIDTH_MM * spec.SIGNATURE_LEFT_FRACTION
        table = borderless_table(doc, [left_mm, spec.TEXT_WIDTH_MM - left_mm])
        recipients_cell, signature_cell = table.rows[0].cells
        if document.recipients:
            _recipients(recipients_cell, document.recipients)
        else:
            recipients_cell.add_paragraph()
        if rows:
            _signature(signature_cell, rows[0][0])
        else:
            signature_cell.add_paragraph()
        return
    column_mm = spec.TEXT_WIDTH_MM / GRID_COLUMNS
    for row in rows:
        table = borderless_table(doc, [column_mm] * len(row))
        for cell, block in zip(table.rows[0].cells, row, strict=True):
            _signature(cell, block)
        spacer = doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(spec.PARAGRAPH_SPACING_PT * 2)
    if document.recipients:
        _recipients(doc, document.recipients)
