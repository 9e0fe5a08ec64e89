"""Pages to list, create and prepare ballot sessions, and to open and close the vote.

The session page shows the questions, the candidates and the voter list with who has checked
in — never who voted for whom, which no table holds.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.audit.selectors import audit_events_for
from thidua.core.errors import DomainError
from thidua.emulation.models import GroupYear
from thidua.emulation.permissions import can_view_group_year, group_years_visible_to
from thidua.emulation.selectors import group_year_get
from thidua.organizations.models import Agency, Person
from thidua.voting import permissions, services
from thidua.voting.choices import Body, Mode, SessionState
from thidua.voting.forms import (
    CandidateForm,
    CouncilSessionForm,
    QuestionForm,
    RankingForm,
    SessionForm,
)
from thidua.voting.models import BallotCandidate, BallotSession, Question
from thidua.voting.selectors import (
    candidate_people,
    present_count,
    questions_of,
    voter_lines,
    written_vote_lines,
)
from thidua.voting.views.common import managed_session, to_detail, visible_session
from thidua.voting.views.written import written_vote_form


def _form_error(form: Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def session_index(request: HttpRequest) -> HttpResponse:
    sessions = permissions.sessions_visible_to(request.user).order_by("-meeting_date", "-id")
    return render(
        request,
        "voting/index.html",
        {
            "sessions": sessions,
            "group_years": group_years_visible_to(request.user)[:30],
            "can_create_council": permissions.can_create_council_session(request.user),
        },
    )


def _group_year_or_404(request: HttpRequest, code: str, year: int) -> GroupYear:
    group_year = group_year_get(code, year)
    if group_year is None or not can_view_group_year(request.user, group_year):
        raise Http404
    return group_year


@login_required
@require_http_methods(["GET", "POST"])
def cluster_sessions(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    can_create = permissions.can_create_session(request.user, group_year)
    form = SessionForm(request.POST or None, initial={"title": _("Bình xét, bỏ phiếu kín")})
    status = 200
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                session = services.ballot_session_create(
                    actor=request.user, group_year=group_year, **form.cleaned_data
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Đã lập phiên bỏ phiếu."))
                return to_detail(session)
        status = 400
    return render(
        request,
        "voting/cluster_sessions.html",
        {
            "group_year": group_year,
            "sessions": group_year.ballot_sessions.order_by("-meeting_date", "-id"),
            "form": form if can_create else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_session_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_council_session(request.user):
        raise PermissionDenied
    form = CouncilSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            session = services.ballot_session_create(actor=request.user, **values)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã lập phiên bỏ phiếu."))
            return to_detail(session)
    status = 400 if request.method == "POST" else 200
    return render(request, "voting/council_create.html", {"form": form}, status=status)


def _candidate_agencies(session: BallotSession) -> QuerySet[Agency]:
    if session.group_year is not None:
        return Agency.objects.filter(group_memberships__group_year=session.group_year).order_by(
            "name"
        )
    return Agency.objects.order_by("name")


def _candidate_form(session: BallotSession, question: Question, data: Any = None) -> CandidateForm:
    """The candidate form of a question; in a cluster's session, for a title a person may
    receive, a select offers its members' people not yet on the question's list."""
    people = None
    if session.group_year is not None and question.award.allows("person"):
        people = candidate_people(session).exclude(
            pk__in=question.candidates.filter(person__isnull=False).values("person_id")
        )
    return CandidateForm(data, agencies=_candidate_agencies(session), people=people)


def _detail(
    request: HttpRequest,
    session: BallotSession,
    *,
    question_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    manages = permissions.can_manage_session(request.user, session)
    questions = questions_of(session)
    lines = voter_lines(session)
    own = {v.pk for v in permissions.own_voters(request.user, session)}
    context: dict[str, Any] = {
        "session": session,
        "questions": questions,
        "lines": lines,
        "own": own,
        "manages": manages,
        "present": sum(1 for line in lines if line.checked_in),
        "is_draft": session.state == SessionState.DRAFT,
        "is_open": session.state == SessionState.OPEN,
        "is_paper": session.mode == Mode.PAPER,
        "can_see_result": permissions.can_view_result(request.user, session),
        "can_count": session.mode == Mode.PAPER
        and session.state == SessionState.CLOSED
        and permissions.can_count(request.user, session),
    }
    if session.state != SessionState.DRAFT:
        context |= {
            "written_lines": written_vote_lines(session),
            "show_written_choices": permissions.can_view_written_choices(request.user, session),
        }
    if manages and session.state == SessionState.OPEN:
        context["written_form"] = written_vote_form(session)
    if manages:
        context["history"] = audit_events_for(session)[:100]
    if manages and session.state == SessionState.DRAFT:
        for question in questions:
            # each question's own candidate form, an attribute the model does not declare
            setattr(question, "candidate_form", _candidate_form(session, question))  # noqa: B010
        context |= {
            "question_form": question_form or QuestionForm(),
            "ranking_form": RankingForm(),
            "from_ranking": session.body == Body.CLUSTER,
        }
    return render(request, "voting/session_detail.html", context, status=status)


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, visible_session(request, pk))


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(actor=request.user, session=session, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã thêm nội dung bỏ phiếu."))
            return to_detail(session)
    return _detail(request, session, question_form=form, status=400)


def _question(session: BallotSession, question_pk: int) -> Question:
    question = session.questions.select_related("award", "session").filter(pk=question_pk).first()
    if question is None:
        raise Http404
    return question


@login_required
@require_POST
def candidates_from_ranking(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    question = _question(session, question_pk)
    form = RankingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Số đơn vị đứng đầu phải là số nguyên từ 1 trở lên."))
        return to_detail(session)
    try:
        added = services.candidates_from_ranking(
            actor=request.user, question=question, top=form.cleaned_data["top"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã thêm %(n)d ứng viên theo kết quả xếp hạng.") % {"n": len(added)}
        )
    return to_detail(session)


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    question = _question(session, question_pk)
    form = _candidate_form(session, question, request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return to_detail(session)
    person: Person | None = form.cleaned_data.get("person")
    code = form.cleaned_data["person_code"].strip()
    if code and person is None:
        person = Person.objects.filter(code=code).first()
        if person is None:
            messages.error(request, _("Không có cá nhân mã %(code)s.") % {"code": code})
            return to_detail(session)
    try:
        services.candidate_add(
            actor=request.user,
            question=question,
            agency=form.cleaned_data["agency"],
            person=person,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thêm ứng viên."))
    return to_detail(session)


@login_required
@require_POST
def candidate_remove(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    candidate = BallotCandidate.objects.filter(pk=candidate_pk, question__session=session).first()
    if candidate is None:
        raise Http404
    try:
        services.candidate_remove(actor=request.user, candidate=candidate)
    except DomainError as error:
        messages.error(request, error.message)
    return to_detail(session)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    try:
        services.ballot_session_open(actor=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã mở bỏ phiếu."))
    return to_detail(session)


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    try:
        services.ballot_session_close(actor=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
        return to_detail(session)
    messages.success(
        request,
        _("Đã kết thúc bỏ phiếu: %(present)d cử tri có mặt.") % {"present": present_count(session)},
    )
    return redirect("voting:results", pk=session.pk)


urlpatterns = [
    path("", session_index, name="index"),
    path("cum/<str:code>/<int:year>/", cluster_sessions, name="cluster_sessions"),
    path("hoi-dong/them/", council_session_create, name="council_create"),
    path("<int:pk>/", session_detail, name="session"),
    path("<int:pk>/noi-dung/", question_add, name="question_add"),
    path(
        "<int:pk>/noi-dung/<int:question_pk>/xep-hang/",
        candidates_from_ranking,
        name="candidates_from_ranking",
    ),
    path("<int:pk>/noi-dung/<int:question_pk>/ung-vien/", candidate_add, name="candidate_add"),
    path("<int:pk>/ung-vien/<int:candidate_pk>/bo/", candidate_remove, name="candidate_remove"),
    path("<int:pk>/mo/", session_open, name="open"),
    path("<int:pk>/ket-thuc/", session_close, name="close"),
]
