"""Reads of the commendation history."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from thidua.awards.models import CommendationRecord


def revoked_q(as_of: dt.date | None = None) -> Q:
    """Records revoked (on ``as_of`` when given: a dated revocation counts from its date)."""
    revoked = ~Q(revoked_by_decision="")
    if as_of is None:
        return revoked
    return revoked & (Q(revoked_on__isnull=True) | Q(revoked_on__lte=as_of))


def records_in_force(as_of: dt.date | None = None) -> QuerySet[CommendationRecord]:
    """Records not revoked (as of ``as_of`` when given)."""
    return CommendationRecord.objects.exclude(revoked_q(as_of))
