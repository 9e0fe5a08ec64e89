"""Writes of decisions, groups by year, rotation and movements (DESIGN.md §4.1, §4.2, §4.8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEvent
from thidua.core.errors import DomainError, IllegalTransition
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
    group_year_copy,
    group_year_create,
    group_year_update,
    movement_create,
    rotation_confirm,
    rotation_propose,
)
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create, lineage_event_record

pytestmark = pytest.mark.django_db


def _agency(
    code: str,
    name: str,
    kind: str = "provincial_department",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind=kind,
            province=None,
            parent=None,
            valid_from=valid_from,
            valid_to=valid_to,
        ),
    )


@dataclass
class Sector:
    ministry: Agency
    a: Agency
    b: Agency
    c: Agency
    d: Agency


@pytest.fixture
def sector() -> Sector:
    return Sector(
        ministry=_agency("T-BCT", "Bộ Công Thương (thử)", kind="ministry"),
        a=_agency("T-SCT-A", "Sở Công Thương A"),
        b=_agency("T-SCT-B", "Sở Công Thương B"),
        c=_agency("T-SCT-C", "Sở Công Thương C"),
        d=_agency("T-SCT-D", "Sở Công Thương D"),
    )


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


def _decision(issuer: Agency, number: str, issued_on: dt.date, **kwargs: Any) -> Decision:
    return decision_record(
        actor=None,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        summary=kwargs.pop("summary", "Về việc phân chia khối, cụm thi đua"),
        **kwargs,
    )


def _cluster(
    sector: Sector,
    members: list[Agency],
    *,
    year: int = 2023,
    leader: Agency | None = None,
    deputy: Agency | None = None,
    code: str = "CUM-T",
    **kwargs: Any,
) -> GroupYear:
    return group_year_create(
        actor=None,
        organiser=sector.ministry,
        code=code,
        name="Cụm thi đua thử",
        kind="cluster",
        values=GroupYearValues(year=year, members=members, leader=leader, deputy=deputy, **kwargs),
    )


def _roles(group_year: GroupYear) -> dict[str, str]:
    return {m.agency.code: m.role for m in group_year.members.select_related("agency")}


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- Decisions ---------------------------------------------------------------------------------


def test_recording_a_decision_stores_it_with_its_year_and_one_audit_event(sector: Sector) -> None:
    decision = decision_record(
        actor=None,
        number=" 309/QĐ-BCT ",
        issued_on=dt.date(2023, 2, 17),
        issuer=sector.ministry,
        summary="Về việc phân chia Khối, Cụm thi đua năm 2023",
        signer_name="Nguyễn Văn A",
    )
    decision.refresh_from_db()
    assert decision.number == "309/QĐ-BCT"
    assert decision.year == 2023
    assert str(decision) == "309/QĐ-BCT ngày 17/02/2023"
    assert _events("emulation.decision.recorded") == 1
    event = AuditEvent.objects.get(action="emulation.decision.recorded")
    assert event.target_id == str(decision.pk)
    assert event.agency == sector.ministry


def test_a_decision_number_already_used_by_the_issuer_that_year_is_refused_and_nothing_is_written(
    sector: Sector,
) -> None:
    _decision(sector.ministry, "309/QĐ-BCT", dt.date(2023, 2, 17))
    before = _counts()
    with pytest.raises(DomainError) as error:
        _decision(sector.ministry, "309/QĐ-BCT", dt.date(2023, 11, 3))
    assert "đã có quyết định số 309/QĐ-BCT trong năm 2023" in error.value.message
    assert error.value.field == "number"
    assert _counts() == before


def test_the_same_decision_number_is_allowed_the_next_year_and_for_another_issuer(
    sector: Sector,
) -> None:
    _decision(sector.ministry, "309/QĐ-BCT", dt.date(2023, 2, 17))
    _decision(sector.ministry, "309/QĐ-BCT", dt.date(2024, 2, 17))
    _decision(sector.a, "309/QĐ-BCT", dt.date(2023, 2, 17))
    assert Decision.objects.filter(number="309/QĐ-BCT").count() == 3


def test_the_database_refuses_two_decisions_with_one_number_for_one_issuer_and_year(
    sector: Sector,
) -> None:
    _decision(sector.ministry, "309/QĐ-BCT", dt.date(2023, 2, 17))
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            number="309/QĐ-BCT",
            issued_on=dt.date(2023, 5, 1),
            year=2023,
            issuer=sector.ministry,
            summary="Trùng số",
        )


def test_a_decision_without_a_number_or_a_summary_is_refused(sector: Sector) -> None:
    before = _counts()
    with pytest.raises(DomainError, match="bắt buộc"):
        _decision(sector.ministry, "  ", dt.date(2023, 2, 17))
    with pytest.raises(DomainError, match="bắt buộc"):
        _decision(sector.ministry, "1/QĐ-BCT", dt.date(2023, 2, 17), summary=" ")
    assert _counts() == before


def test_the_uploaded_decision_file_is_stored(
    sector: Sector, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    content = b"%PDF-1.4 quyet dinh 309"
    decision = _decision(
        sector.ministry,
        "309/QĐ-BCT",
        dt.date(2023, 2, 17),
        file=SimpleUploadedFile("qd-309.pdf", content, content_type="application/pdf"),
    )
    decision.refresh_from_db()
    name = decision.file.name or ""
    assert name.startswith("decisions/")
    assert name.endswith(".pdf")
    stored = Path(decision.file.path)
    assert stored.is_relative_to(tmp_path)
    assert stored.read_bytes() == content


@pytest.mark.parametrize("name", ["virus.exe", "quyet-dinh.html", "khong-duoi"])
def test_a_decision_file_that_is_not_pdf_word_or_an_image_is_refused(
    sector: Sector, settings: Any, tmp_path: Path, name: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    before = _counts()
    with pytest.raises(DomainError, match="PDF, Word hoặc ảnh") as error:
        _decision(
            sector.ministry,
            "309/QĐ-BCT",
            dt.date(2023, 2, 17),
            file=SimpleUploadedFile(name, b"MZ..."),
        )
    assert error.value.field == "file"
    assert _counts() == before
    assert not any(tmp_path.rglob("*.*"))


def test_a_decision_file_larger_than_the_limit_is_refused(
    sector: Sector, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.emulation import services

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "MAX_DECISION_FILE_BYTES", 10)
    before = _counts()
    with pytest.raises(DomainError, match="20 MB"):
        _decision(
            sector.ministry,
            "309/QĐ-BCT",
            dt.date(2023, 2, 17),
            file=SimpleUploadedFile("lon.pdf", b"x" * 11),
        )
    assert _counts() == before


# --- Groups by year ----------------------------------------------------------------------------


def test_creating_a_group_year_stores_members_leader_and_deputy_as_roles(sector: Sector) -> None:
    grouping = _decision(sector.ministry, "309/QĐ-BCT", dt.date(2023, 2, 17))
    leadership = _decision(sector.ministry, "310/QĐ-BCT", dt.date(2023, 2, 17))
    audit_before = AuditEvent.objects.count()
    group_year = _cluster(
        sector,
        [sector.a, sector.b, sector.c],
        leader=sector.b,
        deputy=sector.a,
        decision=grouping,
        leadership_decision=leadership,
    )
    assert _roles(group_year) == {
        "T-SCT-A": MemberRole.DEPUTY,
        "T-SCT-B": MemberRole.LEADER,
        "T-SCT-C": MemberRole.MEMBER,
    }
    assert [m.agency for m in group_year.members.all()] == [sector.a, sector.b, sector.c]
    assert [m.rotation_order for m in group_year.members.all()] == [1, 2, 3]
    assert group_year.decision == grouping
    assert group_year.leadership_decision == leadership
    assert group_year.group.code == "CUM-T"
    assert str(group_year) == "Cụm thi đua thử — 2023"
    assert _events("emulation.group_year.created") == 1
    assert AuditEvent.objects.count() == audit_before + 1


def test_a_second_year_of_a_group_reuses_the_group(sector: Sector) -> None:
    first = _cluster(sector, [sector.a, sector.b], year=2023)
    second = _cluster(sector, [sector.a, sector.b, sector.c], year=2024)
    assert first.group == second.group
    assert EmulationGroup.objects.count() == 1


REFUSALS: dict[str, tuple[str, Any]] = {
    "the leader is not a member": (
        "Cụm trưởng Sở Công Thương D không phải là thành viên",
        lambda s: {"members": [s.a, s.b, s.c], "leader": s.d, "deputy": s.a},
    ),
    "the deputy is not a member": (
        "Cụm phó Sở Công Thương D không phải là thành viên",
        lambda s: {"members": [s.a, s.b, s.c], "leader": s.a, "deputy": s.d},
    ),
    "the leader is also the deputy": (
        "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau",
        lambda s: {"members": [s.a, s.b, s.c], "leader": s.a, "deputy": s.a},
    ),
    "the members are empty": (
        "cần ít nhất một thành viên",
        lambda s: {"members": []},
    ),
    "a member is listed twice": (
        "ghi hai lần",
        lambda s: {"members": [s.a, s.b, s.a]},
    ),
    "the decision is dated after the year it governs": (
        "ban hành năm 2024, sau năm 2023",
        lambda s: {
            "members": [s.a, s.b],
            "decision": _decision(s.ministry, "5/QĐ-BCT", dt.date(2024, 1, 5)),
        },
    ),
    "the leadership decision is dated after the year it governs": (
        "ban hành năm 2024, sau năm 2023",
        lambda s: {
            "members": [s.a, s.b],
            "leadership_decision": _decision(s.ministry, "6/QĐ-BCT", dt.date(2024, 1, 5)),
        },
    ),
    "a member ended before the year": (
        "Sở Công Thương cũ không hoạt động trong năm 2023",
        lambda s: {
            "members": [
                s.a,
                _agency("T-SCT-OLD", "Sở Công Thương cũ", valid_to=dt.date(2022, 12, 31)),
            ]
        },
    ),
    "a member started after the year": (
        "Sở Công Thương mới không hoạt động trong năm 2023",
        lambda s: {
            "members": [
                s.a,
                _agency("T-SCT-NEW", "Sở Công Thương mới", valid_from=dt.date(2024, 1, 1)),
            ]
        },
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_creating_a_group_year_is_refused_and_writes_nothing_when(
    sector: Sector, case: str
) -> None:
    expected, make = REFUSALS[case]
    fields = make(sector)
    before = _counts()
    with pytest.raises(DomainError) as error:
        _cluster(sector, **fields)
    assert expected in error.value.message
    assert _counts() == before


@pytest.mark.parametrize("case", list(REFUSALS))
def test_updating_a_group_year_is_refused_and_changes_nothing_when(
    sector: Sector, case: str
) -> None:
    group_year = _cluster(sector, [sector.a, sector.b, sector.c], leader=sector.a, deputy=sector.b)
    expected, make = REFUSALS[case]
    fields = make(sector)
    before = _counts()
    roles = _roles(group_year)
    with pytest.raises(DomainError) as error:
        group_year_update(
            actor=None, group_year=group_year, values=GroupYearValues(year=2023, **fields)
        )
    assert expected in error.value.message
    assert _counts() == before
    assert _roles(group_year) == roles


def test_a_member_that_ended_during_the_year_may_still_be_a_member_that_year(
    sector: Sector,
) -> None:
    merged_away = _agency("T-SCT-X", "Sở Công Thương X", valid_to=dt.date(2025, 6, 30))
    group_year = _cluster(sector, [sector.a, merged_away], year=2025)
    assert set(_roles(group_year)) == {"T-SCT-A", "T-SCT-X"}


def test_a_second_grouping_for_the_same_group_and_year_is_refused_and_writes_nothing(
    sector: Sector,
) -> None:
    _cluster(sector, [sector.a, sector.b])
    before = _counts()
    with pytest.raises(DomainError, match="đã được lập cho năm 2023"):
        _cluster(sector, [sector.c, sector.d])
    assert _counts() == before


def test_a_group_year_without_a_code_or_with_an_unknown_kind_is_refused(sector: Sector) -> None:
    before = _counts()
    with pytest.raises(DomainError, match="Mã khối, cụm là bắt buộc"):
        _cluster(sector, [sector.a], code=" ")
    with pytest.raises(DomainError, match="Loại khối, cụm không hợp lệ"):
        group_year_create(
            actor=None,
            organiser=sector.ministry,
            code="CUM-T",
            name="Cụm",
            kind="galaxy",
            values=GroupYearValues(year=2023, members=[sector.a]),
        )
    assert _counts() == before


def test_updating_a_group_year_replaces_members_and_roles_with_one_audit_event(
    sector: Sector,
) -> None:
    group_year = _cluster(sector, [sector.a, sector.b, sector.c], leader=sector.a, deputy=sector.b)
    group_year_update(
        actor=None,
        group_year=group_year,
        values=GroupYearValues(
            year=2023, members=[sector.d, sector.c, sector.b], leader=sector.c, deputy=sector.d
        ),
    )
    assert _roles(group_year) == {
        "T-SCT-D": MemberRole.DEPUTY,
        "T-SCT-C": MemberRole.LEADER,
        "T-SCT-B": MemberRole.MEMBER,
    }
    assert [m.agency for m in group_year.members.all()] == [sector.d, sector.c, sector.b]
    assert _events("emulation.group_year.updated") == 1


def test_updating_a_group_year_cannot_change_its_year(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b])
    before = _counts()
    with pytest.raises(DomainError, match="Không đổi được năm"):
        group_year_update(
            actor=None,
            group_year=group_year,
            values=GroupYearValues(year=2024, members=[sector.a, sector.b]),
        )
    assert _counts() == before


def test_the_database_refuses_a_cluster_with_two_leaders(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b], leader=sector.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMember.objects.create(group_year=group_year, agency=sector.c, role=MemberRole.LEADER)
    assert group_year.members.filter(role=MemberRole.LEADER).count() == 1


def test_the_database_refuses_a_cluster_with_two_deputies(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b], deputy=sector.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMember.objects.create(group_year=group_year, agency=sector.c, role=MemberRole.DEPUTY)


def test_the_database_refuses_the_same_agency_twice_in_a_group_year(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b])
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMember.objects.create(group_year=group_year, agency=sector.a)


# --- Rotation ----------------------------------------------------------------------------------


def test_proposing_the_default_rotation_makes_the_deputy_lead_next_year(sector: Sector) -> None:
    group_year = _cluster(
        sector, [sector.a, sector.b, sector.c, sector.d], leader=sector.a, deputy=sector.b
    )
    proposal = rotation_propose(actor=None, group_year=group_year)
    assert (proposal.next_leader, proposal.next_deputy) == (sector.b, sector.c)
    assert proposal.status == RotationStatus.PROPOSED
    assert _events("emulation.rotation.proposed") == 1


def test_an_explicit_rotation_proposal_is_stored_as_given(sector: Sector) -> None:
    group_year = _cluster(
        sector, [sector.a, sector.b, sector.c, sector.d], leader=sector.a, deputy=sector.b
    )
    proposal = rotation_propose(
        actor=None, group_year=group_year, next_leader=sector.d, next_deputy=sector.a
    )
    assert (proposal.next_leader, proposal.next_deputy) == (sector.d, sector.a)
    assert _events("emulation.rotation.proposed") == 1


def test_proposing_again_before_confirmation_replaces_the_proposal(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b, sector.c], leader=sector.a, deputy=sector.b)
    rotation_propose(actor=None, group_year=group_year)
    rotation_propose(actor=None, group_year=group_year, next_leader=sector.c, next_deputy=sector.a)
    proposal = RotationProposal.objects.get(group_year=group_year)
    assert (proposal.next_leader, proposal.next_deputy) == (sector.c, sector.a)
    assert _events("emulation.rotation.proposed") == 2


@pytest.mark.parametrize(
    ("leader", "deputy", "message"),
    [
        ("d", "a", "phải là thành viên"),
        ("a", "d", "phải là thành viên"),
        ("b", "b", "hai đơn vị khác nhau"),
    ],
)
def test_a_rotation_proposal_naming_a_non_member_or_the_same_agency_twice_is_refused(
    sector: Sector, leader: str, deputy: str, message: str
) -> None:
    group_year = _cluster(sector, [sector.a, sector.b, sector.c], leader=sector.a, deputy=sector.b)
    before = _counts()
    with pytest.raises(DomainError, match=message):
        rotation_propose(
            actor=None,
            group_year=group_year,
            next_leader=getattr(sector, leader),
            next_deputy=getattr(sector, deputy),
        )
    assert _counts() == before


def test_a_cluster_of_one_member_cannot_rotate(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a], leader=sector.a)
    before = _counts()
    with pytest.raises(DomainError, match="ít nhất hai thành viên"):
        rotation_propose(actor=None, group_year=group_year)
    assert _counts() == before


def test_confirming_a_rotation_records_who_confirmed_it_with_one_audit_event(
    sector: Sector, personas: Any
) -> None:
    group_year = _cluster(sector, [sector.a, sector.b, sector.c], leader=sector.a, deputy=sector.b)
    rotation_propose(actor=None, group_year=group_year)
    proposal = rotation_confirm(actor=personas.ministry_officer, group_year=group_year)
    proposal.refresh_from_db()
    assert proposal.status == RotationStatus.CONFIRMED
    assert proposal.confirmed_by == personas.ministry_officer
    assert proposal.confirmed_at is not None
    events = AuditEvent.objects.filter(action="emulation.rotation.confirmed")
    assert [e.actor for e in events] == [personas.ministry_officer]


def test_confirming_a_rotation_twice_is_an_illegal_transition(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b, sector.c], leader=sector.a, deputy=sector.b)
    rotation_propose(actor=None, group_year=group_year)
    rotation_confirm(actor=None, group_year=group_year)
    before = _counts()
    with pytest.raises(IllegalTransition, match="đã được xác nhận"):
        rotation_confirm(actor=None, group_year=group_year)
    assert _counts() == before


def test_confirming_without_a_proposal_is_an_illegal_transition(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b], leader=sector.a, deputy=sector.b)
    before = _counts()
    with pytest.raises(IllegalTransition, match="Chưa có đề xuất"):
        rotation_confirm(actor=None, group_year=group_year)
    assert _counts() == before


def test_proposing_after_confirmation_is_an_illegal_transition_and_keeps_the_proposal(
    sector: Sector,
) -> None:
    group_year = _cluster(sector, [sector.a, sector.b, sector.c], leader=sector.a, deputy=sector.b)
    rotation_propose(actor=None, group_year=group_year)
    rotation_confirm(actor=None, group_year=group_year)
    before = _counts()
    with pytest.raises(IllegalTransition, match="Bộ đã xác nhận"):
        rotation_propose(
            actor=None, group_year=group_year, next_leader=sector.c, next_deputy=sector.a
        )
    assert _counts() == before
    proposal = RotationProposal.objects.get(group_year=group_year)
    assert (proposal.next_leader, proposal.status) == (sector.b, RotationStatus.CONFIRMED)


def test_the_database_refuses_a_rotation_whose_leader_is_the_deputy(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b])
    with pytest.raises(IntegrityError), transaction.atomic():
        RotationProposal.objects.create(
            group_year=group_year, next_leader=sector.a, next_deputy=sector.a
        )


# --- Copying a year to the next, across the 2025 merger ----------------------------------------


@dataclass
class Merger:
    sector: Sector
    a: Agency  # merged into ab on 01/07/2025
    b: Agency  # merged into ab on 01/07/2025
    ab: Agency
    c: Agency  # untouched
    cluster: GroupYear  # 2025: a, b, c


@pytest.fixture
def merger(sector: Sector) -> Merger:
    a = _agency("T-SCT-KG", "Sở Công Thương tỉnh Kiên Giang (thử)")
    b = _agency("T-SCT-AG-CU", "Sở Công Thương tỉnh An Giang cũ (thử)")
    ab = _agency("T-SCT-AG-MOI", "Sở Công Thương tỉnh An Giang mới (thử)")
    c = sector.c
    lineage_event_record(
        actor=None, kind="merge", date=dt.date(2025, 7, 1), predecessors=[a, b], successors=[ab]
    )
    for agency in (a, b, ab):
        agency.refresh_from_db()
    cluster = _cluster(sector, [a, b, c], year=2025, leader=c, deputy=a)
    return Merger(sector, a, b, ab, c, cluster)


def test_copying_across_the_merger_replaces_the_merged_members_by_their_successor_once(
    merger: Merger,
) -> None:
    rotation_propose(
        actor=None, group_year=merger.cluster, next_leader=merger.a, next_deputy=merger.c
    )
    rotation_confirm(actor=None, group_year=merger.cluster)
    before = _events("emulation.group_year.copied")
    report = group_year_copy(actor=None, group_year=merger.cluster)
    new = report.group_year
    assert new.year == 2026
    assert new.group == merger.cluster.group
    assert [m.agency for m in new.members.all()] == [merger.ab, merger.c]
    replaced = [c for c in report.changes if "được thay bằng" in c]
    assert len(replaced) == 2
    assert all(merger.ab.name in c for c in replaced)
    assert any(merger.a.name in c for c in replaced)
    assert any(merger.b.name in c for c in replaced)
    assert any("kế thừa nhiều thành viên cũ" in c and merger.ab.name in c for c in report.changes)
    assert _events("emulation.group_year.copied") == before + 1
    # The 2025 year is untouched.
    assert set(_roles(merger.cluster)) == {merger.a.code, merger.b.code, merger.c.code}


def test_the_copied_leader_and_deputy_follow_the_confirmed_rotation_through_lineage(
    merger: Merger,
) -> None:
    rotation_propose(
        actor=None, group_year=merger.cluster, next_leader=merger.a, next_deputy=merger.c
    )
    rotation_confirm(actor=None, group_year=merger.cluster)
    report = group_year_copy(actor=None, group_year=merger.cluster)
    assert _roles(report.group_year) == {
        merger.ab.code: MemberRole.LEADER,
        merger.c.code: MemberRole.DEPUTY,
    }


def test_a_rotation_whose_leader_and_deputy_merged_into_one_leaves_the_deputy_empty(
    merger: Merger,
) -> None:
    rotation_propose(
        actor=None, group_year=merger.cluster, next_leader=merger.a, next_deputy=merger.b
    )
    rotation_confirm(actor=None, group_year=merger.cluster)
    report = group_year_copy(actor=None, group_year=merger.cluster)
    assert _roles(report.group_year) == {
        merger.ab.code: MemberRole.LEADER,
        merger.c.code: MemberRole.MEMBER,
    }
    assert any("cần chọn lại cụm phó" in c for c in report.changes)


def test_copying_without_a_confirmed_rotation_leaves_leader_and_deputy_empty_with_a_message(
    merger: Merger,
) -> None:
    rotation_propose(actor=None, group_year=merger.cluster)  # proposed, not confirmed
    report = group_year_copy(actor=None, group_year=merger.cluster)
    assert set(_roles(report.group_year).values()) == {MemberRole.MEMBER}
    assert any("Chưa có luân phiên được Bộ xác nhận" in c for c in report.changes)


def test_copying_a_year_without_changes_keeps_the_members_in_order(sector: Sector) -> None:
    group_year = _cluster(
        sector, [sector.c, sector.a, sector.b], year=2023, leader=sector.c, deputy=sector.a
    )
    rotation_propose(actor=None, group_year=group_year)
    rotation_confirm(actor=None, group_year=group_year)
    report = group_year_copy(actor=None, group_year=group_year)
    assert [m.agency for m in report.group_year.members.all()] == [sector.c, sector.a, sector.b]
    assert _roles(report.group_year) == {
        sector.c.code: MemberRole.MEMBER,
        sector.a.code: MemberRole.LEADER,
        sector.b.code: MemberRole.DEPUTY,
    }
    assert report.changes == []


def test_copying_to_a_year_that_already_exists_is_refused_and_writes_nothing(
    merger: Merger,
) -> None:
    group_year_copy(actor=None, group_year=merger.cluster)
    before = _counts()
    with pytest.raises(DomainError, match="đã được lập cho năm 2026"):
        group_year_copy(actor=None, group_year=merger.cluster)
    assert _counts() == before


def test_copying_to_an_earlier_year_is_refused(merger: Merger) -> None:
    before = _counts()
    with pytest.raises(DomainError, match="năm sau"):
        group_year_copy(actor=None, group_year=merger.cluster, year=2024)
    assert _counts() == before


# --- Movements ---------------------------------------------------------------------------------


def test_launching_a_movement_links_its_groups_with_one_audit_event(sector: Sector) -> None:
    group_year = _cluster(sector, [sector.a, sector.b])
    decision = _decision(sector.ministry, "100/QĐ-BCT", dt.date(2023, 1, 10))
    movement = movement_create(
        actor=None,
        name=" Phong trào thi đua yêu nước 2023 ",
        kind="regular",
        organiser=sector.ministry,
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
        launching_decision=decision,
        groups=[group_year.group],
    )
    assert movement.name == "Phong trào thi đua yêu nước 2023"
    assert list(movement.groups.all()) == [group_year.group]
    assert list(group_year.group.movements.all()) == [movement]
    assert _events("emulation.movement.created") == 1


def test_a_movement_may_run_without_an_end_date(sector: Sector) -> None:
    movement = movement_create(
        actor=None,
        name="Phong trào chuyên đề",
        kind="thematic",
        organiser=sector.ministry,
        starts_on=dt.date(2024, 3, 1),
    )
    assert movement.ends_on is None
    assert list(movement.groups.all()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": dt.date(2022, 12, 31)}, "Ngày kết thúc không được trước ngày bắt đầu"),
        ({"name": "  "}, "Tên phong trào là bắt buộc"),
        ({"kind": "unknown"}, "Loại phong trào không hợp lệ"),
    ],
)
def test_a_movement_with_bad_values_is_refused_and_writes_nothing(
    sector: Sector, changes: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {
        "name": "Phong trào",
        "kind": "regular",
        "organiser": sector.ministry,
        "starts_on": dt.date(2023, 1, 1),
    } | changes
    before = _counts()
    with pytest.raises(DomainError, match=message):
        movement_create(actor=None, **arguments)
    assert _counts() == before


def test_the_database_refuses_a_movement_that_ends_before_it_starts(sector: Sector) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Movement.objects.create(
            name="Ngược",
            kind="regular",
            organiser=sector.ministry,
            starts_on=dt.date(2023, 5, 1),
            ends_on=dt.date(2023, 4, 1),
        )
