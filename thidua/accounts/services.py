"""Writes about accounts: users, roles, and the log-in throttle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import LoginFailure, Membership, User
from thidua.audit.services import audit_record


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str, full_name: str = "", email: str = ""
) -> User:
    """Create a user account."""
    user = User(username=username, full_name=full_name, email=email)
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor, action="accounts.user.created", target=user, payload={"username": username}
    )
    return user


@transaction.atomic
def membership_grant(*, actor: Any, user: User, role: Role, agency: Any = None) -> Membership:
    """Give ``user`` ``role`` at ``agency`` (none for a system administrator)."""
    membership, _created = Membership.objects.update_or_create(
        user=user, role=role, agency=agency, defaults={"is_active": True}
    )
    audit_record(
        actor=actor,
        action="accounts.membership.granted",
        target=user,
        agency=agency,
        payload={"role": role.value},
    )
    return membership


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_is_throttled(*, username: str, ip_address: str | None) -> bool:
    """True when too many recent failures came for this username or from this address."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    limit = settings.LOGIN_FAILURE_LIMIT
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    return ip_address is not None and recent.filter(ip_address=ip_address).count() >= limit * 4


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> None:
    """Count a failed log-in (audited without an actor: nobody is signed in)."""
    LoginFailure.objects.create(username=username.lower(), ip_address=ip_address)
    audit_record(
        actor=None, action="accounts.login.failed", payload={"username": username, "ip": ip_address}
    )


@transaction.atomic
def login_success_record(*, user: User, ip_address: str | None) -> None:
    """Clear the user's failures and audit the log-in."""
    LoginFailure.objects.filter(username=user.username.lower()).delete()
    audit_record(
        actor=user, action="accounts.login.succeeded", target=user, payload={"ip": ip_address}
    )
