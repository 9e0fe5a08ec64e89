"""Writes of agencies, lineage and people: validation, one transaction, one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEvent
from thidua.core.errors import DomainError
from thidua.core.testing import Personas
from thidua.organizations.models import Agency, LineageEvent, Person, Position, Province
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    agency_update,
    lineage_event_record,
    person_create,
    position_add,
)

pytestmark = pytest.mark.django_db

JULY_1 = dt.date(2025, 7, 1)


def values(code: str, name: str | None = None, **changes: Any) -> AgencyValues:
    base = AgencyValues(
        code=code,
        name=name or f"Đơn vị {code}",
        short_name="",
        kind="provincial_department",
        province=None,
        parent=None,
        valid_from=None,
        valid_to=None,
    )
    return replace(base, **changes)


def make(code: str, **changes: Any) -> Agency:
    return agency_create(actor=None, values=values(code, **changes))


def counts() -> tuple[int, int, int, int, int]:
    return (
        Agency.objects.count(),
        LineageEvent.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        AuditEvent.objects.count(),
    )


# agency_create


def test_it_creates_an_agency_with_one_audit_event_naming_the_actor(personas: Personas) -> None:
    before = AuditEvent.objects.count()
    an_giang = Province.objects.get(code="91", valid_from=JULY_1)

    agency = agency_create(
        actor=personas.ministry_officer,
        values=values(
            "SNV-AG",
            "Sở Nội vụ tỉnh An Giang",
            short_name="SNV AG",
            province=an_giang,
            parent=personas.own,
            valid_from=JULY_1,
        ),
    )

    agency.refresh_from_db()
    assert (agency.name, agency.short_name, agency.province, agency.parent) == (
        "Sở Nội vụ tỉnh An Giang",
        "SNV AG",
        an_giang,
        personas.own,
    )
    assert agency.search_key == "so noi vu tinh an giang snv ag snv-ag"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="organizations.agency.created", target_id=str(agency.pk))
    assert event.actor == personas.ministry_officer
    assert event.agency == agency
    assert event.payload == {"code": "SNV-AG"}


def test_it_refuses_a_duplicate_agency_code_and_writes_nothing() -> None:
    make("A")
    before = counts()

    with pytest.raises(DomainError) as refused:
        make("A", name="Một đơn vị khác")

    assert refused.value.field == "code"
    assert refused.value.message == "Mã đơn vị “A” đã tồn tại."
    assert counts() == before


def test_it_refuses_an_end_date_before_the_start_date_and_writes_nothing() -> None:
    before = counts()

    with pytest.raises(DomainError) as refused:
        make("A", valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2025, 6, 30))

    assert refused.value.field == "valid_to"
    assert "Ngày kết thúc không được trước ngày bắt đầu" in refused.value.message
    assert counts() == before


def test_it_accepts_an_agency_that_exists_for_a_single_day() -> None:
    agency = make("A", valid_from=JULY_1, valid_to=JULY_1)

    assert agency.is_active_on(JULY_1)
    assert not agency.is_active_on(JULY_1 + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"code": ""}, "code", "Mã đơn vị là bắt buộc"),
        ({"code": "X" * 51}, "code", "tối đa 50 ký tự"),
        ({"name": ""}, "name", "Tên chính thức là bắt buộc"),
        ({"kind": "bogus"}, "kind", "Loại đơn vị “bogus” không hợp lệ"),
    ],
)
def test_it_refuses_invalid_agency_values_with_a_vietnamese_message(
    changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(DomainError) as refused:
        agency_create(actor=None, values=replace(values("A"), **changes))

    assert refused.value.field == field
    assert words in refused.value.message
    assert Agency.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_database_refuses_an_end_date_before_the_start_date_when_the_service_is_bypassed() -> (
    None
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(
            code="RAW",
            name="Ghi thẳng",
            kind="other",
            valid_from=dt.date(2025, 7, 1),
            valid_to=dt.date(2025, 6, 30),
        )

    assert not Agency.objects.filter(code="RAW").exists()


def test_the_database_refuses_an_agency_that_is_its_own_parent() -> None:
    agency = make("A")

    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.filter(pk=agency.pk).update(parent=agency)


def test_the_database_refuses_a_position_ending_before_it_starts() -> None:
    agency = make("A")
    person = person_create(actor=None, values=PersonValues(code="P1", full_name="Lê Văn An"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            person=person,
            agency=agency,
            from_date=dt.date(2025, 1, 2),
            to_date=dt.date(2025, 1, 1),
        )


# agency_update


def test_it_updates_an_agency_with_one_audit_event_recording_the_old_values(
    personas: Personas,
) -> None:
    agency = make("A", name="Sở Công Thương tỉnh Kiên Giang")
    before = AuditEvent.objects.count()

    agency_update(
        actor=personas.ministry_officer,
        agency=agency,
        values=values("A", "Sở Công Thương tỉnh An Giang", short_name="SCT"),
    )

    agency.refresh_from_db()
    assert agency.name == "Sở Công Thương tỉnh An Giang"
    assert agency.search_key == "so cong thuong tinh an giang sct a"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="organizations.agency.updated")
    assert event.actor == personas.ministry_officer
    assert event.payload["before"]["name"] == "Sở Công Thương tỉnh Kiên Giang"


def test_it_refuses_to_update_an_agency_to_a_code_another_agency_uses() -> None:
    make("A")
    b = make("B")
    before = counts()

    with pytest.raises(DomainError) as refused:
        agency_update(actor=None, agency=b, values=values("A"))

    assert refused.value.field == "code"
    assert counts() == before
    b.refresh_from_db()
    assert b.code == "B"


def test_it_lets_an_agency_keep_its_own_code_on_update() -> None:
    agency = make("A")

    agency_update(actor=None, agency=agency, values=values("A", "Tên mới"))

    assert Agency.objects.get(code="A").name == "Tên mới"


def test_it_refuses_to_make_an_agency_its_own_ancestor() -> None:
    top = make("TOP")
    middle = make("MID", parent=top)
    bottom = make("BOT", parent=middle)
    before = counts()

    with pytest.raises(DomainError) as refused:
        agency_update(actor=None, agency=top, values=values("TOP", parent=bottom))

    assert refused.value.field == "parent"
    assert "vòng lặp" in refused.value.message
    assert counts() == before
    top.refresh_from_db()
    assert top.parent is None


def test_it_refuses_to_update_an_end_date_to_before_the_start_date() -> None:
    agency = make("A", valid_from=JULY_1)
    before = counts()

    with pytest.raises(DomainError):
        agency_update(
            actor=None,
            agency=agency,
            values=values("A", valid_from=JULY_1, valid_to=dt.date(2025, 1, 1)),
        )

    assert counts() == before
    assert Agency.objects.get(code="A").valid_to is None


# lineage_event_record


def test_it_records_a_merge_ending_predecessors_the_day_before_and_starting_the_successor(
    personas: Personas,
) -> None:
    a, b, c = make("A"), make("B"), make("C")
    before = AuditEvent.objects.count()

    event = lineage_event_record(
        actor=personas.ministry_officer,
        kind="merge",
        date=JULY_1,
        predecessors=[a, b],
        successors=[c],
        decision_number="202/2025/QH15",
    )

    for agency in (a, b, c):
        agency.refresh_from_db()
    assert (a.valid_to, b.valid_to, c.valid_from) == (dt.date(2025, 6, 30),) * 2 + (JULY_1,)
    assert set(event.predecessors.all()) == {a, b}
    assert list(event.successors.all()) == [c]
    assert event.identity == "merge|2025-07-01|A;B|C"
    assert AuditEvent.objects.count() == before + 1
    audit = AuditEvent.objects.get(action="organizations.lineage_event.recorded")
    assert audit.actor == personas.ministry_officer
    assert audit.agency == c
    assert audit.payload["decision_number"] == "202/2025/QH15"


def test_it_records_a_split_into_several_successors() -> None:
    a, b, c = make("A"), make("B"), make("C")

    lineage_event_record(actor=None, kind="split", date=JULY_1, predecessors=[a], successors=[b, c])

    assert Agency.objects.get(code="A").valid_to == dt.date(2025, 6, 30)
    assert {x.valid_from for x in Agency.objects.filter(code__in=["B", "C"])} == {JULY_1}


@pytest.mark.parametrize("kind", ["rename", "transfer"])
def test_it_records_a_rename_or_transfer_linking_one_code_to_another(kind: str) -> None:
    old, new = make("OLD"), make("NEW")

    lineage_event_record(actor=None, kind=kind, date=JULY_1, predecessors=[old], successors=[new])

    assert LineageEvent.objects.get().kind == kind


def test_recording_the_same_event_twice_keeps_one_event_but_audits_each_call() -> None:
    a, b, c = make("A"), make("B"), make("C")
    lineage_event_record(actor=None, kind="merge", date=JULY_1, predecessors=[a, b], successors=[c])

    lineage_event_record(
        actor=None,
        kind="merge",
        date=JULY_1,
        predecessors=[b, a],
        successors=[c],
        decision_number="QĐ 1",
    )

    assert LineageEvent.objects.get().decision_number == "QĐ 1"
    assert AuditEvent.objects.filter(action="organizations.lineage_event.recorded").count() == 2


@pytest.mark.parametrize(
    ("kind", "preds", "succs", "words"),
    [
        ("merge", ["A"], ["C"], "Hợp nhất cần ít nhất hai đơn vị trước"),
        ("merge", ["A", "B"], ["C", "D"], "Hợp nhất cần ít nhất hai đơn vị trước"),
        ("split", ["A", "B"], ["C", "D"], "Chia tách cần đúng một đơn vị trước"),
        ("split", ["A"], ["C"], "Chia tách cần đúng một đơn vị trước"),
        ("rename", ["A"], ["C", "D"], "Đổi tên hoặc chuyển cơ quan chủ quản"),
        ("transfer", ["A", "B"], ["C"], "Đổi tên hoặc chuyển cơ quan chủ quản"),
        ("rename", ["A"], [], "Cần ít nhất một đơn vị trước và một đơn vị sau"),
        ("rename", ["A"], ["A"], "vừa là đơn vị trước vừa là đơn vị sau"),
        ("merge", ["A", "A"], ["C"], "Một mã đơn vị được ghi hai lần"),
        ("annex", ["A"], ["C"], "Loại sự kiện “annex” không hợp lệ"),
    ],
)
def test_it_refuses_a_lineage_event_of_the_wrong_shape_and_writes_nothing(
    kind: str, preds: list[str], succs: list[str], words: str
) -> None:
    by_code = {code: make(code) for code in "ABCD"}
    before = counts()

    with pytest.raises(DomainError) as refused:
        lineage_event_record(
            actor=None,
            kind=kind,
            date=JULY_1,
            predecessors=[by_code[c] for c in preds],
            successors=[by_code[c] for c in succs],
        )

    assert words in refused.value.message
    assert counts() == before
    assert not Agency.objects.exclude(valid_from=None, valid_to=None).exists()


def test_it_refuses_a_predecessor_that_already_ended_on_another_day() -> None:
    a = make("A", valid_to=dt.date(2024, 12, 31))
    b, c = make("B"), make("C")
    before = counts()

    with pytest.raises(DomainError) as refused:
        lineage_event_record(
            actor=None, kind="merge", date=JULY_1, predecessors=[a, b], successors=[c]
        )

    assert "A đã kết thúc ngày 31/12/2024, không phải ngày trước sự kiện (30/06/2025)" in (
        refused.value.message
    )
    assert counts() == before


def test_it_refuses_a_predecessor_that_starts_after_the_event() -> None:
    a = make("A", valid_from=dt.date(2025, 8, 1))
    c = make("C")

    with pytest.raises(DomainError) as refused:
        lineage_event_record(
            actor=None, kind="rename", date=JULY_1, predecessors=[a], successors=[c]
        )

    assert "A bắt đầu sau ngày sự kiện" in refused.value.message


def test_it_refuses_a_successor_that_starts_on_another_day() -> None:
    a = make("A")
    c = make("C", valid_from=dt.date(2025, 1, 1))

    with pytest.raises(DomainError) as refused:
        lineage_event_record(
            actor=None, kind="rename", date=JULY_1, predecessors=[a], successors=[c]
        )

    assert "C bắt đầu ngày 01/01/2025, không phải ngày sự kiện (01/07/2025)" in (
        refused.value.message
    )
    assert Agency.objects.get(code="A").valid_to is None


def test_it_refuses_a_lineage_cycle_with_a_clear_message() -> None:
    a, b = make("A"), make("B")
    lineage_event_record(actor=None, kind="rename", date=JULY_1, predecessors=[a], successors=[b])
    before = counts()

    with pytest.raises(DomainError) as refused:
        lineage_event_record(
            actor=None,
            kind="rename",
            date=dt.date(2026, 1, 1),
            predecessors=[b],
            successors=[a],
        )

    assert "Sự kiện tạo vòng lặp: A đã là đơn vị trước của B." in refused.value.message
    assert counts() == before


def test_it_refuses_a_cycle_across_several_generations() -> None:
    a, b, c = make("A"), make("B"), make("C")
    lineage_event_record(actor=None, kind="rename", date=JULY_1, predecessors=[a], successors=[b])
    lineage_event_record(
        actor=None, kind="rename", date=dt.date(2025, 8, 1), predecessors=[b], successors=[c]
    )

    with pytest.raises(DomainError) as refused:
        lineage_event_record(
            actor=None,
            kind="rename",
            date=dt.date(2025, 9, 1),
            predecessors=[c],
            successors=[a],
        )

    assert "vòng lặp" in refused.value.message


# person_create and position_add


def test_it_creates_a_person_with_a_folded_search_key_and_one_audit_event(
    personas: Personas,
) -> None:
    before = AuditEvent.objects.count()

    person = person_create(
        actor=personas.member_officer,
        values=PersonValues(code="CB-001", full_name="Nguyễn Minh Hùng", gender="nam"),
    )

    assert person.search_key == "nguyen minh hung cb-001"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="organizations.person.created")
    assert (event.actor, event.target_id) == (personas.member_officer, str(person.pk))


@pytest.mark.parametrize(
    "person",
    [PersonValues(code="", full_name="Lê An"), PersonValues(code="P1", full_name="")],
)
def test_it_refuses_a_person_without_a_code_or_a_name(person: PersonValues) -> None:
    with pytest.raises(DomainError) as refused:
        person_create(actor=None, values=person)

    assert refused.value.message == "Mã cá nhân và họ tên là bắt buộc."
    assert counts() == (0, 0, 0, 0, 0)


def test_it_refuses_a_duplicate_person_code_and_writes_nothing() -> None:
    person_create(actor=None, values=PersonValues(code="P1", full_name="Lê An"))
    before = counts()

    with pytest.raises(DomainError) as refused:
        person_create(actor=None, values=PersonValues(code="P1", full_name="Trần Bình"))

    assert refused.value.field == "code"
    assert "Mã cá nhân “P1” đã tồn tại" in refused.value.message
    assert counts() == before


def test_it_adds_a_position_with_one_audit_event_in_the_agency(personas: Personas) -> None:
    person = person_create(actor=None, values=PersonValues(code="P1", full_name="Lê An"))
    before = AuditEvent.objects.count()

    position = position_add(
        actor=personas.member_officer,
        person=person,
        agency=personas.own,
        title="Trưởng phòng",
        from_date=JULY_1,
    )

    assert (position.person, position.agency, position.title) == (
        person,
        personas.own,
        "Trưởng phòng",
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="organizations.position.added")
    assert (event.actor, event.agency) == (personas.member_officer, personas.own)


def test_a_person_moving_between_agencies_keeps_one_person_with_two_positions(
    personas: Personas,
) -> None:
    person = person_create(actor=None, values=PersonValues(code="P1", full_name="Lê An"))
    position_add(
        actor=None,
        person=person,
        agency=personas.other,
        title="Chuyên viên",
        from_date=dt.date(2020, 1, 1),
        to_date=dt.date(2025, 6, 30),
    )
    position_add(
        actor=None, person=person, agency=personas.own, title="Phó phòng", from_date=JULY_1
    )

    assert Person.objects.filter(code="P1").count() == 1
    assert [p.agency for p in person.positions.order_by("from_date")] == [
        personas.other,
        personas.own,
    ]


def test_it_refuses_a_position_ending_before_it_starts_and_writes_nothing(
    personas: Personas,
) -> None:
    person = person_create(actor=None, values=PersonValues(code="P1", full_name="Lê An"))
    before = counts()

    with pytest.raises(DomainError) as refused:
        position_add(
            actor=None,
            person=person,
            agency=personas.own,
            title="",
            from_date=JULY_1,
            to_date=dt.date(2025, 6, 1),
        )

    assert refused.value.field == "to_date"
    assert counts() == before


def test_it_refuses_a_second_position_starting_the_same_day_in_the_same_agency(
    personas: Personas,
) -> None:
    person = person_create(actor=None, values=PersonValues(code="P1", full_name="Lê An"))
    position_add(actor=None, person=person, agency=personas.own, title="A", from_date=JULY_1)
    before = counts()

    with pytest.raises(DomainError) as refused:
        position_add(actor=None, person=person, agency=personas.own, title="B", from_date=JULY_1)

    assert "Cá nhân đã có chức vụ bắt đầu cùng ngày" in refused.value.message
    assert counts() == before
