"""Writes about accounts: users, role memberships and the log-in throttle."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from thidua.accounts.choices import Role
from thidua.accounts.models import LoginFailure, Membership, User
from thidua.accounts.services import (
    login_failure_record,
    login_is_throttled,
    login_success_record,
    membership_grant,
    user_create,
)
from thidua.audit.models import AuditEvent
from thidua.core.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings: Settings) -> Settings:
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    return settings


def fail(times: int, username: str = "lan", ip_address: str | None = "10.0.0.1") -> None:
    for _ in range(times):
        login_failure_record(username=username, ip_address=ip_address)


# user_create and membership_grant


def test_it_creates_a_user_with_a_hashed_password_and_one_audit_event(
    personas: Personas,
) -> None:
    before = AuditEvent.objects.count()

    user = user_create(
        actor=personas.system_admin,
        username="lan",
        password="mat-khau-dai-1",
        full_name="Trần Thị Lan",
        email="lan@example.vn",
    )

    user.refresh_from_db()
    assert user.check_password("mat-khau-dai-1")
    assert user.password != "mat-khau-dai-1"
    assert str(user) == "Trần Thị Lan"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="accounts.user.created", target_id=str(user.pk))
    assert event.actor == personas.system_admin
    assert event.payload == {"username": "lan"}
    assert "mat-khau" not in str(event.payload)


def test_it_grants_a_role_at_an_agency_with_one_audit_event(personas: Personas) -> None:
    user = user_create(actor=None, username="lan", password="mat-khau-dai-1")
    before = AuditEvent.objects.count()

    membership = membership_grant(
        actor=personas.system_admin, user=user, role=Role.AGENCY_OFFICER, agency=personas.own
    )

    assert (membership.user, membership.role, membership.agency) == (
        user,
        Role.AGENCY_OFFICER,
        personas.own,
    )
    assert membership.is_active
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="accounts.membership.granted", target_id=str(user.pk))
    assert (event.actor, event.agency, event.target_id) == (
        personas.system_admin,
        personas.own,
        str(user.pk),
    )
    assert event.payload == {"role": "agency_officer"}


def test_granting_a_role_again_reactivates_the_one_membership(personas: Personas) -> None:
    user = user_create(actor=None, username="lan", password="mat-khau-dai-1")
    membership = membership_grant(
        actor=None, user=user, role=Role.AGENCY_LEADER, agency=personas.own
    )
    Membership.objects.filter(pk=membership.pk).update(is_active=False)

    again = membership_grant(actor=None, user=user, role=Role.AGENCY_LEADER, agency=personas.own)

    assert again.pk == membership.pk
    assert Membership.objects.get(pk=membership.pk).is_active
    assert Membership.objects.filter(user=user).count() == 1


def test_a_system_administrator_role_needs_no_agency(db: None) -> None:
    user = user_create(actor=None, username="admin2", password="mat-khau-dai-1")

    membership = membership_grant(actor=None, user=user, role=Role.SYSTEM_ADMIN)

    assert membership.agency is None


# The log-in throttle


def test_a_username_is_not_throttled_below_the_limit(limits: Settings) -> None:
    fail(2)

    assert not login_is_throttled(username="lan", ip_address="10.0.0.1")


def test_a_username_is_throttled_after_the_limit_of_failures(limits: Settings) -> None:
    fail(3)

    assert login_is_throttled(username="lan", ip_address=None)
    assert login_is_throttled(username="LAN", ip_address="10.9.9.9")
    assert not login_is_throttled(username="hoa", ip_address=None)


def test_failures_count_for_a_username_whatever_its_case_or_address(
    limits: Settings,
) -> None:
    login_failure_record(username="Lan", ip_address="10.0.0.1")
    login_failure_record(username="LAN", ip_address="10.0.0.2")
    login_failure_record(username="lan", ip_address=None)

    assert login_is_throttled(username="lan", ip_address=None)


def test_an_address_is_throttled_after_four_times_the_limit_across_usernames(
    limits: Settings,
) -> None:
    for n in range(11):
        login_failure_record(username=f"user{n}", ip_address="10.0.0.1")
    assert not login_is_throttled(username="new", ip_address="10.0.0.1")

    login_failure_record(username="user11", ip_address="10.0.0.1")

    assert login_is_throttled(username="new", ip_address="10.0.0.1")
    assert not login_is_throttled(username="new", ip_address="10.0.0.2")
    assert not login_is_throttled(username="new", ip_address=None)


def test_a_successful_log_in_clears_the_users_failures(limits: Settings) -> None:
    user = user_create(actor=None, username="Lan", password="mat-khau-dai-1")
    fail(3)
    login_failure_record(username="hoa", ip_address=None)
    assert login_is_throttled(username="lan", ip_address=None)

    login_success_record(user=user, ip_address="10.0.0.1")

    assert not login_is_throttled(username="lan", ip_address=None)
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["hoa"]


def test_failures_older_than_the_window_no_longer_count(limits: Settings) -> None:
    fail(3)
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(seconds=601))

    assert not login_is_throttled(username="lan", ip_address="10.0.0.1")

    fail(2)
    assert not login_is_throttled(username="lan", ip_address="10.0.0.1")
    fail(1)
    assert login_is_throttled(username="lan", ip_address="10.0.0.1")


def test_failures_just_inside_the_window_still_count(limits: Settings) -> None:
    fail(3)
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(seconds=590))

    assert login_is_throttled(username="lan", ip_address=None)


def test_the_limit_comes_from_the_settings(settings: Settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 1

    login_failure_record(username="lan", ip_address=None)

    assert login_is_throttled(username="lan", ip_address=None)


def test_a_failed_log_in_is_audited_once_without_an_actor(db: None) -> None:
    login_failure_record(username="Lan", ip_address="10.0.0.1")

    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == ("accounts.login.failed", None)
    assert event.payload == {"username": "Lan", "ip": "10.0.0.1"}


def test_a_successful_log_in_is_audited_once_naming_the_user(db: None) -> None:
    user = user_create(actor=None, username="lan", password="mat-khau-dai-1")
    before = AuditEvent.objects.count()

    login_success_record(user=user, ip_address=None)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="accounts.login.succeeded")
    assert (event.actor, event.target_id) == (user, str(user.pk))


def test_an_outsider_gets_no_membership_from_a_grant_to_someone_else(
    personas: Personas,
) -> None:
    lan = user_create(actor=None, username="lan", password="mat-khau-dai-1")

    membership_grant(actor=personas.system_admin, user=lan, role=Role.VIEWER, agency=personas.own)

    assert not Membership.objects.filter(user=personas.outsider, agency=personas.own).exists()
    assert User.objects.get(username="outsider").memberships.get().agency == personas.other
