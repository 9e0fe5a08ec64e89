"""Pages that change a proposal's list of nominees: another candidate of the cluster's ballot
session (a unit or a person) put on it, with its achievement report drafted for the leader to
complete (``services.reports``), or a nominee taken off. The leading member's officers and
leader only (``permissions.can_edit_proposal``): others who see the proposal get a 403, those
who do not a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards import services
from thidua.awards.models import Nomination
from thidua.awards.views.proposals import _editor, _error
from thidua.core.errors import DomainError
from thidua.voting.models import BallotCandidate


@login_required
@require_POST
def nomination_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put another candidate of the ballot session (a unit or a person) on the list; its
    achievement report is drafted for the leader to complete."""
    proposal = _editor(request, pk)
    candidate = BallotCandidate.objects.filter(
        pk=request.POST.get("candidate") or 0, question__session=proposal.ballot_session_id
    ).first()
    if candidate is None:
        return _error(request, proposal, _("Chọn một ứng viên của phiên bình xét."))
    try:
        nomination = services.nomination_add(
            actor=request.user, proposal=proposal, candidate=candidate
        )
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã thêm %(name)s vào tờ trình.") % {"name": nomination.name})
    return redirect("awards:proposal", pk=pk)


@login_required
@require_POST
def nomination_remove(request: HttpRequest, pk: int, nomination_id: int) -> HttpResponse:
    proposal = _editor(request, pk)
    nomination = get_object_or_404(Nomination, pk=nomination_id, proposal=proposal)
    try:
        services.nomination_remove(actor=request.user, nomination=nomination)
    except DomainError as error:
        return _error(request, proposal, error)
    messages.success(request, _("Đã bỏ %(name)s khỏi tờ trình.") % {"name": nomination.name})
    return redirect("awards:proposal", pk=pk)


urlpatterns: list[URLPattern] = [
    path("to-trinh/<int:pk>/doi-tuong/them/", nomination_add, name="proposal_nomination_add"),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nomination_id>/bo/",
        nomination_remove,
        name="proposal_nomination_remove",
    ),
]
