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
from thidua.emulation.selectors import group_year_get
from thidua.organizations.models import Agency
from thidua.scoring.models import ReviewAssignment, ReviewScore, SelfAssessment


def can_view_table(user: AnyUser, group_year: GroupYear) -> bool:
    return can_view_group_year(user, group_year)


def visible_group_year(user: AnyUser, code: str, year: int) -> GroupYear | None:
    """The group's year if ``user`` may see it (every scoring page and endpoint starts here;
    ``None`` is a 404 for the caller)."""
    group_year = group_year_get(code, year)
    if group_year is None or not can_view_table(user, group_year):
        return None
    return group_year


def can_edit_table(user: AnyUser, group_year: GroupYear) -> bool:
    return is_cluster_leader(user, group_year)


def can_view_conduct(user: AnyUser, group_year: GroupYear) -> bool:
    return can_view_group_year(user, group_year)


def can_edit_conduct(user: AnyUser, agency: Agency) -> bool:
    """The agency's own officers and leader, and sector managers, record its conduct facts."""
    if is_sector_manager(user):
        return True
    return agency.pk in agency_ids_with_role(user, {Role.AGENCY_OFFICER, Role.AGENCY_LEADER})


# Self-assessment, cross-review and ranking.
#
# Whoever may see the group's year sees the self-assessments, the reviews and the results of
# its members (the cluster works in the open); to others they do not exist (404). A member's
# officers and leader draft its self-assessment; only its leader submits it. A reviewer
# agency's officers and leader propose scores on the units assigned to it; the reviewed unit's
# officers and leader respond. The cluster leader (and system administrators) chooses the
# review mode, reopens a submitted self-assessment, consolidates, records disqualifier findings
# and publishes or corrects the ranking.

_OWN_ROLES = {Role.AGENCY_OFFICER, Role.AGENCY_LEADER}


def can_view_assessment(user: AnyUser, assessment: SelfAssessment) -> bool:
    return can_view_group_year(user, assessment.table.group_year)


def can_edit_assessment(user: AnyUser, assessment: SelfAssessment) -> bool:
    """The unit's own officers and leader draft its self-assessment."""
    return assessment.agency_id in agency_ids_with_role(user, _OWN_ROLES)


def can_submit_assessment(user: AnyUser, assessment: SelfAssessment) -> bool:
    """Only the unit's leader (head) submits it."""
    return assessment.agency_id in agency_ids_with_role(user, {Role.AGENCY_LEADER})


def can_lead_scoring(user: AnyUser, group_year: GroupYear) -> bool:
    """The cluster leader's acts: review mode, reopening, consolidation, findings, publication."""
    return is_cluster_leader(user, group_year)


def can_review(user: AnyUser, assignment: ReviewAssignment) -> bool:
    return assignment.reviewer_id in agency_ids_with_role(user, _OWN_ROLES)


def can_respond(user: AnyUser, score: ReviewScore) -> bool:
    return score.assignment.assessment.agency_id in agency_ids_with_role(user, _OWN_ROLES)
