"""Nominating a person (cá nhân) from the cluster's vote through the pages: the person stands
as a ballot candidate, passes the vote, and is on the proposal with a drafted achievement
report; the leader takes a nominee off and puts a candidate back; others cannot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.awards import services
from thidua.awards.models import Nomination, Proposal
from thidua.awards.services.reports import draft_report
from thidua.awards.tests.test_proposals_world import MEETING, YEAR, World, _award, build
from thidua.core.errors import DomainError
from thidua.core.testing import Personas
from thidua.organizations.models import Person
from thidua.organizations.services import PersonValues, person_create, position_add
from thidua.voting import services as voting
from thidua.voting.models import BallotCandidate, BallotSession

ClientAs = Callable[[Any], Client]
MERIT = "bang_khen_bo"


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def _person(world: World) -> Person:
    someone = person_create(
        actor=None, values=PersonValues(code="CN-TH", full_name="Nguyễn Thị Hoa")
    )
    position_add(
        actor=None,
        person=someone,
        agency=world.third,
        title="Phó Giám đốc",
        from_date=dt.date(2020, 3, 1),
    )
    return someone


def _person_session(world: World, someone: Person) -> tuple[BallotSession, BallotCandidate]:
    """A second published session of the year: a person and a unit on the certificate's
    ballot, the person approved by every unit, the unit by none."""
    session = voting.ballot_session_create(
        actor=world.lead_officer,
        group_year=world.group_year,
        title="Bình xét cá nhân năm 2025",
        meeting_date=MEETING,
        mode="electronic",
    )
    merit = voting.question_add(actor=None, session=session, award=_award(MERIT), max_choices=1)
    person_c = voting.candidate_add(
        actor=None, question=merit, person=someone, reason="Hoàn thành xuất sắc nhiệm vụ"
    )
    voting.candidate_add(actor=None, question=merit, agency=world.fifth, reason="Đề xuất")
    voting.ballot_session_open(actor=None, session=session)
    for voter in session.voters.all():
        token = voting.voter_check_in(actor=None, voter=voter)
        assert token is not None
        voting.ballot_cast(session=session, token=token, choices={merit.pk: [person_c.pk]})
    voting.ballot_session_close(actor=None, session=session)
    return voting.ballot_session_publish(actor=None, session=session), person_c


def _proposal(world: World) -> tuple[Proposal, BallotCandidate]:
    session, person_c = _person_session(world, _person(world))
    proposal = services.proposal_prepare(
        actor=world.lead_officer, group_year=world.group_year, ballot_session=session
    )
    return proposal, person_c


def test_an_elected_person_is_nominated_with_a_drafted_report(world: World) -> None:
    proposal, person_c = _proposal(world)
    [nomination] = proposal.nominations.all()
    assert nomination.person is not None
    assert nomination.person.code == "CN-TH"
    assert nomination.agency is None
    assert nomination.passed_vote
    assert "Phó Giám đốc" in nomination.report_text
    assert world.third.name in nomination.report_text
    assert "Hoàn thành xuất sắc nhiệm vụ" in nomination.report_text
    assert f"năm {YEAR}" in nomination.report_text
    assert draft_report(world.group_year, person_c) == nomination.report_text


def test_the_leader_takes_a_nominee_off_and_puts_a_candidate_back_from_the_page(
    world: World, client_as: ClientAs
) -> None:
    proposal, person_c = _proposal(world)
    nomination = proposal.nominations.get()
    detail = reverse("awards:proposal", args=[proposal.pk])
    remove = reverse("awards:proposal_nomination_remove", args=[proposal.pk, nomination.pk])
    add = reverse("awards:proposal_nomination_add", args=[proposal.pk])
    # others who see the proposal may not change its list; the outsider does not see it
    for persona, status in (("member_officer", 403), ("ministry_officer", 403), ("outsider", 404)):
        client = client_as(getattr(world.personas, persona))
        assert client.post(remove).status_code == status
        assert client.post(add, {"candidate": person_c.pk}).status_code == status
    assert proposal.nominations.count() == 1
    leader = client_as(world.lead_officer)
    assert leader.post(remove).status_code == 302
    assert not proposal.nominations.exists()
    page = leader.get(detail).content.decode()
    assert "Thêm đối tượng từ danh sách ứng viên" in page
    assert "Nguyễn Thị Hoa (cá nhân)" in page
    assert leader.post(add, {"candidate": person_c.pk}).status_code == 302
    back = proposal.nominations.get()
    assert back.person is not None
    assert back.passed_vote
    assert "Phó Giám đốc" in back.report_text
    # bad input: a candidate of another session, none, a second time — a message, no change
    other = BallotCandidate.objects.exclude(question__session=proposal.ballot_session).first()
    assert other is not None
    for data, message in (
        ({"candidate": other.pk}, "Chọn một ứng viên của phiên bình xét"),
        ({}, "Chọn một ứng viên của phiên bình xét"),
        ({"candidate": person_c.pk}, "đã được đề nghị danh hiệu này"),
    ):
        refused = leader.post(add, data)
        assert refused.status_code == 400
        assert message in refused.content.decode()
        assert proposal.nominations.count() == 1


def test_the_service_refuses_a_candidate_of_another_session(world: World) -> None:
    proposal, _person_c = _proposal(world)
    other = BallotCandidate.objects.exclude(question__session=proposal.ballot_session).first()
    assert other is not None
    with pytest.raises(DomainError) as refused:
        services.nomination_add(actor=world.lead_officer, proposal=proposal, candidate=other)
    assert "không thuộc phiên bình xét" in refused.value.message
    assert Nomination.objects.filter(proposal=proposal).count() == 1
