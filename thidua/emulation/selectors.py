"""Reads of decisions, groups by year and movements."""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.emulation.choices import MemberRole
from thidua.emulation.models import Decision, GroupMember, GroupYear, Movement
from thidua.organizations.models import Agency


def group_year_get(code: str, year: int) -> GroupYear | None:
    return (
        GroupYear.objects.select_related(
            "group", "group__organiser", "decision", "leadership_decision"
        )
        .filter(group__code=code, year=year)
        .first()
    )


def group_years(
    *, agency_ids: set[int] | None = None, year: int | None = None
) -> QuerySet[GroupYear]:
    """Groups by year, newest first; only those with a member in ``agency_ids`` when given."""
    years = GroupYear.objects.select_related("group")
    if agency_ids is not None:
        years = years.filter(
            pk__in=GroupMember.objects.filter(agency_id__in=agency_ids).values("group_year_id")
        )
    if year is not None:
        years = years.filter(year=year)
    return years.order_by("-year", "group__code")


def group_members(group_year: GroupYear) -> QuerySet[GroupMember]:
    return group_year.members.select_related("agency", "agency__province").order_by(
        "rotation_order", "id"
    )


def group_role(group_year: GroupYear, role: MemberRole) -> Agency | None:
    member = group_year.members.filter(role=role).select_related("agency").first()
    return member.agency if member else None


def default_rotation(group_year: GroupYear) -> tuple[Agency | None, Agency | None]:
    """The default proposal: this year's deputy leads next year, and the member after the
    deputy in the rotation order (skipping the new leader's predecessor in the chair, i.e. this
    year's leader) becomes deputy. Without a deputy the member after the leader leads."""
    members = list(group_members(group_year))
    if len(members) < 2:
        return None, None
    agencies = [m.agency for m in members]
    roles = {m.role: m.agency for m in members}
    leader, deputy = roles.get(MemberRole.LEADER), roles.get(MemberRole.DEPUTY)

    def after(agency: Agency | None, skip: set[Agency]) -> Agency | None:
        start = agencies.index(agency) if agency in agencies else -1
        for step in range(1, len(agencies) + 1):
            candidate = agencies[(start + step) % len(agencies)]
            if candidate not in skip:
                return candidate
        return None

    next_leader = deputy or after(leader, {leader} if leader else set())
    if next_leader is None:
        return None, None
    next_deputy = after(next_leader, {next_leader, leader} if leader else {next_leader})
    if next_deputy is None:
        next_deputy = after(next_leader, {next_leader})
    return next_leader, next_deputy


def decisions_for_choice() -> QuerySet[Decision]:
    return Decision.objects.select_related("issuer").order_by("-issued_on", "number")


def movements_list() -> QuerySet[Movement]:
    return Movement.objects.select_related("organiser", "launching_decision").prefetch_related(
        "groups"
    )
