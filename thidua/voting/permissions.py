"""Who may see and run ballot sessions.

A cluster's session is part of the cluster's year: whoever may see the year (sector managers
and anyone holding a role in a member agency) sees the session, its voter list with who has
checked in, and — once published — its result; to others it does not exist (404). The
cluster leader (the leading member's officers and leader, and system administrators) prepares,
opens, closes and publishes it. A council's session is seen by sector managers, the council's
members and the users on its voter list, and run by sector managers.

A voter checks in only for their own entry of the list: the named user, or — for a unit's
entry without a named user — the unit's leader or emulation officers. In paper mode the
organiser records attendance instead, and the paper ballots are counted by two different
people among the organisers and the voting units' officers and leaders.

Nobody, the organiser and system administrators included, can see who voted for whom: no
table holds it (docs/workflows/voting.md).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from thidua.accounts.choices import Role
from thidua.accounts.selectors import AnyUser, agency_ids_with_role, is_sector_manager
from thidua.emulation.models import GroupYear
from thidua.emulation.permissions import (
    can_view_group_year,
    group_years_visible_to,
    is_cluster_leader,
)
from thidua.voting.choices import Body, Mode, SessionState
from thidua.voting.models import BallotSession, Voter

_UNIT_ROLES = {Role.AGENCY_OFFICER, Role.AGENCY_LEADER}


def sessions_visible_to(user: AnyUser) -> QuerySet[BallotSession]:
    sessions = BallotSession.objects.select_related("group_year__group", "council")
    if not user.is_authenticated:
        return sessions.none()
    if is_sector_manager(user):
        return sessions
    councils = agency_ids_with_role(user, {Role.COUNCIL_MEMBER})
    return sessions.filter(
        Q(group_year__in=group_years_visible_to(user))
        | Q(council_id__in=councils)
        | Q(body=Body.COUNCIL, voters__user_id=user.pk)
    ).distinct()


def can_view_session(user: AnyUser, session: BallotSession) -> bool:
    if not user.is_authenticated:
        return False
    if session.body == Body.CLUSTER:
        assert session.group_year is not None
        return can_view_group_year(user, session.group_year)
    if is_sector_manager(user):
        return True
    if session.council_id in agency_ids_with_role(user, {Role.COUNCIL_MEMBER}):
        return True
    return session.voters.filter(user_id=user.pk).exists()


def can_create_session(user: AnyUser, group_year: GroupYear) -> bool:
    return is_cluster_leader(user, group_year)


def can_create_council_session(user: AnyUser) -> bool:
    return is_sector_manager(user)


def can_manage_session(user: AnyUser, session: BallotSession) -> bool:
    """Prepare, open, close, record paper attendance, settle ties and publish."""
    if session.body == Body.CLUSTER:
        assert session.group_year is not None
        return is_cluster_leader(user, session.group_year)
    return is_sector_manager(user)


def own_voters(user: AnyUser, session: BallotSession) -> list[Voter]:
    """The entries of the voter list that ``user`` may check in for."""
    if not user.is_authenticated:
        return []
    units = agency_ids_with_role(user, _UNIT_ROLES)
    return list(
        session.voters.filter(
            Q(user_id=user.pk) | Q(user__isnull=True, agency_id__in=units)
        ).select_related("agency")
    )


def can_check_in(user: AnyUser, voter: Voter) -> bool:
    """Electronic mode: the voter themselves; paper mode: the organiser records attendance."""
    if voter.session.mode == Mode.PAPER:
        return can_manage_session(user, voter.session)
    return voter in own_voters(user, voter.session)


def can_cast(user: AnyUser, session: BallotSession) -> bool:
    """Whoever may see the session may hand in a token: the token is the credential, and the
    cast is not tied to the account that submits it."""
    return can_view_session(user, session)


def can_count(user: AnyUser, session: BallotSession) -> bool:
    """Tellers of paper ballots: the organisers, and the voting units' officers and leaders
    (or named voters)."""
    if can_manage_session(user, session):
        return True
    return bool(own_voters(user, session))


def can_view_result(user: AnyUser, session: BallotSession) -> bool:
    """The published result for everyone who sees the session; the organiser also sees the
    count (to check it, settle ties and publish) once voting is closed."""
    if session.state == SessionState.PUBLISHED:
        return can_view_session(user, session)
    if session.state == SessionState.CLOSED:
        return can_manage_session(user, session)
    return False


def can_record_written_vote(user: AnyUser, session: BallotSession) -> bool:
    """The organiser (the session's secretary) records the written votes of absent voters."""
    return can_manage_session(user, session)


def can_view_written_choices(user: AnyUser, session: BallotSession) -> bool:
    """Who sent a written vote is public to whoever sees the session; what it chose (and the
    scanned letter) the organiser sees, and everyone who sees the session once the result is
    published — as the minutes show it. Until then nobody else learns it mid-vote."""
    if can_manage_session(user, session):
        return True
    return session.state == SessionState.PUBLISHED and can_view_session(user, session)
