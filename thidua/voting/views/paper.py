"""Counting paper ballots (kiểm phiếu): each of two tellers enters the count apart; the
organiser reconciles them — equal counts become the session's count, different ones are listed
and nothing is accepted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import DomainError
from thidua.voting import permissions, services
from thidua.voting.choices import Mode, SessionState
from thidua.voting.forms import TellerForm
from thidua.voting.selectors import present_count, questions_of
from thidua.voting.views.common import managed_session, visible_session


@login_required
@require_http_methods(["GET", "POST"])
def teller(request: HttpRequest, pk: int) -> HttpResponse:
    session = visible_session(request, pk)
    if session.mode != Mode.PAPER:
        raise Http404
    if not permissions.can_count(request.user, session):
        raise PermissionDenied
    candidates = [c for q in questions_of(session) for c in q.candidates.all()]
    form = TellerForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.teller_count_enter(
                    actor=request.user,
                    session=session,
                    slot=form.cleaned_data["slot"],
                    ballots=form.cleaned_data["ballots"],
                    invalid=form.cleaned_data["invalid"],
                    approvals=form.approvals(),
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Đã ghi kết quả kiểm phiếu của bạn."))
                return redirect("voting:teller", pk=session.pk)
        status = 400
    return render(
        request,
        "voting/teller.html",
        {
            "session": session,
            "form": form,
            "counting": session.state == SessionState.CLOSED and not session.paper_accepted,
            "entered": sorted(session.teller_counts.values_list("slot", flat=True)),
            "present": present_count(session),
            "manages": permissions.can_manage_session(request.user, session),
        },
        status=status,
    )


@login_required
@require_POST
def reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    try:
        services.paper_counts_reconcile(actor=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("voting:teller", pk=session.pk)
    messages.success(request, _("Hai lần nhập khớp nhau; kết quả kiểm phiếu đã được chấp nhận."))
    return redirect("voting:results", pk=session.pk)


urlpatterns = [
    path("<int:pk>/kiem-phieu/", teller, name="teller"),
    path("<int:pk>/doi-chieu/", reconcile, name="reconcile"),
]
