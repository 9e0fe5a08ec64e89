"""Read API of blocks and clusters by year (/api/v1/clusters/): the same visibility as the pages.

A group's year is visible to sector managers and to anyone holding a role in one of its member
agencies (``permissions.group_years_visible_to`` / ``can_view_group_year``); to anyone else it
does not exist (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from thidua.emulation import permissions, selectors
from thidua.emulation.choices import MemberRole
from thidua.emulation.models import Decision, GroupMember, GroupYear

router = Router(tags=["clusters"])


def _role_code(group_year: GroupYear, role: MemberRole) -> str | None:
    for member in group_year.members.all():  # prefetched by the list; one query otherwise
        if member.role == role:
            return member.agency.code
    return None


class ClusterOut(Schema):
    """Khối, cụm thi đua của năm — a block or cluster in one year."""

    code: str
    name: str
    kind: str
    year: int
    leader_code: str | None
    deputy_code: str | None

    @staticmethod
    def resolve_code(obj: GroupYear) -> str:
        return obj.group.code

    @staticmethod
    def resolve_name(obj: GroupYear) -> str:
        return obj.group.name

    @staticmethod
    def resolve_kind(obj: GroupYear) -> str:
        return obj.group.kind

    @staticmethod
    def resolve_leader_code(obj: GroupYear) -> str | None:
        return _role_code(obj, MemberRole.LEADER)

    @staticmethod
    def resolve_deputy_code(obj: GroupYear) -> str | None:
        return _role_code(obj, MemberRole.DEPUTY)


class MemberOut(Schema):
    agency_code: str
    agency_name: str
    role: str
    rotation_order: int

    @staticmethod
    def resolve_agency_code(obj: GroupMember) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_agency_name(obj: GroupMember) -> str:
        return obj.agency.name


class DecisionOut(Schema):
    """A decision behind the year's grouping (``grouping``) or its leader and deputy
    (``leadership``)."""

    purpose: Literal["grouping", "leadership"]
    number: str
    issued_on: dt.date
    issuer_code: str
    summary: str


class ClusterDetailOut(ClusterOut):
    members: list[MemberOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_members(obj: GroupYear) -> list[GroupMember]:
        return list(selectors.group_members(obj))

    @staticmethod
    def resolve_decisions(obj: GroupYear) -> list[DecisionOut]:
        pairs: list[tuple[Literal["grouping", "leadership"], Decision | None]] = [
            ("grouping", obj.decision),
            ("leadership", obj.leadership_decision),
        ]
        return [
            DecisionOut(
                purpose=purpose,
                number=decision.number,
                issued_on=decision.issued_on,
                issuer_code=decision.issuer.code,
                summary=decision.summary,
            )
            for purpose, decision in pairs
            if decision is not None
        ]


class ClusterQuery(Schema):
    year: int | None = None


@router.get("/", response=list[ClusterOut])
def cluster_list(request: HttpRequest, params: Query[ClusterQuery]) -> list[GroupYear]:
    """The blocks and clusters the caller may see, newest year first."""
    years = permissions.group_years_visible_to(request.user, year=params.year)
    return list(years.prefetch_related("members__agency"))


@router.get("/{code}/{year}", response=ClusterDetailOut)
def cluster_detail(request: HttpRequest, code: str, year: int) -> GroupYear:
    """One block or cluster in one year, with its members and decisions."""
    group_year = selectors.group_year_get(code, year)
    if group_year is None or not permissions.can_view_group_year(request.user, group_year):
        raise Http404
    return group_year
