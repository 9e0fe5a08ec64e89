"""Conduct records (hồ sơ chấp hành): the service, the disqualifiers they trigger, and the two
pages for every persona (DESIGN.md §4.4, §4.10)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.core.errors import DomainError
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.choices import GroupKind
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.scoring.choices import ConductFact, PartyRating
from thidua.scoring.defaults import DEFAULT_DISQUALIFIERS
from thidua.scoring.models import ConductRecord, ScoringTable
from thidua.scoring.selectors import triggered_disqualifiers
from thidua.scoring.services import (
    ConductValues,
    conduct_record_save,
    scoring_table_create_default,
)

ClientAs = Callable[[Any], Client]
YEAR = 2026
SAVED = "scoring.conduct_record.saved"
# Texts of the records that only someone allowed to see the cluster may read.
OWN_REFERENCE = "Báo cáo số 12/BC-SCT về chấp hành kỷ luật năm 2026"
THIRD_REFERENCE = "Báo cáo số 34/BC-SCT của Cần Thơ"
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",  # an officer of the agency that leads the cluster
]


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


def _events(action: str | None = None) -> list[str]:
    events = AuditEvent.objects.order_by("id")
    if action is not None:
        events = events.filter(action=action)
    return list(events.values_list("action", flat=True))


def _save(agency: Agency, **values: Any) -> ConductRecord:
    values.setdefault("reference", "Báo cáo năm")
    return conduct_record_save(actor=None, agency=agency, year=YEAR, values=ConductValues(**values))


@dataclass
class World:
    """One cluster of ``YEAR`` (CUM-TN): Đồng Tháp leads, ``own`` and Cần Thơ (``third``) are
    members; ``other`` (the outsider's agency) is not. The cluster has the default table and
    both ``own`` and ``third`` have a conduct record."""

    personas: Personas
    lead: Agency
    third: Agency
    lead_officer: User
    group_year: GroupYear
    table: ScoringTable

    def user(self, persona: str) -> Any:
        return self.lead_officer if persona == "lead_officer" else getattr(self.personas, persona)


@pytest.fixture
def world(personas: Personas) -> World:
    lead = _agency("P-SCT-DT", "Sở Công Thương tỉnh Đồng Tháp")
    third = _agency("P-SCT-CT", "Sở Công Thương thành phố Cần Thơ")
    lead_officer = user_create(
        actor=None, username="lead_officer", password=PASSWORD, full_name="lead_officer"
    )
    membership_grant(actor=None, user=lead_officer, role=Role.AGENCY_OFFICER, agency=lead)
    group_year = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-TN",
        name="Cụm thi đua CUM-TN",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=YEAR, members=[lead, personas.own, third], leader=lead),
    )
    table = scoring_table_create_default(actor=None, group_year=group_year)
    _save(personas.own, traffic_violations=2, reference=OWN_REFERENCE)
    _save(third, party_rating=PartyRating.GOOD, reference=THIRD_REFERENCE)
    return World(personas, lead, third, lead_officer, group_year, table)


@pytest.fixture
def table(world: World) -> ScoringTable:
    return world.table


# --- The service -------------------------------------------------------------------------------


def test_saving_a_new_record_creates_it_with_one_audit_event(personas: Personas) -> None:
    record = _save(
        personas.own,
        disciplined_staff=1,
        party_rating=PartyRating.EXCELLENT,
        security_standard=True,
        cultural_agency=False,
        reference="  Báo cáo số 1  ",
    )
    assert (record.agency, record.year, record.disciplined_staff) == (personas.own, YEAR, 1)
    assert (record.security_standard, record.cultural_agency) == (True, False)
    assert record.reference == "Báo cáo số 1"
    assert _events(SAVED) == [SAVED]


def test_saving_again_updates_the_same_record_in_place_with_one_more_event(
    personas: Personas,
) -> None:
    first = _save(personas.own, traffic_violations=1)
    second = _save(personas.own, traffic_violations=0, alcohol_violations=3)
    assert second.pk == first.pk
    assert ConductRecord.objects.count() == 1
    assert (second.traffic_violations, second.alcohol_violations) == (0, 3)
    assert _events(SAVED) == [SAVED, SAVED]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"traffic_violations": -1, "reference": "Báo cáo"}, "traffic_violations"),
        ({"disciplined_party_members": -2, "reference": "Báo cáo"}, "disciplined_party_members"),
        ({"reference": ""}, "reference"),
        ({"reference": "   "}, "reference"),
        ({"party_rating": "xuat-sac", "reference": "Báo cáo"}, "party_rating"),
    ],
)
def test_a_bad_value_is_refused_on_its_field_and_nothing_is_written(
    personas: Personas, values: dict[str, Any], field: str
) -> None:
    events = _events()
    with pytest.raises(DomainError) as refused:
        conduct_record_save(
            actor=None, agency=personas.own, year=YEAR, values=ConductValues(**values)
        )
    assert refused.value.field == field
    assert not ConductRecord.objects.exists()
    assert _events() == events


def test_a_refused_correction_leaves_the_record_as_it_was(personas: Personas) -> None:
    _save(personas.own, traffic_violations=1)
    with pytest.raises(DomainError):
        _save(personas.own, traffic_violations=-1)
    record = ConductRecord.objects.get()
    assert record.traffic_violations == 1
    assert _events(SAVED) == [SAVED]


# --- Facts and the disqualifiers they trigger -------------------------------------------------


def test_a_party_rating_below_good_is_a_fact_and_good_or_better_is_not(
    personas: Personas,
) -> None:
    below = ConductFact.PARTY_RATING_BELOW_GOOD
    for rating, expected in [
        (PartyRating.EXCELLENT, False),
        (PartyRating.GOOD, False),
        (PartyRating.COMPLETED, True),
        (PartyRating.NOT_COMPLETED, True),
        ("", False),
    ]:
        assert _save(personas.own, party_rating=rating).fact(below) is expected


def test_a_count_fact_is_the_count(personas: Personas) -> None:
    record = _save(personas.own, alcohol_violations=4)
    assert record.fact(ConductFact.ALCOHOL_VIOLATIONS) == 4
    assert record.fact(ConductFact.TRAFFIC_VIOLATIONS) == 0


def test_a_traffic_violation_triggers_the_default_tables_first_disqualifier(
    world: World, table: ScoringTable
) -> None:
    record = _save(world.lead, traffic_violations=1)
    hits = triggered_disqualifiers(table, record)
    assert [h.disqualifier.description for h in hits] == [DEFAULT_DISQUALIFIERS[0][0]]
    assert hits[0].value == 1


def test_a_party_rating_of_htnv_triggers_the_party_rating_disqualifier(
    world: World, table: ScoringTable
) -> None:
    record = _save(world.lead, party_rating=PartyRating.COMPLETED)
    hits = triggered_disqualifiers(table, record)
    assert [h.disqualifier.conduct_fact for h in hits] == [ConductFact.PARTY_RATING_BELOW_GOOD]
    assert hits[0].value is True


def test_zero_counts_and_a_good_rating_trigger_nothing(world: World, table: ScoringTable) -> None:
    record = _save(world.lead, party_rating=PartyRating.GOOD)
    assert triggered_disqualifiers(table, record) == []
    assert triggered_disqualifiers(table, None) == []


def test_the_disqualifier_decided_by_hand_is_never_listed(
    world: World, table: ScoringTable
) -> None:
    record = _save(
        world.lead,
        disciplined_staff=5,
        disciplined_party_members=1,
        traffic_violations=1,
        alcohol_violations=1,
        party_rating=PartyRating.NOT_COMPLETED,
    )
    hits = triggered_disqualifiers(table, record)
    by_hand = [d for d, fact in DEFAULT_DISQUALIFIERS if not fact]
    assert len(hits) == len(DEFAULT_DISQUALIFIERS) - len(by_hand)
    assert not {h.disqualifier.description for h in hits} & set(by_hand)


# --- The pages: who may do what ---------------------------------------------------------------

READERS = {"member_officer", "agency_leader", "ministry_officer", "system_admin", "lead_officer"}
# who may write each member's record (the other readers get 403; non-readers 404)
WRITERS = {
    "own": {"member_officer", "agency_leader", "ministry_officer", "system_admin"},
    "third": {"ministry_officer", "system_admin"},
}


def _list_url(world: World) -> str:
    return reverse("scoring:conduct", args=["CUM-TN", YEAR])


def _edit_url(world: World, whose: str) -> str:
    agency = world.personas.own if whose == "own" else world.third
    return reverse("scoring:conduct_edit", args=["CUM-TN", YEAR, agency.code])


def _login_redirect(url: str) -> str:
    return f"/tai-khoan/dang-nhap/?next={quote(url, safe='/')}"


def _assert_hidden(body: str) -> None:
    assert OWN_REFERENCE not in body
    assert THIRD_REFERENCE not in body
    assert "Cụm thi đua CUM-TN" not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, persona: str
) -> None:
    url = _list_url(world)
    events = _events()
    response = client_as(world.user(persona)).get(url)
    assert _events() == events
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == _login_redirect(url)
        _assert_hidden(response.content.decode())
    elif persona in READERS:
        assert response.status_code == 200
        body = response.content.decode()
        assert OWN_REFERENCE in body
        assert THIRD_REFERENCE in body
    else:
        assert response.status_code == 404
        _assert_hidden(response.content.decode())


def test_the_list_shows_every_member_and_the_disqualifiers_each_triggers(
    client_as: ClientAs, world: World
) -> None:
    body = client_as(world.personas.ministry_officer).get(_list_url(world)).content.decode()
    for agency in (world.lead, world.personas.own, world.third):
        assert agency.name in body
    assert "Bị điểm liệt:" in body
    assert body.count(DEFAULT_DISQUALIFIERS[0][0]) == 1  # own's traffic violations only
    assert "Chưa có hồ sơ chấp hành." in body  # the leading agency has none yet
    assert "Hoàn thành tốt nhiệm vụ" in body  # third's party rating


def test_the_list_offers_to_edit_only_the_records_the_user_may_write(
    client_as: ClientAs, world: World
) -> None:
    body = client_as(world.personas.member_officer).get(_list_url(world)).content.decode()
    assert _edit_url(world, "own") in body
    assert _edit_url(world, "third") not in body


@pytest.mark.parametrize("whose", ["own", "third"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_edit_form_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, persona: str, whose: str
) -> None:
    url = _edit_url(world, whose)
    response = client_as(world.user(persona)).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == _login_redirect(url)
    elif persona in WRITERS[whose]:
        assert response.status_code == 200
        assert (OWN_REFERENCE if whose == "own" else THIRD_REFERENCE) in response.content.decode()
    else:
        assert response.status_code == (403 if persona in READERS else 404)
    if response.status_code != 200:
        _assert_hidden(response.content.decode())


def _post_data(**changes: Any) -> dict[str, Any]:
    data = {
        "disciplined_staff": "0",
        "disciplined_party_members": "1",
        "traffic_violations": "0",
        "alcohol_violations": "0",
        "party_rating": PartyRating.COMPLETED,
        "security_standard": "yes",
        "cultural_agency": "no",
        "reference": "Báo cáo sửa đổi số 99",
    }
    return data | changes


def _snapshot() -> list[tuple[Any, ...]]:
    return list(
        ConductRecord.objects.order_by("agency__code").values_list(
            "agency__code",
            "disciplined_party_members",
            "traffic_violations",
            "party_rating",
            "security_standard",
            "cultural_agency",
            "reference",
        )
    )


@pytest.mark.parametrize("whose", ["own", "third"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_saving_answers_each_persona_and_a_success_writes_exactly_one_audit_event(
    client_as: ClientAs, world: World, persona: str, whose: str
) -> None:
    url = _edit_url(world, whose)
    agency = world.personas.own if whose == "own" else world.third
    before, events = _snapshot(), _events()
    response = client_as(world.user(persona)).post(url, _post_data())
    if persona in WRITERS[whose]:
        assert response.status_code == 302
        assert response["Location"] == _list_url(world)
        assert _events() == [*events, SAVED]
        record = ConductRecord.objects.get(agency=agency, year=YEAR)
        assert record.disciplined_party_members == 1
        assert record.party_rating == PartyRating.COMPLETED
        assert (record.security_standard, record.cultural_agency) == (True, False)
        assert record.reference == "Báo cáo sửa đổi số 99"
        return
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == _login_redirect(url)
    else:
        assert response.status_code == (403 if persona in READERS else 404)
    assert _snapshot() == before
    assert _events() == events
    _assert_hidden(response.content.decode())


def test_a_blank_standard_is_saved_as_not_yet_known(client_as: ClientAs, world: World) -> None:
    client_as(world.personas.member_officer).post(
        _edit_url(world, "own"), _post_data(security_standard="", party_rating="")
    )
    record = ConductRecord.objects.get(agency=world.personas.own, year=YEAR)
    assert record.security_standard is None
    assert record.party_rating == ""


def test_the_form_shows_the_record_and_a_tri_state_for_each_standard(
    client_as: ClientAs, world: World
) -> None:
    _save(world.personas.own, security_standard=False, reference=OWN_REFERENCE)
    body = client_as(world.personas.member_officer).get(_edit_url(world, "own")).content.decode()
    assert 'value="no" selected' in body
    for label in ("Chưa có", "Đạt", "Không đạt", "Chưa xếp loại"):
        assert label in body


def test_a_negative_count_comes_back_on_its_field_and_nothing_is_saved(
    client_as: ClientAs, world: World
) -> None:
    before, events = _snapshot(), _events()
    response = client_as(world.personas.member_officer).post(
        _edit_url(world, "own"), _post_data(traffic_violations="-3")
    )
    assert response.status_code == 400
    assert "Số liệu không được âm." in response.content.decode()
    assert response.context["form"].errors["traffic_violations"] == ["Số liệu không được âm."]
    assert _snapshot() == before
    assert _events() == events


def test_a_missing_reference_comes_back_on_its_field_and_nothing_is_saved(
    client_as: ClientAs, world: World
) -> None:
    before, events = _snapshot(), _events()
    response = client_as(world.personas.member_officer).post(
        _edit_url(world, "own"), _post_data(reference="  ")
    )
    assert response.status_code == 400
    assert "reference" in response.context["form"].errors
    assert _snapshot() == before
    assert _events() == events


def test_an_agency_outside_the_cluster_has_no_record_page(
    client_as: ClientAs, world: World
) -> None:
    url = reverse("scoring:conduct_edit", args=["CUM-TN", YEAR, world.personas.other.code])
    assert client_as(world.personas.ministry_officer).get(url).status_code == 404


def test_the_table_page_links_to_the_conduct_records(client_as: ClientAs, world: World) -> None:
    body = (
        client_as(world.personas.member_officer)
        .get(reverse("scoring:table", args=["CUM-TN", YEAR]))
        .content.decode()
    )
    assert _list_url(world) in body
