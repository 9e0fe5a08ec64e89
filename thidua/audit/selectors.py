"""Reads of the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from thidua.audit.models import AuditEvent


def audit_events_for(target: models.Model) -> QuerySet[AuditEvent]:
    """Events about ``target``, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
    ).select_related("actor")


def audit_events_all() -> QuerySet[AuditEvent]:
    """The whole trail, newest first."""
    return AuditEvent.objects.select_related("actor", "agency", "target_type")
