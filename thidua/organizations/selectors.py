"""Reads of agencies, lineage and people."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from thidua.core.collation import vietnamese_order
from thidua.core.text import fold
from thidua.organizations.models import Agency, LineageEvent, Person, Position, Province

_Successors = LineageEvent.successors.through
_Predecessors = LineageEvent.predecessors.through


def _walk(start_ids: set[int], *, forward: bool) -> set[int]:
    """Ids reachable from ``start_ids`` through lineage, one query pair per generation."""
    seen: set[int] = set()
    frontier = set(start_ids)
    src, dst = (_Predecessors, _Successors) if forward else (_Successors, _Predecessors)
    while frontier:
        event_ids = src.objects.filter(agency_id__in=frontier).values_list(
            "lineageevent_id", flat=True
        )
        found = set(
            dst.objects.filter(lineageevent_id__in=list(event_ids)).values_list(
                "agency_id", flat=True
            )
        )
        frontier = found - seen - start_ids
        seen |= frontier
    return seen


def agency_predecessors(agency: Agency) -> QuerySet[Agency]:
    """Every agency that became ``agency``, transitively (not ``agency`` itself)."""
    return Agency.objects.filter(pk__in=_walk({agency.pk}, forward=False))


def agency_successors(agency: Agency) -> QuerySet[Agency]:
    """Every agency that ``agency`` became, transitively (not ``agency`` itself)."""
    return Agency.objects.filter(pk__in=_walk({agency.pk}, forward=True))


def agency_as_of(agency: Agency, day: dt.date) -> list[Agency]:
    """Which agency (or agencies, after a split or before a merge) ``agency`` was on ``day``.

    ``agency`` itself when it existed that day; otherwise its successors (for a later day) or
    predecessors (for an earlier day) that existed that day, nearest generation first.
    """
    if agency.is_active_on(day):
        return [agency]
    later = agency.valid_to is not None and day > agency.valid_to
    frontier = {agency.pk}
    seen = {agency.pk}
    src, dst = (_Predecessors, _Successors) if later else (_Successors, _Predecessors)
    while frontier:
        event_ids = list(
            src.objects.filter(agency_id__in=frontier).values_list("lineageevent_id", flat=True)
        )
        ids = (
            set(
                dst.objects.filter(lineageevent_id__in=event_ids).values_list(
                    "agency_id", flat=True
                )
            )
            - seen
        )
        generation = list(Agency.objects.filter(pk__in=ids).order_by("name"))
        hits = [a for a in generation if a.is_active_on(day)]
        if hits:
            return hits
        seen |= ids
        frontier = ids
    return []


def agency_lineage_events(agency: Agency) -> QuerySet[LineageEvent]:
    """Events touching ``agency`` or any agency in its lineage, oldest first (the timeline)."""
    ids = {agency.pk} | _walk({agency.pk}, forward=True) | _walk({agency.pk}, forward=False)
    return (
        LineageEvent.objects.filter(Q(predecessors__in=ids) | Q(successors__in=ids))
        .distinct()
        .prefetch_related("predecessors", "successors")
        .order_by("date", "id")
    )


def agency_positions(agency: Agency, *, on: dt.date | None = None) -> QuerySet[Position]:
    """Positions held in ``agency`` (only those covering ``on`` when given)."""
    positions = Position.objects.filter(agency=agency).select_related("person")
    if on is not None:
        positions = positions.filter(
            Q(to_date__isnull=True) | Q(to_date__gte=on), from_date__lte=on
        )
    return positions.order_by(
        vietnamese_order("person__full_name", folded_field="person__search_key"), "from_date"
    )


def person_list(*, query: str = "", agency_ids: set[int] | None = None) -> QuerySet[Person]:
    """People matching a diacritic-insensitive ``query``; only those who held a position in
    one of ``agency_ids`` when it is given."""
    people = Person.objects.order_by(vietnamese_order("full_name"), "code")
    if query:
        for word in fold(query).split():
            people = people.filter(search_key__contains=word)
    if agency_ids is not None:
        people = people.filter(
            pk__in=Position.objects.filter(agency_id__in=agency_ids).values("person_id")
        )
    return people


def province_on(code: str, day: dt.date) -> Province | None:
    """The province that bore ``code`` on ``day`` (codes were reused after 01/07/2025)."""
    for province in Province.objects.filter(code=code).order_by("-valid_from"):
        if province.is_valid_on(day):
            return province
    return None


def agency_search_key(code: str, name: str, short_name: str) -> str:
    """The stored key that diacritic-insensitive search matches against."""
    return fold(f"{name} {short_name} {code}")
