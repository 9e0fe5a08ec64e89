"""Reads about users and their roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from thidua.accounts.choices import Role
from thidua.accounts.models import Membership, User

AnyUser = User | AnonymousUser


def user_roles(user: AnyUser) -> set[tuple[str, int | None]]:
    """Every active (role, agency id) pair of ``user``; cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cached: set[tuple[str, int | None]] | None = getattr(user, "_thidua_roles", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user, is_active=True).values_list("role", "agency_id")
        )
        user.__dict__["_thidua_roles"] = cached
    return cached


def is_system_admin(user: AnyUser) -> bool:
    """A system administrator (or a Django superuser) manages everything."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(role == Role.SYSTEM_ADMIN for role, _ in user_roles(user))


def is_ministry_officer(user: AnyUser) -> bool:
    """A ministry emulation officer works across the whole sector."""
    return any(role == Role.MINISTRY_OFFICER for role, _ in user_roles(user))


def is_sector_manager(user: AnyUser) -> bool:
    """System administrators and ministry officers manage sector-wide reference data."""
    return is_system_admin(user) or is_ministry_officer(user)


def agency_ids_with_role(user: AnyUser, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the agencies where ``user`` holds one of ``roles`` (any role when ``None``)."""
    wanted = set(roles) if roles is not None else None
    return {
        agency_id
        for role, agency_id in user_roles(user)
        if agency_id is not None and (wanted is None or role in wanted)
    }
