"""Paper ballots (phiếu giấy): attendance recorded by the organiser, two tellers entering the
counts apart, reconciliation — equal counts accepted as the tally, different counts listed
and nothing accepted."""

from __future__ import annotations

import pytest

from thidua.core.errors import DomainError, IllegalTransition
from thidua.voting import services
from thidua.voting.models import BallotSession, TellerCount
from thidua.voting.selectors import elected_names, session_counts, session_tally
from thidua.voting.tests.builders import (
    FLAG,
    World,
    candidate,
    cluster_session,
    events,
    nothing_changes,
    voter,
)


@pytest.fixture
def paper(world: World) -> BallotSession:
    """A paper session (the flag only) where all five units were present; voting is closed."""
    session = cluster_session(world, mode="paper", merit=False)
    for unit in world.units:
        services.voter_check_in(actor=world.lead_officer, voter=voter(session, unit))
    services.ballot_session_close(actor=world.lead_officer, session=session)
    return session


def _approvals(world: World, session: BallotSession, *counts: int) -> dict[int, int]:
    return {
        candidate(session, FLAG, unit).pk: n for unit, n in zip(world.units, counts, strict=True)
    }


def test_two_tellers_who_agree_give_the_session_its_count(
    world: World, paper: BallotSession
) -> None:
    second = world.rep(world.units[2])
    approvals = _approvals(world, paper, 3, 1, 0, 0, 0)
    services.teller_count_enter(
        actor=world.lead_officer, session=paper, slot=1, ballots=4, invalid=1, approvals=approvals
    )
    services.teller_count_enter(
        actor=second, session=paper, slot=2, ballots=4, invalid=1, approvals=approvals
    )
    assert session_counts(paper) is None  # not yet reconciled
    services.paper_counts_reconcile(actor=world.lead_officer, session=paper)
    paper.refresh_from_db()
    assert paper.paper_accepted
    counts = session_counts(paper)
    assert counts is not None
    assert (counts.ballots, counts.invalid) == (4, 1)
    tally = session_tally(paper)
    assert tally is not None
    assert [c.approvals for c in tally.questions[0].result.candidates] == [3, 1, 0, 0, 0]
    services.ballot_session_publish(actor=world.lead_officer, session=paper)
    paper.refresh_from_db()
    assert elected_names(paper.result) == [world.lead.name]
    assert len(events("voting.teller_count.entered")) == 2
    assert len(events("voting.paper_counts.accepted")) == 1


def test_counts_that_differ_are_listed_and_nothing_is_accepted(
    world: World, paper: BallotSession
) -> None:
    services.teller_count_enter(
        actor=world.lead_officer,
        session=paper,
        slot=1,
        ballots=5,
        invalid=0,
        approvals=_approvals(world, paper, 3, 1, 1, 0, 0),
    )
    services.teller_count_enter(
        actor=world.rep(world.units[3]),
        session=paper,
        slot=2,
        ballots=5,
        invalid=0,
        approvals=_approvals(world, paper, 3, 2, 0, 0, 0),
    )
    with nothing_changes(), pytest.raises(services.CountsDiffer) as differ:
        services.paper_counts_reconcile(actor=world.lead_officer, session=paper)
    assert differ.value.differences == [(world.own.name, 1, 2), (world.units[2].name, 1, 0)]
    assert "không khớp ở 2 mục" in differ.value.message
    paper.refresh_from_db()
    assert not paper.paper_accepted
    with nothing_changes(), pytest.raises(DomainError, match="hai lần nhập"):
        services.ballot_session_publish(actor=world.lead_officer, session=paper)
    # the second teller recounts and corrects their own entry; now they agree
    services.teller_count_enter(
        actor=world.rep(world.units[3]),
        session=paper,
        slot=2,
        ballots=5,
        invalid=0,
        approvals=_approvals(world, paper, 3, 1, 1, 0, 0),
    )
    services.paper_counts_reconcile(actor=world.lead_officer, session=paper)
    paper.refresh_from_db()
    assert paper.paper_accepted


def test_one_person_cannot_be_both_tellers_nor_overwrite_the_other(
    world: World, paper: BallotSession
) -> None:
    approvals = _approvals(world, paper, 3, 1, 0, 0, 0)
    services.teller_count_enter(
        actor=world.lead_officer, session=paper, slot=1, ballots=4, invalid=0, approvals=approvals
    )
    with nothing_changes(), pytest.raises(DomainError, match="hai người khác nhau"):
        services.teller_count_enter(
            actor=world.lead_officer,
            session=paper,
            slot=2,
            ballots=4,
            invalid=0,
            approvals=approvals,
        )
    with nothing_changes(), pytest.raises(DomainError, match="đã do người khác"):
        services.teller_count_enter(
            actor=world.rep(world.own),
            session=paper,
            slot=1,
            ballots=4,
            invalid=0,
            approvals=approvals,
        )
    with nothing_changes(), pytest.raises(DomainError, match="Cần đủ hai lần nhập"):
        services.paper_counts_reconcile(actor=world.lead_officer, session=paper)


@pytest.mark.parametrize(
    ("ballots", "invalid", "counts", "message"),
    [
        (6, 0, (1, 1, 1, 1, 1), "nhiều hơn số cử tri có mặt"),
        (4, 2, (1, 1, 1, 1, 0), "nhiều hơn số cử tri có mặt"),
        (3, 0, (4, 0, 0, 0, 0), "phải từ 0 đến 3"),
        (3, 0, (1, 1, 1, 1, 0), "vượt quá số phiếu hợp lệ nhân số được chọn tối đa"),
    ],
)
def test_impossible_counts_are_refused(
    world: World,
    paper: BallotSession,
    ballots: int,
    invalid: int,
    counts: tuple[int, ...],
    message: str,
) -> None:
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.teller_count_enter(
            actor=world.lead_officer,
            session=paper,
            slot=1,
            ballots=ballots,
            invalid=invalid,
            approvals=_approvals(world, paper, *counts),
        )
    assert message in refused.value.message
    assert not TellerCount.objects.exists()


def test_every_candidate_needs_a_count(world: World, paper: BallotSession) -> None:
    approvals = _approvals(world, paper, 1, 1, 1, 0, 0)
    approvals.pop(candidate(paper, FLAG, world.units[4]).pk)
    with nothing_changes(), pytest.raises(DomainError, match="Chưa nhập số phiếu của"):
        services.teller_count_enter(
            actor=world.lead_officer,
            session=paper,
            slot=1,
            ballots=3,
            invalid=0,
            approvals=approvals,
        )


def test_counting_waits_for_the_close_and_an_electronic_session_has_no_tellers(
    world: World,
) -> None:
    open_paper = cluster_session(world, mode="paper", merit=False)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.teller_count_enter(
            actor=world.lead_officer, session=open_paper, slot=1, ballots=0, invalid=0, approvals={}
        )
    electronic = cluster_session(world, merit=False)
    with nothing_changes(), pytest.raises(DomainError, match="bỏ phiếu điện tử"):
        services.teller_count_enter(
            actor=world.lead_officer, session=electronic, slot=1, ballots=0, invalid=0, approvals={}
        )
