"""The single entry point that writes the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from thidua.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    agency: Any = None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` (``<app>.<entity>.<past-participle>``) to ``target``.

    Call it inside the service's transaction so that the event and the change land together.
    ``actor`` may be ``None`` for the system itself or an anonymous visitor.
    """
    if action.count(".") < 2:
        raise ValueError(f"audit action {action!r} must be <app>.<entity>.<verb>")
    event = AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        agency=agency,
        payload=payload or {},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:300]
    event.save()
    return event
