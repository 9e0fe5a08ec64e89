"""The history and rule catalogue API (/api/v1/awards/), for every persona.

Same world as the pages (:func:`thidua.awards.tests.test_history_pages.build_world`): `own` was
formed by merging the old An Giang department (renamed from the Department of Trade in 2020)
and Kiên Giang's; Ngọc worked in Kiên Giang, then in `own`; Khải works in `other`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from thidua.awards.models import EligibilityCondition
from thidua.awards.tests.test_history_pages import (
    ALLOWED_IN_OWN,
    PERSONAS,
    World,
    award,
    build_world,
    import_rows,
)
from thidua.core.testing import Personas

pytestmark = pytest.mark.django_db

ClientAs = Callable[[Any], Client]
API = "/api/v1/awards"


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def by_number(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["decision_number"]: item for item in items if item["decision_number"]}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    "path",
    [
        "/people/CB-NGOC/records",
        "/agencies/P-SCT-AG/records",
        "/agencies/P-SCT-KG/records",
        "/agencies/P-STM-AG/records",
    ],
)
def test_a_history_is_served_only_to_who_may_read_it(
    world: World, client_as: ClientAs, who: str, path: str
) -> None:
    response = client_as(getattr(world.personas, who)).get(API + path)

    expected = 401 if who == "anonymous" else 200 if who in ALLOWED_IN_OWN else 404
    assert response.status_code == expected
    if expected != 200:
        assert "decision_number" not in response.content.decode()


def test_the_outsider_reads_their_own_agencys_people_and_history(
    world: World, client_as: ClientAs
) -> None:
    client = client_as(world.personas.outsider)

    people = client.get(f"{API}/people/CB-KHAI/records")
    agency = client.get(f"{API}/agencies/P-SCT-CM/records")

    assert people.status_code == 200
    assert [(r["record_kind"], r["value"], r["year"]) for r in people.json()] == [
        ("rating", "httnv", 2024)
    ]
    assert agency.status_code == 200
    assert agency.json() == []


@pytest.mark.parametrize("path", ["/people/CB-404/records", "/agencies/X-404/records"])
def test_an_unknown_code_is_a_404(world: World, client_as: ClientAs, path: str) -> None:
    assert client_as(world.personas.system_admin).get(API + path).status_code == 404


def test_a_persons_records_come_in_timeline_order_with_revocations(
    world: World, client_as: ClientAs
) -> None:
    items = client_as(world.personas.member_officer).get(f"{API}/people/CB-NGOC/records").json()

    assert [(r["record_kind"], r["value"], r["year"]) for r in items] == [
        ("discipline", "khien_trach", None),
        ("award", "lao_dong_tien_tien", 2023),
        ("award", "lao_dong_tien_tien", 2024),
        ("award", "chien_si_thi_dua_co_so", 2024),
        ("rating", "htxsnv", 2024),
        ("initiative", "co_so", 2024),
    ]
    records = by_number(items)
    discipline = records["9/QĐ-KL"]
    assert (discipline["start_date"], discipline["end_date"]) == ("2022-03-01", "2022-12-31")
    assert discipline["value_label"] == "Kỷ luật: Khiển trách"
    revoked = records["1/QĐ-SCT"]
    assert revoked["revoked"] is True
    assert (revoked["revoked_by_decision"], revoked["revoked_on"]) == ("22/QĐ-SCT", "2024-05-01")
    assert revoked["decision_date"] == "2024-01-15"
    assert records["11/QĐ-SCT"]["revoked"] is False
    assert records["15/QĐ-SCT"]["award_type"] == "cong_trang"
    assert {(r["recipient_type"], r["recipient_code"]) for r in items} == {("person", "CB-NGOC")}


def test_an_agencys_records_say_which_are_own_which_earlier_codes_and_which_inherited(
    world: World, client_as: ClientAs
) -> None:
    items = client_as(world.personas.agency_leader).get(f"{API}/agencies/P-SCT-AG/records").json()

    assert [r["year"] or r["start_date"][:4] for r in items] == [
        2019, 2019, 2023, 2024, 2024, 2025, "2025"
    ]  # fmt: skip
    records = by_number(items)
    own = records["10/QĐ-UBND"]
    assert (own["relation"], own["inherited"], own["source_code"]) == ("own", False, "P-SCT-AG")
    assert (own["via_kind"], own["via_date"]) == ("", None)
    flag = records["5/QĐ-BCT"]
    assert (flag["relation"], flag["inherited"]) == ("predecessor", True)
    assert (flag["source_code"], flag["recipient_code"]) == ("P-SCT-AG-CU", "P-SCT-AG-CU")
    assert flag["source_name"] == "Sở Công Thương tỉnh An Giang (trước sáp nhập)"
    assert (flag["via_kind"], flag["via_date"]) == ("merge", "2025-07-01")
    assert records["7/QĐ-SCT-KG"]["source_code"] == "P-SCT-KG"
    older = records["2/QĐ-STM"]
    assert (older["relation"], older["inherited"], older["source_code"]) == (
        "predecessor",
        True,
        "P-STM-AG",
    )
    revoked = records["3/QĐ-BCT"]
    assert (revoked["revoked"], revoked["revoked_by_decision"]) == (True, "40/QĐ-BCT")
    blocker = next(r for r in items if r["record_kind"] == "blocker")
    assert (blocker["start_date"], blocker["end_date"], blocker["relation"]) == (
        "2025-09-01",
        None,
        "own",
    )


def test_an_earlier_codes_records_are_the_renamed_agencys_own(
    world: World, client_as: ClientAs
) -> None:
    items = client_as(world.personas.member_officer).get(f"{API}/agencies/P-SCT-AG-CU/records")

    records = by_number(items.json())
    assert set(records) == {"5/QĐ-BCT", "3/QĐ-BCT", "2/QĐ-STM"}
    old_code = records["2/QĐ-STM"]
    assert (old_code["relation"], old_code["inherited"], old_code["source_code"]) == (
        "identity",
        False,
        "P-STM-AG",
    )
    assert (old_code["via_kind"], old_code["via_date"]) == ("rename", "2020-01-01")
    assert records["5/QĐ-BCT"]["relation"] == "own"


def test_a_long_history_costs_a_fixed_number_of_queries(
    world: World, client_as: ClientAs, django_assert_max_num_queries: Any
) -> None:
    client = client_as(world.personas.member_officer)
    agency_url, person_url = f"{API}/agencies/P-SCT-AG/records", f"{API}/people/CB-NGOC/records"
    with CaptureQueriesContext(connection) as few_agency:
        client.get(agency_url)
    with CaptureQueriesContext(connection) as few_person:
        client.get(person_url)
    import_rows(
        [
            award(code, "giay_khen", year, f"{n}/GK-{code}-{year}")
            for year in range(1990, 2025)
            for n in range(3)
            for code in ("P-SCT-KG", "P-STM-AG", "CB-NGOC")
        ]
    )

    # The lineage costs a pair of queries per generation; the records cost one query in all.
    with django_assert_max_num_queries(len(few_agency)) as many_agency:
        agency = client.get(agency_url)
    with django_assert_max_num_queries(len(few_person)) as many_person:
        person = client.get(person_url)

    assert len(many_agency) <= 20
    assert len(many_person) <= 12
    assert len(agency.json()) == 7 + 210
    assert len(person.json()) == 6 + 105


# --- the rule catalogue --------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("path", ["/rule-sets", "/rule-sets/nd152-2025"])
def test_every_signed_in_caller_reads_the_rules(
    personas: Personas, client_as: ClientAs, who: str, path: str
) -> None:
    response = client_as(getattr(personas, who)).get(API + path)

    assert response.status_code == (401 if who == "anonymous" else 200)


def test_the_rule_sets_are_listed_newest_first_with_the_one_in_force(
    personas: Personas, client_as: ClientAs
) -> None:
    items = client_as(personas.outsider).get(f"{API}/rule-sets").json()

    assert [(r["code"], r["valid_from"], r["valid_to"], r["in_force"]) for r in items] == [
        ("nd152-2025", "2025-07-01", None, True),
        ("nd98-2024", "2024-01-01", "2025-06-30", False),
    ]
    newest = items[0]
    assert newest["continuity_policy"] == "review"
    assert newest["continuity_policy_label"] == (
        "Cần xem xét khi chỉ đạt nhờ thành tích của đơn vị trước"
    )
    assert "Cần xem xét" in newest["continuity_policy_text"]
    assert newest["counted_award_types"] == ["cong_trang"]
    assert "Nghị định số 152/2025/NĐ-CP" in newest["legal_basis"]


def test_a_rule_set_carries_its_conditions_with_raw_and_readable_parameters(
    personas: Personas, client_as: ClientAs
) -> None:
    body = client_as(personas.viewer).get(f"{API}/rule-sets/nd152-2025").json()

    assert body["code"] == "nd152-2025"
    assert (
        len(body["conditions"])
        == EligibilityCondition.objects.filter(rule_set__code="nd152-2025").count()
    )
    key = ("chien_si_thi_dua_bo", "person", "chain")
    chain = next(
        c for c in body["conditions"] if (c["award"], c["recipient_type"], c["rule_id"]) == key
    )
    assert chain["award_name"] == "Chiến sĩ thi đua bộ, ban, ngành, tỉnh"
    assert (chain["kind"], chain["test"]) == ("checked", "facts_in_years")
    assert chain["params"]["offsets"] == [-2, -1, 0]
    assert chain["params_text"][0] == "các năm: Y−2, Y−1, Y"
    council = next(c for c in body["conditions"] if c["rule_id"] == "council")
    assert (council["kind"], council["params"], council["params_text"]) == ("attested", {}, [])


def test_an_unknown_rule_set_is_a_404(personas: Personas, client_as: ClientAs) -> None:
    assert client_as(personas.member_officer).get(f"{API}/rule-sets/nd-404").status_code == 404
