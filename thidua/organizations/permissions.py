"""Who may see and change agencies and people.

The directory of agencies and their lineage is reference data every signed-in user reads.
People are personal data: a person is visible to sector managers and to those who hold a role in
an agency where the person has held a position (an agency's successors see its predecessors'
people). Changes to agencies, lineage and people are made by sector managers.
"""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.accounts.choices import Role
from thidua.accounts.selectors import AnyUser, agency_ids_with_role, is_sector_manager
from thidua.organizations.models import Agency, Person
from thidua.organizations.selectors import _walk, person_list


def scoped_agency_ids(user: AnyUser, roles: set[str] | None = None) -> set[int]:
    """Agencies where ``user`` holds one of ``roles``, with all their predecessors."""
    own = agency_ids_with_role(user, roles)
    return own | _walk(own, forward=False) if own else set()


def can_view_agency(user: AnyUser, agency: Agency) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_manage_agencies(user: AnyUser) -> bool:
    return is_sector_manager(user)


def can_view_agency_history(user: AnyUser, agency: Agency) -> bool:
    """The audit history of an agency: sector managers and the agency's own officers/leaders."""
    if is_sector_manager(user):
        return True
    return agency.pk in scoped_agency_ids(user, {Role.AGENCY_OFFICER, Role.AGENCY_LEADER})


def can_view_agency_people(user: AnyUser, agency: Agency) -> bool:
    return is_sector_manager(user) or agency.pk in scoped_agency_ids(user)


def people_visible_to(user: AnyUser, query: str = "") -> QuerySet[Person]:
    """The people ``user`` may see, matching ``query``."""
    if not user.is_authenticated:
        return Person.objects.none()
    if is_sector_manager(user):
        return person_list(query=query)
    return person_list(query=query, agency_ids=scoped_agency_ids(user))


def can_view_person(user: AnyUser, person: Person) -> bool:
    return people_visible_to(user).filter(pk=person.pk).exists()
