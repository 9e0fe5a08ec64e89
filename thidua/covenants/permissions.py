"""Who may see, draft, comment on, sign and publish a covenant.

A covenant is visible where its group's year is (sector managers and the members' role
holders); to anyone else it does not exist (404). The cluster leader — the officers and leader
of the member agency that leads the group that year — drafts, finalises and publishes; a system
administrator may too. Member officers and leaders comment on drafts for their own agency. Only
a member's own leader signs for it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.accounts.choices import Role
from thidua.accounts.selectors import AnyUser, agency_ids_with_role
from thidua.covenants.models import Covenant, Signatory
from thidua.emulation.permissions import can_view_group_year, is_cluster_leader
from thidua.organizations.models import Agency

OFFICE_ROLES = {Role.AGENCY_OFFICER, Role.AGENCY_LEADER}


def can_view_covenant(user: AnyUser, covenant: Covenant) -> bool:
    return can_view_group_year(user, covenant.group_year)


def commenting_agencies(user: AnyUser, covenant: Covenant) -> QuerySet[Agency]:
    """The member agencies ``user`` may comment for (empty: may not comment)."""
    mine = agency_ids_with_role(user, OFFICE_ROLES)
    return Agency.objects.filter(
        pk__in=covenant.group_year.members.filter(agency_id__in=mine).values("agency_id")
    )


def can_sign(user: AnyUser, signatory: Signatory) -> bool:
    return signatory.agency_id in agency_ids_with_role(user, {Role.AGENCY_LEADER})


__all__ = ["can_sign", "can_view_covenant", "commenting_agencies", "is_cluster_leader"]
