"""Written votes of absent members (ý kiến bằng văn bản, DOMAIN.md §6): open by law.

A voter on the list who does not attend may send a written vote; the organiser records it
while the vote is open, with the scanned letter if there is one. It names its voter (as the
minutes do), so it is stored in its own tables (``WrittenVote``, ``WrittenVoteMark``), never
in the secret ballot box. A voter who checked in cannot have one, and a voter who has one can
no longer check in (``casting.voter_check_in``): nobody votes twice. The choices are checked
as a ballot's are (candidates on the ballot, at most ``max_choices``, the self-vote rule).
Audit: ``voting.written_vote.recorded``, naming the organiser, the voter and the choices.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core import files
from thidua.core.errors import DomainError
from thidua.voting.choices import SessionState
from thidua.voting.models import (
    BallotCandidate,
    BallotSession,
    Participation,
    Voter,
    WrittenVote,
    WrittenVoteMark,
)
from thidua.voting.services.casting import _check_choices
from thidua.voting.services.sessions import organiser_agency


def _not_open(session: BallotSession) -> str:
    if session.state == SessionState.DRAFT:
        return _("Phiên bỏ phiếu chưa mở; chưa ghi nhận ý kiến bằng văn bản được.")
    return _("Phiên bỏ phiếu đã kết thúc; không nhận thêm ý kiến bằng văn bản.")


def _own_candidates(session: BallotSession, voter: Voter) -> frozenset[int]:
    """The candidates that are the voter's own unit (refused where the rule forbids
    self-votes)."""
    if voter.agency_id is None:
        return frozenset()
    return frozenset(
        BallotCandidate.objects.filter(
            question__session=session, agency_id=voter.agency_id
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def written_vote_record(
    *,
    actor: Any,
    voter: Voter,
    choices: Mapping[int, Collection[int]],
    upload: UploadedFile[bytes] | None = None,
    note: str = "",
) -> WrittenVote:
    """Record the written vote of ``voter``, absent from the session: ``choices`` maps each
    question's id to the ids of the candidates approved (a question left out approves nobody).
    Refused, with nothing written, when the session is not open, the voter checked in or
    already has a written vote, a choice is not on the ballot, too many are chosen, the rule
    forbids voting for one's own unit, or the letter's file is not accepted."""
    # The session row is locked as check-in locks it: a check-in and a written vote of the
    # same voter cannot both pass.
    session = BallotSession.objects.select_for_update().get(pk=voter.session_id)
    if session.state != SessionState.OPEN:
        raise DomainError(_not_open(session))
    if Participation.objects.filter(voter_id=voter.pk).exists():
        raise DomainError(
            _(
                "%(name)s đã điểm danh (có mặt) nên bỏ phiếu tại phiên; không ghi nhận ý kiến "
                "bằng văn bản."
            )
            % {"name": voter.name},
            field="voter",
        )
    if WrittenVote.objects.filter(voter_id=voter.pk).exists():
        raise DomainError(
            _("Đã ghi nhận ý kiến bằng văn bản của %(name)s; mỗi cử tri chỉ gửi một lần.")
            % {"name": voter.name},
            field="voter",
        )
    marks = _check_choices(session, choices, _own_candidates(session, voter))
    checked = files.checked_upload(upload) if upload is not None else None
    written = WrittenVote(
        session=session,
        voter=voter,
        note=note.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if upload is not None and checked is not None:
        written.file_name, written.content_type, written.sha256 = checked
        written.size = upload.size or 0
        written.file.save(written.file_name, upload, save=False)
    written.save()
    WrittenVoteMark.objects.bulk_create(
        WrittenVoteMark(written_vote=written, candidate_id=pk, approve=approve)
        for pk, approve in marks
    )
    approved = dict(
        BallotCandidate.objects.filter(pk__in=[pk for pk, ok in marks if ok]).values_list(
            "pk", "name"
        )
    )
    audit_record(
        actor=actor,
        action="voting.written_vote.recorded",
        target=session,
        agency=organiser_agency(session),
        payload={
            "voter": voter.name,
            "approved": [approved[pk] for pk, ok in marks if ok],
            "file": written.file_name,
            "sha256": written.sha256,
        },
    )
    return written
