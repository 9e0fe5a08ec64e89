"""The read API of blocks and clusters by year (/api/v1/clusters/), for every persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from thidua.core.testing import Personas
from thidua.emulation.models import Decision, GroupYear
from thidua.emulation.services import GroupYearValues, decision_record, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create

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
MANAGERS = {"ministry_officer", "system_admin"}
IN_OWN = {"member_officer", "agency_leader"}

NAME_X = "Sở Công Thương tỉnh Hậu Giang (thử nghiệm)"
NAME_Y = "Sở Công Thương tỉnh Sóc Trăng (thử nghiệm)"


def _agency(code: str, name: str) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


@dataclass
class World:
    """`own` leads CUM-T 2025 (CUM-T 2024 was x and y only) and is a plain member of KHOI-K;
    `other` is only in CUM-CM."""

    personas: Personas
    x: Agency
    y: Agency
    decision: Decision
    leadership: Decision
    led_by_own: GroupYear
    led_last_year: GroupYear
    own_is_member: GroupYear
    of_other: GroupYear


def _group_year(
    personas: Personas,
    code: str,
    members: list[Agency],
    leader: Agency | None,
    deputy: Agency | None,
    *,
    year: int = 2025,
    kind: str = "cluster",
    decision: Decision | None = None,
    leadership_decision: Decision | None = None,
) -> GroupYear:
    return group_year_create(
        actor=None,
        organiser=personas.ministry,
        code=code,
        name=f"Cụm thi đua {code}",
        kind=kind,
        values=GroupYearValues(
            year=year,
            members=members,
            leader=leader,
            deputy=deputy,
            decision=decision,
            leadership_decision=leadership_decision,
        ),
    )


@pytest.fixture
def world(personas: Personas) -> World:
    x = _agency("V-SCT-HG", NAME_X)
    y = _agency("V-SCT-ST", NAME_Y)
    decision = decision_record(
        actor=None,
        number="309/QĐ-BCT",
        issued_on=dt.date(2025, 2, 17),
        issuer=personas.ministry,
        summary="Về việc phân chia Khối, Cụm thi đua năm 2025",
    )
    leadership = decision_record(
        actor=None,
        number="410/QĐ-BCT",
        issued_on=dt.date(2025, 3, 3),
        issuer=personas.ministry,
        summary="Về việc công nhận Cụm trưởng, Cụm phó năm 2025",
    )
    own = personas.own
    led = _group_year(
        personas,
        "CUM-T",
        [own, x, y],
        own,
        y,
        decision=decision,
        leadership_decision=leadership,
    )
    last_year = _group_year(personas, "CUM-T", [x, y], x, y, year=2024)
    member = _group_year(personas, "KHOI-K", [x, own, y], x, None, kind="block")
    other = _group_year(personas, "CUM-CM", [personas.other], personas.other, None)
    return World(personas, x, y, decision, leadership, led, last_year, member, other)


def _client(client_as: ClientAs, world: World, persona: str) -> Client:
    return client_as(getattr(world.personas, persona))


# --- The permission matrix: one line per endpoint ------------------------------------------

ANON = {"anonymous": 401}
EVERY_SIGNED_IN = dict.fromkeys(PERSONAS, 200) | ANON
OF_OWN = dict.fromkeys(PERSONAS, 404) | dict.fromkeys(IN_OWN | MANAGERS, 200) | ANON
OF_OTHER = dict.fromkeys(PERSONAS, 404) | dict.fromkeys({"outsider", *MANAGERS}, 200) | ANON
OF_MANAGERS = dict.fromkeys(PERSONAS, 404) | dict.fromkeys(MANAGERS, 200) | ANON
NOBODY = dict.fromkeys(PERSONAS, 404) | ANON

ENDPOINTS: dict[str, tuple[str, dict[str, int]]] = {
    "cluster list": ("/api/v1/clusters/", EVERY_SIGNED_IN),
    "cluster list of a year": ("/api/v1/clusters/?year=2025", EVERY_SIGNED_IN),
    "cluster own leads": ("/api/v1/clusters/CUM-T/2025", OF_OWN),
    "block own belongs to": ("/api/v1/clusters/KHOI-K/2025", OF_OWN),
    "cluster of other": ("/api/v1/clusters/CUM-CM/2025", OF_OTHER),
    "year of a cluster before own joined": ("/api/v1/clusters/CUM-T/2024", OF_MANAGERS),
    "unknown year of a cluster": ("/api/v1/clusters/CUM-T/2019", NOBODY),
    "unknown cluster": ("/api/v1/clusters/KHONG-CO/2025", NOBODY),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_each_endpoint_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, endpoint: str, persona: str
) -> None:
    url, expected = ENDPOINTS[endpoint]
    response = _client(client_as, world, persona).get(url)
    assert response.status_code == expected[persona]
    if response.status_code != 200:
        body = response.content.decode()
        assert NAME_X not in body
        assert "CUM-T" not in body


LISTED = {
    "viewer": [],
    "outsider": [("CUM-CM", 2025)],
    "member_officer": [("CUM-T", 2025), ("KHOI-K", 2025)],
    "agency_leader": [("CUM-T", 2025), ("KHOI-K", 2025)],
    "ministry_officer": [("CUM-CM", 2025), ("CUM-T", 2025), ("KHOI-K", 2025), ("CUM-T", 2024)],
    "system_admin": [("CUM-CM", 2025), ("CUM-T", 2025), ("KHOI-K", 2025), ("CUM-T", 2024)],
}


@pytest.mark.parametrize("persona", list(LISTED))
def test_the_list_gives_managers_every_group_and_others_only_their_own_newest_first(
    client_as: ClientAs, world: World, persona: str
) -> None:
    listed = _client(client_as, world, persona).get("/api/v1/clusters/").json()
    assert [(g["code"], g["year"]) for g in listed] == LISTED[persona]


def test_a_listed_group_names_its_kind_leader_and_deputy(client_as: ClientAs, world: World) -> None:
    listed = _client(client_as, world, "member_officer").get("/api/v1/clusters/").json()
    assert listed == [
        {
            "code": "CUM-T",
            "name": "Cụm thi đua CUM-T",
            "kind": "cluster",
            "year": 2025,
            "leader_code": "P-SCT-AG",
            "deputy_code": "V-SCT-ST",
        },
        {
            "code": "KHOI-K",
            "name": "Cụm thi đua KHOI-K",
            "kind": "block",
            "year": 2025,
            "leader_code": "V-SCT-HG",
            "deputy_code": None,
        },
    ]


def test_the_list_filters_by_year(client_as: ClientAs, world: World) -> None:
    client = _client(client_as, world, "ministry_officer")
    in_2024 = client.get("/api/v1/clusters/", {"year": 2024}).json()
    assert [(g["code"], g["year"]) for g in in_2024] == [("CUM-T", 2024)]
    mine = _client(client_as, world, "agency_leader").get("/api/v1/clusters/?year=2024")
    assert mine.json() == []
    assert client.get("/api/v1/clusters/", {"year": 2030}).json() == []


def test_a_year_that_is_not_a_number_is_a_validation_error(
    client_as: ClientAs, world: World
) -> None:
    response = _client(client_as, world, "viewer").get("/api/v1/clusters/", {"year": "nam nay"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "year"]


def test_a_group_year_gives_its_members_in_rotation_order_and_its_decisions(
    client_as: ClientAs, world: World
) -> None:
    detail = _client(client_as, world, "member_officer").get("/api/v1/clusters/CUM-T/2025").json()
    assert detail["leader_code"] == "P-SCT-AG"
    assert detail["deputy_code"] == "V-SCT-ST"
    assert detail["members"] == [
        {
            "agency_code": "P-SCT-AG",
            "agency_name": "Sở Công Thương tỉnh An Giang",
            "role": "leader",
            "rotation_order": 1,
        },
        {"agency_code": "V-SCT-HG", "agency_name": NAME_X, "role": "member", "rotation_order": 2},
        {"agency_code": "V-SCT-ST", "agency_name": NAME_Y, "role": "deputy", "rotation_order": 3},
    ]
    assert detail["decisions"] == [
        {
            "purpose": "grouping",
            "number": "309/QĐ-BCT",
            "issued_on": "2025-02-17",
            "issuer_code": "P-BCT",
            "summary": "Về việc phân chia Khối, Cụm thi đua năm 2025",
        },
        {
            "purpose": "leadership",
            "number": "410/QĐ-BCT",
            "issued_on": "2025-03-03",
            "issuer_code": "P-BCT",
            "summary": "Về việc công nhận Cụm trưởng, Cụm phó năm 2025",
        },
    ]


def test_a_group_year_without_decisions_lists_none(client_as: ClientAs, world: World) -> None:
    detail = _client(client_as, world, "outsider").get("/api/v1/clusters/CUM-CM/2025").json()
    assert detail["decisions"] == []
    assert [m["agency_code"] for m in detail["members"]] == ["P-SCT-CM"]


def test_the_api_does_not_accept_writes_to_clusters(client_as: ClientAs, world: World) -> None:
    client = _client(client_as, world, "system_admin")
    before = GroupYear.objects.count()
    response = client.post(
        "/api/v1/clusters/", {"code": "CUM-MOI", "year": 2025}, content_type="application/json"
    )
    assert response.status_code == 405
    assert GroupYear.objects.count() == before


def test_the_openapi_schema_lists_the_cluster_paths(client_as: ClientAs, world: World) -> None:
    schema = _client(client_as, world, "viewer").get("/api/v1/openapi.json").json()
    assert {"/api/v1/clusters/", "/api/v1/clusters/{code}/{year}"} <= set(schema["paths"])
    assert "ClusterDetailOut" in schema["components"]["schemas"]
