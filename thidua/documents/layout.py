"""Văn bản hành chính — one description of an administrative document, two renderings.

An :class:`AdministrativeDocument` says *what* a document contains (the issuing body, number,
place and date, type, summary, body blocks, signatures, recipients); ``docx.render_docx`` and
``pdf.render_pdf`` lay it out in the Decree 30/2020/NĐ-CP (Annex I) presentation. The text the
renderers share — the number line, the place-and-date line, the signature lines — is computed
here, once.

Every fixed string below (``"Số:"``, ``"Nơi nhận:"``, the national title and motto) is legal
document text: it stays a Vietnamese literal and never goes through gettext, since documents
are always Vietnamese whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from thidua.documents.dates import place_and_date

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_LABEL = "Số:"
RECIPIENTS_HEADING = "Nơi nhận:"
# A number not yet given (the registry writes it at issue) leaves room for the pen.
BLANK_NUMBER = "     "

# Covenant signature grids wrap to rows of this many columns.
GRID_COLUMNS = 3

Align = Literal["justify", "left", "center", "right"]
AuthorityPrefix = Literal["", "TM.", "KT.", "TL.", "TUQ."]
SignatureLayout = Literal["single", "grid"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph: justified with a first-line indent unless told otherwise."""

    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    indent: bool = True


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading: level 1 ``"I. MỤC TIÊU"``, level 2 ``"1. …"`` (bold), 3 ``"a) …"``
    (bold italic)."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level}")


@dataclass(frozen=True, slots=True)
class ListItem:
    """An item printed as ``"<label> <text>"`` with a first-line indent: ``"- …"``, ``"1. …"``,
    ``"a) …"`` — the way Vietnamese administrative documents list things."""

    text: str
    label: str = "-"


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table: a header row (bold, centred) and rows of cells (e.g. a result table).

    ``widths`` are relative column widths (any unit), empty meaning equal columns; ``aligns``
    aligns the body cells column by column (``"left"`` when empty).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    aligns: tuple[Align, ...] = ()

    def __post_init__(self) -> None:
        columns = len(self.header)
        if columns == 0:
            raise ValueError("a table needs at least one column")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != columns:
                raise ValueError(f"row {number} has {len(row)} cells, the header {columns}")
        if self.widths and (len(self.widths) != columns or min(self.widths) <= 0):
            raise ValueError("widths must give one positive width per column")
        if self.aligns and len(self.aligns) != columns:
            raise ValueError("aligns must give one alignment per column")

    def column_aligns(self) -> tuple[Align, ...]:
        left: Align = "left"
        return self.aligns or (left,) * len(self.header)

    def relative_widths(self) -> tuple[float, ...]:
        """Column widths as fractions summing to 1."""
        widths = self.widths or (1.0,) * len(self.header)
        total = sum(widths)
        return tuple(width / total for width in widths)


Block = Paragraph | Heading | ListItem | Table


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Chữ ký — who signs and in what capacity.

    ``authority_prefix`` and ``on_behalf_of`` make the first line (``"TM. ỦY BAN NHÂN DÂN"``,
    ``"KT. GIÁM ĐỐC"``); ``title`` is the signer's own title (``"PHÓ GIÁM ĐỐC"``);
    ``subtitle`` names the agency in a covenant grid. All of them print in bold capitals, then
    comes the space for the signature and seal, then ``name`` in bold.
    """

    title: str
    name: str
    authority_prefix: AuthorityPrefix = ""
    on_behalf_of: str = ""
    subtitle: str = ""

    def heading_lines(self) -> tuple[str, ...]:
        """The bold capital lines above the space for the signature."""
        lines: list[str] = []
        first = " ".join(
            part for part in (self.authority_prefix, self.on_behalf_of.strip()) if part
        )
        if first:
            lines.append(first)
        lines.extend(self.title.splitlines())
        lines.extend(self.subtitle.splitlines())
        return tuple(line.strip().upper() for line in lines if line.strip())


@dataclass(frozen=True, slots=True)
class AdministrativeDocument:
    """Văn bản hành chính — everything the Decree 30 layout needs, and nothing about the layout.

    ``parent_body`` (cơ quan chủ quản) may be blank; a blank ``number`` prints ``"Số:      /"``
    and a number that starts with ``"/"`` keeps its code (``"/TTr-SCT"`` →
    ``"Số:      /TTr-SCT"``). A ``None`` date leaves the day and month blank with ``year`` (or
    the current year). Newlines in the bodies, the summary and the titles are line breaks.

    ``signature_layout``: ``"single"`` puts one signature block on the right with the
    recipients (nơi nhận) on the left at the same height; ``"grid"`` (a covenant) gives each
    signer a column, in rows of :data:`GRID_COLUMNS`, and lists any recipients below.

    ``annex`` (phụ lục, danh sách kèm theo) is printed after the signatures, from a new page,
    with the same blocks as the body. ``mark`` (``"DỰ THẢO"``) is printed in bold capitals at
    the top right of page 1, in the top margin, so the layout below it does not move.
    """

    issuing_body: str
    doc_type: str
    summary: str = ""
    parent_body: str = ""
    number: str = ""
    place: str = ""
    date: dt.date | None = None
    year: int | None = None
    body: tuple[Block, ...] = ()
    signatures: tuple[SignatureBlock, ...] = ()
    signature_layout: SignatureLayout = "single"
    recipients: tuple[str, ...] = ()
    # A covenant is not a numbered document type: it prints no "Số:" line.
    numbered: bool = True
    annex: tuple[Block, ...] = ()
    mark: str = ""

    def __post_init__(self) -> None:
        if self.signature_layout not in ("single", "grid"):
            raise ValueError(f"unknown signature layout {self.signature_layout!r}")
        if self.signature_layout == "single" and len(self.signatures) > 1:
            raise ValueError("a single signature layout takes one signature block")
        if not self.issuing_body.strip():
            raise ValueError("the issuing body is required")
        if not self.doc_type.strip():
            raise ValueError("the document type is required")

    @property
    def number_line(self) -> str:
        number = self.number.strip()
        if not number:
            return f"{NUMBER_LABEL} {BLANK_NUMBER}/"
        if number.startswith("/"):
            return f"{NUMBER_LABEL} {BLANK_NUMBER}{number}"
        return f"{NUMBER_LABEL} {number}"

    @property
    def place_and_date_line(self) -> str:
        return place_and_date(self.place, self.date, year=self.year)

    @property
    def parent_body_lines(self) -> tuple[str, ...]:
        return _upper_lines(self.parent_body)

    @property
    def issuing_body_lines(self) -> tuple[str, ...]:
        return _upper_lines(self.issuing_body)

    @property
    def doc_type_lines(self) -> tuple[str, ...]:
        return _upper_lines(self.doc_type)

    @property
    def summary_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.summary.splitlines() if line.strip())

    def signature_rows(self) -> tuple[tuple[SignatureBlock, ...], ...]:
        """The signature blocks in rows: one row for ``"single"``, rows of 3 for ``"grid"``."""
        if self.signature_layout == "single":
            return (self.signatures,) if self.signatures else ()
        return tuple(
            self.signatures[start : start + GRID_COLUMNS]
            for start in range(0, len(self.signatures), GRID_COLUMNS)
        )


def _upper_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip().upper() for line in text.splitlines() if line.strip())
