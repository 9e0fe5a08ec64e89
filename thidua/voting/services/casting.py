"""Check-in, casting and closing: the secret part of the vote (DESIGN.md §4.2).

* ``voter_check_in`` (its own transaction) records that the voter took part and, in electronic
  mode, issues a one-time token: it is returned once and only its hash is stored, with no link
  to the voter. Audit: ``voting.participation.recorded``, naming the voter.
* ``ballot_cast`` (its own transaction) takes the session, the token and the choices — never
  the user. It deletes the token's row and writes a ballot (random key, session, nothing else)
  with one mark per candidate. Audit: ``voting.ballot.cast`` with no actor, no agency and only
  the session.
* ``ballot_session_close`` ends the vote, deletes the tokens never used, and rewrites the ballots
  in random order under new keys, so that not even the order of the rows follows the order of
  casting; on PostgreSQL the ballot tables are then compacted (``VACUUM FULL``) so that the dead
  rows of the old order are gone from the table files.

No event, row or return value ever links a participation to a ballot.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.voting import tokens
from thidua.voting.choices import Mode, SessionState
from thidua.voting.models import (
    Ballot,
    BallotMark,
    BallotSession,
    BallotToken,
    Participation,
    Voter,
    WrittenVote,
)
from thidua.voting.selectors import present_count, questions_of
from thidua.voting.services.sessions import organiser_agency, transition

_shuffler = random.SystemRandom()


def _erase_deleted_content() -> None:
    """On SQLite, have deleted rows (used tokens, the ballots' old order) overwritten with
    zeros in the database file rather than left in free pages (a per-connection setting)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def _not_open_message(session: BallotSession) -> str:
    if session.state == SessionState.DRAFT:
        return _("Phiên bỏ phiếu chưa mở.")
    return _("Phiên bỏ phiếu đã kết thúc; không nhận thêm phiếu.")


@transaction.atomic(durable=True)
def voter_check_in(*, actor: Any, voter: Voter) -> str | None:
    """Record that ``voter`` is present; in electronic mode return their one-time ballot token
    (shown to them once, never stored), in paper mode ``None`` (they receive a paper ballot).

    Each voter checks in once (``voting_participation_once``): a second check-in is refused,
    which is why nobody can vote twice; a voter whose written vote was recorded
    (``written.written_vote_record``) no longer checks in."""
    session = BallotSession.objects.select_for_update().get(pk=voter.session_id)
    if session.state != SessionState.OPEN:
        raise DomainError(_not_open_message(session))
    if Participation.objects.filter(voter_id=voter.pk).exists():
        raise DomainError(
            _("%(name)s đã điểm danh; mỗi cử tri chỉ nhận một phiếu.") % {"name": voter.name}
        )
    if WrittenVote.objects.filter(voter_id=voter.pk).exists():
        raise DomainError(
            _("Đã ghi nhận ý kiến bằng văn bản của %(name)s (vắng mặt); không điểm danh được nữa.")
            % {"name": voter.name}
        )
    token: str | None = None
    if session.mode == Mode.ELECTRONIC:
        excluded = [
            candidate.pk
            for question in questions_of(session)
            if not question.rule.self_vote_allowed
            for candidate in question.candidates.all()
            if voter.agency_id is not None and candidate.agency_id == voter.agency_id
        ]
        token = tokens.issue(session.pk, excluded)
        BallotToken.objects.create(session=session, token_hash=tokens.token_hash(token))
    Participation.objects.create(voter_id=voter.pk, checked_in=True, token_issued=token is not None)
    audit_record(
        actor=actor,
        action="voting.participation.recorded",
        target=session,
        agency=voter.agency,
        payload={"voter": voter.name, "token_issued": token is not None},
    )
    return token


def _check_choices(
    session: BallotSession,
    choices: Mapping[int, Collection[int]],
    excluded: frozenset[int],
) -> list[tuple[int, bool]]:
    """Validate the choices; return (candidate, approve) for every candidate of the session."""
    questions = questions_of(session)
    by_pk = {q.pk: q for q in questions}
    unknown = set(choices) - set(by_pk)
    if unknown:
        raise DomainError(_("Nội dung bỏ phiếu không thuộc phiên này."))
    marks: list[tuple[int, bool]] = []
    for question in questions:
        candidates = [c.pk for c in question.candidates.all()]
        chosen = set(choices.get(question.pk, ()))
        field = f"q{question.pk}"
        if chosen - set(candidates):
            raise DomainError(
                _("Có lựa chọn không nằm trong danh sách ứng viên của “%(question)s”.")
                % {"question": question},
                field=field,
            )
        if len(chosen) > question.max_choices:
            raise DomainError(
                _("“%(question)s”: chỉ được chọn tối đa %(n)d.")
                % {"question": question, "n": question.max_choices},
                field=field,
            )
        if not question.rule.self_vote_allowed and chosen & excluded:
            raise DomainError(
                _("“%(question)s”: quy tắc bỏ phiếu không cho bỏ phiếu cho chính đơn vị mình.")
                % {"question": question},
                field=field,
            )
        marks.extend((pk, pk in chosen) for pk in candidates)
    return marks


@transaction.atomic(durable=True)
def ballot_cast(
    *, session: BallotSession, token: str, choices: Mapping[int, Collection[int]]
) -> None:
    """Put one ballot in the box: ``choices`` maps each question's id to the ids of the
    candidates approved (a question left out approves nobody). The token is consumed; nothing
    identifies who cast the ballot, and nothing is returned that could."""
    session = BallotSession.objects.get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise DomainError(_not_open_message(session))
    if session.mode != Mode.ELECTRONIC:
        raise DomainError(_("Phiên này bỏ phiếu bằng phiếu giấy."))
    excluded = tokens.excluded_candidates(session.pk, token)
    if excluded is None:
        raise DomainError(_("Mã phiếu không đúng."), field="token")
    # Locking the token row serialises two uses of one token, and a cast against the closing
    # of the session (which deletes the unused tokens): the loser finds no row.
    row = (
        BallotToken.objects.select_for_update()
        .filter(session=session, token_hash=tokens.token_hash(token))
        .first()
    )
    if row is None:
        session.refresh_from_db(fields=["state"])
        if session.state != SessionState.OPEN:  # closed while this ballot was on its way
            raise DomainError(_not_open_message(session))
        raise DomainError(
            _("Mã phiếu đã được dùng hoặc không còn hiệu lực; mỗi mã chỉ bỏ được một phiếu."),
            field="token",
        )
    marks = _check_choices(session, choices, excluded)
    _erase_deleted_content()
    row.delete()
    ballot = Ballot.objects.create(session=session)
    BallotMark.objects.bulk_create(
        BallotMark(ballot=ballot, candidate_id=pk, approve=approve) for pk, approve in marks
    )
    audit_record(
        actor=None,
        action="voting.ballot.cast",
        target=session,
        agency=None,
        payload={"session": session.pk},
    )


def _shuffle_ballot_box(session: BallotSession) -> int:
    """Rewrite the session's ballots in random order under new keys; return how many."""
    marks: dict[Any, list[tuple[int, bool]]] = {
        pk: [] for pk in Ballot.objects.filter(session=session).values_list("id", flat=True)
    }
    for ballot_id, candidate_id, approve in BallotMark.objects.filter(
        ballot__session=session
    ).values_list("ballot_id", "candidate_id", "approve"):
        marks[ballot_id].append((candidate_id, approve))
    contents = list(marks.values())
    _shuffler.shuffle(contents)
    BallotMark.objects.filter(ballot__session=session).delete()
    Ballot.objects.filter(session=session).delete()
    ballots = Ballot.objects.bulk_create(Ballot(session=session) for _ in contents)
    BallotMark.objects.bulk_create(
        BallotMark(ballot=ballot, candidate_id=candidate_id, approve=approve)
        for ballot, content in zip(ballots, contents, strict=True)
        for candidate_id, approve in _shuffler.sample(content, len(content))
    )
    return len(contents)


def compact_ballot_tables() -> None:
    """On PostgreSQL, rewrite the ballot tables so that the rows deleted on closing (and their
    transaction ids) are gone from the table files. Runs after the commit; outside a
    transaction only (``VACUUM`` cannot run in one)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [m._meta.db_table for m in (Ballot, BallotMark, BallotToken)]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (FULL) " + ", ".join(connection.ops.quote_name(t) for t in tables))


@transaction.atomic
def ballot_session_close(*, actor: Any, session: BallotSession) -> BallotSession:
    """End the vote: no more check-ins or ballots; unused tokens are deleted and the ballot box
    is shaken (rewritten in random order under new keys)."""
    session = BallotSession.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise IllegalTransition(
            _("Phiên đang ở trạng thái “%(state)s”, không kết thúc bỏ phiếu được.")
            % {"state": SessionState(session.state).label}
        )
    transition(session, SessionState.CLOSED)
    session.save(update_fields=["state", "updated_at"])
    _erase_deleted_content()
    unused, _deleted = BallotToken.objects.filter(session=session).delete()
    ballots = _shuffle_ballot_box(session)
    audit_record(
        actor=actor,
        action="voting.session.closed",
        target=session,
        agency=organiser_agency(session),
        payload={
            "voters": session.voters.count(),
            "present": present_count(session),
            "ballots": ballots,
            "unused_tokens": unused,
        },
    )
    transaction.on_commit(compact_ballot_tables)
    return session
