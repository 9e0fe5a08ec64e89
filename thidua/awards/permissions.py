"""Who may read the commendation history and the verdicts computed over it.

History is personal data and includes open investigations (blockers), so it is scoped like the
people of the directory: sector managers (ministry officers, system administrators) read all of
it; anyone else reads the history of the agencies where they hold a role (with those agencies'
predecessors) and of the people who have held a position there. The rule catalogue is read by
every signed-in user. A stored verdict is saved by the emulation officers and leaders of the
recipient's agency and by sector managers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from thidua.accounts.choices import Role
from thidua.accounts.selectors import AnyUser, is_sector_manager
from thidua.awards.models import CommendationDecision, CommendationRecord, Proposal
from thidua.emulation.models import GroupYear
from thidua.emulation.permissions import (
    can_view_group_year,
    group_years_visible_to,
    is_cluster_leader,
)
from thidua.organizations.models import Agency, Person
from thidua.organizations.permissions import can_view_person, people_visible_to, scoped_agency_ids

PROPOSER_ROLES: set[str] = {Role.AGENCY_OFFICER, Role.AGENCY_LEADER}


def can_read_rules(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_agency_history(user: AnyUser, agency: Agency) -> bool:
    return agency.pk in agencies_with_visible_history(user, [agency])


def agencies_with_visible_history(user: AnyUser, agencies: Iterable[Agency]) -> set[int]:
    """Ids among ``agencies`` whose history ``user`` may read (a page of results at once)."""
    if not (user.is_authenticated and user.is_active):
        return set()
    ids = {agency.pk for agency in agencies}
    return ids if is_sector_manager(user) else ids & scoped_agency_ids(user)


def can_view_person_history(user: AnyUser, person: Person) -> bool:
    return bool(user.is_authenticated and user.is_active) and can_view_person(user, person)


def can_view_history_of(user: AnyUser, recipient: Agency | Person) -> bool:
    if isinstance(recipient, Person):
        return can_view_person_history(user, recipient)
    return can_view_agency_history(user, recipient)


def can_save_check(user: AnyUser, recipient: Agency | Person) -> bool:
    """Whether ``user`` may keep a verdict for ``recipient`` (to support a proposal)."""
    if not can_view_history_of(user, recipient):
        return False
    if is_sector_manager(user):
        return True
    proposer_scope = scoped_agency_ids(user, PROPOSER_ROLES)
    if isinstance(recipient, Agency):
        return recipient.pk in proposer_scope
    return recipient.positions.filter(agency_id__in=proposer_scope).exists()


def records_visible_to(user: AnyUser) -> QuerySet[CommendationRecord]:
    """The history records ``user`` may read."""
    records = CommendationRecord.objects.all()
    if not (user.is_authenticated and user.is_active):
        return records.none()
    if is_sector_manager(user):
        return records
    return records.filter(
        Q(agency_id__in=scoped_agency_ids(user))
        | Q(person_id__in=people_visible_to(user).values("pk"))
    )


# --- Proposals and decisions ---------------------------------------------------------------
#
# The cluster's leading member (its officers and leader) prepares and sends the proposal and
# sees its whole dossier; sector managers review it and decide; the other members see their
# cluster's proposal and its status (not the dossier's files); anyone else: 404.


def _proposal_group_year(proposal: Proposal) -> GroupYear:
    group_year: GroupYear = proposal.group_year
    return group_year


def can_view_proposal(user: AnyUser, proposal: Proposal) -> bool:
    """Whether ``user`` may see that the proposal exists and its status."""
    if not (user.is_authenticated and user.is_active):
        return False
    return can_view_group_year(user, _proposal_group_year(proposal))


def can_prepare_proposal(user: AnyUser, group_year: GroupYear) -> bool:
    """The leading member's officers and leader (and system administrators)."""
    return bool(user.is_authenticated and user.is_active) and is_cluster_leader(user, group_year)


def can_edit_proposal(user: AnyUser, proposal: Proposal) -> bool:
    """Prepare, correct and send: the leading member's officers and leader."""
    return can_prepare_proposal(user, _proposal_group_year(proposal))


def can_view_dossier(user: AnyUser, proposal: Proposal) -> bool:
    """The dossier's documents and reports: the leading member and sector managers."""
    return can_edit_proposal(user, proposal) or (
        bool(user.is_authenticated and user.is_active) and is_sector_manager(user)
    )


def can_review_proposal(user: AnyUser, proposal: Proposal | None = None) -> bool:
    """Accept or return a proposal, organise the council's vote: sector managers."""
    return bool(user.is_authenticated and user.is_active) and is_sector_manager(user)


def can_decide(user: AnyUser) -> bool:
    """Draft, issue and revoke commendation decisions: sector managers."""
    return bool(user.is_authenticated and user.is_active) and is_sector_manager(user)


def can_view_decision(user: AnyUser, decision: CommendationDecision) -> bool:
    if can_decide(user):
        return True
    return decision.proposal is not None and can_view_proposal(user, decision.proposal)


def proposals_visible_to(user: AnyUser) -> QuerySet[Proposal]:
    """The proposals whose status ``user`` may see."""
    proposals = Proposal.objects.select_related("group_year__group", "proposer", "recipient")
    if not (user.is_authenticated and user.is_active):
        return proposals.none()
    if is_sector_manager(user):
        return proposals
    return proposals.filter(group_year__in=group_years_visible_to(user))
