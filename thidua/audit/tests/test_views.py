"""The audit log page (/nhat-ky/): sector managers only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from thidua.core.testing import Personas
from thidua.organizations.services import PersonValues, person_create, position_add

ClientAs = Callable[[Any], Client]
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
]
URL = "/nhat-ky/"
SECRET_NAME = "Hoàng Thị Thu Trang"
EXPECTED = {
    "anonymous": 302,
    "viewer": 403,
    "outsider": 403,
    "member_officer": 403,
    "agency_leader": 403,
    "ministry_officer": 200,
    "system_admin": 200,
}


@pytest.fixture
def trail(personas: Personas) -> Personas:
    """Personas plus an audited change about a person in `own`."""
    person = person_create(actor=None, values=PersonValues(code="CN-77", full_name=SECRET_NAME))
    position_add(
        actor=personas.ministry_officer,
        person=person,
        agency=personas.own,
        title="Trưởng phòng",
        from_date=dt.date(2025, 7, 1),
    )
    return personas


@pytest.mark.parametrize("query", ["", "?action=organizations."])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_audit_log_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, trail: Personas, persona: str, query: str
) -> None:
    response = client_as(getattr(trail, persona)).get(URL + query)
    assert response.status_code == EXPECTED[persona]
    body = response.content.decode()
    if EXPECTED[persona] == 302:
        expected_next = "/nhat-ky/" + query.replace("?", "%3F").replace("=", "%3D")
        assert response["Location"] == f"/tai-khoan/dang-nhap/?next={expected_next}"
    if EXPECTED[persona] == 200:
        assert "Nhật ký hệ thống" in body
        assert SECRET_NAME in body
    else:
        assert SECRET_NAME not in body
        assert "organizations.position.added" not in body
        assert "accounts.user.created" not in body


def test_a_refusal_is_the_vietnamese_403_page(client_as: ClientAs, trail: Personas) -> None:
    response = client_as(trail.agency_leader).get(URL)
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này" in response.content.decode()


def test_the_log_shows_who_did_what_with_readable_labels(
    client_as: ClientAs, trail: Personas
) -> None:
    body = client_as(trail.system_admin).get(URL).content.decode()
    assert "organizations.position.added" in body
    assert "ministry_officer" in body  # the actor's name
    assert "hệ thống" in body  # events without an actor


def test_the_action_filter_keeps_only_matching_events(client_as: ClientAs, trail: Personas) -> None:
    response = client_as(trail.ministry_officer).get(URL, {"action": "organizations.position"})
    actions = {e.action for e in response.context["page"]}
    assert actions == {"organizations.position.added"}
    assert 'value="organizations.position"' in response.content.decode()


def test_a_filter_that_matches_nothing_says_so(client_as: ClientAs, trail: Personas) -> None:
    response = client_as(trail.ministry_officer).get(URL, {"action": "khong.co.gi"})
    assert response.status_code == 200
    assert "Chưa có sự kiện." in response.content.decode()


def test_the_newest_event_comes_first(client_as: ClientAs, trail: Personas) -> None:
    response = client_as(trail.system_admin).get(URL)
    events = list(response.context["page"])
    assert events[0].action == "organizations.position.added"
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)


def test_a_page_number_out_of_range_shows_the_last_page(
    client_as: ClientAs, trail: Personas
) -> None:
    response = client_as(trail.system_admin).get(URL, {"page": "999"})
    assert response.status_code == 200
    response = client_as(trail.system_admin).get(URL, {"page": "abc"})
    assert response.status_code == 200


def test_a_nul_byte_in_the_action_filter_is_ignored_not_a_500(
    client_as: ClientAs, trail: Personas
) -> None:
    response = client_as(trail.system_admin).get(URL, {"action": "organizations.position\x00"})
    assert response.status_code == 200
    assert {e.action for e in response.context["page"]} == {"organizations.position.added"}
