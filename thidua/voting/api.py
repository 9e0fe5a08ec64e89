"""API of ballot sessions (/api/v1/voting/): reading sessions and published results, and
casting a ballot with its token, and the written votes of absent members (open by law) — the
same predicates and services as the pages.

A session the caller may not see is a 404 (``permissions.can_view_session``). The result is
read once published (before that, a 404); per-candidate counts are ``null`` when only who
passed was published. Casting takes the token and the choices and answers only that the
ballot was received; a refusal (used token, closed session, a candidate not on the ballot…)
is a 400 with its Vietnamese message and nothing written. No endpoint says who voted for whom.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from thidua.voting import permissions, services
from thidua.voting.choices import SessionState
from thidua.voting.exports import shown_result
from thidua.voting.models import BallotSession, WrittenVote
from thidua.voting.selectors import questions_of, session_get, voter_lines, written_vote_lines

router = Router(tags=["voting"])


class SessionOut(Schema):
    """Phiên bỏ phiếu — ``cluster``/``year`` for a cluster's session, ``council`` (the
    agency code) for a council's."""

    id: int
    title: str
    body: str
    cluster: str | None
    year: int | None
    council: str | None
    meeting_date: dt.date
    mode: str
    state: str


def _session_out(session: BallotSession) -> dict[str, Any]:
    group_year = session.group_year
    return {
        "id": session.pk,
        "title": session.title,
        "body": session.body,
        "cluster": group_year.group.code if group_year else None,
        "year": group_year.year if group_year else None,
        "council": session.council.code if session.council else None,
        "meeting_date": session.meeting_date,
        "mode": session.mode,
        "state": session.state,
    }


class RuleOut(Schema):
    code: str
    name: str
    legal_basis: str
    quorum: str
    pass_threshold: str
    pass_base: str
    pass_strict: bool
    self_vote_allowed: bool
    tie_policy: str


class CandidateOut(Schema):
    id: int
    name: str
    agency: str | None
    person: str | None
    source: str
    reason: str


class QuestionOut(Schema):
    id: int
    award: str
    text: str
    max_choices: int
    rule: RuleOut
    candidates: list[CandidateOut]


class VoterOut(Schema):
    """Cử tri — who is on the list and whether they checked in; never how they voted."""

    name: str
    agency: str | None
    checked_in: bool
    token_issued: bool
    written_vote: bool


class SessionDetailOut(SessionOut):
    questions: list[QuestionOut]
    voters: list[VoterOut]


class CandidateResultOut(Schema):
    id: int
    name: str
    agency: str | None
    person: str | None
    approvals: int | None
    meets_threshold: bool
    outcome: str
    reason: str


class QuestionResultOut(Schema):
    id: int
    award: str
    text: str
    seats: int
    rule: str
    quorum_met: bool
    required: int
    explanations: list[str]
    runoff_session: int | None
    candidates: list[CandidateResultOut]


class ResultOut(Schema):
    """Kết quả bỏ phiếu — ``counts_disclosed`` false: ``approvals`` are null (only who passed
    was published, because the counts would reveal how everyone voted)."""

    session: int
    published_at: dt.datetime
    counts_disclosed: bool
    total_voters: int
    present: int
    ballots: int
    invalid: int
    written: int = 0
    questions: list[QuestionResultOut]


class BallotIn(Schema):
    """The one-time token and, per question id, the ids of the candidates approved."""

    token: str
    choices: dict[int, list[int]]


class ReceivedOut(Schema):
    detail: str


def _visible(request: HttpRequest, pk: int) -> BallotSession:
    session = session_get(pk)
    if session is None or not permissions.can_view_session(request.user, session):
        raise Http404
    return session


@router.get("/sessions", response=list[SessionOut])
def list_sessions(request: HttpRequest) -> list[dict[str, Any]]:
    sessions = permissions.sessions_visible_to(request.user).order_by("-meeting_date", "-id")
    return [_session_out(s) for s in sessions]


@router.get("/sessions/{pk}", response=SessionDetailOut)
def get_session(request: HttpRequest, pk: int) -> dict[str, Any]:
    session = _visible(request, pk)
    questions = [
        {
            "id": q.pk,
            "award": q.award.code,
            "text": q.text,
            "max_choices": q.max_choices,
            "rule": {
                "code": q.rule.code,
                "name": q.rule.name,
                "legal_basis": q.rule.legal_basis,
                "quorum": f"{q.rule.quorum_num}/{q.rule.quorum_den}",
                "pass_threshold": f"{q.rule.pass_num}/{q.rule.pass_den}",
                "pass_base": q.rule.pass_base,
                "pass_strict": q.rule.pass_strict,
                "self_vote_allowed": q.rule.self_vote_allowed,
                "tie_policy": q.rule.tie_policy,
            },
            "candidates": [
                {
                    "id": c.pk,
                    "name": c.name,
                    "agency": c.agency.code if c.agency else None,
                    "person": c.person.code if c.person else None,
                    "source": c.source,
                    "reason": c.reason,
                }
                for c in q.candidates.select_related("agency", "person").order_by("order")
            ],
        }
        for q in questions_of(session)
    ]
    written = set(WrittenVote.objects.filter(session=session).values_list("voter_id", flat=True))
    voters = [
        {
            "name": line.voter.name,
            "agency": line.voter.agency.code if line.voter.agency else None,
            "checked_in": line.checked_in,
            "token_issued": line.token_issued,
            "written_vote": line.voter.pk in written,
        }
        for line in voter_lines(session)
    ]
    return {**_session_out(session), "questions": questions, "voters": voters}


@router.get("/sessions/{pk}/result", response=ResultOut)
def get_result(request: HttpRequest, pk: int) -> dict[str, Any]:
    session = _visible(request, pk)
    if session.state != SessionState.PUBLISHED:
        raise Http404
    result = shown_result(session)
    return {
        "session": session.pk,
        "published_at": session.published_at,
        "counts_disclosed": session.counts_disclosed,
        **{k: result[k] for k in ("total_voters", "present", "ballots", "invalid")},
        "written": result.get("written", 0),
        "questions": result["questions"],
    }


class WrittenVoteOut(Schema):
    """Ý kiến bằng văn bản — open by law: the absent voter by name; ``approved`` (candidate ids)
    and ``letter`` are ``null`` for those who may not see the choices yet (before
    publication, everyone but the organiser)."""

    id: int
    voter: str
    agency: str | None
    recorded_at: dt.datetime
    approved: list[int] | None
    letter: bool | None


@router.get("/sessions/{pk}/written-votes", response=list[WrittenVoteOut])
def list_written_votes(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    session = _visible(request, pk)
    shown = permissions.can_view_written_choices(request.user, session)
    answers = []
    for line in written_vote_lines(session):
        vote = line.written_vote
        answers.append(
            {
                "id": vote.pk,
                "voter": vote.voter.name,
                "agency": vote.voter.agency.code if vote.voter.agency else None,
                "recorded_at": vote.recorded_at,
                "approved": line.candidate_ids if shown else None,
                "letter": bool(vote.file) if shown else None,
            }
        )
    return answers


@router.post("/sessions/{pk}/ballots", response={201: ReceivedOut})
def cast_ballot(request: HttpRequest, pk: int, payload: BallotIn) -> Status[dict[str, str]]:
    session = _visible(request, pk)
    if not permissions.can_cast(request.user, session):
        raise Http404
    services.ballot_cast(session=session, token=payload.token, choices=payload.choices)
    return Status(201, {"detail": "Đã nhận phiếu."})
