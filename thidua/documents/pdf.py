"""Render an :class:`~thidua.documents.layout.AdministrativeDocument` to PDF (WeasyPrint).

The HTML comes from the Django template ``documents/administrative.html`` and its stylesheet
``documents/administrative.css`` (itself a template, filled with the measures in ``spec`` so
the PDF and the .docx agree). WeasyPrint is imported inside :func:`render_pdf`: a server
missing one of its system libraries (Pango, HarfBuzz) can still import and run the app.

Fixed strings are Vietnamese legal text and are not translated (see ``layout``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from thidua.documents import spec
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
    Table,
)

TEMPLATE = "documents/administrative.html"


def render_html(document: AdministrativeDocument) -> str:
    """The HTML WeasyPrint lays out (useful on its own for previews and debugging)."""
    return render_to_string(TEMPLATE, _context(document))


def render_pdf(document: AdministrativeDocument) -> bytes:
    """The document as the bytes of a PDF file."""
    import weasyprint  # type: ignore[import-untyped]  # lazily: see the module docstring

    html = weasyprint.HTML(string=render_html(document), base_url=str(Path(__file__).parent))
    pdf: bytes = html.write_pdf()
    return pdf


def _context(document: AdministrativeDocument) -> dict[str, Any]:
    rows = [
        {"blocks": row, "width_percent": _percent(len(row) / GRID_COLUMNS)}
        for row in document.signature_rows()
    ]
    return {
        "document": document,
        "title": " ".join((*document.doc_type_lines, document.number.strip())).strip(),
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        "recipients_heading": RECIPIENTS_HEADING,
        "blocks": [_block_context(block) for block in document.body],
        "annex_blocks": [_block_context(block) for block in document.annex],
        "mark": document.mark.strip().upper(),
        "layout": document.signature_layout,
        "signature_rows": rows,
        # Numbers go to the stylesheet as text: Django would print 20.0 as "20,0" in Vietnamese.
        "spec": {name: _number(getattr(spec, name)) for name in dir(spec) if name.isupper()},
        "font_stack": spec.CSS_FONT_STACK,
        "header_left_percent": _percent(spec.HEADER_LEFT_FRACTION),
        "signature_left_percent": _percent(spec.SIGNATURE_LEFT_FRACTION),
        "short_rule_percent": _percent(spec.SHORT_RULE_FRACTION),
    }


def _block_context(block: Block) -> dict[str, Any]:
    match block:
        case Paragraph():
            return {"kind": "paragraph", "block": block}
        case Heading():
            return {"kind": "heading", "block": block}
        case ListItem():
            return {"kind": "list_item", "block": block}
        case Table():
            widths = [_percent(fraction) for fraction in block.relative_widths()]
            rows = [list(zip(row, block.column_aligns(), strict=True)) for row in block.rows]
            return {"kind": "table", "block": block, "widths": widths, "rows": rows}


def _percent(fraction: float) -> str:
    """A CSS percentage (without the sign) with a dot decimal whatever the active locale."""
    return _number(fraction * 100)


def _number(value: object) -> str:
    if isinstance(value, float | int):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)
