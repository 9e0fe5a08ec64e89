"""The proposal's dossier (hồ sơ): uploaded documents, checked by content and size as scoring
evidence is, attached and removed while the proposal is editable."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.awards.models import DocumentKind, DossierDocument, Nomination, Proposal
from thidua.awards.services.proposals import _editable, _locked
from thidua.core import files
from thidua.core.errors import DomainError


@transaction.atomic
def dossier_document_attach(
    *,
    actor: Any,
    proposal: Proposal,
    kind: str,
    upload: UploadedFile[bytes],
    nomination: Nomination | None = None,
) -> DossierDocument:
    """Attach a document to the dossier (an achievement report names its nominee)."""
    proposal = _locked(proposal)
    _editable(proposal)
    if kind not in DocumentKind.values:
        raise DomainError(_("Loại tài liệu không hợp lệ."), field="kind")
    if (kind == DocumentKind.ACHIEVEMENT_REPORT) != (nomination is not None):
        raise DomainError(
            _("Báo cáo thành tích phải chọn đối tượng đề nghị; tài liệu khác thì không."),
            field="nomination",
        )
    if nomination is not None and nomination.proposal_id != proposal.pk:
        raise DomainError(_("Đối tượng không thuộc tờ trình này."), field="nomination")
    name, content_type, sha256 = files.checked_upload(upload)
    document = DossierDocument(
        proposal=proposal,
        kind=kind,
        nomination=nomination,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.file.save(name, upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="awards.dossier_document.attached",
        target=proposal,
        agency=proposal.proposer,
        payload={"kind": kind, "name": name, "sha256": sha256},
    )
    return document


@transaction.atomic
def dossier_document_remove(*, actor: Any, document: DossierDocument) -> None:
    """Remove a document while the proposal is editable; the file goes after the commit."""
    proposal = _locked(document.proposal)
    _editable(proposal)
    stored = document.file.name or ""
    storage = document.file.storage
    audit_record(
        actor=actor,
        action="awards.dossier_document.removed",
        target=proposal,
        agency=proposal.proposer,
        payload={"kind": document.kind, "name": document.name},
    )
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))
