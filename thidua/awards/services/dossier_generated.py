"""The dossier's minutes generated from the cluster's ballot session: the minutes of the
meeting (biên bản họp) and the vote-count minutes (biên bản kiểm phiếu), rendered as PDF in the
Decree 30 layout (``thidua.voting.documents``) and attached as the dossier documents of those
kinds — the same attachment, checks and audit event (``awards.dossier_document.attached``, one
per file) as an upload, so a leader without a scanned copy can still complete the dossier."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.awards.models import DocumentKind, DossierDocument, Proposal
from thidua.awards.services.dossier import dossier_document_attach
from thidua.core.errors import DomainError
from thidua.documents.pdf import render_pdf
from thidua.voting.documents import (
    DocumentUnavailable,
    count_minutes_document,
    count_minutes_of,
    meeting_minutes_document,
    meeting_minutes_of,
)

GENERATED_KINDS = (DocumentKind.MEETING_MINUTES, DocumentKind.COUNT_MINUTES)


def _rendered(proposal: Proposal, kind: str) -> SimpleUploadedFile:
    session = proposal.ballot_session
    try:
        if kind == DocumentKind.MEETING_MINUTES:
            data = render_pdf(meeting_minutes_document(meeting_minutes_of(session)))
            name = f"bien-ban-hop-{session.pk}.pdf"
        else:
            data = render_pdf(count_minutes_document(count_minutes_of(session)))
            name = f"bien-ban-kiem-phieu-{session.pk}.pdf"
    except DocumentUnavailable as error:
        raise DomainError(str(error)) from error
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@transaction.atomic
def dossier_minutes_attach(*, actor: Any, proposal: Proposal) -> list[DossierDocument]:
    """Attach the generated meeting minutes and count minutes that the dossier lacks (nothing
    when it has both); refused, nothing written, when the proposal is not editable."""
    present = set(proposal.documents.values_list("kind", flat=True))
    missing = [kind for kind in GENERATED_KINDS if kind not in present]
    if not missing:
        return []
    if proposal.ballot_session_id is None:
        raise DomainError(_("Tờ trình chưa gắn với phiên bình xét."))
    return [
        dossier_document_attach(
            actor=actor, proposal=proposal, kind=kind, upload=_rendered(proposal, kind)
        )
        for kind in missing
    ]
