"""The demo data set: cluster XI from 2023 and the 2025 mergers (devtools.demo)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from thidua.audit.models import AuditEvent
from thidua.devtools.demo import seed_demo
from thidua.emulation.choices import MemberRole, RotationStatus
from thidua.emulation.models import GroupYear

pytestmark = pytest.mark.django_db


def _every_count() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "contenttypes", "admin"}
    }


def _members(year: int) -> dict[str, str]:
    group_year = GroupYear.objects.get(group__code="CUM-XI", year=year)
    return {m.agency.code: m.role for m in group_year.members.select_related("agency")}


def test_seeding_the_demo_twice_changes_nothing_the_second_time() -> None:
    first = seed_demo()
    counts = _every_count()
    audit = AuditEvent.objects.count()
    second = seed_demo()
    assert second == first
    assert _every_count() == counts
    assert AuditEvent.objects.count() == audit
    assert counts["emulation.GroupYear"] == 4  # 2023, 2024, 2025, 2026


def test_cluster_xi_2023_has_its_six_members_and_the_two_decisions_of_17_february() -> None:
    seed_demo()
    group_year = GroupYear.objects.select_related("decision", "leadership_decision").get(
        group__code="CUM-XI", year=2023
    )
    assert set(_members(2023)) == {"SCT-AG", "SCT-CT", "SCT-HG", "SCT-BL", "SCT-CM", "SCT-KG"}
    assert group_year.decision is not None
    assert group_year.leadership_decision is not None
    assert group_year.decision.number == "309/QĐ-BCT"
    assert group_year.leadership_decision.number == "310/QĐ-BCT"
    assert group_year.decision.issued_on == dt.date(2023, 2, 17)
    assert group_year.leadership_decision.issued_on == dt.date(2023, 2, 17)
    assert group_year.decision.issuer.code == "BCT"
    roles = _members(2023)
    assert list(roles.values()).count(MemberRole.LEADER) == 1
    assert list(roles.values()).count(MemberRole.DEPUTY) == 1
    assert group_year.group.movements.count() == 1


def test_cluster_xi_2026_has_exactly_the_three_merged_departments_with_a_leader_and_deputy() -> (
    None
):
    seed_demo()
    roles = _members(2026)
    assert set(roles) == {"SCT-AG-2025", "SCT-CT-2025", "SCT-CM-2025"}
    assert sorted(roles.values()) == sorted(
        [MemberRole.LEADER, MemberRole.DEPUTY, MemberRole.MEMBER]
    )


def test_each_year_of_cluster_xi_before_2026_has_a_confirmed_rotation() -> None:
    seed_demo()
    for year in (2023, 2024, 2025):
        group_year = GroupYear.objects.get(group__code="CUM-XI", year=year)
        assert group_year.rotation.status == RotationStatus.CONFIRMED
    assert set(_members(2024)) == set(_members(2023)) == set(_members(2025))
