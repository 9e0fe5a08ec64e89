"""The proposal (tờ trình) and the decision (quyết định) as files in the Decree 30 layout
(``awards.documents``), PDF and .docx; and putting the generated meeting and vote-count
minutes into the proposal's dossier.

Who may download: the tờ trình is a paper of the dossier, so those who see the dossier (the
leading member, sector managers) — to anyone else who sees the proposal it is a 404, as a
dossier file is; the decision, whoever sees it (sector managers and the members of its
cluster). A proposal or decision the user may not see is a 404. Downloads are not audited, as
no document download of the project is; attaching the generated minutes is.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.awards import permissions, services
from thidua.awards.documents import (
    decision_document,
    decision_paper_of,
    submission_document,
    submission_of,
)
from thidua.awards.models import CommendationDecision, Proposal
from thidua.core.errors import DomainError
from thidua.documents.docx import render_docx
from thidua.documents.layout import AdministrativeDocument
from thidua.documents.pdf import render_pdf
from thidua.voting.documents import DOCX

PDF = "application/pdf"
FORMATS = {"pdf": (PDF, render_pdf), "docx": (DOCX, render_docx)}


def _known(ext: str) -> None:
    if ext not in FORMATS:
        raise Http404


def _file(document: AdministrativeDocument, ext: str, stem: str) -> HttpResponse:
    content_type, render = FORMATS[ext]
    response = HttpResponse(render(document), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{ext}")
    return response


def _dossier_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "group_year__group", "group_year__decision__issuer", "proposer", "recipient"
        ).select_related("ballot_session"),
        pk=pk,
    )
    if not permissions.can_view_proposal(request.user, proposal):
        raise Http404
    if not permissions.can_view_dossier(request.user, proposal):
        raise Http404
    return proposal


@login_required
@require_GET
def proposal_file(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    _known(ext)
    proposal = _dossier_proposal(request, pk)
    document = submission_document(submission_of(proposal))
    return _file(document, ext, f"to-trinh-{proposal.pk}")


@login_required
@require_GET
def decision_file(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    _known(ext)
    decision = get_object_or_404(
        CommendationDecision.objects.select_related(
            "issuer__parent",
            "issuer__province",
            "proposal__group_year__group",
            "proposal__proposer",
        ),
        pk=pk,
    )
    if not permissions.can_view_decision(request.user, decision):
        raise Http404
    document = decision_document(decision_paper_of(decision))
    return _file(document, ext, f"quyet-dinh-{decision.pk}")


@login_required
@require_POST
def dossier_minutes_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the generated meeting and vote-count minutes (PDF) to the dossier."""
    proposal = _dossier_proposal(request, pk)
    if not permissions.can_edit_proposal(request.user, proposal):
        raise PermissionDenied
    try:
        attached = services.dossier_minutes_attach(actor=request.user, proposal=proposal)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("awards:proposal", pk=pk)
    if attached:
        messages.success(
            request,
            _("Đã thêm vào hồ sơ: %(names)s.") % {"names": ", ".join(d.name for d in attached)},
        )
    else:
        messages.info(request, _("Hồ sơ đã có biên bản họp và biên bản kiểm phiếu."))
    return redirect("awards:proposal", pk=pk)


urlpatterns: list[URLPattern] = [
    path("to-trinh/<int:pk>/to-trinh.<str:ext>", proposal_file, name="proposal_file"),
    path("quyet-dinh/<int:pk>/quyet-dinh.<str:ext>", decision_file, name="decision_file"),
    path(
        "to-trinh/<int:pk>/bien-ban-tu-dong/",
        dossier_minutes_generate,
        name="proposal_minutes_generate",
    ),
]
