"""Helpers shared by the voting views: fetching a session the user may see (else 404) or
manage (else 403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from thidua.voting import permissions
from thidua.voting.models import BallotSession
from thidua.voting.selectors import session_get


def visible_session(request: HttpRequest, pk: int) -> BallotSession:
    session = session_get(pk)
    if session is None or not permissions.can_view_session(request.user, session):
        raise Http404
    return session


def managed_session(request: HttpRequest, pk: int) -> BallotSession:
    session = visible_session(request, pk)
    if not permissions.can_manage_session(request.user, session):
        raise PermissionDenied
    return session


def to_detail(session: BallotSession) -> HttpResponse:
    return redirect("voting:session", pk=session.pk)
