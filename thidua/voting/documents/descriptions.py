"""What each document of a session says, read from the database into plain descriptions (no
model in them, so a sample can be written by hand): the issuer, the paper ballot, the
vote-count minutes and the notice of the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from thidua.core.text import fold
from thidua.emulation.choices import MemberRole
from thidua.emulation.selectors import group_role
from thidua.organizations.models import Agency
from thidua.organizations.selectors import agency_positions
from thidua.scoring.result_documents import HEAD_TITLES
from thidua.voting.choices import Mode, Outcome, SessionState, TiePolicy
from thidua.voting.documents.words import join_names, quorum_words, threshold_words
from thidua.voting.models import BallotSession, Participation, TieResolution
from thidua.voting.selectors import questions_of, session_tally
from thidua.voting.tally import RuleNumbers, tally_question


class DocumentUnavailable(Exception):
    """The session has no such document yet (a draft's minutes, a count not yet accepted)."""


# --- Descriptions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """Who holds the vote: the header's bodies and place, the assembly in words, the chair."""

    parent_body: str
    issuing_body: str
    place: str
    assembly: str
    chair: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class BallotQuestion:
    text: str
    seats: int
    candidates: tuple[str, ...]
    self_vote_allowed: bool = True


@dataclass(frozen=True)
class BallotPaper:
    """Phiếu bầu — what one paper ballot shows (the same for every voter)."""

    issuer: Issuer
    title: str
    meeting_date: dt.date
    meeting_place: str
    questions: tuple[BallotQuestion, ...]


@dataclass(frozen=True)
class CandidateLine:
    name: str
    approvals: int | None
    meets_threshold: bool
    outcome: str


@dataclass(frozen=True)
class QuestionLines:
    """One question of the minutes: its rule in words and every candidate's line."""

    text: str
    seats: int
    rule_name: str
    legal_basis: str
    quorum: str
    threshold: str
    base: int
    candidates: tuple[CandidateLine, ...]
    tie: str = ""


@dataclass(frozen=True)
class CountMinutes:
    """Biên bản kiểm phiếu — the count of a closed or published session, in aggregates."""

    issuer: Issuer
    title: str
    meeting_date: dt.date
    meeting_place: str
    paper: bool
    total_voters: int
    present: int
    issued: int
    cast: int
    valid: int
    invalid: int
    questions: tuple[QuestionLines, ...]
    tellers: tuple[str, ...] = ()
    counts_shown: bool = True
    written: tuple[str, ...] = ()
    """Absent members who voted in writing (named in the minutes, as the law has it)."""


@dataclass(frozen=True)
class NoticeQuestion:
    text: str
    seats: int
    elected: tuple[str, ...]
    runoff: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultNotice:
    """Thông báo kết quả — the published outcome, title by title: who is elected (no counts)."""

    issuer: Issuer
    title: str
    meeting_date: dt.date
    published_on: dt.date
    questions: tuple[NoticeQuestion, ...]
    cluster: bool = True


# --- Reading a session -----------------------------------------------------------------------


def _province(agency: Agency | None) -> str:
    """The place line's name of the agency's province (``Cần Thơ``, not ``Thành phố Cần Thơ``)."""
    if agency is None or agency.province is None:
        return ""
    name = agency.province.name.strip()
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _head(agency: Agency | None, on: dt.date) -> str:
    """The name of the agency's head on ``on`` when the position records know them."""
    if agency is None:
        return ""
    for position in agency_positions(agency, on=on):
        if fold(position.title).startswith(HEAD_TITLES):
            return str(position.person.full_name)
    return ""


def issuer_of(session: BallotSession) -> Issuer:
    if session.group_year is not None:
        group = session.group_year.group
        leader = group_role(session.group_year, MemberRole.LEADER)
        return Issuer(
            parent_body=group.name,
            issuing_body=leader.name if leader is not None else group.name,
            place=_province(leader),
            assembly=f"{group.name} năm {session.group_year.year}",
            chair=_head(leader, session.meeting_date),
            recipients=(
                "- Các đơn vị thành viên Cụm;",
                f"- {group.organiser.name} (để báo cáo);",
                "- Lưu: VT.",
            ),
        )
    council = session.council
    assert council is not None
    return Issuer(
        parent_body=council.name,
        issuing_body="Hội đồng\nThi đua - Khen thưởng",
        place=_province(council),
        assembly=f"Hội đồng Thi đua - Khen thưởng {council.name}",
        chair=_head(council, session.meeting_date),
        recipients=("- Thành viên Hội đồng;", "- Lưu: VT, Hội đồng."),
    )


def ballot_paper_of(session: BallotSession) -> BallotPaper:
    return BallotPaper(
        issuer=issuer_of(session),
        title=session.title,
        meeting_date=session.meeting_date,
        meeting_place=session.place,
        questions=tuple(
            BallotQuestion(
                text=str(question),
                seats=question.max_choices,
                candidates=tuple(c.name for c in question.candidates.all()),
                self_vote_allowed=question.rule.self_vote_allowed,
            )
            for question in questions_of(session)
        ),
    )


def _result_of(session: BallotSession) -> dict[str, Any]:
    if session.state == SessionState.PUBLISHED:
        return dict(session.result)
    if session.state == SessionState.CLOSED:
        tally = session_tally(session)
        if tally is not None:
            return tally.as_json()
        raise DocumentUnavailable("Chưa có kết quả kiểm phiếu được chấp nhận.")
    raise DocumentUnavailable("Biên bản kiểm phiếu chỉ lập sau khi kết thúc bỏ phiếu.")


def _tie_words(
    frozen: dict[str, Any],
    rule: RuleNumbers,
    result: dict[str, Any],
    resolution: TieResolution | None,
    *,
    counts_shown: bool,
) -> str:
    """The tie at the last seat (recomputed from the frozen counts) and how it was settled."""
    candidates = frozen["candidates"]
    outcome = tally_question(
        total_voters=result["total_voters"],
        present=result["present"],
        ballots=result["ballots"],
        approvals={c["id"]: c["approvals"] or 0 for c in candidates},
        order=[c["id"] for c in candidates],
        seats=frozen["seats"],
        rule=rule,
    )
    if not outcome.tied:
        return ""
    names = [c["name"] for c in candidates if c["id"] in outcome.tied]
    votes = ""
    if counts_shown:
        first = next(c for c in candidates if c["id"] == outcome.tied[0])
        votes = f" cùng {first['approvals']} phiếu"
    text = (
        f"Các ứng viên {join_names(names)} bằng phiếu{votes} ở suất cuối "
        f"({outcome.seats_for_tied} suất còn lại). "
    )
    if resolution is None:
        return text + "Chưa xử lý."
    if resolution.method == TiePolicy.CHAIR:
        chosen = [c.name for c in resolution.chosen.all()]
        text += f"Chủ trì cuộc họp quyết định chọn: {join_names(chosen)}."
        if resolution.note:
            text += f" Ý kiến của chủ trì: {resolution.note}"
        return text
    runoff = resolution.runoff_session
    title = f" (phiên “{runoff.title}”)" if runoff is not None else ""
    return text + f"Bỏ phiếu lại giữa các ứng viên bằng phiếu{title}."


def count_minutes_of(session: BallotSession) -> CountMinutes:
    """The minutes of a closed (the organiser's count) or published (the frozen result)
    session; :class:`DocumentUnavailable` before that or while a paper count is not accepted."""
    result = _result_of(session)
    counts_shown = session.state != SessionState.PUBLISHED or session.counts_disclosed
    questions = {q.pk: q for q in questions_of(session)}
    resolutions = {
        r.question_id: r
        for r in TieResolution.objects.filter(question__session=session)
        .select_related("runoff_session")
        .prefetch_related("chosen")
    }
    lines = []
    for frozen in result.get("questions", []):
        question = questions[frozen["id"]]
        rule = RuleNumbers.of(question.rule)
        lines.append(
            QuestionLines(
                text=frozen["text"] or question.award.name,
                seats=frozen["seats"],
                rule_name=frozen["rule"],
                legal_basis=frozen["legal_basis"],
                quorum=quorum_words(
                    rule,
                    present=result["present"],
                    total=result["total_voters"],
                    required=frozen["quorum_required"],
                    met=frozen["quorum_met"],
                ),
                threshold=threshold_words(rule, base=frozen["base"], required=frozen["required"]),
                base=frozen["base"],
                candidates=tuple(
                    CandidateLine(
                        name=c["name"],
                        approvals=c["approvals"] if counts_shown else None,
                        meets_threshold=c["meets_threshold"],
                        outcome=c["outcome"],
                    )
                    for c in frozen["candidates"]
                ),
                tie=_tie_words(
                    frozen,
                    rule,
                    result,
                    resolutions.get(question.pk),
                    counts_shown=counts_shown,
                ),
            )
        )
    paper = session.mode == Mode.PAPER
    valid, invalid = int(result["ballots"]), int(result.get("invalid") or 0)
    if paper:
        issued = int(result["present"])
        tellers = tuple(
            str(count.teller) for count in session.teller_counts.select_related("teller")
        )
    else:
        issued = Participation.objects.filter(
            voter__session=session, checked_in=True, token_issued=True
        ).count()
        tellers = ()
    return CountMinutes(
        issuer=issuer_of(session),
        title=session.title,
        meeting_date=session.meeting_date,
        meeting_place=session.place,
        paper=paper,
        total_voters=int(result["total_voters"]),
        present=int(result["present"]),
        issued=issued,
        cast=valid + invalid,
        valid=valid,
        invalid=invalid,
        questions=tuple(lines),
        tellers=tellers,
        counts_shown=counts_shown,
        written=tuple(str(w["voter"]) for w in result.get("written_votes", [])),
    )


def result_notice_of(session: BallotSession) -> ResultNotice:
    """The notice of a published session; :class:`DocumentUnavailable` before publication."""
    if session.state != SessionState.PUBLISHED or session.published_at is None:
        raise DocumentUnavailable("Thông báo kết quả chỉ lập sau khi công bố kết quả.")
    return ResultNotice(
        issuer=issuer_of(session),
        title=session.title,
        meeting_date=session.meeting_date,
        published_on=timezone.localdate(session.published_at),
        questions=tuple(
            NoticeQuestion(
                text=q["text"] or q["award_name"],
                seats=q["seats"],
                elected=tuple(
                    c["name"] for c in q["candidates"] if c["outcome"] == Outcome.ELECTED
                ),
                runoff=tuple(c["name"] for c in q["candidates"] if c["outcome"] == Outcome.RUNOFF),
            )
            for q in session.result.get("questions", [])
        ),
        cluster=session.group_year is not None,
    )
