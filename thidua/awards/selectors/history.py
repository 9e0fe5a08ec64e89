"""Reads of the commendation history, of stored verdicts and of the rule catalogue.

The history of a person is the person's own records, wherever they worked. The history of an
agency (DOMAIN.md §5 "Identity") is its own records, those of its earlier codes (a ``rename`` or
``transfer`` keeps the agency's identity: they are its own too), and those of its ``merge`` or
``split`` predecessors, transitively, which it inherits. Each read costs a fixed handful of
queries whatever the number of records (one pair per generation of lineage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import groupby

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from thidua.awards.choices import (
    Recipients,
    RecordKind,
)
from thidua.awards.models import (
    AwardTitle,
    CommendationRecord,
    EligibilityCheck,
)
from thidua.organizations.choices import IDENTITY_KINDS, LineageKind
from thidua.organizations.models import Agency, LineageEvent, Person

_Successors = LineageEvent.successors.through
_Predecessors = LineageEvent.predecessors.through
KIND_ORDER = [
    RecordKind.AWARD,
    RecordKind.RATING,
    RecordKind.INITIATIVE,
    RecordKind.DISCIPLINE,
    RecordKind.BLOCKER,
]


def revoked_q(as_of: dt.date | None = None) -> Q:
    """Records revoked (on ``as_of`` when given: a dated revocation counts from its date)."""
    revoked = ~Q(revoked_by_decision="")
    if as_of is None:
        return revoked
    return revoked & (Q(revoked_on__isnull=True) | Q(revoked_on__lte=as_of))


def records_in_force(as_of: dt.date | None = None) -> QuerySet[CommendationRecord]:
    """Records not revoked (as of ``as_of`` when given)."""
    return CommendationRecord.objects.exclude(revoked_q(as_of))


# --- timelines ---------------------------------------------------------------------------------


class Relation(StrEnum):
    """How a record's agency relates to the agency whose history is read."""

    OWN = "own"  # the agency itself (or the person, for a person's history)
    IDENTITY = "identity"  # an earlier code of the same agency (rename, transfer): still its own
    PREDECESSOR = "predecessor"  # a merged or split predecessor: inherited


@dataclass(frozen=True)
class LineageSource:
    """An agency whose records belong to a history, and the event that links it (if any)."""

    agency: Agency
    relation: Relation
    event_kind: str = ""
    event_date: dt.date | None = None

    @property
    def event_label(self) -> str:
        return str(LineageKind(self.event_kind).label) if self.event_kind else ""


@dataclass(frozen=True)
class HistoryRow:
    """One record of a timeline, with where it comes from."""

    record: CommendationRecord
    relation: Relation = Relation.OWN
    source: Agency | None = None
    event_kind: str = ""
    event_date: dt.date | None = None

    @property
    def inherited(self) -> bool:
        """Whether the record is a predecessor's (not the agency's own)."""
        return self.relation == Relation.PREDECESSOR

    @property
    def event_label(self) -> str:
        return str(LineageKind(self.event_kind).label) if self.event_kind else ""

    @property
    def year(self) -> int | None:
        """The timeline year: the record's year, else the year its period starts."""
        record = self.record
        if record.year is not None:
            return record.year
        return record.start_date.year if record.start_date is not None else None

    @property
    def is_period(self) -> bool:
        return self.record.record_kind in (RecordKind.DISCIPLINE, RecordKind.BLOCKER)


@dataclass(frozen=True)
class YearGroup:
    year: int | None
    rows: list[HistoryRow]


@dataclass(frozen=True)
class AgencyHistory:
    """An agency's timeline: its rows, the agencies they come from, and its later codes."""

    agency: Agency
    rows: list[HistoryRow]
    sources: list[LineageSource]
    later_identities: list[Agency] = field(default_factory=list)

    @property
    def records(self) -> list[CommendationRecord]:
        return [row.record for row in self.rows]


def _kind_rank() -> Case:
    return Case(
        *(When(record_kind=kind, then=Value(rank)) for rank, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def _timeline_order(records: QuerySet[CommendationRecord]) -> QuerySet[CommendationRecord]:
    return records.order_by(
        Coalesce("year", ExtractYear("start_date")), _kind_rank(), "start_date", "id"
    )


def person_records(person: Person) -> QuerySet[CommendationRecord]:
    """Every record of ``person`` (all kinds, revoked included), by year then start date."""
    return _timeline_order(
        CommendationRecord.objects.filter(person=person).select_related("award", "person")
    )


def person_history_rows(person: Person) -> list[HistoryRow]:
    """``person``'s timeline rows (all of them the person's own)."""
    return [HistoryRow(record=record) for record in person_records(person)]


def agency_lineage_sources(agency: Agency) -> list[LineageSource]:
    """``agency`` and every agency whose records its history holds, nearest first.

    Walks the lineage backwards one generation at a time (two queries each), then reads the
    agencies found (one query). A predecessor reached only through renames and transfers is the
    agency's own identity; one reached through any merge or split is a predecessor whose
    records are inherited. The event kept for each is the one where it appears as a
    predecessor, except for an earlier code of a predecessor, which keeps the merger or split
    that brought that predecessor in.
    """
    found: dict[int, tuple[Relation, str, dt.date | None]] = {agency.pk: (Relation.OWN, "", None)}
    frontier = {agency.pk}
    while frontier:
        links = list(
            _Successors.objects.filter(agency_id__in=frontier).values_list(
                "lineageevent_id", "agency_id", "lineageevent__kind", "lineageevent__date"
            )
        )
        if not links:
            break
        # event → (relation it gives its predecessors, kind and date to show for them)
        events: dict[int, tuple[Relation, str, dt.date | None]] = {}
        for event_id, successor_id, kind, date in links:
            after = found[successor_id]
            entry: tuple[Relation, str, dt.date | None]
            if kind not in IDENTITY_KINDS:
                entry = (Relation.PREDECESSOR, kind, date)
            elif after[0] != Relation.PREDECESSOR:
                entry = (Relation.IDENTITY, kind, date)
            else:  # an earlier code of a predecessor: inherited through the same merger
                entry = after
            if event_id not in events or entry[0] == Relation.IDENTITY:
                events[event_id] = entry
        generation: dict[int, tuple[Relation, str, dt.date | None]] = {}
        for event_id, predecessor_id in _Predecessors.objects.filter(
            lineageevent_id__in=list(events)
        ).values_list("lineageevent_id", "agency_id"):
            if predecessor_id in found:
                continue
            given = events[event_id]
            current = generation.get(predecessor_id)
            if current is None or (
                current[0] == Relation.PREDECESSOR and given[0] == Relation.IDENTITY
            ):
                generation[predecessor_id] = given
        found.update(generation)
        frontier = set(generation)
    agencies = Agency.objects.in_bulk(list(found))
    return [
        LineageSource(agencies[pk], relation, kind, date)
        for pk, (relation, kind, date) in found.items()
    ]


def agency_later_identities(agency: Agency) -> list[Agency]:
    """The later codes of ``agency`` (renames and transfers after it), oldest first."""
    later: list[Agency] = []
    current_ids = {agency.pk}
    seen = {agency.pk}
    while current_ids:
        nxt = list(
            Agency.objects.filter(
                lineage_as_successor__kind__in=IDENTITY_KINDS,
                lineage_as_successor__predecessors__in=current_ids,
            )
            .exclude(pk__in=seen)
            .distinct()
            .order_by("valid_from", "code")
        )
        later.extend(nxt)
        current_ids = {a.pk for a in nxt}
        seen |= current_ids
    return later


def agency_history(agency: Agency) -> AgencyHistory:
    """``agency``'s timeline with its lineage: own, earlier-code and inherited records."""
    sources = agency_lineage_sources(agency)
    by_id = {source.agency.pk: source for source in sources}
    records = _timeline_order(
        CommendationRecord.objects.filter(agency_id__in=list(by_id)).select_related(
            "award", "agency"
        )
    )
    rows = []
    for record in records:
        assert record.agency_id is not None  # the query filters on it
        source = by_id[record.agency_id]
        rows.append(
            HistoryRow(
                record=record,
                relation=source.relation,
                source=record.agency,
                event_kind=source.event_kind,
                event_date=source.event_date,
            )
        )
    return AgencyHistory(
        agency=agency,
        rows=rows,
        sources=sources,
        later_identities=agency_later_identities(agency),
    )


def group_by_year(rows: Iterable[HistoryRow]) -> list[YearGroup]:
    """Rows grouped by their timeline year (rows come in timeline order)."""
    return [
        YearGroup(year=year, rows=list(group)) for year, group in groupby(rows, lambda r: r.year)
    ]


def eligibility_checks_of(recipient: Agency | Person) -> QuerySet[EligibilityCheck]:
    """The stored verdicts of ``recipient``, newest first (flagged ones included)."""
    checks = EligibilityCheck.objects.select_related("award", "rule_set")
    if isinstance(recipient, Person):
        return checks.filter(person=recipient)
    return checks.filter(agency=recipient)


def awards_for(recipient_type: str) -> QuerySet[AwardTitle]:
    """Catalogue entries a recipient of ``recipient_type`` may receive."""
    return AwardTitle.objects.filter(recipients__in=[Recipients.BOTH, recipient_type]).order_by(
        "name"
    )


# --- the rule catalogue ------------------------------------------------------------------------
