"""The low-level pieces of the .docx rendering: runs, centred lines, rules, fields, tables.

python-docx has no API for some of what Decree 30 needs (paragraph borders for the short rules,
a PAGE field, table cell margins), so these helpers write the OOXML elements themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from thidua.documents import spec


def add_field(paragraph: DocxParagraph, instruction: str, *, placeholder: str, size: float) -> None:
    def run_with(element_name: str, **attributes: str) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        element = OxmlElement(element_name)
        for name, value in attributes.items():
            element.set(qn(name), value)
        run._r.append(element)

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    run = paragraph.add_run()
    run.font.size = Pt(size)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(placeholder).font.size = Pt(size)
    run_with("w:fldChar", **{"w:fldCharType": "end"})


# --- building blocks -------------------------------------------------------------------------


def write(
    paragraph: DocxParagraph,
    lines: Iterable[str],
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
) -> None:
    """Append ``lines`` to ``paragraph`` as runs separated by line breaks."""
    for index, line in enumerate(lines):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
        if index:
            run.add_break()
        run.add_text(line)


def centred(
    container: Document | _Cell,
    lines: Iterable[str],
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    space_before: float = 0,
    space_after: float = 0,
) -> DocxParagraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(space_after)
    write(paragraph, lines, size=size, bold=bold, italic=italic)
    return paragraph


def rule(container: Document | _Cell, *, width_pt: float, available_pt: float) -> None:
    """A centred horizontal rule ``width_pt`` long: the bottom border of an empty paragraph."""
    width_pt = min(width_pt, available_pt)
    paragraph = container.add_paragraph()
    paragraph_format = paragraph.paragraph_format
    side = Pt((available_pt - width_pt) / 2)
    paragraph_format.left_indent = side
    paragraph_format.right_indent = side
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.line_spacing = Pt(2)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    run = paragraph.add_run()
    run.font.size = Pt(1)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in {
        "w:val": "single",
        "w:sz": str(round(spec.RULE_WEIGHT_PT * 8)),
        "w:space": "0",
        "w:color": "000000",
    }.items():
        bottom.set(qn(name), value)
    borders.append(bottom)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(borders)


def estimated_width_pt(text: str, size: float) -> float:
    """A rough advance width of capitals in bold Times (for short rules, 1/3–1/2 of a line)."""
    ems = sum(0.25 if char.isspace() else 0.72 if char.isupper() else 0.5 for char in text)
    return ems * size


def borderless_table(doc: Document, widths_mm: list[float]) -> DocxTable:
    table: DocxTable = doc.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_width(table, sum(widths_mm))
    set_cell_margins(table, left=Mm(0), right=Mm(0))
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
            # A new cell holds one empty paragraph; content goes into new ones.
            remove_paragraph(cell.paragraphs[0])
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    return table


def set_table_width(table: DocxTable, width_mm: float) -> None:
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(width_mm / 25.4 * 1440)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)


def set_cell_margins(table: DocxTable, *, left: Length, right: Length) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("w:left", left), ("w:right", right)):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(round(value.pt * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def remove_paragraph(paragraph: DocxParagraph) -> None:
    element = paragraph._p
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
