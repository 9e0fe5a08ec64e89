"""The result of a session (kết quả bỏ phiếu): the organiser's count once voting is closed, with
the warnings about counts that would reveal everyone's vote, the settling of ties and
publication; everyone who may see the session reads the published result and its CSV."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import DomainError
from thidua.voting import permissions, services
from thidua.voting.choices import Outcome, SessionState, TiePolicy
from thidua.voting.exports import result_csv, shown_result
from thidua.voting.forms import PublishForm, TieForm
from thidua.voting.selectors import session_tally, written_vote_lines
from thidua.voting.views.common import managed_session, visible_session


def _back(pk: int) -> HttpResponse:
    return redirect("voting:results", pk=pk)


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    session = visible_session(request, pk)
    context: dict[str, Any] = {"session": session, "outcomes": Outcome}
    if session.state == SessionState.PUBLISHED:
        context |= {"result": shown_result(session), "published": True}
    elif permissions.can_view_result(request.user, session):
        tally = session_tally(session)
        if tally is not None:
            ties = []
            for q in tally.open_ties:
                tied = q.question.candidates.filter(pk__in=q.result.tied).order_by("order")
                ties.append(
                    {
                        "question": q.question,
                        "seats": q.result.seats_for_tied,
                        "tied": list(tied),
                        "chair": q.question.rule.tie_policy == TiePolicy.CHAIR,
                        "form": TieForm(tied=tied, prefix=f"t{q.question.pk}"),
                    }
                )
            context |= {
                "result": tally.as_json(),
                "preview": True,
                "warnings": tally.warnings,
                "ties": ties,
                "publish_form": PublishForm(),
            }
        else:
            context["awaiting_paper"] = True
    if "result" in context:
        context |= {
            "written_lines": written_vote_lines(session),
            "show_written_choices": permissions.can_view_written_choices(request.user, session),
        }
    return render(request, "voting/results.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    form = PublishForm(request.POST)
    disclose = form.is_valid() and bool(form.cleaned_data["disclose_counts"])
    try:
        services.ballot_session_publish(
            actor=request.user, session=session, disclose_counts=disclose
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã công bố kết quả bỏ phiếu."))
    return _back(pk)


@login_required
@require_POST
def tie_resolve(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    question = session.questions.select_related("rule", "session").filter(pk=question_pk).first()
    if question is None:
        raise Http404
    form = TieForm(request.POST, tied=question.candidates.all(), prefix=f"t{question.pk}")
    if not form.is_valid():
        messages.error(request, _("Lựa chọn không hợp lệ."))
        return _back(pk)
    try:
        services.tie_resolve(
            actor=request.user,
            question=question,
            chosen=list(form.cleaned_data["chosen"]),
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi cách xử lý trường hợp bằng phiếu."))
    return _back(pk)


@login_required
@require_GET
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    session = visible_session(request, pk)
    if session.state != SessionState.PUBLISHED:
        raise Http404
    if not permissions.can_view_result(request.user, session):
        raise PermissionDenied
    response = HttpResponse(result_csv(session), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"ket-qua-bo-phieu-{session.pk}.csv"
    )
    return response


urlpatterns = [
    path("<int:pk>/ket-qua/", results, name="results"),
    path("<int:pk>/cong-bo/", publish, name="publish"),
    path("<int:pk>/bang-phieu/<int:question_pk>/", tie_resolve, name="tie_resolve"),
    path("<int:pk>/ket-qua.csv", results_csv, name="results_csv"),
]
