"""Written votes of absent members (ý kiến bằng văn bản): the organiser records one from the
session page while the vote is open; the list (names, and — for the organiser, or once
published — the choices and the scanned letter) is on the session and result pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import DomainError
from thidua.voting import permissions, services
from thidua.voting.forms import WrittenVoteForm
from thidua.voting.models import BallotSession, WrittenVote
from thidua.voting.selectors import absent_voters, questions_of
from thidua.voting.views.common import managed_session, to_detail, visible_session


def written_vote_form(session: BallotSession) -> WrittenVoteForm:
    return WrittenVoteForm(voters=absent_voters(session), questions=questions_of(session))


@login_required
@require_POST
def written_vote_record(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    form = WrittenVoteForm(
        request.POST,
        request.FILES,
        voters=session.voters.all(),
        questions=questions_of(session),
    )
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return to_detail(session)
    voter = form.cleaned_data["voter"]
    try:
        services.written_vote_record(
            actor=request.user,
            voter=voter,
            choices=form.choices(),
            upload=form.cleaned_data["letter"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã ghi nhận ý kiến bằng văn bản của %(name)s.") % {"name": voter.name}
        )
    return to_detail(session)


@login_required
@require_GET
def written_vote_letter(request: HttpRequest, pk: int, written_pk: int) -> FileResponse:
    session = visible_session(request, pk)
    written = WrittenVote.objects.filter(pk=written_pk, session=session).first()
    if (
        written is None
        or not written.file
        or not permissions.can_view_written_choices(request.user, session)
    ):
        raise Http404
    try:
        handle = written.file.storage.open(written.file.name or "", "rb")
    except OSError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=written.file_name, content_type=written.content_type
    )


urlpatterns = [
    path("<int:pk>/y-kien-van-ban/", written_vote_record, name="written_vote_record"),
    path(
        "<int:pk>/y-kien-van-ban/<int:written_pk>/van-ban/",
        written_vote_letter,
        name="written_vote_letter",
    ),
]
