"""Set-based reads of what the conditions need, for a chunk of candidates at once.

A fixed number of queries per chunk whatever its size: the candidates' records, for collectives
their lineage (the whole lineage graph is small and read once), their predecessors' records,
their members and the members' records, and the published rankings of the judged year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q

from thidua.awards.choices import RecipientType, RecordKind
from thidua.awards.eligibility.facts import Fact
from thidua.awards.models import CommendationRecord
from thidua.organizations.choices import IDENTITY_KINDS
from thidua.organizations.models import Agency, LineageEvent, Position
from thidua.scoring.models import Ranking, RankingEntry

PERIOD_KINDS = [RecordKind.DISCIPLINE, RecordKind.BLOCKER]

_RECORD_COLUMNS = (
    "id",
    "record_kind",
    "person_id",
    "agency_id",
    "award__code",
    "rating",
    "scope",
    "discipline_level",
    "year",
    "start_date",
    "end_date",
    "decision_number",
    "decision_date",
    "award_type",
    "revoked_by_decision",
    "revoked_on",
)


@dataclass(slots=True)
class Ancestor:
    """A predecessor (through merges or splits, at any depth) of a collective candidate."""

    id: int
    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    facts: list[Fact] = field(default_factory=list)

    def active_at_end_of(self, year: int) -> bool:
        """Whether the agency existed on 31 December of ``year`` (so its record for it counts)."""
        day = dt.date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass(slots=True)
class Member:
    """A person counted in a collective in the judged year, with their records."""

    id: int
    code: str
    facts: list[Fact] = field(default_factory=list)


@dataclass(slots=True)
class Subject:
    """A candidate with everything its conditions read."""

    id: int
    code: str
    name: str
    type: str
    facts: list[Fact] = field(default_factory=list)
    ancestors: list[Ancestor] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    leading: list[Fact] = field(default_factory=list)


_VALUE_AT = {
    RecordKind.AWARD: 4,
    RecordKind.RATING: 5,
    RecordKind.INITIATIVE: 6,
    RecordKind.DISCIPLINE: 7,
}
"""Where a record's value is among :data:`_RECORD_COLUMNS`, by its kind (none: ``""``)."""


def _fact(row: tuple[Any, ...], code: str, as_of: dt.date, inherited_from: str | None) -> Fact:
    # (id, kind, person, agency, award, rating, scope, discipline, year, start, end, decision
    # number, decision date, award type, revoked by, revoked on): one call per record read.
    revoked_on = row[15]
    at = _VALUE_AT.get(row[1])
    return Fact(
        row[0],
        row[1],
        "" if at is None else str(row[at]),
        row[8],
        code,
        row[11],
        row[12],
        row[13],
        row[9],
        row[10],
        bool(row[14]) and (revoked_on is None or revoked_on <= as_of),
        False,
        inherited_from,
    )


@dataclass(frozen=True)
class Window:
    """The years a title's conditions read: ``first`` to ``last``, plus any earlier year of the
    awards in ``earlier_awards`` (those a chain's ``reuse_after`` or ``award_before`` names);
    and the records they read besides the periods: ``kinds`` of ``rules.record_kinds``
    (``None``: every record)."""

    first: int
    last: int
    earlier_awards: frozenset[str] = frozenset()
    kinds: frozenset[str] | None = None


def _records(
    owner: str, ids: Iterable[int], as_of: dt.date, window: Window
) -> list[tuple[object, ...]]:
    """Records of the agencies or people ``ids`` known on ``as_of`` in the years of ``window``,
    of the kinds it reads.

    A record counts only once its decision is dated on or before ``as_of``; discipline and
    blocker periods are always read, whatever their year. Reading only the window (not the
    whole history) is what keeps a national batch fast (``docs/benchmarks.md``).
    """
    ids = list(ids)
    if not ids:
        return []
    years = Q(year__range=(window.first, window.last))
    if window.earlier_awards:
        years |= Q(
            record_kind=RecordKind.AWARD,
            award__code__in=sorted(window.earlier_awards),
            year__lte=window.last,
        )
    records = (
        CommendationRecord.objects.filter(**{f"{owner}_id__in": ids})
        .filter(Q(decision_date__isnull=True) | Q(decision_date__lte=as_of))
        .filter(years | Q(year__isnull=True) | Q(record_kind__in=PERIOD_KINDS))
    )
    if window.kinds is not None:
        records = records.filter(_of_kinds(window.kinds))
    return list(records.values_list(*_RECORD_COLUMNS))


def _of_kinds(kinds: frozenset[str]) -> Q:
    """Records of ``kinds`` (``rules.record_kinds``: ``award``, ``rating:htxsnv``), and periods."""
    whole = {kind for kind in kinds if ":" not in kind} | set(PERIOD_KINDS)
    condition = Q(record_kind__in=sorted(whole))
    ratings = sorted(kind.partition(":")[2] for kind in kinds if kind.startswith("rating:"))
    if ratings and RecordKind.RATING not in whole:
        condition |= Q(record_kind=RecordKind.RATING, rating__in=ratings)
    return condition


class LineageGraph:
    """Every lineage edge, read once: which agencies came before which, and how."""

    def __init__(self) -> None:
        kinds = dict(LineageEvent.objects.values_list("id", "kind"))
        before: dict[int, list[int]] = defaultdict(list)
        after: dict[int, list[int]] = defaultdict(list)
        for event_id, agency_id in LineageEvent.predecessors.through.objects.values_list(
            "lineageevent_id", "agency_id"
        ):
            before[event_id].append(agency_id)
        for event_id, agency_id in LineageEvent.successors.through.objects.values_list(
            "lineageevent_id", "agency_id"
        ):
            after[event_id].append(agency_id)
        self._parents: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for event_id, successors in after.items():
            keeps_identity = kinds[event_id] in IDENTITY_KINDS
            for successor in successors:
                for predecessor in before.get(event_id, []):
                    if predecessor != successor:
                        self._parents[successor].append((predecessor, keeps_identity))

    def walk_back(self, agency_id: int) -> tuple[set[int], set[int]]:
        """The agency's identity (itself and its renamed or transferred forms) and ancestors."""
        identity = {agency_id}
        ancestors: set[int] = set()
        stack = [(agency_id, True)]
        seen = {agency_id}
        while stack:
            current, same = stack.pop()
            for parent, keeps_identity in self._parents.get(current, []):
                parent_same = same and keeps_identity
                if parent in seen:
                    continue
                seen.add(parent)
                (identity if parent_same else ancestors).add(parent)
                stack.append((parent, parent_same))
        return identity, ancestors


def load_people(
    candidates: list[tuple[int, str, str]], as_of: dt.date, window: Window
) -> list[Subject]:
    """People ``(id, code, name)`` with their own records (they follow the person)."""
    subjects = {pk: Subject(pk, code, name, RecipientType.PERSON) for pk, code, name in candidates}
    for row in _records("person", subjects, as_of, window):
        subject = subjects[row[2]]  # type: ignore[index]
        subject.facts.append(_fact(row, subject.code, as_of, None))
    return list(subjects.values())


def load_agencies(
    candidates: list[tuple[int, str, str]],
    as_of: dt.date,
    window: Window,
    *,
    graph: LineageGraph,
    with_members: bool,
    with_rankings: bool,
) -> list[Subject]:
    """Agencies ``(id, code, name)`` with their own, predecessors' and members' records."""
    subjects = {
        pk: Subject(pk, code, name, RecipientType.COLLECTIVE) for pk, code, name in candidates
    }
    owner_of: dict[int, list[tuple[Subject, Ancestor | None]]] = defaultdict(list)
    ancestor_ids: set[int] = set()
    walks: dict[int, tuple[set[int], set[int]]] = {}
    for pk in subjects:
        identity, ancestors = graph.walk_back(pk)
        walks[pk] = (identity, ancestors)
        ancestor_ids |= identity | ancestors
    info = {
        pk: (code, valid_from, valid_to)
        for pk, code, valid_from, valid_to in Agency.objects.filter(
            pk__in=ancestor_ids
        ).values_list("pk", "code", "valid_from", "valid_to")
    }
    for pk, subject in subjects.items():
        identity, ancestors = walks[pk]
        for agency_id in identity:
            owner_of[agency_id].append((subject, None))
        for agency_id in sorted(ancestors):
            code, valid_from, valid_to = info[agency_id]
            ancestor = Ancestor(agency_id, code, valid_from, valid_to)
            subject.ancestors.append(ancestor)
            owner_of[agency_id].append((subject, ancestor))
    year = window.last
    for row in _records("agency", owner_of, as_of, window):
        owner = int(row[3])  # type: ignore[call-overload]
        code = info[owner][0]
        for subject, inheriting in owner_of[owner]:
            if inheriting is None:
                subject.facts.append(_fact(row, code, as_of, None))
            else:
                inheriting.facts.append(_fact(row, code, as_of, inheriting.code))
    if with_members:
        _load_members(subjects, as_of, year)
    if with_rankings:
        _load_leading(subjects, info, as_of, year)
    return list(subjects.values())


def _load_members(subjects: dict[int, Subject], as_of: dt.date, year: int) -> None:
    """Members: people whose position in the agency itself covers 31 December of ``year``."""
    year_end = dt.date(year, 12, 31)
    members: dict[int, Member] = {}
    for agency_id, person_id, code in (
        Position.objects.filter(agency_id__in=list(subjects), from_date__lte=year_end)
        .filter(Q(to_date__isnull=True) | Q(to_date__gte=year_end))
        .values_list("agency_id", "person_id", "person__code")
        .distinct()
    ):
        member = members.setdefault(person_id, Member(person_id, code))
        subjects[agency_id].members.append(member)
    for row in _records("person", members, as_of, Window(year, year)):
        member = members[row[2]]  # type: ignore[index]
        member.facts.append(_fact(row, member.code, as_of, None))


def _load_leading(
    subjects: dict[int, Subject],
    info: dict[int, tuple[str, dt.date | None, dt.date | None]],
    as_of: dt.date,
    year: int,
) -> None:
    """First places of the latest ranking of each table of ``year`` published by ``as_of``."""
    published = Ranking.objects.filter(table__group_year__year=year, published_at__date__lte=as_of)
    latest = dict(published.values_list("table_id").annotate(Max("version")))
    ranking_ids = [
        pk
        for pk, table_id, version in published.values_list("pk", "table_id", "version")
        if latest.get(table_id) == version
    ]
    wanted: dict[int, list[tuple[Subject, str | None]]] = defaultdict(list)
    for subject in subjects.values():
        wanted[subject.id].append((subject, None))
        for ancestor in subject.ancestors:
            wanted[ancestor.id].append((subject, ancestor.code))
    for ranking_id, agency_id, agency_code, group_code, published_at in RankingEntry.objects.filter(
        ranking_id__in=ranking_ids, rank=1, disqualified=False, agency_id__in=list(wanted)
    ).values_list(
        "ranking_id",
        "agency_id",
        "agency_code",
        "ranking__table__group_year__group__code",
        "ranking__published_at",
    ):
        for subject, inherited_from in wanted[agency_id]:
            subject.leading.append(
                Fact(
                    id=None,
                    kind="ranking",
                    value=str(group_code),
                    year=year,
                    recipient=str(agency_code),
                    decision_number="",
                    decision_date=published_at.date(),
                    award_type="",
                    start_date=None,
                    end_date=None,
                    revoked=False,
                    inherited_from=inherited_from,
                )
            )
        del ranking_id
