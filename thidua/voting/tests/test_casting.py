"""Check-in and casting (điểm danh, bỏ phiếu): the token, the ballot, and every refusal — voting
twice, after closing, not on the list, a candidate not on the ballot, too many choices, a
self-vote — with a clear message and nothing changed."""

from __future__ import annotations

import hashlib

import pytest

from thidua.core.errors import DomainError, IllegalTransition
from thidua.voting import services, tokens
from thidua.voting.choices import SessionState
from thidua.voting.models import Ballot, BallotMark, BallotToken, Participation
from thidua.voting.selectors import session_counts
from thidua.voting.tests.builders import (
    FLAG,
    MERIT,
    World,
    candidate,
    check_in,
    cluster_session,
    events,
    nothing_changes,
    question,
    vote,
    voter,
)


def test_checking_in_records_participation_and_hands_out_a_token_stored_only_as_a_hash(
    world: World,
) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.lead)
    participation = Participation.objects.get()
    assert participation.voter == voter(session, world.lead)
    assert participation.checked_in
    assert participation.token_issued
    stored = BallotToken.objects.get()
    assert stored.session == session
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    [event] = events("voting.participation.recorded")
    assert event.actor == world.rep(world.lead)
    assert event.agency == world.lead
    assert event.payload == {"voter": world.lead.name, "token_issued": True}


def test_a_ballot_consumes_the_token_and_holds_one_mark_per_candidate(world: World) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.own)
    third, fourth = world.units[2], world.units[3]
    vote(session, token, {FLAG: [world.lead], MERIT: [third, fourth]})
    assert not BallotToken.objects.exists()
    ballot = Ballot.objects.get()
    marks = {(m.candidate_id, m.approve) for m in BallotMark.objects.filter(ballot=ballot)}
    assert len(marks) == 5 + 3
    approved = {pk for pk, approve in marks if approve}
    assert approved == {
        candidate(session, FLAG, world.lead).pk,
        candidate(session, MERIT, third).pk,
        candidate(session, MERIT, fourth).pk,
    }
    [event] = events("voting.ballot.cast")
    assert event.actor is None
    assert event.agency is None
    assert event.payload == {"session": session.pk}
    counts = session_counts(session)
    assert counts is not None
    assert counts.ballots == 1


def test_a_blank_ballot_is_a_ballot_that_approves_nobody(world: World) -> None:
    session = cluster_session(world)
    vote(session, check_in(world, session, world.lead), {})
    assert Ballot.objects.count() == 1
    assert not BallotMark.objects.filter(approve=True).exists()


def test_a_voter_cannot_check_in_twice_so_cannot_vote_twice(world: World) -> None:
    session = cluster_session(world)
    check_in(world, session, world.lead)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.voter_check_in(actor=world.lead_officer, voter=voter(session, world.lead))
    assert "đã điểm danh; mỗi cử tri chỉ nhận một phiếu" in refused.value.message


def test_a_token_votes_once(world: World) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.lead)
    vote(session, token, {FLAG: [world.own]})
    with nothing_changes(), pytest.raises(DomainError) as refused:
        vote(session, token, {FLAG: [world.own]})
    assert refused.value.field == "token"
    assert "đã được dùng" in refused.value.message


def test_nobody_votes_after_the_session_is_closed(world: World) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.lead)
    services.ballot_session_close(actor=world.lead_officer, session=session)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        vote(session, token, {FLAG: [world.own]})
    assert "đã kết thúc" in refused.value.message
    with nothing_changes(), pytest.raises(DomainError) as late:
        services.voter_check_in(actor=world.rep(world.own), voter=voter(session, world.own))
    assert "đã kết thúc" in late.value.message


def test_nobody_votes_before_the_session_is_opened(world: World) -> None:
    session = cluster_session(world, open_it=False)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.voter_check_in(actor=world.rep(world.lead), voter=voter(session, world.lead))
    assert "chưa mở" in refused.value.message


def test_a_token_not_issued_for_the_session_is_refused(world: World) -> None:
    """Someone not on the voter list has no token of this session: a made-up token, a token
    of another session or an altered one is refused."""
    session = cluster_session(world)
    other = cluster_session(world, merit=False)
    foreign = check_in(world, other, world.lead)
    forged = tokens.issue(session.pk, [])  # right form, never handed out (no stored hash)
    genuine = check_in(world, session, world.lead)
    for token, field in (
        ("khong-phai-ma", "token"),
        (foreign, "token"),
        (forged, "token"),
        (genuine[:-2] + "xx", "token"),
    ):
        with nothing_changes(), pytest.raises(DomainError) as refused:
            vote(session, token, {FLAG: [world.own]})
        assert refused.value.field == field
        assert "Mã phiếu" in refused.value.message


def test_a_candidate_not_on_the_question_is_refused(world: World) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.own)
    merit_candidate = candidate(session, MERIT, world.units[2]).pk
    flag = question(session, FLAG)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.ballot_cast(session=session, token=token, choices={flag.pk: [merit_candidate]})
    assert refused.value.field == f"q{flag.pk}"
    assert "không nằm trong danh sách ứng viên" in refused.value.message
    with nothing_changes(), pytest.raises(DomainError) as unknown:
        services.ballot_cast(session=session, token=token, choices={999999: []})
    assert "không thuộc phiên này" in unknown.value.message
    # the token is still good: nothing was consumed
    vote(session, token, {FLAG: [world.lead]})
    assert Ballot.objects.count() == 1


def test_choosing_more_than_allowed_is_refused(world: World) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.own)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        vote(session, token, {FLAG: [world.lead, world.units[2]]})
    assert "chỉ được chọn tối đa 1" in refused.value.message


def test_voting_for_ones_own_unit_is_refused_where_the_rule_forbids_it(world: World) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.own)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        vote(session, token, {FLAG: [world.own]})
    assert "không cho bỏ phiếu cho chính đơn vị mình" in refused.value.message
    # the exclusion travels in the signed token, not in the database
    excluded = tokens.excluded_candidates(session.pk, token)
    assert excluded == frozenset({candidate(session, FLAG, world.own).pk})
    assert [f.name for f in BallotToken._meta.concrete_fields] == ["id", "session", "token_hash"]


def test_a_paper_session_takes_no_electronic_ballot(world: World) -> None:
    session = cluster_session(world, mode="paper")
    assert (
        services.voter_check_in(actor=world.lead_officer, voter=voter(session, world.lead)) is None
    )
    participation = Participation.objects.get()
    assert participation.checked_in
    assert not participation.token_issued
    assert not BallotToken.objects.exists()
    forged = tokens.issue(session.pk, [])
    with nothing_changes(), pytest.raises(DomainError) as refused:
        vote(session, forged, {FLAG: [world.lead]})
    assert "phiếu giấy" in refused.value.message


def test_closing_deletes_unused_tokens_and_rewrites_the_ballots_under_new_keys(
    world: World,
) -> None:
    session = cluster_session(world)
    cast = [(world.lead, world.units[2]), (world.own, world.lead), (world.units[2], world.lead)]
    for unit, choice in cast:
        vote(session, check_in(world, session, unit), {FLAG: [choice]})
    check_in(world, session, world.units[3])  # checked in, never voted
    before_ids = set(Ballot.objects.values_list("id", flat=True))
    before_counts = session_counts(session)
    services.ballot_session_close(actor=world.lead_officer, session=session)
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED
    assert not BallotToken.objects.exists()
    after_ids = set(Ballot.objects.values_list("id", flat=True))
    assert len(after_ids) == 3
    assert not after_ids & before_ids
    assert session_counts(session) == before_counts
    assert all(b.marks.count() == 8 for b in Ballot.objects.all())
    [event] = events("voting.session.closed")
    assert event.payload == {"voters": 5, "present": 4, "ballots": 3, "unused_tokens": 1}


def test_closing_twice_is_an_illegal_transition(world: World) -> None:
    session = cluster_session(world)
    services.ballot_session_close(actor=world.lead_officer, session=session)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.ballot_session_close(actor=world.lead_officer, session=session)
