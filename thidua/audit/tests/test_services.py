"""The single writer of the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from thidua.audit.models import AuditEvent
from thidua.audit.services import audit_record
from thidua.core.testing import Personas
from thidua.organizations.models import Agency

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what_to_which_object_in_which_agency(personas: Personas) -> None:
    event = audit_record(
        actor=personas.member_officer,
        action="organizations.agency.updated",
        target=personas.own,
        agency=personas.own,
        payload={"before": {"name": "Tên cũ"}},
    )

    event.refresh_from_db()
    assert event.actor == personas.member_officer
    assert event.action == "organizations.agency.updated"
    assert event.target_type == ContentType.objects.get_for_model(Agency)
    assert event.target_id == str(personas.own.pk)
    assert event.target_repr == "Sở Công Thương tỉnh An Giang"
    assert event.agency == personas.own
    assert event.payload == {"before": {"name": "Tên cũ"}}
    assert event.at is not None
    assert str(event) == "organizations.agency.updated Sở Công Thương tỉnh An Giang"


def test_it_writes_exactly_one_row(personas: Personas) -> None:
    before = AuditEvent.objects.count()

    audit_record(actor=personas.viewer, action="core.thing.looked_at")

    assert AuditEvent.objects.count() == before + 1


def test_an_anonymous_visitor_is_recorded_as_no_actor(personas: Personas) -> None:
    event = audit_record(actor=personas.anonymous, action="accounts.login.failed")

    assert event.actor is None


def test_the_system_itself_is_recorded_as_no_actor(db: None) -> None:
    event = audit_record(actor=None, action="organizations.agencies.imported")

    assert (event.actor, event.target_type, event.target_id, event.target_repr) == (
        None,
        None,
        "",
        "",
    )
    assert event.payload == {}


@pytest.mark.parametrize("action", ["created", "agency.created", ""])
def test_it_refuses_an_action_not_named_app_entity_verb(action: str) -> None:
    with pytest.raises(ValueError, match=r"<app>\.<entity>\.<verb>"):
        audit_record(actor=None, action=action)

    assert AuditEvent.objects.count() == 0


def test_it_cuts_a_long_target_description_to_fit(personas: Personas) -> None:
    personas.own.name = "Đ" * 400

    event = audit_record(actor=None, action="organizations.agency.updated", target=personas.own)

    assert event.target_repr == "Đ" * 300


def test_it_stores_dates_and_decimals_in_the_payload(db: None) -> None:
    event = audit_record(
        actor=None,
        action="organizations.position.added",
        payload={"from": dt.date(2025, 7, 1), "amount": Decimal("1.5"), "to": None},
    )

    event.refresh_from_db()
    assert event.payload == {"from": "2025-07-01", "amount": "1.5", "to": None}


def test_the_newest_event_comes_first(db: None) -> None:
    first = audit_record(actor=None, action="core.thing.first")
    second = audit_record(actor=None, action="core.thing.second")

    assert list(AuditEvent.objects.all()) == [second, first]
