"""The read API of agencies and lineage (/api/v1/agencies/), for every persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from thidua.core.testing import Personas
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create, lineage_event_record

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


def _agency(code: str, name: str, **dates: dt.date) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=dates.get("valid_from"),
            valid_to=dates.get("valid_to"),
        ),
    )


@pytest.fixture
def merged(personas: Personas) -> Personas:
    """Kiên Giang and the old An Giang merged into `own` on 01/07/2025."""
    kien_giang = _agency("P-SCT-KG", "Sở Công Thương tỉnh Kiên Giang")
    old = _agency("P-SCT-AG-CU", "Sở Công Thương tỉnh An Giang (trước sáp nhập)")
    lineage_event_record(
        actor=None,
        kind="merge",
        date=dt.date(2025, 7, 1),
        predecessors=[old, kien_giang],
        successors=[personas.own],
    )
    return personas


ENDPOINTS = {
    "agency list": "/api/v1/agencies/",
    "agency search": "/api/v1/agencies/?q=kien%20giang",
    "agency detail": "/api/v1/agencies/P-SCT-AG",
    "merged agency detail": "/api/v1/agencies/P-SCT-KG",
    "unknown agency": "/api/v1/agencies/KHONG-CO",
}
SIGNED_IN = dict.fromkeys(PERSONAS, 200) | {"anonymous": 401}
EXPECTED = {
    "agency list": SIGNED_IN,
    "agency search": SIGNED_IN,
    "agency detail": SIGNED_IN,
    "merged agency detail": SIGNED_IN,
    "unknown agency": dict.fromkeys(PERSONAS, 404) | {"anonymous": 401},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_each_endpoint_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, merged: Personas, endpoint: str, persona: str
) -> None:
    response = client_as(getattr(merged, persona)).get(ENDPOINTS[endpoint])
    assert response.status_code == EXPECTED[endpoint][persona]
    if response.status_code == 401:
        assert "Sở Công Thương" not in response.content.decode()


@pytest.mark.parametrize("query", ["kien giang", "KIÊN GIANG", "Kiên Giang"])
def test_the_search_ignores_diacritics_and_case(
    client_as: ClientAs, merged: Personas, query: str
) -> None:
    response = client_as(merged.outsider).get("/api/v1/agencies/", {"q": query})
    assert response.status_code == 200
    assert [a["code"] for a in response.json()] == ["P-SCT-KG"]
    assert response.json()[0]["name"] == "Sở Công Thương tỉnh Kiên Giang"


def test_the_search_finds_an_agency_created_through_the_service(
    client_as: ClientAs, personas: Personas
) -> None:
    _agency("S-CT-KG", "Sở Công Thương tỉnh Kiên Giang")
    response = client_as(personas.viewer).get("/api/v1/agencies/?q=kien%20giang")
    assert [a["code"] for a in response.json()] == ["S-CT-KG"]


def test_an_agency_is_listed_with_its_codes_and_iso_dates(
    client_as: ClientAs, merged: Personas
) -> None:
    response = client_as(merged.viewer).get("/api/v1/agencies/", {"q": "P-SCT-AG-CU"})
    assert response.json() == [
        {
            "code": "P-SCT-AG-CU",
            "name": "Sở Công Thương tỉnh An Giang (trước sáp nhập)",
            "short_name": "",
            "kind": "provincial_department",
            "province_code": None,
            "parent_code": None,
            "valid_from": None,
            "valid_to": "2025-06-30",
        }
    ]


def test_the_kind_and_date_filters_work_as_on_the_list_page(
    client_as: ClientAs, merged: Personas
) -> None:
    client = client_as(merged.viewer)
    ministries = client.get("/api/v1/agencies/", {"kind": "ministry"}).json()
    assert [a["code"] for a in ministries] == ["P-BCT"]
    before = {a["code"] for a in client.get("/api/v1/agencies/", {"on": "2025-06-30"}).json()}
    after = {a["code"] for a in client.get("/api/v1/agencies/", {"on": "2025-07-01"}).json()}
    assert {"P-SCT-KG", "P-SCT-AG-CU"} <= before
    assert "P-SCT-AG" not in before
    assert "P-SCT-AG" in after
    assert not {"P-SCT-KG", "P-SCT-AG-CU"} & after


@pytest.mark.parametrize(
    "params",
    [{"on": "31/02/2025"}, {"kind": "so"}, {"offset": "-1"}, {"limit": "nhieu"}],
    ids=["bad date", "unknown kind", "negative offset", "limit not a number"],
)
def test_a_bad_parameter_is_a_validation_error_not_a_500(
    client_as: ClientAs, merged: Personas, params: dict[str, str]
) -> None:
    response = client_as(merged.viewer).get("/api/v1/agencies/", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(params))]


def test_limit_and_offset_page_through_the_list(client_as: ClientAs, merged: Personas) -> None:
    client = client_as(merged.viewer)
    everything = [a["code"] for a in client.get("/api/v1/agencies/", {"limit": 500}).json()]
    first = client.get("/api/v1/agencies/", {"limit": 2}).json()
    rest = client.get("/api/v1/agencies/", {"limit": 500, "offset": 2}).json()
    assert len(first) == 2
    assert [a["code"] for a in first + rest] == everything
    assert len(client.get("/api/v1/agencies/", {"limit": 0}).json()) == 1


def test_an_agency_detail_gives_its_predecessors_and_successors(
    client_as: ClientAs, merged: Personas
) -> None:
    client = client_as(merged.member_officer)
    own = client.get("/api/v1/agencies/P-SCT-AG").json()
    assert own["predecessors"] == ["P-SCT-AG-CU", "P-SCT-KG"]
    assert own["successors"] == []
    assert own["valid_from"] == "2025-07-01"
    assert own["province_code"] == "91"
    assert own["parent_code"] is None
    kien_giang = client.get("/api/v1/agencies/P-SCT-KG").json()
    assert kien_giang["predecessors"] == []
    assert kien_giang["successors"] == ["P-SCT-AG"]
    assert kien_giang["valid_to"] == "2025-06-30"


def test_an_anonymous_caller_gets_401_and_no_data(client: Client, merged: Personas) -> None:
    for url in ("/api/v1/agencies/", "/api/v1/agencies/P-SCT-AG", "/api/v1/agencies/?q=kien"):
        response = client.get(url)
        assert response.status_code == 401
        assert "P-SCT" not in response.content.decode()


def test_the_api_does_not_accept_writes(client_as: ClientAs, merged: Personas) -> None:
    client = client_as(merged.system_admin)
    response = client.post(
        "/api/v1/agencies/", {"code": "X", "name": "X"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert not Agency.objects.filter(code="X").exists()


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_the_api_docs_load_for_a_signed_in_user(
    client_as: ClientAs, personas: Personas, persona: str
) -> None:
    client = client_as(getattr(personas, persona))
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/agencies/{code}" in schema.json()["paths"]
