"""Publishing (công bố kết quả): the frozen result, the warning about counts that would reveal
everyone's vote, ties settled by a run-off or by the chair, and the CSV export."""

from __future__ import annotations

import pytest

from thidua.core.errors import DomainError, IllegalTransition
from thidua.organizations.models import Agency
from thidua.voting import services
from thidua.voting.choices import Outcome, SessionState, TiePolicy
from thidua.voting.exports import result_csv, shown_result
from thidua.voting.models import BallotSession, TieResolution, VotingRule
from thidua.voting.selectors import elected_names, session_tally
from thidua.voting.tests.builders import (
    FLAG,
    MEETING,
    MERIT,
    World,
    award,
    candidate,
    check_in,
    cluster_session,
    events,
    nothing_changes,
    question,
    vote,
)


def _run(world: World, session: BallotSession, ballots: dict[int, dict[str, list[Agency]]]) -> None:
    """Each unit of ``ballots`` (by agency id) checks in and votes; then the session closes."""
    for unit in world.units:
        if unit.pk in ballots:
            vote(session, check_in(world, session, unit), ballots[unit.pk])
    services.ballot_session_close(actor=world.lead_officer, session=session)


def test_a_clear_result_is_published_with_its_counts(world: World) -> None:
    """Five members, three candidates: the lead gets three votes of five (more than half of
    all members); no count is 0 or 5, so the counts are published."""
    lead, own, third, fourth, fifth = world.units
    session = services.ballot_session_create(
        actor=world.lead_officer,
        group_year=world.group_year,
        title="Bình xét Cờ thi đua",
        meeting_date=MEETING,
        mode="electronic",
    )
    flag = services.question_add(actor=None, session=session, award=award(FLAG), max_choices=1)
    for unit in (lead, own, third):
        services.candidate_add(actor=None, question=flag, agency=unit, reason="Đề xuất")
    services.ballot_session_open(actor=None, session=session)
    _run(
        world,
        session,
        {
            own.pk: {FLAG: [lead]},
            third.pk: {FLAG: [lead]},
            fourth.pk: {FLAG: [lead]},
            fifth.pk: {FLAG: [own]},
            lead.pk: {FLAG: [third]},
        },
    )
    tally = session_tally(session)
    assert tally is not None
    assert tally.warnings == []
    published = services.ballot_session_publish(actor=world.lead_officer, session=session)
    assert published.state == SessionState.PUBLISHED
    assert published.counts_disclosed
    assert elected_names(published.result) == [lead.name]
    [q] = published.result["questions"]
    assert q["required"] == 3
    assert q["quorum_met"]
    assert {c["name"]: c["approvals"] for c in q["candidates"]} == {
        lead.name: 3,
        own.name: 1,
        third.name: 1,
    }
    [event] = events("voting.session.published")
    assert event.payload == {"counts_disclosed": True, "warnings": 0}
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.ballot_session_publish(actor=world.lead_officer, session=session)


def test_a_unanimous_result_among_five_is_published_without_counts_unless_the_chair_agrees(
    world: World,
) -> None:
    def unanimous() -> BallotSession:
        session = cluster_session(world, merit=False)
        lead = world.lead  # every other unit chooses the lead; the lead does not vote
        _run(world, session, {u.pk: {FLAG: [lead]} for u in world.units if u != lead})
        return session

    hidden = unanimous()
    tally = session_tally(hidden)
    assert tally is not None
    assert any("cả 4 phiếu đều đồng ý" in w for w in tally.warnings)
    services.ballot_session_publish(actor=world.lead_officer, session=hidden)
    hidden.refresh_from_db()
    assert not hidden.counts_disclosed
    shown = shown_result(hidden)
    assert all(c["approvals"] is None for q in shown["questions"] for c in q["candidates"])
    assert elected_names(shown) == [world.lead.name]
    csv = result_csv(hidden).decode("utf-8-sig")
    assert world.lead.name in csv
    assert "Trúng cử" in csv

    agreed = unanimous()
    services.ballot_session_publish(actor=world.lead_officer, session=agreed, disclose_counts=True)
    agreed.refresh_from_db()
    assert agreed.counts_disclosed
    counts = {c["name"]: c["approvals"] for c in shown_result(agreed)["questions"][0]["candidates"]}
    assert counts[world.lead.name] == 4


def test_without_quorum_the_result_has_no_winner(world: World) -> None:
    session = cluster_session(world, merit=False)
    _run(world, session, {world.own.pk: {FLAG: [world.lead]}, world.lead.pk: {FLAG: [world.own]}})
    services.ballot_session_publish(actor=None, session=session, disclose_counts=True)
    session.refresh_from_db()
    [q] = session.result["questions"]
    assert not q["quorum_met"]
    assert elected_names(session.result) == []
    assert "không đủ" in q["explanations"][0]


def _tied(world: World) -> BallotSession:
    """Merit (two seats): the third unit gets four votes, the fourth and fifth three each."""
    session = cluster_session(world)
    lead, own, third, fourth, fifth = world.units
    _run(
        world,
        session,
        {
            lead.pk: {MERIT: [third, fourth]},
            own.pk: {MERIT: [third, fifth]},
            third.pk: {MERIT: [fourth, fifth]},
            fourth.pk: {MERIT: [third, fifth]},
            fifth.pk: {MERIT: [third, fourth]},
        },
    )
    return session


def test_a_tie_at_the_last_seat_blocks_publication_until_settled_by_a_runoff(
    world: World,
) -> None:
    session = _tied(world)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.ballot_session_publish(actor=None, session=session)
    assert "bằng phiếu chưa xử lý" in refused.value.message
    merit = question(session, MERIT)
    resolution = services.tie_resolve(actor=world.lead_officer, question=merit)
    assert resolution.method == TiePolicy.RUNOFF
    runoff = resolution.runoff_session
    assert runoff is not None
    assert runoff.state == SessionState.DRAFT
    assert runoff.voters.count() == 5
    [runoff_q] = runoff.questions.all()
    assert runoff_q.max_choices == 1
    assert {c.agency for c in runoff_q.candidates.all()} == {world.units[3], world.units[4]}
    with nothing_changes(), pytest.raises(DomainError, match="đã được xử lý"):
        services.tie_resolve(actor=None, question=merit)
    services.ballot_session_publish(actor=None, session=session, disclose_counts=True)
    session.refresh_from_db()
    outcomes = {
        c["name"]: c["outcome"]
        for q in session.result["questions"]
        if q["award"] == MERIT
        for c in q["candidates"]
    }
    assert outcomes[world.units[2].name] == Outcome.ELECTED
    assert outcomes[world.units[3].name] == outcomes[world.units[4].name] == Outcome.RUNOFF
    assert session.result["questions"][1]["runoff_session"] == runoff.pk
    [event] = events("voting.tie.resolved")
    assert event.payload["method"] == TiePolicy.RUNOFF


def test_where_the_rule_says_so_the_chair_settles_the_tie(world: World) -> None:
    VotingRule.objects.filter(code="cum-thi-dua").update(tie_policy=TiePolicy.CHAIR)
    session = _tied(world)
    merit = question(session, MERIT)
    fourth = candidate(session, MERIT, world.units[3])
    fifth = candidate(session, MERIT, world.units[4])
    third = candidate(session, MERIT, world.units[2])
    for chosen, note, message in (
        ([fourth, fifth], "Chủ trì chọn", "đúng 1"),
        ([third], "Chủ trì chọn", "trong số các ứng viên bằng phiếu"),
        ([fourth], " ", "ý kiến của chủ trì"),
    ):
        with nothing_changes(), pytest.raises(DomainError) as refused:
            services.tie_resolve(actor=None, question=merit, chosen=chosen, note=note)
        assert message in refused.value.message
    services.tie_resolve(
        actor=world.lead_officer,
        question=merit,
        chosen=[fifth],
        note="Ưu tiên đơn vị có tỉ lệ nữ cao",
    )
    assert TieResolution.objects.get().method == TiePolicy.CHAIR
    services.ballot_session_publish(actor=None, session=session)
    session.refresh_from_db()
    assert world.units[4].name in elected_names(session.result)
    assert world.units[3].name not in elected_names(session.result)


def test_a_question_without_a_tie_has_nothing_to_settle(world: World) -> None:
    session = cluster_session(world, merit=False)
    services.ballot_session_close(actor=None, session=session)
    with nothing_changes(), pytest.raises(DomainError, match="không có trường hợp bằng phiếu"):
        services.tie_resolve(actor=None, question=question(session, FLAG))
