"""Reads of the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from thidua.audit.models import AuditEvent


def audit_events_for(target: models.Model, *, in_agency: bool = False) -> QuerySet[AuditEvent]:
    """Events about ``target``, newest first; with ``in_agency`` (``target`` being an agency)
    also the events recorded in that agency, such as a lineage event or a role granted there."""
    about = Q(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
    )
    if in_agency:
        about |= Q(agency_id=target.pk)
    return AuditEvent.objects.filter(about).select_related("actor", "agency")


def audit_events_all() -> QuerySet[AuditEvent]:
    """The whole trail, newest first."""
    return AuditEvent.objects.select_related("actor", "agency", "target_type")
