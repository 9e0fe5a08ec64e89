"""Pages of blocks, clusters, decisions and movements, for every persona (DESIGN.md §4.4, §4.10)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.audit.models import AuditEvent
from thidua.core.testing import Personas
from thidua.emulation.choices import MemberRole, RotationStatus
from thidua.emulation.models import (
    Decision,
    EmulationGroup,
    GroupMember,
    GroupYear,
    Movement,
    RotationProposal,
)
from thidua.emulation.services import (
    GroupYearValues,
    decision_record,
    group_year_create,
    movement_create,
    rotation_propose,
)
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
MANAGERS = {"ministry_officer", "system_admin"}
IN_OWN = {"member_officer", "agency_leader"}

# Names that only someone allowed to see the clusters of `own` may read.
NAME_X = "Sở Công Thương tỉnh Hậu Giang (thử nghiệm)"
NAME_Y = "Sở Công Thương tỉnh Sóc Trăng (thử nghiệm)"
NAME_Z = "Sở Công Thương tỉnh Bạc Liêu (thử nghiệm)"


def _agency(code: str, name: str, **dates: Any) -> Agency:
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


def _group_year(
    personas: Personas,
    code: str,
    members: list[Agency],
    leader: Agency | None,
    deputy: Agency | None,
    *,
    year: int = 2025,
    decision: Decision | None = None,
) -> GroupYear:
    return group_year_create(
        actor=None,
        organiser=personas.ministry,
        code=code,
        name=f"Cụm thi đua {code}",
        kind="cluster",
        values=GroupYearValues(
            year=year, members=members, leader=leader, deputy=deputy, decision=decision
        ),
    )


@dataclass
class World:
    """`own` leads CUM-T and is a plain member of KHOI-K; `other` is only in CUM-CM."""

    personas: Personas
    x: Agency
    y: Agency
    z: Agency
    decision: Decision
    led_by_own: GroupYear  # CUM-T 2025: own (leader), x, y (deputy)
    own_is_member: GroupYear  # KHOI-K 2025: x (leader), own, y (deputy)
    of_other: GroupYear  # CUM-CM 2025: other (leader), z (deputy)
    movement: Movement


@pytest.fixture
def world(personas: Personas) -> World:
    x = _agency("V-SCT-HG", NAME_X)
    y = _agency("V-SCT-ST", NAME_Y)
    z = _agency("V-SCT-BL", NAME_Z)
    decision = decision_record(
        actor=None,
        number="309/QĐ-BCT",
        issued_on=dt.date(2025, 2, 17),
        issuer=personas.ministry,
        summary="Về việc phân chia Khối, Cụm thi đua năm 2025",
    )
    own = personas.own
    led = _group_year(personas, "CUM-T", [own, x, y], own, y, decision=decision)
    member = _group_year(personas, "KHOI-K", [x, own, y], x, y)
    of_other = _group_year(personas, "CUM-CM", [personas.other, z], personas.other, z)
    movement = movement_create(
        actor=None,
        name="Phong trào thi đua yêu nước năm 2025",
        kind="regular",
        organiser=personas.ministry,
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        groups=[led.group],
    )
    return World(personas, x, y, z, decision, led, member, of_other, movement)


def _user(world: World, persona: str) -> Any:
    return getattr(world.personas, persona)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Decision,
            EmulationGroup,
            GroupYear,
            GroupMember,
            RotationProposal,
            Movement,
            AuditEvent,
        )
    }


def _url(name: str, group_year: GroupYear | None = None) -> str:
    if group_year is None:
        return reverse(f"emulation:{name}")
    return reverse(f"emulation:{name}", args=[group_year.group.code, group_year.year])


def _roles(group_year: GroupYear) -> dict[str, str]:
    return {m.agency.code: m.role for m in group_year.members.select_related("agency")}


# --- The permission matrix: one line per page --------------------------------------------------

ANON = {"anonymous": 302}  # sent to log in
EVERY_SIGNED_IN = dict.fromkeys(PERSONAS, 200) | ANON
SECTOR_MANAGERS = dict.fromkeys(PERSONAS, 403) | dict.fromkeys(MANAGERS, 200) | ANON
CLUSTERS_OF_OWN = dict.fromkeys(PERSONAS, 404) | dict.fromkeys(IN_OWN | MANAGERS, 200) | ANON
CLUSTERS_OF_OTHER = dict.fromkeys(PERSONAS, 404) | dict.fromkeys({"outsider", *MANAGERS}, 200)
NOBODY = dict.fromkeys(PERSONAS, 404) | ANON

PAGES: dict[str, tuple[Callable[[World], str], dict[str, int]]] = {
    "group list": (lambda w: _url("group_list"), EVERY_SIGNED_IN),
    "group list of one year": (lambda w: _url("group_list") + "?year=2025", EVERY_SIGNED_IN),
    "year of a cluster own leads": (lambda w: _url("group_year", w.led_by_own), CLUSTERS_OF_OWN),
    "year of a block own belongs to": (
        lambda w: _url("group_year", w.own_is_member),
        CLUSTERS_OF_OWN,
    ),
    "year of the cluster of other": (
        lambda w: _url("group_year", w.of_other),
        CLUSTERS_OF_OTHER | ANON,
    ),
    "unknown year of a cluster": (
        lambda w: reverse("emulation:group_year", args=["CUM-T", 2019]),
        NOBODY,
    ),
    "unknown cluster": (
        lambda w: reverse("emulation:group_year", args=["KHONG-CO", 2025]),
        NOBODY,
    ),
    "group year create form": (lambda w: _url("group_year_create"), SECTOR_MANAGERS),
    "group year edit form": (lambda w: _url("group_year_edit", w.led_by_own), SECTOR_MANAGERS),
    "decision list": (lambda w: _url("decision_list"), SECTOR_MANAGERS),
    "decision create form": (lambda w: _url("decision_create"), SECTOR_MANAGERS),
    "movement list": (lambda w: _url("movement_list"), EVERY_SIGNED_IN),
    "movement page": (
        lambda w: reverse("emulation:movement_detail", args=[w.movement.pk]),
        EVERY_SIGNED_IN,
    ),
    "unknown movement page": (
        lambda w: reverse("emulation:movement_detail", args=[999_999]),
        NOBODY,
    ),
    "movement create form": (lambda w: _url("movement_create"), SECTOR_MANAGERS),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, page: str, persona: str
) -> None:
    url_of, expected = PAGES[page]
    url = url_of(world)
    response = client_as(_user(world, persona)).get(url)
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"] == f"/tai-khoan/dang-nhap/?next={quote(url, safe='/')}"
    if expected[persona] != 200:
        body = response.content.decode()
        assert NAME_X not in body
        assert NAME_Y not in body


# --- What the group list shows to whom ---------------------------------------------------------

LISTED = {
    "viewer": set(),
    "outsider": {"CUM-CM"},
    "member_officer": {"CUM-T", "KHOI-K"},
    "agency_leader": {"CUM-T", "KHOI-K"},
    "ministry_officer": {"CUM-T", "KHOI-K", "CUM-CM"},
    "system_admin": {"CUM-T", "KHOI-K", "CUM-CM"},
}


@pytest.mark.parametrize("persona", list(LISTED))
def test_the_group_list_shows_managers_every_group_and_others_only_their_clusters(
    client_as: ClientAs, world: World, persona: str
) -> None:
    body = client_as(_user(world, persona)).get(_url("group_list")).content.decode()
    shown = {code for code in ("CUM-T", "KHOI-K", "CUM-CM") if f"<code>{code}</code>" in body}
    assert shown == LISTED[persona]
    if persona in MANAGERS:
        assert "Lập khối, cụm" in body
    else:
        assert "Khối, cụm của tôi" in body
        assert _url("group_year_create") not in body
    if not LISTED[persona]:
        assert "Chưa có khối, cụm nào." in body


def test_the_group_list_filters_by_year(client_as: ClientAs, world: World) -> None:
    client = client_as(world.personas.ministry_officer)
    assert "<code>CUM-T</code>" in client.get(_url("group_list") + "?year=2025").content.decode()
    assert (
        "<code>CUM-T</code>" not in client.get(_url("group_list") + "?year=2024").content.decode()
    )


@pytest.mark.parametrize("persona", ["outsider", "viewer"])
def test_a_cluster_year_of_own_is_a_404_that_never_names_its_members(
    client_as: ClientAs, world: World, persona: str
) -> None:
    response = client_as(_user(world, persona)).get(_url("group_year", world.led_by_own))
    assert response.status_code == 404
    body = response.content.decode()
    for name in (NAME_X, NAME_Y, world.personas.own.name, "Cụm thi đua CUM-T"):
        assert name not in body


def test_a_member_officer_sees_the_members_roles_decision_and_movements_of_a_cluster(
    client_as: ClientAs, world: World
) -> None:
    body = (
        client_as(world.personas.member_officer)
        .get(_url("group_year", world.led_by_own))
        .content.decode()
    )
    for text in (
        NAME_X,
        NAME_Y,
        world.personas.own.name,
        "309/QĐ-BCT",
        "17/02/2025",
        "Phong trào thi đua yêu nước năm 2025",
    ):
        assert text in body
    assert NAME_Z not in body
    # Their agency leads, so they may propose; only managers may edit, copy or confirm.
    assert _url("rotation_propose", world.led_by_own) in body
    assert _url("group_year_edit", world.led_by_own) not in body
    assert _url("group_year_copy", world.led_by_own) not in body


def test_a_member_officer_of_a_member_that_does_not_lead_gets_no_rotation_form(
    client_as: ClientAs, world: World
) -> None:
    body = (
        client_as(world.personas.member_officer)
        .get(_url("group_year", world.own_is_member))
        .content.decode()
    )
    assert NAME_X in body
    assert _url("rotation_propose", world.own_is_member) not in body


def test_a_manager_sees_edit_and_copy_and_the_default_rotation(
    client_as: ClientAs, world: World
) -> None:
    body = (
        client_as(world.personas.ministry_officer)
        .get(_url("group_year", world.led_by_own))
        .content.decode()
    )
    assert _url("group_year_edit", world.led_by_own) in body
    assert _url("group_year_copy", world.led_by_own) in body
    assert _url("rotation_propose", world.led_by_own) in body
    # The default proposal: the deputy (y) leads next year.
    assert f'<option value="{world.y.pk}" selected>' in body


# --- Writes: who may make them -----------------------------------------------------------------

POST_ALLOWED: dict[str, tuple[Callable[[World], str], set[str], int]] = {
    # write: (url, personas who may, audit events a permitted write adds)
    "propose the rotation of a cluster own leads": (
        lambda w: _url("rotation_propose", w.led_by_own),
        IN_OWN | MANAGERS,
        1,
    ),
    "propose the rotation of a block own is a member of": (
        lambda w: _url("rotation_propose", w.own_is_member),
        MANAGERS,
        1,
    ),
    "confirm the rotation": (lambda w: _url("rotation_confirm", w.led_by_own), MANAGERS, 1),
    "copy to the next year": (lambda w: _url("group_year_copy", w.led_by_own), MANAGERS, 1),
}


def _post_data(world: World, write: str) -> dict[str, Any]:
    if write.startswith("propose the rotation of a cluster"):
        return {"next_leader": world.y.pk, "next_deputy": world.x.pk}
    if write.startswith("propose"):
        return {"next_leader": world.y.pk, "next_deputy": world.personas.own.pk}
    return {}


def _prepare(world: World, write: str) -> None:
    if write == "confirm the rotation":
        rotation_propose(actor=None, group_year=world.led_by_own)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("write", list(POST_ALLOWED))
def test_each_write_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, write: str, persona: str
) -> None:
    url_of, allowed, events = POST_ALLOWED[write]
    _prepare(world, write)
    url = url_of(world)
    before = _counts()
    response = client_as(_user(world, persona)).post(url, _post_data(world, write))
    if persona in allowed:
        assert response.status_code == 302
        assert AuditEvent.objects.count() == before["AuditEvent"] + events
        event = AuditEvent.objects.order_by("-pk").first()
        assert event is not None
        assert event.actor == _user(world, persona)
        return
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")
    elif persona in IN_OWN:
        assert response.status_code == 403  # they see the cluster but may not do this
    else:
        assert response.status_code == 404  # the viewer and the outsider do not see it
    assert _counts() == before


GROUP_FORM_WRITES: dict[str, Callable[[World], tuple[str, dict[str, Any]]]] = {
    "create a group year": lambda w: (
        _url("group_year_create"),
        {
            "code": "CUM-MOI",
            "name": "Cụm mới",
            "kind": "cluster",
            "organiser": w.personas.ministry.pk,
            "year": 2025,
            "members": [w.personas.own.pk, w.x.pk],
        },
    ),
    "edit a group year": lambda w: (
        _url("group_year_edit", w.led_by_own),
        {
            "code": "CUM-T",
            "name": "Cụm thi đua CUM-T",
            "kind": "cluster",
            "organiser": w.personas.ministry.pk,
            "year": 2025,
            "members": [w.x.pk, w.y.pk],
            "leader": w.x.pk,
        },
    ),
    "record a decision": lambda w: (
        _url("decision_create"),
        {
            "number": "1/QĐ-BCT",
            "issued_on": "05/01/2025",
            "issuer": w.personas.ministry.pk,
            "summary": "Quyết định thử",
        },
    ),
    "launch a movement": lambda w: (
        _url("movement_create"),
        {
            "name": "Phong trào mới",
            "kind": "thematic",
            "organiser": w.personas.ministry.pk,
            "starts_on": "01/03/2025",
        },
    ),
}


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - MANAGERS))
@pytest.mark.parametrize("write", list(GROUP_FORM_WRITES))
def test_a_form_write_by_someone_who_is_not_a_sector_manager_is_refused_and_changes_nothing(
    client_as: ClientAs, world: World, write: str, persona: str
) -> None:
    url, data = GROUP_FORM_WRITES[write](world)
    before = _counts()
    roles = _roles(world.led_by_own)
    response = client_as(_user(world, persona)).post(url, data)
    assert response.status_code == (302 if persona == "anonymous" else 403)
    if persona == "anonymous":
        assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")
    assert _counts() == before
    assert _roles(world.led_by_own) == roles


@pytest.mark.parametrize("persona", sorted(MANAGERS))
@pytest.mark.parametrize("write", list(GROUP_FORM_WRITES))
def test_a_sector_manager_may_make_each_form_write(
    client_as: ClientAs, world: World, write: str, persona: str
) -> None:
    url, data = GROUP_FORM_WRITES[write](world)
    audit_before = AuditEvent.objects.count()
    response = client_as(_user(world, persona)).post(url, data)
    assert response.status_code == 302
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert event.actor == _user(world, persona)


@pytest.mark.parametrize("name", ["rotation_propose", "rotation_confirm", "group_year_copy"])
def test_the_post_only_pages_refuse_a_get(client_as: ClientAs, world: World, name: str) -> None:
    response = client_as(world.personas.ministry_officer).get(_url(name, world.led_by_own))
    assert response.status_code == 405


# --- Creating and editing a group year through the form ----------------------------------------


def _form(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "code": "CUM-MOI",
        "name": "Cụm thi đua mới",
        "kind": "cluster",
        "organiser": world.personas.ministry.pk,
        "year": 2025,
        "decision": world.decision.pk,
        "members": [world.personas.own.pk, world.x.pk, world.y.pk],
        "leader": world.x.pk,
        "deputy": world.personas.own.pk,
    } | changes


def test_a_manager_creates_a_group_year_through_the_form(client_as: ClientAs, world: World) -> None:
    response = client_as(world.personas.ministry_officer).post(
        _url("group_year_create"), _form(world), follow=True
    )
    assert response.redirect_chain == [
        (reverse("emulation:group_year", args=["CUM-MOI", 2025]), 302)
    ]
    body = response.content.decode()
    assert "Đã lập khối, cụm thi đua." in body
    created = GroupYear.objects.get(group__code="CUM-MOI", year=2025)
    assert created.decision == world.decision
    assert _roles(created) == {
        world.personas.own.code: MemberRole.DEPUTY,
        world.x.code: MemberRole.LEADER,
        world.y.code: MemberRole.MEMBER,
    }
    event = AuditEvent.objects.get(action="emulation.group_year.created", target_id=created.pk)
    assert event.actor == world.personas.ministry_officer


def test_the_create_form_offers_the_agencies_active_in_the_year_as_checkboxes(
    client_as: ClientAs, world: World
) -> None:
    body = (
        client_as(world.personas.ministry_officer).get(_url("group_year_create")).content.decode()
    )
    assert 'type="checkbox" name="members"' in body
    assert f"{NAME_X} (V-SCT-HG)" in body


def test_a_post_whose_leader_is_not_a_member_is_shown_again_in_vietnamese_and_writes_nothing(
    client_as: ClientAs, world: World
) -> None:
    before = _counts()
    response = client_as(world.personas.ministry_officer).post(
        _url("group_year_create"), _form(world, leader=world.z.pk)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa lưu được" in body
    assert f"Cụm trưởng {NAME_Z} không phải là thành viên." in body
    assert _counts() == before


def test_a_post_with_a_decision_issued_after_the_year_is_refused_and_writes_nothing(
    client_as: ClientAs, world: World
) -> None:
    later = decision_record(
        actor=None,
        number="12/QĐ-BCT",
        issued_on=dt.date(2026, 1, 12),
        issuer=world.personas.ministry,
        summary="Năm sau",
    )
    before = _counts()
    response = client_as(world.personas.ministry_officer).post(
        _url("group_year_create"), _form(world, leadership_decision=later.pk)
    )
    assert response.status_code == 200
    assert _counts() == before


def test_a_post_cannot_give_a_cluster_two_leaders(client_as: ClientAs, world: World) -> None:
    client = client_as(world.personas.ministry_officer)
    response = client.post(
        _url("group_year_create"),
        _form(world, leader=[world.x.pk, world.y.pk], deputy=world.personas.own.pk),
    )
    assert response.status_code == 302
    created = GroupYear.objects.get(group__code="CUM-MOI", year=2025)
    assert created.members.filter(role=MemberRole.LEADER).count() == 1


def test_editing_a_group_year_moves_the_leadership_without_leaving_two_leaders(
    client_as: ClientAs, world: World
) -> None:
    response = client_as(world.personas.system_admin).post(
        _url("group_year_edit", world.led_by_own),
        _form(world, code="CUM-T", leader=world.x.pk, deputy=world.y.pk),
    )
    assert response.status_code == 302
    assert _roles(world.led_by_own) == {
        world.personas.own.code: MemberRole.MEMBER,
        world.x.code: MemberRole.LEADER,
        world.y.code: MemberRole.DEPUTY,
    }
    assert world.led_by_own.members.filter(role=MemberRole.LEADER).count() == 1


def test_the_edit_form_starts_from_the_stored_year(client_as: ClientAs, world: World) -> None:
    response = client_as(world.personas.ministry_officer).get(
        _url("group_year_edit", world.led_by_own)
    )
    form = response.context["form"]
    assert form.initial["code"] == "CUM-T"
    assert form.initial["leader"] == world.personas.own
    assert form.initial["deputy"] == world.y
    assert list(form.initial["members"]) == [world.personas.own, world.x, world.y]


# --- Rotation through the pages ----------------------------------------------------------------


def test_the_leading_members_officer_proposes_and_a_manager_confirms(
    client_as: ClientAs, world: World
) -> None:
    response = client_as(world.personas.agency_leader).post(
        _url("rotation_propose", world.led_by_own),
        {"next_leader": world.y.pk, "next_deputy": world.x.pk},
        follow=True,
    )
    assert "Đã gửi đề xuất luân phiên." in response.content.decode()
    proposal = RotationProposal.objects.get(group_year=world.led_by_own)
    assert (proposal.next_leader, proposal.next_deputy) == (world.y, world.x)
    response = client_as(world.personas.ministry_officer).post(
        _url("rotation_confirm", world.led_by_own), follow=True
    )
    assert "Đã xác nhận cụm trưởng, cụm phó năm sau." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == RotationStatus.CONFIRMED
    assert proposal.confirmed_by == world.personas.ministry_officer


def test_a_rotation_naming_the_same_agency_twice_is_refused_with_a_message(
    client_as: ClientAs, world: World
) -> None:
    before = _counts()
    response = client_as(world.personas.member_officer).post(
        _url("rotation_propose", world.led_by_own),
        {"next_leader": world.x.pk, "next_deputy": world.x.pk},
        follow=True,
    )
    assert "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau." in response.content.decode()
    assert _counts() == before


def test_a_rotation_naming_an_agency_outside_the_cluster_is_refused(
    client_as: ClientAs, world: World
) -> None:
    before = _counts()
    response = client_as(world.personas.member_officer).post(
        _url("rotation_propose", world.led_by_own),
        {"next_leader": world.z.pk, "next_deputy": world.x.pk},
        follow=True,
    )
    assert "Đề xuất luân phiên không hợp lệ." in response.content.decode()
    assert _counts() == before


def test_confirming_twice_through_the_page_shows_a_message_and_writes_nothing(
    client_as: ClientAs, world: World
) -> None:
    rotation_propose(actor=None, group_year=world.led_by_own)
    client = client_as(world.personas.ministry_officer)
    client.post(_url("rotation_confirm", world.led_by_own))
    before = _counts()
    response = client.post(_url("rotation_confirm", world.led_by_own), follow=True)
    assert "Đề xuất luân phiên đã được xác nhận." in response.content.decode()
    assert _counts() == before


def test_a_confirmed_rotation_is_no_longer_offered_for_change(
    client_as: ClientAs, world: World
) -> None:
    rotation_propose(actor=None, group_year=world.led_by_own)
    client_as(world.personas.ministry_officer).post(_url("rotation_confirm", world.led_by_own))
    body = (
        client_as(world.personas.member_officer)
        .get(_url("group_year", world.led_by_own))
        .content.decode()
    )
    assert "Bộ đã xác nhận" in body
    assert _url("rotation_propose", world.led_by_own) not in body


# --- Copying to the next year through the page -------------------------------------------------


def test_copying_through_the_page_goes_to_the_next_year_and_shows_the_changes(
    client_as: ClientAs, world: World
) -> None:
    # Two departments of 2025 that merged into `own` on 01/07/2025, in a cluster with x.
    kien_giang = _agency("V-SCT-KG", "Sở Công Thương tỉnh Kiên Giang (thử nghiệm)")
    old_an_giang = _agency("V-SCT-AG-CU", "Sở Công Thương tỉnh An Giang cũ (thử nghiệm)")
    lineage_event_record(
        actor=None,
        kind="merge",
        date=dt.date(2025, 7, 1),
        predecessors=[old_an_giang, kien_giang],
        successors=[world.personas.own],
    )
    before_merger = _group_year(
        world.personas, "CUM-SN", [kien_giang, old_an_giang, world.x], world.x, kien_giang
    )
    response = client_as(world.personas.ministry_officer).post(
        _url("group_year_copy", before_merger), follow=True
    )
    assert response.redirect_chain == [
        (reverse("emulation:group_year", args=["CUM-SN", 2026]), 302)
    ]
    body = response.content.decode()
    assert "Đã chuyển sang năm 2026." in body
    assert "được thay bằng Sở Công Thương tỉnh An Giang" in body
    assert "kế thừa nhiều thành viên cũ; chỉ giữ một lần." in body
    assert "Chưa có luân phiên được Bộ xác nhận; cụm trưởng, cụm phó để trống." in body
    copied = GroupYear.objects.get(group__code="CUM-SN", year=2026)
    assert [m.agency for m in copied.members.all()] == [world.personas.own, world.x]


def test_copying_to_a_year_that_exists_shows_the_refusal_and_stays(
    client_as: ClientAs, world: World
) -> None:
    client = client_as(world.personas.ministry_officer)
    client.post(_url("group_year_copy", world.led_by_own))
    before = _counts()
    response = client.post(_url("group_year_copy", world.led_by_own), follow=True)
    assert response.redirect_chain == [(_url("group_year", world.led_by_own), 302)]
    assert "đã được lập cho năm 2026" in response.content.decode()
    assert _counts() == before


# --- Decisions and movements through the pages -------------------------------------------------


def test_a_manager_records_a_decision_with_its_file(
    client_as: ClientAs, world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = client_as(world.personas.ministry_officer).post(
        _url("decision_create"),
        {
            "number": "310/QĐ-BCT",
            "issued_on": "17/02/2025",
            "issuer": world.personas.ministry.pk,
            "summary": "Về việc công nhận cụm trưởng, cụm phó năm 2025",
            "file": SimpleUploadedFile("qd-310.pdf", b"%PDF-1.4 310"),
        },
        follow=True,
    )
    assert "Đã ghi quyết định." in response.content.decode()
    decision = Decision.objects.get(number="310/QĐ-BCT")
    assert decision.issued_on == dt.date(2025, 2, 17)
    assert Path(decision.file.path).read_bytes() == b"%PDF-1.4 310"


def test_a_duplicate_decision_number_is_shown_on_the_form_and_writes_nothing(
    client_as: ClientAs, world: World
) -> None:
    before = _counts()
    response = client_as(world.personas.ministry_officer).post(
        _url("decision_create"),
        {
            "number": "309/QĐ-BCT",
            "issued_on": "01/06/2025",
            "issuer": world.personas.ministry.pk,
            "summary": "Trùng số",
        },
    )
    assert response.status_code == 200
    assert "đã có quyết định số 309/QĐ-BCT trong năm 2025" in response.content.decode()
    assert _counts() == before


def test_a_decision_file_of_the_wrong_type_is_shown_on_the_form_and_writes_nothing(
    client_as: ClientAs, world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    before = _counts()
    response = client_as(world.personas.ministry_officer).post(
        _url("decision_create"),
        {
            "number": "311/QĐ-BCT",
            "issued_on": "17/02/2025",
            "issuer": world.personas.ministry.pk,
            "summary": "Tệp sai loại",
            "file": SimpleUploadedFile("qd.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    assert "Tệp đính kèm phải là PDF, Word hoặc ảnh." in response.content.decode()
    assert _counts() == before


def test_a_manager_launches_a_movement_for_some_groups(client_as: ClientAs, world: World) -> None:
    response = client_as(world.personas.system_admin).post(
        _url("movement_create"),
        {
            "name": "Phong trào chuyển đổi số",
            "kind": "thematic",
            "organiser": world.personas.ministry.pk,
            "starts_on": "01/03/2025",
            "ends_on": "31/12/2025",
            "groups": [world.led_by_own.group.pk, world.of_other.group.pk],
        },
    )
    movement = Movement.objects.get(name="Phong trào chuyển đổi số")
    assert response["Location"] == reverse("emulation:movement_detail", args=[movement.pk])
    assert set(movement.groups.all()) == {world.led_by_own.group, world.of_other.group}
    body = client_as(world.personas.viewer).get(response["Location"]).content.decode()
    assert "01/03/2025 – 31/12/2025" in body
    assert "Cụm thi đua CUM-CM" in body


def test_a_movement_that_ends_before_it_starts_is_shown_again_and_writes_nothing(
    client_as: ClientAs, world: World
) -> None:
    before = _counts()
    response = client_as(world.personas.ministry_officer).post(
        _url("movement_create"),
        {
            "name": "Phong trào ngược",
            "kind": "regular",
            "organiser": world.personas.ministry.pk,
            "starts_on": "01/03/2025",
            "ends_on": "01/02/2025",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert _counts() == before


def test_the_movement_list_shows_each_movement_and_the_launch_button_only_to_managers(
    client_as: ClientAs, world: World
) -> None:
    for persona, can_launch in (("outsider", False), ("ministry_officer", True)):
        body = client_as(_user(world, persona)).get(_url("movement_list")).content.decode()
        assert "Phong trào thi đua yêu nước năm 2025" in body
        assert (_url("movement_create") in body) is can_launch
