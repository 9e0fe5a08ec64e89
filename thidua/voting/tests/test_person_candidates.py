"""A person (cá nhân) as a candidate of a cluster's session: chosen from the people holding a
position in a member unit that year, or by code; anyone else is refused by the service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import PersonValues, person_create, position_add
from thidua.voting import services
from thidua.voting.models import BallotCandidate
from thidua.voting.selectors import candidate_people
from thidua.voting.tests.builders import (
    FLAG,
    MERIT,
    YEAR,
    World,
    cluster_session,
    nothing_changes,
    question,
)

ClientAs = Callable[[Any], Client]


def person(code: str, name: str, agency: Agency, start: dt.date, end: dt.date | None) -> Person:
    someone = person_create(actor=None, values=PersonValues(code=code, full_name=name))
    position_add(
        actor=None,
        person=someone,
        agency=agency,
        title="Phó Giám đốc",
        from_date=start,
        to_date=end,
    )
    return someone


@pytest.fixture
def people(world: World) -> dict[str, Person]:
    return {
        "member": person("CN-01", "Nguyễn Thị Hoa", world.own, dt.date(2020, 1, 1), None),
        "left": person(
            "CN-02", "Trần Văn Bình", world.units[2], dt.date(2018, 1, 1), dt.date(YEAR - 1, 12, 31)
        ),
        "outsider": person(
            "CN-03", "Lê Văn Cường", world.personas.other, dt.date(2020, 1, 1), None
        ),
        "joined": person("CN-04", "Phạm Thu Dung", world.units[3], dt.date(YEAR, 11, 1), None),
    }


def test_only_people_holding_a_position_in_a_member_unit_that_year_may_stand(
    world: World, people: dict[str, Person]
) -> None:
    session = cluster_session(world, open_it=False)
    assert set(candidate_people(session)) == {people["member"], people["joined"]}
    merit = question(session, MERIT)
    added = services.candidate_add(
        actor=world.lead_officer, question=merit, person=people["member"], reason="Đề xuất"
    )
    assert added.name == "Nguyễn Thị Hoa"
    assert added.agency is None
    for key in ("left", "outsider"):
        with nothing_changes(), pytest.raises(DomainError) as refused:
            services.candidate_add(
                actor=world.lead_officer, question=merit, person=people[key], reason="Đề xuất"
            )
        assert "không giữ chức vụ tại đơn vị thành viên" in refused.value.message
        assert refused.value.field == "person"
    with nothing_changes(), pytest.raises(DomainError) as collective_only:
        services.candidate_add(
            actor=world.lead_officer,
            question=question(session, FLAG),
            person=people["member"],
            reason="Đề xuất",
        )
    assert "không tặng cho cá nhân" in collective_only.value.message
    with nothing_changes(), pytest.raises(DomainError) as twice:
        services.candidate_add(
            actor=world.lead_officer, question=merit, person=people["member"], reason="Lại"
        )
    assert "đã có trong danh sách" in twice.value.message


def test_the_organiser_adds_a_person_from_the_session_page(
    world: World, client_as: ClientAs, people: dict[str, Person]
) -> None:
    session = cluster_session(world, open_it=False)
    merit = question(session, MERIT)
    url = reverse("voting:candidate_add", args=[session.pk, merit.pk])
    form = {"person": people["member"].pk, "reason": "Cá nhân tiêu biểu"}
    assert client_as(world.personas.outsider).post(url, form).status_code == 404
    assert client_as(world.personas.member_officer).post(url, form).status_code == 403
    assert not BallotCandidate.objects.filter(person__isnull=False).exists()
    leader = client_as(world.lead_officer)
    page = leader.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert "Nguyễn Thị Hoa" in page  # offered in the select
    assert "Lê Văn Cường" not in page
    assert leader.post(url, form).status_code == 302
    assert merit.candidates.filter(person=people["member"]).exists()
    # by code: the service refuses someone outside the cluster, with its message
    refused = leader.post(url, {"person_code": "CN-03", "reason": "Đề xuất"}, follow=True)
    assert "không giữ chức vụ tại đơn vị thành viên" in refused.content.decode()
    unknown = leader.post(url, {"person_code": "CN-99", "reason": "Đề xuất"}, follow=True)
    assert "Không có cá nhân mã CN-99" in unknown.content.decode()
    by_code = leader.post(url, {"person_code": "CN-04", "reason": "Đề xuất"})
    assert by_code.status_code == 302
    assert merit.candidates.filter(person=people["joined"]).exists()
    # a choice outside the select is a form error, nothing added
    before = BallotCandidate.objects.count()
    bad = leader.post(url, {"person": people["outsider"].pk, "reason": "x"}, follow=True)
    assert "lựa chọn hợp lệ" in bad.content.decode()
    assert BallotCandidate.objects.count() == before
