"""Reads of ballot sessions: the voter list with attendance, the counts and the tally.

The counts are aggregates (ballots per session, approvals per candidate); nothing here reads a
single ballot together with anything about a voter — there is nothing to read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from thidua.organizations.models import Person, Position
from thidua.voting.choices import Body, Mode, Outcome
from thidua.voting.models import (
    Ballot,
    BallotCandidate,
    BallotMark,
    BallotSession,
    Participation,
    Question,
    TellerCount,
    TieResolution,
    Voter,
    VotingRule,
    WrittenVote,
    WrittenVoteMark,
)
from thidua.voting.tally import (
    PaperCount,
    QuestionResult,
    RuleNumbers,
    TieDecision,
    disclosure_warnings,
    tally_question,
)


def rule_in_force(body: str, award_code: str, on: dt.date) -> VotingRule | None:
    """The body's rule for ``award_code`` in force on ``on``: a rule naming the title wins over
    the body's general rule (one with no titles listed); the latest version wins."""
    rules = [
        rule
        for rule in VotingRule.objects.filter(body=body, valid_from__lte=on).order_by(
            "-valid_from", "-id"
        )
        if (rule.valid_to is None or rule.valid_to >= on) and rule.governs(award_code)
    ]
    named = [rule for rule in rules if rule.award_codes]
    chosen = named or rules
    return chosen[0] if chosen else None


def candidate_people(session: BallotSession) -> QuerySet[Person]:
    """The people who may stand as candidates in a cluster's session: those holding a position
    in one of the cluster's member units at some time in its year (none for a council's
    session, whose candidates come from a proposal or by code)."""
    if session.group_year is None:
        return Person.objects.none()
    year = session.group_year.year
    positions = Position.objects.filter(
        Q(to_date__isnull=True) | Q(to_date__gte=dt.date(year, 1, 1)),
        agency__group_memberships__group_year=session.group_year,
        from_date__lte=dt.date(year, 12, 31),
    )
    return Person.objects.filter(pk__in=positions.values("person_id")).order_by("full_name", "code")


def session_get(pk: int) -> BallotSession | None:
    return (
        BallotSession.objects.select_related("group_year__group", "council", "published_by")
        .filter(pk=pk)
        .first()
    )


def questions_of(session: BallotSession) -> list[Question]:
    return list(
        session.questions.select_related("award", "rule")
        .prefetch_related("candidates")
        .order_by("order", "id")
    )


@dataclass(frozen=True)
class VoterLine:
    """A line of the voter list: who, and whether they checked in (never how they voted)."""

    voter: Voter
    checked_in: bool
    token_issued: bool


def voter_lines(session: BallotSession) -> list[VoterLine]:
    attended = {
        p.voter_id: p for p in Participation.objects.filter(voter__session=session, checked_in=True)
    }
    return [
        VoterLine(
            voter,
            voter.pk in attended,
            attended[voter.pk].token_issued if voter.pk in attended else False,
        )
        for voter in session.voters.select_related("agency", "user").order_by("order", "id")
    ]


def absent_voters(session: BallotSession) -> QuerySet[Voter]:
    """Voters who have neither checked in nor sent a written vote: those a written vote can
    still be recorded for."""
    return session.voters.filter(participations__isnull=True, written_votes__isnull=True).order_by(
        "order", "id"
    )


def present_count(session: BallotSession) -> int:
    return Participation.objects.filter(voter__session=session, checked_in=True).count()


@dataclass(frozen=True)
class Counts:
    """The tally's input: valid ballots, invalid ones (paper) and approvals per candidate on
    the ballots; the written votes of absent voters and their approvals per candidate, apart
    (they are open, and the disclosure warning concerns the secret ballots only)."""

    ballots: int
    invalid: int
    approvals: dict[int, int]
    written: int = 0
    written_approvals: dict[int, int] = field(default_factory=dict)

    def total(self, candidate: int) -> int:
        """A candidate's approvals on the ballots and in writing."""
        return self.approvals.get(candidate, 0) + self.written_approvals.get(candidate, 0)


def teller_count(count: TellerCount) -> PaperCount:
    return PaperCount(
        ballots=count.ballots,
        invalid=count.invalid,
        approvals={line.candidate_id: line.approvals for line in count.lines.all()},
    )


def written_counts(session: BallotSession) -> tuple[int, dict[int, int]]:
    """How many written votes the session has, and their approvals per candidate."""
    approvals = dict(
        WrittenVoteMark.objects.filter(written_vote__session=session, approve=True)
        .values("candidate_id")
        .annotate(n=Count("id"))
        .values_list("candidate_id", "n")
    )
    return WrittenVote.objects.filter(session=session).count(), approvals


def session_counts(session: BallotSession) -> Counts | None:
    """The counts of a session: from the ballot box, or from the tellers' agreed count
    (``None`` while paper counts are not accepted), with the written votes beside them."""
    written, written_approvals = written_counts(session)
    if session.mode == Mode.PAPER:
        if not session.paper_accepted:
            return None
        first = session.teller_counts.prefetch_related("lines").get(slot=1)
        paper = teller_count(first)
        return Counts(
            paper.ballots, paper.invalid, dict(paper.approvals), written, written_approvals
        )
    approvals = dict(
        BallotMark.objects.filter(ballot__session=session, approve=True)
        .values("candidate_id")
        .annotate(n=Count("id"))
        .values_list("candidate_id", "n")
    )
    return Counts(
        Ballot.objects.filter(session=session).count(), 0, approvals, written, written_approvals
    )


@dataclass(frozen=True)
class WrittenVoteLine:
    """A written vote as the minutes show it: who, and the candidates approved per question."""

    written_vote: WrittenVote
    approved: list[tuple[Question, list[BallotCandidate]]]

    @property
    def candidate_ids(self) -> list[int]:
        return [c.pk for _q, candidates in self.approved for c in candidates]


def written_vote_lines(session: BallotSession) -> list[WrittenVoteLine]:
    """The session's written votes, by the voter list's order, with what each approved."""
    questions = questions_of(session)
    votes = (
        WrittenVote.objects.filter(session=session)
        .select_related("voter__agency", "recorded_by")
        .prefetch_related("marks")
        .order_by("voter__order", "voter_id")
    )
    lines = []
    for vote in votes:
        approved_ids = {m.candidate_id for m in vote.marks.all() if m.approve}
        lines.append(
            WrittenVoteLine(
                vote,
                [(q, [c for c in q.candidates.all() if c.pk in approved_ids]) for q in questions],
            )
        )
    return lines


def tie_decisions(session: BallotSession) -> dict[int, TieDecision]:
    return {
        resolution.question_id: TieDecision(
            resolution.method, frozenset(c.pk for c in resolution.chosen.all())
        )
        for resolution in TieResolution.objects.filter(question__session=session).prefetch_related(
            "chosen"
        )
    }


@dataclass
class QuestionTally:
    question: Question
    candidates: list[BallotCandidate]
    result: QuestionResult
    warnings: list[str]
    runoff: BallotSession | None = None

    def lines(self) -> list[tuple[BallotCandidate, Any]]:
        by_pk = {c.candidate: c for c in self.result.candidates}
        return [(candidate, by_pk[candidate.pk]) for candidate in self.candidates]


@dataclass
class SessionTally:
    session: BallotSession
    total_voters: int
    present: int
    counts: Counts
    questions: list[QuestionTally] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [w for q in self.questions for w in q.warnings]

    @property
    def open_ties(self) -> list[QuestionTally]:
        return [q for q in self.questions if q.result.has_open_tie]

    def as_json(self) -> dict[str, Any]:
        """The frozen result written on publication."""
        return {
            "total_voters": self.total_voters,
            "present": self.present,
            "ballots": self.counts.ballots,
            "invalid": self.counts.invalid,
            "written": self.counts.written,
            "questions": [
                {
                    "id": q.question.pk,
                    "award": q.question.award.code,
                    "award_name": q.question.award.name,
                    "text": q.question.text,
                    "seats": q.question.max_choices,
                    "rule": q.question.rule.name,
                    "legal_basis": q.question.rule.legal_basis,
                    "quorum_met": q.result.quorum_met,
                    "quorum_required": q.result.quorum_required,
                    "base": q.result.base,
                    "required": q.result.required,
                    "explanations": list(q.result.explanations),
                    "runoff_session": q.runoff.pk if q.runoff is not None else None,
                    "candidates": [
                        {
                            "id": candidate.pk,
                            "name": candidate.name,
                            "agency": candidate.agency.code if candidate.agency else None,
                            "person": candidate.person.code if candidate.person else None,
                            "approvals": line.approvals,
                            "meets_threshold": line.meets_threshold,
                            "outcome": line.outcome,
                            "reason": line.reason,
                        }
                        for candidate, line in q.lines()
                    ],
                }
                for q in self.questions
            ],
            "warnings": self.warnings,
            "written_votes": [
                {
                    "voter": line.written_vote.voter.name,
                    "agency": (
                        line.written_vote.voter.agency.code
                        if line.written_vote.voter.agency
                        else None
                    ),
                    "approved": line.candidate_ids,
                }
                for line in written_vote_lines(self.session)
            ],
        }


def session_tally(session: BallotSession) -> SessionTally | None:
    """The count of a closed session under each question's rule (``None`` while paper counts
    are not yet accepted)."""
    counts = session_counts(session)
    if counts is None:
        return None
    total = session.voters.count()
    present = present_count(session)
    decisions = tie_decisions(session)
    runoffs = {
        r.question_id: r.runoff_session
        for r in TieResolution.objects.filter(
            question__session=session, runoff_session__isnull=False
        ).select_related("runoff_session")
    }
    tally = SessionTally(session, total, present, counts)
    for question in questions_of(session):
        candidates = list(question.candidates.select_related("agency", "person").order_by("order"))
        result = tally_question(
            total_voters=total,
            present=present,
            ballots=counts.ballots,
            approvals=counts.approvals,
            order=[c.pk for c in candidates],
            seats=question.max_choices,
            rule=RuleNumbers.of(question.rule),
            decision=decisions.get(question.pk),
            written=counts.written,
            written_approvals=counts.written_approvals,
        )
        warnings = [
            f"{question}: {warning}"
            for warning in disclosure_warnings(
                ballots=counts.ballots,
                approvals={c.name: counts.approvals.get(c.pk, 0) for c in candidates},
                group_size=question.rule.disclosure_group_size,
            )
        ]
        tally.questions.append(
            QuestionTally(question, candidates, result, warnings, runoffs.get(question.pk))
        )
    return tally


def elected_names(result: dict[str, Any]) -> list[str]:
    """The names elected in a frozen result, question by question."""
    return [
        c["name"]
        for q in result.get("questions", [])
        for c in q["candidates"]
        if c["outcome"] == Outcome.ELECTED
    ]


def body_label(session: BallotSession) -> str:
    if session.body == Body.CLUSTER and session.group_year is not None:
        return str(session.group_year)
    return str(session.council) if session.council else ""
