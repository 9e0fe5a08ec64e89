"""The documents of a session as files (Decree 30 layout, ``voting.documents``): the paper
ballot for the organiser to print; the vote-count minutes (biên bản kiểm phiếu) for whoever
may read the result — the organiser once voting is closed, everyone who sees the session once
published (pass/fail only when the counts were not published); the notice of the result
(thông báo kết quả) once published; the minutes of the meeting (biên bản họp) to the same
readers as the vote-count minutes. A session the user may not see is a 404, as on the results
page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from thidua.documents.docx import render_docx
from thidua.documents.pdf import render_pdf
from thidua.voting import permissions
from thidua.voting.choices import Mode, SessionState
from thidua.voting.documents import (
    DOCX,
    CountMinutes,
    DocumentUnavailable,
    MeetingMinutes,
    ResultNotice,
    ballot_paper_of,
    ballot_paper_pdf,
    count_minutes_document,
    count_minutes_of,
    file_name,
    meeting_file_name,
    meeting_minutes_document,
    meeting_minutes_of,
    result_notice_document,
    result_notice_of,
)
from thidua.voting.models import BallotSession
from thidua.voting.views.common import managed_session, visible_session

PDF = "application/pdf"


def _file(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_GET
def paper_ballot_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper ballot, one identical copy per voter on the list (``?so-ban=`` for another
    number of copies)."""
    session = managed_session(request, pk)
    if session.mode != Mode.PAPER:
        raise Http404
    try:
        copies = int(request.GET.get("so-ban", ""))
    except ValueError:
        copies = session.voters.count()
    data = ballot_paper_pdf(ballot_paper_of(session), copies=copies)
    return _file(data, PDF, file_name(session, "phieu-bau", "pdf"))


def _closed_session(request: HttpRequest, pk: int) -> BallotSession:
    """A closed session whose result ``request.user`` may read (the organiser once closed,
    whoever sees the session once published); else 404 or 403."""
    session = visible_session(request, pk)
    if session.state not in (SessionState.CLOSED, SessionState.PUBLISHED):
        raise Http404
    if not permissions.can_view_result(request.user, session):
        raise PermissionDenied
    return session


def _minutes(request: HttpRequest, pk: int) -> tuple[int, CountMinutes]:
    session = _closed_session(request, pk)
    try:
        return session.pk, count_minutes_of(session)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session_pk, minutes = _minutes(request, pk)
    data = render_pdf(count_minutes_document(minutes))
    return _file(data, PDF, f"bien-ban-kiem-phieu-{session_pk}.pdf")


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    session_pk, minutes = _minutes(request, pk)
    data = render_docx(count_minutes_document(minutes))
    return _file(data, DOCX, f"bien-ban-kiem-phieu-{session_pk}.docx")


def _meeting(request: HttpRequest, pk: int) -> tuple[BallotSession, MeetingMinutes]:
    """The same readers as the vote-count minutes."""
    session = _closed_session(request, pk)
    try:
        return session, meeting_minutes_of(session)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error


@login_required
@require_GET
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session, minutes = _meeting(request, pk)
    data = render_pdf(meeting_minutes_document(minutes))
    return _file(data, PDF, meeting_file_name(session, "pdf"))


@login_required
@require_GET
def meeting_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    session, minutes = _meeting(request, pk)
    data = render_docx(meeting_minutes_document(minutes))
    return _file(data, DOCX, meeting_file_name(session, "docx"))


def _notice(request: HttpRequest, pk: int) -> tuple[int, ResultNotice]:
    session = visible_session(request, pk)
    if session.state != SessionState.PUBLISHED:
        raise Http404
    if not permissions.can_view_result(request.user, session):
        raise PermissionDenied
    return session.pk, result_notice_of(session)


@login_required
@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session_pk, notice = _notice(request, pk)
    data = render_pdf(result_notice_document(notice))
    return _file(data, PDF, f"thong-bao-ket-qua-{session_pk}.pdf")


@login_required
@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    session_pk, notice = _notice(request, pk)
    data = render_docx(result_notice_document(notice))
    return _file(data, DOCX, f"thong-bao-ket-qua-{session_pk}.docx")


urlpatterns = [
    path("<int:pk>/phieu-giay.pdf", paper_ballot_pdf, name="paper_ballot_pdf"),
    path("<int:pk>/bien-ban-kiem-phieu.pdf", minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/bien-ban-kiem-phieu.docx", minutes_docx, name="minutes_docx"),
    path("<int:pk>/thong-bao-ket-qua.pdf", notice_pdf, name="notice_pdf"),
    path("<int:pk>/thong-bao-ket-qua.docx", notice_docx, name="notice_docx"),
    path("<int:pk>/bien-ban-hop.pdf", meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("<int:pk>/bien-ban-hop.docx", meeting_minutes_docx, name="meeting_minutes_docx"),
]
