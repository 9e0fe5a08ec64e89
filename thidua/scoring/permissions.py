"""Who may see and change a group year's scoring table.

The table is part of the group's year: whoever may see the year (sector managers and anyone
holding a role in a member agency) may read the table and download it; to others it does not
exist. The leading member's officers and leader (and system administrators) act for the cluster:
they set the table up, import it from a file and put it into use.

A member's conduct record (hồ sơ chấp hành) is read by whoever may see the year; it is written
by that member agency's own officers and leader, and by sector managers.
"""

from __future__ import annotations

from thidua.accounts.choices import Role
from thidua.accounts.selectors import AnyUser, agency_ids_with_role, is_sector_manager
from thidua.emulation.models import GroupYear
from thidua.emulation.permissions import can_view_group_year, is_cluster_leader
from thidua.organizations.models import Agency


def can_view_table(user: AnyUser, group_year: GroupYear) -> bool:
    return can_view_group_year(user, group_year)


def can_edit_table(user: AnyUser, group_year: GroupYear) -> bool:
    return is_cluster_leader(user, group_year)


def can_view_conduct(user: AnyUser, group_year: GroupYear) -> bool:
    return can_view_group_year(user, group_year)


def can_edit_conduct(user: AnyUser, agency: Agency) -> bool:
    """The agency's own officers and leader, and sector managers, record its conduct facts."""
    if is_sector_manager(user):
        return True
    return agency.pk in agency_ids_with_role(user, {Role.AGENCY_OFFICER, Role.AGENCY_LEADER})
