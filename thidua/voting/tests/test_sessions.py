"""Preparing a ballot session (phiên bỏ phiếu): the voter list, questions under the rule in
force, candidates from the published ranking or added with a reason, opening, and the state
machine. Each service writes one audit event; each refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.accounts.choices import Role
from thidua.core.errors import DomainError, IllegalTransition
from thidua.scoring.services import ranking_publish
from thidua.scoring.tests.test_results import active_table, disqualify, give_scores
from thidua.voting import services
from thidua.voting.choices import Body, CandidateSource, Mode, SessionState
from thidua.voting.models import BallotCandidate, BallotSession, Question, Voter
from thidua.voting.tests.builders import (
    FLAG,
    MEETING,
    MERIT,
    World,
    award,
    cluster_session,
    events,
    make_agency,
    make_user,
    nothing_changes,
    question,
)


def test_a_cluster_session_lists_every_member_unit_as_a_voter(world: World) -> None:
    session = services.ballot_session_create(
        actor=world.lead_officer,
        group_year=world.group_year,
        title="  Bình xét năm 2026 ",
        meeting_date=MEETING,
        mode=Mode.ELECTRONIC,
        place="Cần Thơ",
    )
    assert session.state == SessionState.DRAFT
    assert session.body == Body.CLUSTER
    assert session.title == "Bình xét năm 2026"
    assert [v.agency for v in session.voters.order_by("order")] == world.units
    assert all(
        v.user is None and v.agency is not None and v.name == v.agency.name
        for v in session.voters.all()
    )
    [event] = events("voting.session.created")
    assert event.actor == world.lead_officer
    assert event.agency == world.lead
    assert event.payload == {"voters": 5, "mode": "electronic"}
    assert str(session) == "Bình xét năm 2026 (18/12/2026)"


def test_a_council_session_lists_the_council_members(world: World) -> None:
    ministry = world.personas.ministry
    members = [make_user(f"uv{i}", Role.COUNCIL_MEMBER, ministry) for i in range(3)]
    session = services.ballot_session_create(
        actor=world.personas.ministry_officer,
        council=ministry,
        title="Hội đồng xét Cờ thi đua",
        meeting_date=dt.date(2027, 1, 20),
        mode=Mode.PAPER,
    )
    assert session.body == Body.COUNCIL
    assert session.group_year is None
    assert {v.user for v in session.voters.all()} == set(members)
    flag = services.question_add(actor=None, session=session, award=award(FLAG), max_choices=3)
    assert flag.rule.code == "hoi-dong-80"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": " "}, "title", "Cần nhập tên phiên"),
        ({"mode": "sms"}, "mode", "Hình thức bỏ phiếu không hợp lệ"),
        ({"meeting_date": dt.date(2028, 1, 5)}, "meeting_date", "năm 2026 hoặc năm sau"),
    ],
)
def test_a_session_needs_a_title_a_mode_and_a_date_in_the_year(
    world: World, values: dict[str, object], field: str, message: str
) -> None:
    arguments: dict[str, object] = {
        "title": "Bình xét",
        "meeting_date": MEETING,
        "mode": Mode.ELECTRONIC,
    } | values
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.ballot_session_create(
            actor=None,
            group_year=world.group_year,
            **arguments,  # type: ignore[arg-type]
        )
    assert refused.value.field == field
    assert message in refused.value.message
    assert not BallotSession.objects.exists()


def test_a_question_takes_the_rule_in_force_on_the_meeting_date(world: World) -> None:
    session = cluster_session(world, merit=False, open_it=False)
    flag = question(session, FLAG)
    assert flag.rule.code == "cum-thi-dua"
    assert flag.text == award(FLAG).name
    assert flag.max_choices == 1
    assert str(flag) == flag.text
    [event] = events("voting.question.added")
    assert event.payload == {"award": FLAG, "rule": "cum-thi-dua", "max_choices": 1}


def test_a_title_put_twice_or_with_no_seat_or_no_rule_is_refused(world: World) -> None:
    session = cluster_session(world, merit=False, open_it=False)
    for kwargs, message in (
        ({"award": award(FLAG), "max_choices": 1}, "đã có nội dung bỏ phiếu"),
        ({"award": award(MERIT), "max_choices": 0}, "từ 1 trở lên"),
    ):
        with nothing_changes(), pytest.raises(DomainError) as refused:
            services.question_add(actor=None, session=session, **kwargs)  # type: ignore[arg-type]
        assert message in refused.value.message
    council = services.ballot_session_create(
        actor=None,
        council=world.personas.ministry,
        title="Hội đồng",
        meeting_date=MEETING,
        mode=Mode.PAPER,
    )
    with nothing_changes(), pytest.raises(DomainError) as no_rule:
        services.question_add(actor=None, session=council, award=award(MERIT), max_choices=1)
    assert "Chưa có quy tắc bỏ phiếu" in no_rule.value.message
    assert no_rule.value.field == "award"


def test_an_added_candidate_needs_a_reason_and_must_be_a_member(world: World) -> None:
    session = cluster_session(world, merit=False, open_it=False)
    flag = question(session, FLAG)
    services.candidate_remove(actor=None, candidate=flag.candidates.get(agency=world.lead))
    with nothing_changes(), pytest.raises(DomainError) as no_reason:
        services.candidate_add(actor=None, question=flag, agency=world.lead, reason=" ")
    assert no_reason.value.field == "reason"
    outsider = world.personas.other
    with nothing_changes(), pytest.raises(DomainError) as not_member:
        services.candidate_add(actor=None, question=flag, agency=outsider, reason="Đề xuất")
    assert "không phải thành viên" in not_member.value.message
    with nothing_changes(), pytest.raises(DomainError) as twice:
        services.candidate_add(actor=None, question=flag, agency=world.own, reason="Đề xuất")
    assert "đã có trong danh sách" in twice.value.message
    added = services.candidate_add(
        actor=None, question=flag, agency=world.lead, reason="Dẫn đầu phong trào chuyên đề"
    )
    assert added.source == CandidateSource.ADDED
    assert str(added) == world.lead.name


def test_candidates_come_from_the_published_ranking_skipping_the_disqualified(
    world: World,
) -> None:
    table = active_table(world.group_year)
    points = [38, 40, 30, 39, 20]  # the second unit tops the table, the fourth is disqualified
    assessments = [
        give_scores(table, unit, i1=p, i2=15, ii1=30)
        for unit, p in zip(world.units, points, strict=True)
    ]
    disqualify(table, assessments[3])
    ranking_publish(actor=None, table=table)
    session = services.ballot_session_create(
        actor=world.lead_officer,
        group_year=world.group_year,
        title="Bình xét",
        meeting_date=MEETING,
        mode=Mode.ELECTRONIC,
    )
    flag = services.question_add(actor=None, session=session, award=award(FLAG), max_choices=1)
    added = services.candidates_from_ranking(actor=world.lead_officer, question=flag, top=2)
    assert [c.agency for c in added] == [world.own, world.lead]
    assert [c.ranking_position for c in added] == [1, 2]
    assert all(c.source == CandidateSource.RANKING for c in added)
    again = services.candidates_from_ranking(actor=None, question=flag, top=3)
    assert [c.agency for c in again] == [world.units[2]]  # the third qualified, once
    [first, _second] = events("voting.candidates.added")
    assert first.payload["added"] == [world.own.name, world.lead.name]


def test_without_a_published_ranking_no_candidate_comes_from_it(world: World) -> None:
    session = cluster_session(world, merit=False, open_it=False)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.candidates_from_ranking(actor=None, question=question(session, FLAG), top=2)
    assert "chưa công bố kết quả xếp hạng" in refused.value.message


def test_the_voter_list_can_change_only_in_draft(world: World) -> None:
    session = cluster_session(world, merit=False, open_it=False)
    extra = make_agency("B-X", "Đơn vị khách mời")
    added = services.voter_add(actor=None, session=session, agency=extra)
    with nothing_changes(), pytest.raises(DomainError):
        services.voter_add(actor=None, session=session, agency=extra)
    services.voter_remove(actor=None, voter=added)
    services.ballot_session_open(actor=None, session=session)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.voter_add(actor=None, session=session, agency=extra)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.question_add(actor=None, session=session, award=award(MERIT), max_choices=1)


def test_a_session_opens_only_with_questions_candidates_and_voters(world: World) -> None:
    session = services.ballot_session_create(
        actor=None,
        group_year=world.group_year,
        title="Bình xét",
        meeting_date=MEETING,
        mode=Mode.ELECTRONIC,
    )
    with nothing_changes(), pytest.raises(DomainError, match="chưa có nội dung"):
        services.ballot_session_open(actor=None, session=session)
    services.question_add(actor=None, session=session, award=award(FLAG), max_choices=1)
    with nothing_changes(), pytest.raises(DomainError, match="chưa có ứng viên"):
        services.ballot_session_open(actor=None, session=session)
    session.refresh_from_db()
    assert session.state == SessionState.DRAFT


@pytest.mark.parametrize(
    ("state", "to", "allowed"),
    [
        (SessionState.DRAFT, SessionState.OPEN, True),
        (SessionState.DRAFT, SessionState.CLOSED, False),
        (SessionState.DRAFT, SessionState.PUBLISHED, False),
        (SessionState.OPEN, SessionState.CLOSED, True),
        (SessionState.OPEN, SessionState.DRAFT, False),
        (SessionState.OPEN, SessionState.PUBLISHED, False),
        (SessionState.CLOSED, SessionState.PUBLISHED, True),
        (SessionState.CLOSED, SessionState.OPEN, False),
        (SessionState.PUBLISHED, SessionState.CLOSED, False),
        (SessionState.PUBLISHED, SessionState.DRAFT, False),
    ],
)
def test_the_state_machine_allows_only_draft_open_closed_published(
    state: SessionState, to: SessionState, allowed: bool
) -> None:
    session = BallotSession(state=state)
    if allowed:
        services.transition(session, to)
        assert session.state == to
    else:
        with pytest.raises(IllegalTransition) as refused:
            services.transition(session, to)
        assert "không chuyển sang" in refused.value.message
        assert session.state == state


def test_opening_twice_and_publishing_an_open_session_are_illegal(world: World) -> None:
    session = cluster_session(world)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.ballot_session_open(actor=None, session=session)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.ballot_session_publish(actor=None, session=session)


def test_constraints_name_their_rule_in_vietnamese(world: World) -> None:
    session = cluster_session(world, merit=False, open_it=False)
    flag = question(session, FLAG)
    bad_session = BallotSession(
        body=Body.COUNCIL,
        group_year=world.group_year,
        title="x",
        meeting_date=MEETING,
        mode="paper",
    )
    with pytest.raises(ValidationError, match="Phiên của khối, cụm phải gắn"):
        bad_session.full_clean()
    with pytest.raises(ValidationError, match="một đơn vị hoặc một cá nhân"):
        BallotCandidate(question=flag, name="x", source="ranking").full_clean()
    with pytest.raises(ValidationError, match="Ứng viên bổ sung phải có lý do"):
        BallotCandidate(question=flag, agency=world.lead, name="x", source="added").full_clean()
    with pytest.raises(ValidationError, match="một đơn vị hoặc một người dùng"):
        Voter(session=session, name="x").full_clean()
    with pytest.raises(ValidationError, match="Số được chọn tối đa phải từ 1"):
        Question(session=session, award=award(MERIT), rule=flag.rule, max_choices=0).full_clean()
    assert str(session.voters.first()) == world.lead.name
