"""Check-in and the ballot (điểm danh, phiếu bầu).

Checking in answers with the ballot page itself, carrying the one-time token (shown as a code
to note down and put in the form); the token is never stored in the session, a cookie or a
URL, and these pages are not cached. Casting reads only the token and the choices: the view
does not pass the user to the service, and the page after it says nothing but "received".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError
from thidua.voting import permissions, services, tokens
from thidua.voting.choices import Mode, SessionState
from thidua.voting.forms import BallotForm
from thidua.voting.models import BallotSession
from thidua.voting.selectors import questions_of
from thidua.voting.views.common import managed_session, to_detail, visible_session


def _ballot_page(
    request: HttpRequest,
    session: BallotSession,
    form: BallotForm | None,
    *,
    token: str = "",
    fresh: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "voting/ballot.html",
        {"session": session, "form": form, "token": token, "fresh": fresh},
        status=status,
    )


@never_cache
@login_required
@require_POST
def check_in(request: HttpRequest, pk: int, voter_pk: int) -> HttpResponse:
    session = visible_session(request, pk)
    voter = session.voters.filter(pk=voter_pk).select_related("session", "agency").first()
    if voter is None:
        raise Http404
    if not permissions.can_check_in(request.user, voter):
        raise PermissionDenied
    try:
        token = services.voter_check_in(actor=request.user, voter=voter)
    except DomainError as error:
        messages.error(request, error.message)
        return to_detail(session)
    if token is None:
        messages.success(request, _("Đã ghi nhận %(name)s có mặt.") % {"name": voter.name})
        return to_detail(session)
    excluded = tokens.excluded_candidates(session.pk, token) or frozenset()
    form = BallotForm(initial={"token": token}, questions=questions_of(session), excluded=excluded)
    return _ballot_page(request, session, form, token=token, fresh=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a field for the code. POST without ``cast``: the ballot for that code. POST with
    ``cast``: put the ballot in the box."""
    session = visible_session(request, pk)
    if not permissions.can_cast(request.user, session) or session.mode != Mode.ELECTRONIC:
        raise Http404
    if session.state != SessionState.OPEN:
        messages.error(request, _("Phiên bỏ phiếu không mở; không nhận phiếu."))
        return to_detail(session)
    if request.method == "GET":
        return _ballot_page(request, session, None)
    token = request.POST.get("token", "").strip()
    excluded = tokens.excluded_candidates(session.pk, token)
    if excluded is None:
        messages.error(request, _("Mã phiếu không đúng."))
        return _ballot_page(request, session, None, status=400)
    questions = questions_of(session)
    if "cast" not in request.POST:
        form = BallotForm(initial={"token": token}, questions=questions, excluded=excluded)
        return _ballot_page(request, session, form, token=token)
    form = BallotForm(request.POST, questions=questions, excluded=excluded)
    if form.is_valid():
        try:
            services.ballot_cast(session=session, token=token, choices=form.choices())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("voting:ballot_done", pk=session.pk)
    return _ballot_page(request, session, form, token=token, status=400)


@login_required
@require_GET
def ballot_done(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "voting/ballot_done.html", {"session": visible_session(request, pk)})


@login_required
@require_GET
def paper_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper ballot to print (one per page)."""
    session = managed_session(request, pk)
    return render(
        request,
        "voting/paper_ballot.html",
        {"session": session, "questions": questions_of(session)},
    )


urlpatterns = [
    path("<int:pk>/diem-danh/<int:voter_pk>/", check_in, name="check_in"),
    path("<int:pk>/phieu/", ballot, name="ballot"),
    path("<int:pk>/da-bo-phieu/", ballot_done, name="ballot_done"),
    path("<int:pk>/phieu-giay/", paper_ballot, name="paper_ballot"),
]
