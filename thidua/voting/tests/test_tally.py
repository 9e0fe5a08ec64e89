"""Counting (kiểm phiếu): exact thresholds, quorum, seats and ties, the disclosure warning and
the tellers' reconciliation — with examples, and with hypothesis over many generated sessions:
the counts always equal the ballots cast plus the written votes of absent members, and every
threshold is applied exactly as the rule data say (checked against ``fractions.Fraction``)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.core.errors import DomainError
from thidua.voting import services
from thidua.voting.choices import Outcome, PassBase, TiePolicy
from thidua.voting.models import Ballot, BallotMark, VotingRule, WrittenVoteMark
from thidua.voting.selectors import session_counts, session_tally
from thidua.voting.tally import (
    Difference,
    PaperCount,
    RuleNumbers,
    TieDecision,
    disclosure_warnings,
    meets,
    minimum,
    quorum_met,
    reconcile,
    tally_question,
)
from thidua.voting.tests.builders import (
    FLAG,
    MERIT,
    World,
    candidate,
    check_in,
    cluster_session,
    nothing_changes,
    question,
)

CLUSTER = RuleNumbers(2, 3, 1, 2, PassBase.ALL_VOTERS, True, TiePolicy.RUNOFF)
COUNCIL_90 = RuleNumbers(4, 5, 9, 10, PassBase.ALL_VOTERS, False, TiePolicy.CHAIR)
COUNCIL_80 = RuleNumbers(4, 5, 4, 5, PassBase.ALL_VOTERS, False, TiePolicy.CHAIR)


# --- Exact fractions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "base", "num", "den", "strict", "met"),
    [
        (3, 6, 1, 2, True, False),  # half of six is not more than half
        (4, 6, 1, 2, True, True),
        (3, 5, 1, 2, True, True),
        (9, 10, 9, 10, False, True),  # 90 % of ten: nine
        (9, 11, 9, 10, False, False),  # 90 % of eleven is 9.9: nine is short
        (10, 11, 9, 10, False, True),
        (11, 15, 4, 5, False, False),  # 80 % of fifteen: twelve
        (12, 15, 4, 5, False, True),
        (7, 10, 7, 10, False, True),  # 0.7 × 10 is 7.000000000000001 in floating point
        (1, 3, 1, 3, False, True),
        (0, 0, 1, 2, False, False),  # nobody's vote carries nobody
    ],
)
def test_a_fraction_is_compared_exactly(
    count: int, base: int, num: int, den: int, strict: bool, met: bool
) -> None:
    assert meets(count, base, num, den, strict=strict) is met


@pytest.mark.parametrize(
    ("present", "total", "met"), [(4, 7, False), (5, 7, True), (4, 6, True), (3, 5, False)]
)
def test_the_cluster_quorum_is_two_thirds_of_all_members(
    present: int, total: int, met: bool
) -> None:
    assert quorum_met(present, total, CLUSTER) is met


def test_the_minimum_is_the_first_count_that_meets_the_fraction() -> None:
    assert minimum(6, 1, 2, strict=True) == 4
    assert minimum(5, 1, 2, strict=True) == 3
    assert minimum(11, 9, 10, strict=False) == 10
    assert minimum(15, 4, 5, strict=False) == 12
    assert minimum(7, 2, 3, strict=False) == 5


# --- One question ---------------------------------------------------------------------------


def test_a_nominee_needs_more_than_half_of_all_members_not_of_the_ballots() -> None:
    """Ten members, six ballots: four votes are more than half the ballots but not more than
    half of the members."""
    as_cluster = tally_question(
        total_voters=10, present=7, ballots=6, approvals={1: 4}, order=[1], seats=1, rule=CLUSTER
    )
    assert as_cluster.base == 10
    assert as_cluster.required == 6
    assert as_cluster.candidates[0].outcome == Outcome.NOT_ELECTED
    on_ballots = RuleNumbers(2, 3, 1, 2, PassBase.BALLOTS_CAST, True, TiePolicy.RUNOFF)
    as_ballots = tally_question(
        total_voters=10, present=7, ballots=6, approvals={1: 4}, order=[1], seats=1, rule=on_ballots
    )
    assert as_ballots.base == 6
    assert as_ballots.elected == [1]


def test_without_quorum_nobody_is_elected() -> None:
    result = tally_question(
        total_voters=6, present=3, ballots=3, approvals={1: 3}, order=[1], seats=1, rule=CLUSTER
    )
    assert not result.quorum_met
    assert result.elected == []
    assert "không đủ" in result.explanations[0]


def test_more_candidates_passing_than_seats_the_highest_counts_win() -> None:
    result = tally_question(
        total_voters=9,
        present=9,
        ballots=9,
        approvals={1: 6, 2: 8, 3: 5, 4: 2},
        order=[1, 2, 3, 4],
        seats=2,
        rule=CLUSTER,
    )
    assert result.required == 5
    assert result.elected == [1, 2]
    outcome = {c.candidate: (c.meets_threshold, c.outcome) for c in result.candidates}
    assert outcome[3] == (True, Outcome.NOT_ELECTED)
    assert outcome[4] == (False, Outcome.NOT_ELECTED)


def test_a_tie_at_the_last_seat_waits_for_a_runoff_or_the_chair() -> None:
    args = {
        "total_voters": 9,
        "present": 9,
        "ballots": 9,
        "approvals": {1: 8, 2: 6, 3: 6, 4: 1},
        "order": [1, 2, 3, 4],
        "seats": 2,
    }
    open_tie = tally_question(rule=CLUSTER, **args)  # type: ignore[arg-type]
    assert open_tie.elected == [1]
    assert open_tie.tied == (2, 3)
    assert open_tie.seats_for_tied == 1
    assert open_tie.has_open_tie
    runoff = tally_question(rule=CLUSTER, decision=TieDecision(TiePolicy.RUNOFF), **args)  # type: ignore[arg-type]
    assert [c.outcome for c in runoff.candidates] == [
        Outcome.ELECTED,
        Outcome.RUNOFF,
        Outcome.RUNOFF,
        Outcome.NOT_ELECTED,
    ]
    chair_rule = RuleNumbers(2, 3, 1, 2, PassBase.ALL_VOTERS, True, TiePolicy.CHAIR)
    chair = tally_question(
        rule=chair_rule,
        decision=TieDecision(TiePolicy.CHAIR, frozenset({3})),
        **args,  # type: ignore[arg-type]
    )
    assert chair.elected == [1, 3]
    assert not chair.has_open_tie


def test_equal_counts_that_all_fit_the_seats_are_not_a_tie() -> None:
    result = tally_question(
        total_voters=5,
        present=5,
        ballots=5,
        approvals={1: 4, 2: 4, 3: 1},
        order=[1, 2, 3],
        seats=2,
        rule=CLUSTER,
    )
    assert result.elected == [1, 2]
    assert result.tied == ()


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="approvals"):
        tally_question(
            total_voters=5, present=5, ballots=3, approvals={1: 4}, order=[1], seats=1, rule=CLUSTER
        )
    with pytest.raises(ValueError, match="ballots"):
        tally_question(
            total_voters=5, present=3, ballots=4, approvals={}, order=[1], seats=1, rule=CLUSTER
        )
    with pytest.raises(ValueError, match="written"):  # a written vote is from an absent voter
        tally_question(
            total_voters=5,
            present=4,
            ballots=4,
            approvals={},
            order=[1],
            seats=1,
            rule=CLUSTER,
            written=2,
        )
    with pytest.raises(ValueError, match="approvals"):
        tally_question(
            total_voters=5,
            present=3,
            ballots=3,
            approvals={},
            order=[1],
            seats=1,
            rule=CLUSTER,
            written=1,
            written_approvals={1: 2},
        )


def test_written_votes_count_as_votes_cast_but_not_as_present() -> None:
    """Council 80 %: four present, one in writing, all five approve — 5/5 ≥ 4/5 passes; on a
    base of the votes cast the written vote counts too; the quorum reads the four present."""
    result = tally_question(
        total_voters=5,
        present=4,
        ballots=4,
        approvals={1: 3},
        order=[1],
        seats=1,
        rule=COUNCIL_80,
        written=1,
        written_approvals={1: 1},
    )
    assert (result.present, result.ballots, result.written) == (4, 4, 1)
    assert result.candidates[0].approvals == 4
    assert result.elected == [1]
    cast = RuleNumbers(4, 5, 4, 5, PassBase.BALLOTS_CAST, False, TiePolicy.CHAIR)
    on_votes = tally_question(
        total_voters=6,
        present=5,
        ballots=4,
        approvals={1: 3},
        order=[1],
        seats=1,
        rule=cast,
        written=1,
        written_approvals={1: 1},
    )
    assert on_votes.base == 5
    without_quorum = tally_question(
        total_voters=5,
        present=3,
        ballots=3,
        approvals={1: 3},
        order=[1],
        seats=1,
        rule=COUNCIL_80,
        written=2,
        written_approvals={1: 2},
    )
    assert without_quorum.quorum_met is False
    assert without_quorum.elected == []


# --- Counts that would reveal every vote -----------------------------------------------------


def test_a_unanimous_count_among_five_would_reveal_everyones_vote() -> None:
    warnings = disclosure_warnings(ballots=5, approvals={"A": 5, "B": 0, "C": 3}, group_size=10)
    assert len(warnings) == 2
    assert "“A”: cả 5 phiếu đều đồng ý" in warnings[0]
    assert "“B”: không phiếu nào" in warnings[1]


def test_no_warning_with_many_ballots_or_mixed_counts() -> None:
    assert disclosure_warnings(ballots=11, approvals={"A": 11}, group_size=10) == []
    assert disclosure_warnings(ballots=5, approvals={"A": 4, "B": 1}, group_size=10) == []
    assert disclosure_warnings(ballots=0, approvals={"A": 0}, group_size=10) == []


# --- The tellers ----------------------------------------------------------------------------


def test_two_equal_counts_reconcile_and_different_ones_are_listed() -> None:
    first = PaperCount(ballots=5, invalid=1, approvals={1: 3, 2: 2})
    assert reconcile(first, PaperCount(5, 1, {1: 3, 2: 2})) == []
    assert reconcile(first, PaperCount(5, 0, {1: 3, 2: 1})) == [
        Difference("invalid", 1, 0),
        Difference(2, 2, 1),
    ]


# --- Hypothesis: many generated sessions ----------------------------------------------------


@st.composite
def rules(draw: st.DrawFn) -> RuleNumbers:
    quorum_den = draw(st.integers(1, 10))
    pass_den = draw(st.integers(1, 10))
    return RuleNumbers(
        quorum_num=draw(st.integers(0, quorum_den)),
        quorum_den=quorum_den,
        pass_num=draw(st.integers(0, pass_den)),
        pass_den=pass_den,
        pass_base=draw(st.sampled_from(PassBase.values)),
        pass_strict=draw(st.booleans()),
        tie_policy=draw(st.sampled_from(TiePolicy.values)),
    )


Session = tuple[int, int, int, list[int], list[set[int]], list[set[int]]]


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """A session: total voters, present, seats, the candidates, the ballots cast and the
    written votes of absent voters (each a set of at most ``seats`` candidates)."""
    total = draw(st.integers(1, 40))
    present = draw(st.integers(0, total))
    n_ballots = draw(st.integers(0, present))
    n_written = draw(st.integers(0, total - present))
    candidates = list(range(1, draw(st.integers(1, 8)) + 1))
    seats = draw(st.integers(1, len(candidates)))

    def votes(n: int) -> list[set[int]]:
        return draw(
            st.lists(st.sets(st.sampled_from(candidates), max_size=seats), min_size=n, max_size=n)
        )

    return total, present, seats, candidates, votes(n_ballots), votes(n_written)


@settings(max_examples=400, deadline=None)
@given(session=sessions(), rule=rules())
def test_any_session_is_counted_exactly_as_the_rule_says(
    session: Session, rule: RuleNumbers
) -> None:
    total, present, seats, candidates, ballots, written = session
    on_ballots = Counter(c for ballot in ballots for c in ballot)
    in_writing = Counter(c for letter in written for c in letter)
    approvals = on_ballots + in_writing
    result = tally_question(
        total_voters=total,
        present=present,
        ballots=len(ballots),
        approvals=on_ballots,
        order=candidates,
        seats=seats,
        rule=rule,
        written=len(written),
        written_approvals=in_writing,
    )
    # the counts are the ballots cast plus the written votes
    assert result.ballots == len(ballots)
    assert result.written == len(written)
    assert sum(c.approvals for c in result.candidates) == sum(len(b) for b in ballots + written)
    assert all(c.approvals == approvals[c.candidate] for c in result.candidates)
    assert all(0 <= c.approvals <= len(ballots) + len(written) for c in result.candidates)
    # the quorum (who is present: written votes do not count) and the threshold, exactly
    assert result.quorum_met == (
        Fraction(present, total) >= Fraction(rule.quorum_num, rule.quorum_den)
    )
    votes = len(ballots) + len(written)
    base = total if rule.pass_base == PassBase.ALL_VOTERS else votes
    assert result.base == base
    target = Fraction(rule.pass_num, rule.pass_den)
    for line in result.candidates:
        share = Fraction(line.approvals, base) if base else None
        expected = share is not None and (share > target if rule.pass_strict else share >= target)
        assert line.meets_threshold == expected
        assert (line.approvals >= result.required) == expected or base == 0
    # who is elected
    elected = set(result.elected)
    passing = {c.candidate for c in result.candidates if c.meets_threshold}
    if not result.quorum_met:
        assert not elected
        return
    assert elected <= passing
    assert len(elected) + result.seats_for_tied == min(seats, len(passing))
    if len(passing) <= seats:
        assert elected == passing
    for loser in passing - elected - set(result.tied):
        assert all(approvals[loser] < approvals[w] for w in elected)
    assert len({approvals[c] for c in result.tied}) <= 1
    if result.tied:
        assert len(result.tied) > result.seats_for_tied >= 1
        assert rule.tie_policy in TiePolicy.values


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_ballot_box_counts_exactly_the_ballots_cast(world: World, data: st.DataObject) -> None:
    """Generated sessions run through the services: whoever votes, whatever they choose (a
    self-vote is refused and changes nothing), and whichever absent units send a written vote,
    the stored counts are the accepted ballots plus the accepted written votes, and the tally
    applies the shipped cluster rule (the quorum on who is present only)."""
    session = cluster_session(world)
    flag_candidates = world.units
    merit_candidates = world.units[2:]
    voting = data.draw(st.lists(st.sampled_from(world.units), unique=True), label="voters")
    expected: Counter[int] = Counter()
    accepted = 0
    for unit in voting:
        token = check_in(world, session, unit)
        flag = data.draw(st.sets(st.sampled_from(flag_candidates), max_size=1), label="flag")
        merit = data.draw(st.sets(st.sampled_from(merit_candidates), max_size=2), label="merit")
        choices = {
            question(session, FLAG).pk: [candidate(session, FLAG, a).pk for a in flag],
            question(session, MERIT).pk: [candidate(session, MERIT, a).pk for a in merit],
        }
        if unit in flag or unit in merit:
            with nothing_changes(), pytest.raises(DomainError):
                services.ballot_cast(session=session, token=token, choices=choices)
            continue
        services.ballot_cast(session=session, token=token, choices=choices)
        accepted += 1
        expected.update(pk for pks in choices.values() for pk in pks)
    absent = [u for u in world.units if u not in voting]
    writing = (
        data.draw(st.lists(st.sampled_from(absent), unique=True), label="written") if absent else []
    )
    expected_written: Counter[int] = Counter()
    written = 0
    for unit in writing:
        flag = data.draw(st.sets(st.sampled_from(flag_candidates), max_size=1), label="w-flag")
        merit = data.draw(st.sets(st.sampled_from(merit_candidates), max_size=2), label="w-merit")
        choices = {
            question(session, FLAG).pk: [candidate(session, FLAG, a).pk for a in flag],
            question(session, MERIT).pk: [candidate(session, MERIT, a).pk for a in merit],
        }
        the_voter = session.voters.get(agency=unit)
        if unit in flag or unit in merit:
            with nothing_changes(), pytest.raises(DomainError):
                services.written_vote_record(
                    actor=world.lead_officer, voter=the_voter, choices=choices
                )
            continue
        services.written_vote_record(actor=world.lead_officer, voter=the_voter, choices=choices)
        written += 1
        expected_written.update(pk for pks in choices.values() for pk in pks)
    services.ballot_session_close(actor=world.lead_officer, session=session)
    counts = session_counts(session)
    assert counts is not None
    assert counts.ballots == accepted == Ballot.objects.filter(session=session).count()
    assert BallotMark.objects.filter(ballot__session=session).count() == accepted * 8
    assert {pk: n for pk, n in counts.approvals.items() if n} == dict(expected)
    assert counts.written == written
    assert {pk: n for pk, n in counts.written_approvals.items() if n} == dict(expected_written)
    assert WrittenVoteMark.objects.filter(written_vote__session=session).count() == written * 8
    tally = session_tally(session)
    assert tally is not None
    rule = VotingRule.objects.get(code="cum-thi-dua")
    for q in tally.questions:
        assert q.question.rule == rule
        assert q.result.quorum_met == (3 * len(voting) >= 2 * 5)
        for line in q.result.candidates:
            assert line.approvals == expected[line.candidate] + expected_written[line.candidate]
            assert line.meets_threshold == (line.approvals * 2 > 5)
            if not q.result.quorum_met:
                assert line.outcome == Outcome.NOT_ELECTED
