"""Shared test personas (DESIGN.md §4.10), built through the services like real data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser

PASSWORD = "persona-password-1"


@dataclass
class Personas:
    """Users in each role around one agency (``own``) and an unrelated one (``other``)."""

    own: Any
    other: Any
    ministry: Any
    anonymous: AnonymousUser
    viewer: Any
    outsider: Any
    member_officer: Any
    agency_leader: Any
    ministry_officer: Any
    system_admin: Any

    def all_named(self) -> dict[str, Any]:
        return {
            "anonymous": self.anonymous,
            "viewer": self.viewer,
            "outsider": self.outsider,
            "member_officer": self.member_officer,
            "agency_leader": self.agency_leader,
            "ministry_officer": self.ministry_officer,
            "system_admin": self.system_admin,
        }


def make_personas() -> Personas:
    from thidua.accounts.choices import Role
    from thidua.accounts.services import membership_grant, user_create
    from thidua.organizations.models import Province
    from thidua.organizations.services import AgencyValues, agency_create

    def agency(code: str, name: str, kind: str, province_code: str | None) -> Any:
        province = (
            Province.objects.filter(code=province_code, valid_to__isnull=True).first()
            if province_code
            else None
        )
        return agency_create(
            actor=None,
            values=AgencyValues(
                code=code,
                name=name,
                short_name="",
                kind=kind,
                province=province,
                parent=None,
                valid_from=dt.date(2025, 7, 1) if province_code else None,
                valid_to=None,
            ),
        )

    ministry = agency("P-BCT", "Bộ Công Thương", "ministry", None)
    own = agency("P-SCT-AG", "Sở Công Thương tỉnh An Giang", "provincial_department", "91")
    other = agency("P-SCT-CM", "Sở Công Thương tỉnh Cà Mau", "provincial_department", "96")

    def user(username: str, role: Role | None, at: Any) -> Any:
        account = user_create(actor=None, username=username, password=PASSWORD, full_name=username)
        if role is not None:
            membership_grant(actor=None, user=account, role=role, agency=at)
        return account

    return Personas(
        own=own,
        other=other,
        ministry=ministry,
        anonymous=AnonymousUser(),
        viewer=user("viewer", Role.VIEWER, ministry),
        outsider=user("outsider", Role.AGENCY_OFFICER, other),
        member_officer=user("member_officer", Role.AGENCY_OFFICER, own),
        agency_leader=user("agency_leader", Role.AGENCY_LEADER, own),
        ministry_officer=user("ministry_officer", Role.MINISTRY_OFFICER, ministry),
        system_admin=user("system_admin", Role.SYSTEM_ADMIN, None),
    )
