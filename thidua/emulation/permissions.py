"""Who may see and change blocks, clusters, rotations and movements.

Sector managers (system administrators and ministry emulation officers) set up groups, record
decisions and confirm rotations. A group's year is visible to sector managers and to anyone
holding a role in one of its member agencies ("my clusters"); to others it does not exist.
The leading member's officers and leader propose next year's rotation.
"""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.accounts.choices import Role
from thidua.accounts.selectors import (
    AnyUser,
    agency_ids_with_role,
    is_sector_manager,
    is_system_admin,
)
from thidua.emulation.choices import MemberRole
from thidua.emulation.models import GroupYear
from thidua.emulation.selectors import group_years


def can_manage_groups(user: AnyUser) -> bool:
    return is_sector_manager(user)


def group_years_visible_to(user: AnyUser, *, year: int | None = None) -> QuerySet[GroupYear]:
    if not user.is_authenticated:
        return GroupYear.objects.none()
    if is_sector_manager(user):
        return group_years(year=year)
    return group_years(agency_ids=agency_ids_with_role(user), year=year)


def can_view_group_year(user: AnyUser, group_year: GroupYear) -> bool:
    if is_sector_manager(user):
        return True
    mine = agency_ids_with_role(user)
    return group_year.members.filter(agency_id__in=mine).exists()


def can_propose_rotation(user: AnyUser, group_year: GroupYear) -> bool:
    return is_sector_manager(user) or is_cluster_leader(user, group_year)


def is_cluster_leader(user: AnyUser, group_year: GroupYear) -> bool:
    """The officers and leader of the member agency that leads ``group_year`` (and system
    administrators) act for the cluster: drafting its covenant, its scoring table, its ranking."""
    if is_system_admin(user):
        return True
    leading = group_year.members.filter(role=MemberRole.LEADER).values_list("agency_id", flat=True)
    return bool(
        set(leading) & agency_ids_with_role(user, {Role.AGENCY_OFFICER, Role.AGENCY_LEADER})
    )


def can_confirm_rotation(user: AnyUser) -> bool:
    return is_sector_manager(user)
