"""The covenant as a Decree 30 document (national header, GIAO ƯỚC THI ĐUA, a signature grid)."""

from __future__ import annotations

from thidua.covenants.models import Covenant, CovenantVersion
from thidua.documents.layout import (
    AdministrativeDocument,
    Block,
    Heading,
    ListItem,
    Paragraph,
    SignatureBlock,
)

DRAFT_MARK = "DỰ THẢO"


def covenant_document(
    covenant: Covenant, version: CovenantVersion, *, draft: bool = False
) -> AdministrativeDocument:
    """The document of ``version``; a draft is marked as such above the title."""
    group_year = covenant.group_year
    body: list[Block] = []
    if draft:
        body.append(
            Paragraph(
                f"({DRAFT_MARK} — phiên bản {version.number})",
                bold=True,
                align="center",
                indent=False,
            )
        )
    for line in version.legal_bases.splitlines():
        if line.strip():
            body.append(Paragraph(line.strip(), italic=True))
    if version.theme:
        body.append(
            Paragraph(
                f"Các đơn vị thành viên {group_year.group.name} thống nhất ký kết giao ước thi đua "
                f"năm {group_year.year} với chủ đề “{version.theme}”, gồm các nội dung sau:"
            )
        )
    body.append(Heading("I. MỤC TIÊU"))
    body.extend(Paragraph(p.strip()) for p in version.goals.split("\n\n") if p.strip())
    body.append(Heading("II. NỘI DUNG GIAO ƯỚC"))
    for item in version.items.order_by("order"):
        text = item.text
        if item.is_measurable and item.target:
            text = f"{text} Chỉ tiêu: {item.target}."
        body.append(ListItem(text, label=f"{item.order}."))
    if version.closing.strip():
        body.append(Heading("III. TỔ CHỨC THỰC HIỆN"))
        body.extend(Paragraph(p.strip()) for p in version.closing.split("\n\n") if p.strip())
    signatures = tuple(
        SignatureBlock(
            title=signatory.agency.name + ("\n" + signatory.position if signatory.position else ""),
            name=signatory.name,
        )
        for signatory in covenant.signatories.select_related("agency").order_by("order")
    )
    return AdministrativeDocument(
        parent_body=group_year.group.organiser.name,
        issuing_body=group_year.group.name.replace(" (", "\n("),
        doc_type=version.title or "GIAO ƯỚC THI ĐUA",
        summary=f"{group_year.group.name} năm {group_year.year}",
        place=covenant.signing_place,
        date=covenant.signing_date,
        year=group_year.year,
        body=tuple(body),
        signatures=signatures,
        signature_layout="grid",
        numbered=False,
    )
