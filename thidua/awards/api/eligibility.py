"""``GET /api/v1/eligibility``: the verdict object of the ``eligibility`` command, for one
candidate the user may see (anyone else's is a 404, like an unknown code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from thidua.awards.eligibility import evaluate_one
from thidua.awards.eligibility.engine import EligibilityError, award_by_code, find_recipient
from thidua.awards.permissions import can_view_history_of

router = Router(tags=["awards"])


@router.get(
    "",
    response=dict[str, Any],
    url_name="eligibility",
    summary="Xét điều kiện khen thưởng của một đối tượng",
)
def eligibility(
    request: HttpRequest,
    award: str,
    year: int,
    recipient: str,
    as_of: dt.date | None = None,
    recipient_type: str | None = None,
) -> dict[str, Any]:
    title = award_by_code(award)
    try:
        found = find_recipient(title, recipient, recipient_type)
    except EligibilityError as error:
        if error.field == "recipient":
            raise Http404 from None
        raise
    if not can_view_history_of(request.user, found):
        raise Http404
    result = evaluate_one(
        award=title, year=year, recipient=found, as_of=as_of or timezone.localdate()
    )
    return result.as_json()
