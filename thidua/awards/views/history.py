"""Timelines of the commendation history (quá trình khen thưởng) of a person and of an agency.

A timeline groups the records by year: awards, ratings, initiatives, and disciplines and
blockers with their periods; a revoked record stays, struck, with both decisions; an agency's
timeline also holds its earlier codes' records (its own) and its predecessors' (inherited,
labelled). ``?format=xlsx`` downloads the same records as a workbook. Someone who may not read
the history gets a 404, as for any object they may not see.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from thidua.awards import permissions, selectors
from thidua.awards.choices import RecipientType
from thidua.awards.exports import XLSX, records_workbook
from thidua.awards.models import CommendationRecord
from thidua.organizations.models import Agency, Person

CHECKS_SHOWN = 50


def _xlsx(records: list[CommendationRecord], name: str) -> HttpResponse:
    response = HttpResponse(records_workbook(records), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
    return response


def _eligibility_form(code: str, recipient_type: RecipientType) -> dict[str, object]:
    """What the "Xét điều kiện" form needs: the titles this recipient may get, a default year."""
    return {
        "recipient": code,
        "recipient_type": recipient_type.value,
        "awards": selectors.awards_for(recipient_type),
        "year": dt.date.today().year,
    }


def _wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


@login_required
@require_GET
def person_history(request: HttpRequest, code: str) -> HttpResponse:
    """A person's timeline, with positions and stored verdicts (``?format=xlsx``: a workbook)."""
    person = get_object_or_404(Person, code=code)
    if not permissions.can_view_person_history(request.user, person):
        raise Http404
    rows = selectors.person_history_rows(person)
    if _wants_xlsx(request):
        return _xlsx([row.record for row in rows], f"qua-trinh-khen-thuong-{person.code}")
    context = {
        "person": person,
        "years": selectors.group_by_year(rows),
        "count": len(rows),
        "positions": person.positions.select_related("agency").order_by("from_date"),
        "checks": selectors.eligibility_checks_of(person)[:CHECKS_SHOWN],
        "eligibility": _eligibility_form(person.code, RecipientType.PERSON),
    }
    return render(request, "awards/person_history.html", context)


@login_required
@require_GET
def agency_history(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's timeline with its lineage (``?format=xlsx``: a workbook)."""
    agency = get_object_or_404(Agency, code=code)
    if not permissions.can_view_agency_history(request.user, agency):
        raise Http404
    history = selectors.agency_history(agency)
    if _wants_xlsx(request):
        return _xlsx(history.records, f"qua-trinh-khen-thuong-{agency.code}")
    context = {
        "agency": agency,
        "history": history,
        "earlier": [s for s in history.sources if s.relation != selectors.Relation.OWN],
        "years": selectors.group_by_year(history.rows),
        "count": len(history.rows),
        "checks": selectors.eligibility_checks_of(agency)[:CHECKS_SHOWN],
        "eligibility": _eligibility_form(agency.code, RecipientType.COLLECTIVE),
    }
    return render(request, "awards/agency_history.html", context)


urlpatterns: list[URLPattern] = [
    path("ca-nhan/<str:code>/", person_history, name="person_history"),
    path("don-vi/<str:code>/", agency_history, name="agency_history"),
]
