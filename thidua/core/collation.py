"""Vietnamese alphabetical order in queries.

PostgreSQL sorts by the ICU collation ``vi-x-icu`` (ă after a, đ after d, tones in order).
SQLite has no such collation, so there the folded search key is the sort key: accents are
ignored, which keeps related names together though not in exact dictionary order.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

VIETNAMESE_COLLATION = "vi-x-icu"


def vietnamese_order(field: str, *, folded_field: str = "search_key") -> Combinable:
    """An ``order_by`` expression that sorts ``field`` in Vietnamese order."""
    if connection.vendor == "postgresql":
        return Collate(F(field), VIETNAMESE_COLLATION)
    return F(folded_field)
