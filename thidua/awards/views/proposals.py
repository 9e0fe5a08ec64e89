"""The cluster's proposal (tờ trình) pages: the list (the ministry's inbox), preparing one from
the published vote, its dossier (documents, achievement reports), the checks and sending, and
the ministry's review (accept, return with a reason, the council's ballot session).

Thin views: each parses the form, checks a predicate of ``awards.permissions`` (a proposal the
user may not see is a 404, a write they may not make a 403), calls one service and redirects;
a ``DomainError`` is shown on the page (status 400) with nothing changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from thidua.awards import permissions, services
from thidua.awards.models import (
    EDITABLE_STATES,
    DocumentKind,
    DossierDocument,
    Nomination,
    Proposal,
    ProposalState,
)
from thidua.awards.selectors.proposals import nomination_choices, undecided_nominations
from thidua.awards.services.proposals import send_problems
from thidua.awards.services.review import council_outcomes
from thidua.core.errors import DomainError
from thidua.emulation.permissions import can_view_group_year
from thidua.emulation.selectors import group_year_get
from thidua.voting.choices import Body, Mode, SessionState
from thidua.voting.models import BallotSession


class ProposalForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Số, ký hiệu"), max_length=100, required=False)
    date = forms.DateField(
        label=gettext_lazy("Ngày tờ trình"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    summary = forms.CharField(
        label=gettext_lazy("Trích yếu"), widget=forms.Textarea, required=False
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại tài liệu"), choices=DocumentKind.choices)
    nomination = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(label=gettext_lazy("Tệp"))


class ReportForm(forms.Form):
    report_text = forms.CharField(
        label=gettext_lazy("Báo cáo thành tích"), widget=forms.Textarea, required=False
    )
    justification = forms.CharField(
        label=gettext_lazy("Giải trình (khi kết quả xét là cần xem xét)"),
        widget=forms.Textarea,
        required=False,
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do trả lại"), widget=forms.Textarea)


class CouncilForm(forms.Form):
    meeting_date = forms.DateField(
        label=gettext_lazy("Ngày họp Hội đồng"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    mode = forms.ChoiceField(label=gettext_lazy("Hình thức"), choices=Mode.choices)


def _proposal_or_404(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "group_year__group", "proposer", "recipient", "ballot_session", "council_session"
        ),
        pk=pk,
    )
    if not permissions.can_view_proposal(request.user, proposal):
        raise Http404
    return proposal


def _context(request: HttpRequest, proposal: Proposal, **extra: Any) -> dict[str, Any]:
    user = request.user
    dossier = permissions.can_view_dossier(user, proposal)
    can_edit = permissions.can_edit_proposal(user, proposal)
    editable = can_edit and proposal.state in EDITABLE_STATES
    nominations = list(
        proposal.nominations.select_related(
            "award", "agency", "person", "eligibility_check", "candidate"
        ).prefetch_related("documents")
    )
    outcomes = council_outcomes(proposal) if proposal.council_session_id else {}
    context: dict[str, Any] = {
        "proposal": proposal,
        "rounds": list(proposal.rounds.select_related("actor")),
        "nominations": [
            {
                "nomination": n,
                "council": outcomes.get(n.pk),
                "form": ReportForm(
                    initial={"report_text": n.report_text, "justification": n.justification},
                    prefix=f"n{n.pk}",
                ),
            }
            for n in nominations
        ],
        "documents": list(proposal.documents.select_related("nomination")) if dossier else [],
        "dossier": dossier,
        "editable": editable,
        "problems": send_problems(proposal) if editable else [],
        "can_review": permissions.can_review_proposal(user, proposal)
        and proposal.state == ProposalState.SENT,
        "can_council": permissions.can_review_proposal(user, proposal)
        and proposal.state == ProposalState.ACCEPTED
        and proposal.council_session_id is None,
        "can_decide": permissions.can_decide(user)
        and proposal.state in (ProposalState.ACCEPTED, ProposalState.DECIDED),
        "decisions": list(proposal.decisions.all()) if permissions.can_decide(user) else [],
        "undecided": undecided_nominations(proposal, nominations, outcomes),
        "proposal_form": ProposalForm(
            initial={"number": proposal.number, "date": proposal.date, "summary": proposal.summary}
        ),
        "document_form": DocumentForm(),
        "return_form": ReturnForm(),
        "council_form": CouncilForm(initial={"mode": Mode.ELECTRONIC}),
        "kinds": DocumentKind,
        "candidates_left": nomination_choices(proposal) if editable else [],
    }
    context.update(extra)
    return context


def _page(
    request: HttpRequest, proposal: Proposal, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request, "awards/proposals/detail.html", _context(request, proposal, **extra), status=status
    )


def _error(request: HttpRequest, proposal: Proposal, error: DomainError | str) -> HttpResponse:
    message = error.message if isinstance(error, DomainError) else error
    return _page(request, _proposal_or_404(request, proposal.pk), status=400, error=message)


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The proposals the user may see; for the ministry, the ones waiting come first."""
    proposals = list(permissions.proposals_visible_to(request.user))
    waiting = [p for p in proposals if p.state == ProposalState.SENT]
    return render(
        request,
        "awards/proposals/list.html",
        {
            "proposals": proposals,
            "waiting": waiting if permissions.can_review_proposal(request.user) else [],
        },
    )


@login_required
def proposal_of_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """A cluster year's proposal: shown if it exists; otherwise, to the leading member, the
    form that prepares it from a published ballot session (POST)."""
    group_year = group_year_get(code, year)
    if group_year is None:
        raise Http404
    if not (request.user.is_authenticated and can_view_group_year(request.user, group_year)):
        raise Http404
    existing = Proposal.objects.filter(group_year=group_year).first()
    if existing is not None:
        return redirect("awards:proposal", pk=existing.pk)
    can_prepare = permissions.can_prepare_proposal(request.user, group_year)
    sessions = list(
        BallotSession.objects.filter(
            group_year=group_year, body=Body.CLUSTER, state=SessionState.PUBLISHED
        )
    )
    error = ""
    if request.method == "POST":
        if not can_prepare:
            raise PermissionDenied
        session = next((s for s in sessions if str(s.pk) == request.POST.get("session")), None)
        if session is None:
            error = _("Chọn một phiên bình xét đã công bố kết quả.")
        else:
            try:
                proposal = services.proposal_prepare(
                    actor=request.user, group_year=group_year, ballot_session=session
                )
            except DomainError as failure:
                error = failure.message
            else:
                messages.success(request, _("Đã lập dự thảo tờ trình từ kết quả bình xét."))
                return redirect("awards:proposal", pk=proposal.pk)
    return render(
        request,
        "awards/proposals/prepare.html",
        {
            "group_year": group_year,
            "sessions": sessions,
            "can_prepare": can_prepare,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _proposal_or_404(request, pk))


def _editor(request: HttpRequest, pk: int) -> Proposal:
    proposal = _proposal_or_404(request, pk)
    if not permissions.can_edit_proposal(request.user, proposal):
        raise PermissionDenied
    return proposal


def _reviewer(request: HttpRequest, pk: int) -> Proposal:
    proposal = _proposal_or_404(request, pk)
    if not permissions.can_review_proposal(request.user, proposal):
        raise PermissionDenied
    return proposal


@login_required
@require_POST
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editor(request, pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _page(request, proposal, status=400, proposal_form=form)
    try:
        services.proposal_update(
            actor=request.user,
            proposal=proposal,
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            summary=form.cleaned_data["summary"],
        )
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã lưu tờ trình."))
    return redirect("awards:proposal", pk=pk)


@login_required
@require_POST
def report_save(request: HttpRequest, pk: int, nomination_id: int) -> HttpResponse:
    proposal = _editor(request, pk)
    nomination = get_object_or_404(Nomination, pk=nomination_id, proposal=proposal)
    form = ReportForm(request.POST, prefix=f"n{nomination.pk}")
    if not form.is_valid():
        return _error(request, proposal, _("Nội dung báo cáo không hợp lệ."))
    try:
        services.nomination_report_save(
            actor=request.user,
            nomination=nomination,
            report_text=form.cleaned_data["report_text"],
            justification=form.cleaned_data["justification"],
        )
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(
        request, _("Đã lưu báo cáo thành tích của %(name)s.") % {"name": nomination.name}
    )
    return redirect("awards:proposal", pk=pk)


@login_required
@require_POST
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editor(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, proposal, status=400, document_form=form)
    nomination = None
    if form.cleaned_data["nomination"]:
        nomination = get_object_or_404(
            Nomination, pk=form.cleaned_data["nomination"], proposal=proposal
        )
    try:
        services.dossier_document_attach(
            actor=request.user,
            proposal=proposal,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            nomination=nomination,
        )
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã thêm tài liệu vào hồ sơ."))
    return redirect("awards:proposal", pk=pk)


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    proposal = _editor(request, pk)
    document = get_object_or_404(DossierDocument, pk=document_id, proposal=proposal)
    try:
        services.dossier_document_remove(actor=request.user, document=document)
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã bỏ tài liệu khỏi hồ sơ."))
    return redirect("awards:proposal", pk=pk)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """The file through the storage (never a public media URL), to those who see the dossier."""
    proposal = _proposal_or_404(request, pk)
    if not permissions.can_view_dossier(request.user, proposal):
        raise Http404
    document = get_object_or_404(DossierDocument, pk=document_id, proposal=proposal)
    try:
        handle = document.file.storage.open(document.file.name or "", "rb")
    except OSError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )


@login_required
@require_POST
def proposal_send(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editor(request, pk)
    try:
        services.proposal_send(actor=request.user, proposal=proposal)
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã gửi tờ trình đến %(to)s.") % {"to": proposal.recipient.name})
    return redirect("awards:proposal", pk=pk)


@login_required
@require_POST
def proposal_return(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _reviewer(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _page(request, proposal, status=400, return_form=form)
    try:
        services.proposal_return(
            actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã trả lại tờ trình."))
    return redirect("awards:proposal", pk=pk)


@login_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _reviewer(request, pk)
    try:
        services.proposal_accept(actor=request.user, proposal=proposal)
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã tiếp nhận tờ trình."))
    return redirect("awards:proposal", pk=pk)


@login_required
@require_POST
def council_session_create(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _reviewer(request, pk)
    form = CouncilForm(request.POST)
    if not form.is_valid():
        return _page(request, proposal, status=400, council_form=form)
    meeting_date: dt.date = form.cleaned_data["meeting_date"]
    try:
        services.proposal_council_session_create(
            actor=request.user,
            proposal=proposal,
            council=proposal.recipient,
            meeting_date=meeting_date,
            mode=form.cleaned_data["mode"],
        )
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã lập phiên bỏ phiếu của Hội đồng."))
    return redirect("awards:proposal", pk=pk)


urlpatterns: list[URLPattern] = [
    path("to-trinh/", proposal_list, name="proposals"),
    path("to-trinh/cum/<str:code>/<int:year>/", proposal_of_year, name="proposal_of_year"),
    path("to-trinh/<int:pk>/", proposal_detail, name="proposal"),
    path("to-trinh/<int:pk>/sua/", proposal_edit, name="proposal_edit"),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nomination_id>/bao-cao/",
        report_save,
        name="proposal_report",
    ),
    path("to-trinh/<int:pk>/tai-lieu/", document_attach, name="proposal_document_attach"),
    path(
        "to-trinh/<int:pk>/tai-lieu/<int:document_id>/",
        document_download,
        name="proposal_document",
    ),
    path(
        "to-trinh/<int:pk>/tai-lieu/<int:document_id>/xoa/",
        document_remove,
        name="proposal_document_remove",
    ),
    path("to-trinh/<int:pk>/gui/", proposal_send, name="proposal_send"),
    path("to-trinh/<int:pk>/tra-lai/", proposal_return, name="proposal_return"),
    path("to-trinh/<int:pk>/tiep-nhan/", proposal_accept, name="proposal_accept"),
    path("to-trinh/<int:pk>/hoi-dong/", council_session_create, name="proposal_council"),
]
