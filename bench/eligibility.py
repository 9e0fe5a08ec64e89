"""Benchmark: eligibility of every candidate for every title, as a batch (issue 7).

Run from the repository root::

    THIDUA_DEBUG=true .venv/bin/python bench/eligibility.py [--scale 20000]
        [--database sqlite|postgres] [--sample 100] [--seed 2025]
    THIDUA_DEBUG=true .venv/bin/python bench/eligibility.py --database-url URL --existing

It sets Django up on a throw-away database (``throwaway_database`` of ``bench/ranking.py``),
migrates it and writes the synthetic national history of ``bench/national/generate.py`` at
``--scale`` people — or, with ``--database-url URL --existing``, reads a database that
generator already filled (nothing is written to it). Then, for every title of the catalogue
and every recipient type it allows, on the judged year as of the evaluation date:

1. **batch**: ``engine.evaluate`` over ``all_candidates(...)`` — every person (or every
   agency) of the data set — timed whole, with its query count and its verdicts;
2. **per candidate (naive)**: the way a typical system does it — for each candidate, ORM
   queries for its records year by year (model instances, ``select_related("award")``), for a
   collective its lineage event by event, its members' positions and each member's records —
   then the same ``judge`` (the rules are read in one place; only the reading of the history
   differs). It is timed on ``--sample`` candidates per title and **extrapolated** to all of
   them (the table says so), and it must give the same verdict and unmet conditions as the
   batch for every sampled candidate (checked; a difference stops the run).

``DEBUG`` is off while timing; queries are counted with ``connection.execute_wrapper``. The
figures go to ``docs/benchmarks.md``; nothing here passes or fails (DESIGN.md §4.11). The
targets of the issue: 1,000,000 candidates in ≤ 60 s on PostgreSQL, ≥ 50× the naive loop.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national.generate import (  # noqa: E402
    Settings,
    evaluation_date,
    format_summary,
    generate,
    setup_django,
)
from bench.ranking import DEFAULT_POSTGRES, _server_version, throwaway_database  # noqa: E402

if TYPE_CHECKING:
    from thidua.awards.eligibility.engine import Candidate
    from thidua.awards.eligibility.facts import Fact
    from thidua.awards.eligibility.history import Subject
    from thidua.awards.models import AwardTitle, CommendationRecord

TARGET_CANDIDATES = 1_000_000
TARGET_SECONDS = 60.0
TARGET_RATIO = 50.0

Verdicts = dict[int, tuple[str, tuple[str, ...]]]


@dataclass
class TitleTiming:
    """One title and recipient type: the batch and the naive loop on a sample."""

    award: str
    recipient_type: str
    candidates: int
    batch_seconds: float
    batch_queries: int
    verdicts: Counter[str] = field(default_factory=Counter)
    sample: int = 0
    naive_seconds: float = 0.0  # for the sample
    naive_queries: int = 0  # for the sample
    agreed: int = 0
    windowed_seconds: float = 0.0  # the experiment (--experiment-window), if run
    windowed_queries: int = 0

    @property
    def naive_extrapolated(self) -> float:
        if not self.sample:
            return 0.0
        return self.naive_seconds / self.sample * self.candidates

    @property
    def ratio(self) -> float:
        return self.naive_extrapolated / self.batch_seconds if self.batch_seconds else 0.0


@contextmanager
def counting() -> Iterator[list[int]]:
    """Count the queries run inside the block (with ``DEBUG`` off), those of connections
    opened meanwhile in other threads included (the engine's read-ahead, ``eligibility.ahead``).
    """
    from django.conf import settings
    from django.db import connection
    from django.db.backends.signals import connection_created

    count = [0]

    def wrapper(execute: Callable[..., Any], *args: Any) -> Any:
        count[0] += 1
        return execute(*args)

    def opened(sender: object, connection: Any, **kwargs: object) -> None:
        if wrapper not in connection.execute_wrappers:
            connection.execute_wrappers.append(wrapper)

    debug = settings.DEBUG
    settings.DEBUG = False
    connection_created.connect(opened, weak=False)
    try:
        with connection.execute_wrapper(wrapper):
            yield count
    finally:
        connection_created.disconnect(opened)
        settings.DEBUG = debug


def titles(as_of: dt.date) -> list[tuple[AwardTitle, str]]:
    """Every (title, recipient type) the rules in force on ``as_of`` have conditions for."""
    from thidua.awards.eligibility.engine import allowed_types
    from thidua.awards.eligibility.rules import rules_for
    from thidua.awards.models import AwardTitle

    found = []
    for award in AwardTitle.objects.order_by("code"):
        for recipient_type in allowed_types(award):
            if rules_for(award, recipient_type, as_of).conditions:
                found.append((award, recipient_type))
    return found


def lookback_awards(params: Any) -> set[str]:
    """Award codes a condition reads in any earlier year (``reuse_after``, ``award_before``)."""
    found: set[str] = set()
    if isinstance(params, dict):
        for key, value in params.items():
            if key in ("reuse_after", "award") and isinstance(value, str):
                found.add(value)
            else:
                found |= lookback_awards(value)
    elif isinstance(params, list):
        for item in params:
            found |= lookback_awards(item)
    return found


def app_reads_windows() -> bool:
    """Whether the engine already reads only each title's window (``history.Window``)."""
    from thidua.awards.eligibility import history

    return hasattr(history, "Window")


@contextmanager
def windowed(award: AwardTitle, recipient_type: str, year: int, as_of: dt.date) -> Iterator[None]:
    """EXPERIMENT, not the application's code: read a candidate's records only for the years
    its title's conditions look at (``rules.min_offset``), plus the undated ones, every
    discipline and blocker, and the earlier awards that ``reuse_after``/``award_before``
    name — instead of its whole history. Patches ``history._records`` while it lasts."""
    from django.db.models import Q

    from thidua.awards.eligibility import history
    from thidua.awards.eligibility.rules import min_offset, rules_for
    from thidua.awards.models import CommendationRecord

    conditions = rules_for(award, recipient_type, as_of).conditions
    start = year + min_offset(conditions)
    awards = set().union(*(lookback_awards(c.params) for c in conditions))
    original: Any = history._records

    def records(
        owner: str, ids: Any, as_of: dt.date, year_to: int, year_from: int | None = None
    ) -> list[tuple[object, ...]]:
        if year_from is not None:
            whole: list[tuple[object, ...]] = original(owner, ids, as_of, year_to, year_from)
            return whole
        ids = list(ids)
        if not ids:
            return []
        years = (
            Q(year__range=(start, year_to))
            | Q(year__isnull=True)
            | Q(record_kind__in=history.PERIOD_KINDS)
        )
        if awards:
            years |= Q(record_kind="award", award__code__in=sorted(awards), year__lte=year_to)
        return list(
            CommendationRecord.objects.filter(**{f"{owner}_id__in": ids})
            .filter(Q(decision_date__isnull=True) | Q(decision_date__lte=as_of))
            .filter(years)
            .values_list(*history._RECORD_COLUMNS)
        )

    setattr(history, "_records", records)  # noqa: B010 (the signature of the engine it patches)
    try:
        yield
    finally:
        setattr(history, "_records", original)  # noqa: B010


def run_batch(
    award: AwardTitle, recipient_type: str, year: int, as_of: dt.date, keep: set[int]
) -> tuple[TitleTiming, Verdicts]:
    """Every candidate of ``recipient_type`` judged in one ``evaluate``; verdicts of ``keep``."""
    from thidua.awards.eligibility.engine import all_candidates, evaluate

    verdicts: Counter[str] = Counter()
    kept: Verdicts = {}
    candidates = 0
    with counting() as queries:
        start = time.perf_counter()
        for result in evaluate(
            award=award,
            year=year,
            recipient_type=recipient_type,
            candidates=all_candidates(recipient_type, year, None),
            as_of=as_of,
        ):
            candidates += 1
            verdicts[result.verdict] += 1
            if result.recipient_id in keep:
                kept[result.recipient_id] = (result.verdict, tuple(result.unmet))
        seconds = time.perf_counter() - start
    timing = TitleTiming(award.code, recipient_type, candidates, seconds, queries[0], verdicts)
    return timing, kept


# --- the naive way: per candidate, year by year ---------------------------------------------------


def _fact(
    record: CommendationRecord, code: str, as_of: dt.date, inherited_from: str | None
) -> Fact:
    from thidua.awards.eligibility.facts import Fact

    return Fact(
        id=record.pk,
        kind=record.record_kind,
        value=record.value,
        year=record.year,
        recipient=code,
        decision_number=record.decision_number,
        decision_date=record.decision_date,
        start_date=record.start_date,
        end_date=record.end_date,
        award_type=record.award_type,
        revoked=record.revoked_as_of(as_of),
        inherited_from=inherited_from,
    )


def naive_records(
    owner: str,
    pk: int,
    code: str,
    *,
    years: range,
    as_of: dt.date,
    inherited_from: str | None = None,
) -> list[Fact]:
    """A recipient's records known on ``as_of``: one query per year of ``years``, one more for
    the undated, older and later periods (disciplines and blockers count whatever their year)."""
    from django.db.models import Q

    from thidua.awards.choices import RecordKind
    from thidua.awards.models import CommendationRecord

    mine = CommendationRecord.objects.filter(**{f"{owner}_id": pk}).select_related("award")
    found = []
    for year in years:
        found += list(mine.filter(year=year))
    periods = [RecordKind.DISCIPLINE, RecordKind.BLOCKER]
    outside = Q(year__lt=years.start) | Q(year__gte=years.stop)
    found += list(mine.filter(Q(year__isnull=True) | (outside & Q(record_kind__in=periods))))
    return [
        _fact(r, code, as_of, inherited_from)
        for r in found
        if r.decision_date is None or r.decision_date <= as_of
    ]


def naive_person(candidate: Candidate, year: int, first_year: int, as_of: dt.date) -> Subject:
    from thidua.awards.eligibility.history import Subject

    subject = Subject(candidate.id, candidate.code, candidate.name, candidate.type)
    subject.facts = naive_records(
        "person", candidate.id, candidate.code, years=range(first_year, year + 1), as_of=as_of
    )
    return subject


def naive_walk(pk: int) -> tuple[set[int], set[int]]:
    """Identity and ancestors, reading the lineage one event at a time."""
    from thidua.organizations.choices import IDENTITY_KINDS
    from thidua.organizations.models import LineageEvent

    identity, ancestors, seen = {pk}, set[int](), {pk}
    stack = [(pk, True)]
    while stack:
        current, same = stack.pop()
        for event in LineageEvent.objects.filter(successors=current):
            keeps = event.kind in IDENTITY_KINDS
            for parent in event.predecessors.all():
                if parent.pk == current or parent.pk in seen:
                    continue
                seen.add(parent.pk)
                parent_same = same and keeps
                (identity if parent_same else ancestors).add(parent.pk)
                stack.append((parent.pk, parent_same))
    return identity, ancestors


def naive_agency(
    candidate: Candidate,
    year: int,
    first_year: int,
    as_of: dt.date,
    *,
    members: bool,
    rankings: bool,
) -> Subject:
    from django.db.models import Q

    from thidua.awards.eligibility.history import Ancestor, Member, Subject, _load_leading
    from thidua.organizations.models import Agency, Position

    subject = Subject(candidate.id, candidate.code, candidate.name, candidate.type)
    identity, ancestors = naive_walk(candidate.id)
    years = range(first_year, year + 1)
    info = {}
    for pk in sorted(identity | ancestors):
        agency = Agency.objects.get(pk=pk)
        info[pk] = (agency.code, agency.valid_from, agency.valid_to)
    for pk in identity:
        subject.facts += naive_records("agency", pk, info[pk][0], years=years, as_of=as_of)
    for pk in sorted(ancestors):
        code, valid_from, valid_to = info[pk]
        ancestor = Ancestor(pk, code, valid_from, valid_to)
        ancestor.facts = naive_records(
            "agency", pk, code, years=years, as_of=as_of, inherited_from=code
        )
        subject.ancestors.append(ancestor)
    if members:
        year_end = dt.date(year, 12, 31)
        people: dict[int, str] = {}
        for position in (
            Position.objects.filter(agency_id=candidate.id, from_date__lte=year_end)
            .filter(Q(to_date__isnull=True) | Q(to_date__gte=year_end))
            .select_related("person")
        ):
            people.setdefault(position.person_id, position.person.code)
        for pk, code in people.items():
            member = Member(pk, code)
            member.facts = naive_records(
                "person", pk, code, years=range(year, year + 1), as_of=as_of
            )
            subject.members.append(member)
    if rankings:
        _load_leading({subject.id: subject}, info, as_of, year)
    return subject


def context(kind: Any, award: str, year: int, as_of: dt.date, policy: str, counted: Any) -> Any:
    """The engine's ``Context``, built as ``engine.evaluate`` builds it (its fields vary)."""
    values = {"award": award, "year": year, "as_of": as_of, "policy": policy, "counted": counted}
    return kind(**{f.name: values[f.name] for f in dataclasses.fields(kind)})


def run_naive(
    award: AwardTitle,
    recipient_type: str,
    sample: list[Candidate],
    year: int,
    first_year: int,
    as_of: dt.date,
) -> tuple[float, int, Verdicts]:
    """The sample judged one candidate at a time; seconds, queries and verdicts."""
    from thidua.awards.choices import ConditionTest, RecipientType
    from thidua.awards.eligibility.conditions import Context
    from thidua.awards.eligibility.engine import MEMBER_TESTS, judge
    from thidua.awards.eligibility.rules import rules_for

    verdicts: Verdicts = {}
    with counting() as queries:
        start = time.perf_counter()
        rules = rules_for(award, recipient_type, as_of)
        ctx = context(Context, award.code, year, as_of, rules.policy, rules.counted_award_types)
        tests = {condition.test for condition in rules.conditions}
        for candidate in sample:
            if recipient_type == RecipientType.PERSON:
                subject = naive_person(candidate, year, first_year, as_of)
            else:
                subject = naive_agency(
                    candidate,
                    year,
                    first_year,
                    as_of,
                    members=bool(tests & MEMBER_TESTS),
                    rankings=ConditionTest.LEADING_UNIT in tests,
                )
            result = judge(rules, ctx, subject)
            verdicts[candidate.id] = (result.verdict, tuple(result.unmet))
        seconds = time.perf_counter() - start
    return seconds, queries[0], verdicts


def first_history_year() -> int:
    from django.db.models import Min

    from thidua.awards.models import CommendationRecord

    found = CommendationRecord.objects.aggregate(first=Min("year"))["first"]
    return int(found) if found is not None else 2000


def compare(
    *,
    year: int,
    as_of: dt.date,
    sample: int,
    seed: int,
    only: set[str] | None = None,
    experiment_window: bool = False,
    out: Callable[[str], None] = print,
) -> list[TitleTiming]:
    """Time the batch and the naive loop for every title; check that they agree."""
    from thidua.awards.eligibility.engine import all_candidates

    rng = random.Random(seed)
    first_year = first_history_year()
    timings = []
    listed: dict[str, list[Candidate]] = {}
    for award, recipient_type in titles(as_of):
        if only and award.code not in only:
            continue
        if recipient_type not in listed:
            listed[recipient_type] = list(all_candidates(recipient_type, year, None))
        everyone = listed[recipient_type]
        chosen = rng.sample(everyone, min(sample, len(everyone)))
        timing, batch = run_batch(award, recipient_type, year, as_of, {c.id for c in chosen})
        seconds, queries, naive = run_naive(award, recipient_type, chosen, year, first_year, as_of)
        differing = [pk for pk in naive if naive[pk] != batch.get(pk)]
        if differing:
            pk = differing[0]
            raise AssertionError(
                f"{award.code}/{recipient_type}: candidate {pk}: batch {batch.get(pk)} "
                f"!= naive {naive[pk]} ({len(differing)} of {len(naive)} differ)"
            )
        timing.sample, timing.naive_seconds, timing.naive_queries = len(chosen), seconds, queries
        timing.agreed = len(naive)
        if experiment_window and not app_reads_windows():
            with windowed(award, recipient_type, year, as_of):
                other, narrow = run_batch(award, recipient_type, year, as_of, set(naive))
            if narrow != batch or other.verdicts != timing.verdicts:
                raise AssertionError(f"{award.code}/{recipient_type}: the windowed read differs")
            timing.windowed_seconds, timing.windowed_queries = (
                other.batch_seconds,
                other.batch_queries,
            )
        out(_line(timing))
        timings.append(timing)
    return timings


HEADER = (
    f"{'title':<28} {'type':<10} {'candidates':>10} {'batch s':>8} {'cand/s':>9} "
    f"{'queries':>7} {'eligible':>8} {'not':>8} {'review':>6} {'naive ms/c':>10} "
    f"{'naive s (extrap.)':>17} {'ratio':>7}"
)
WINDOWED = f" {'windowed s':>10}"


def _line(t: TitleTiming) -> str:
    rate = t.candidates / t.batch_seconds if t.batch_seconds else 0.0
    per = t.naive_seconds / t.sample * 1000 if t.sample else 0.0
    return (
        f"{t.award:<28} {t.recipient_type:<10} {t.candidates:>10,} {t.batch_seconds:>8.2f} "
        f"{rate:>9,.0f} {t.batch_queries:>7} {t.verdicts['eligible']:>8,} "
        f"{t.verdicts['not_eligible']:>8,} {t.verdicts['needs_review']:>6,} {per:>10.2f} "
        f"{t.naive_extrapolated:>17,.1f} {t.ratio:>6.0f}×"
        + (f" {t.windowed_seconds:>10.2f}" if t.windowed_seconds else "")
    )


def report(timings: Sequence[TitleTiming]) -> str:
    candidates = sum(t.candidates for t in timings)
    batch = sum(t.batch_seconds for t in timings)
    naive = sum(t.naive_extrapolated for t in timings)
    sample = sum(t.sample for t in timings)
    rate = candidates / batch if batch else 0.0
    projected = TARGET_CANDIDATES / rate if rate else float("inf")
    ratio = naive / batch if batch else 0.0
    lines = [
        f"all titles: {candidates:,} candidate verdicts in {batch:.1f} s "
        f"({rate:,.0f} per second, {sum(t.batch_queries for t in timings)} queries)",
        f"naive, per candidate, measured on {sample:,} candidates and EXTRAPOLATED: "
        f"{naive:,.0f} s; ratio {ratio:.0f}× (target ≥ {TARGET_RATIO:.0f}×)",
        f"at this rate {TARGET_CANDIDATES:,} candidates take {projected:.0f} s "
        f"(target ≤ {TARGET_SECONDS:.0f} s; "
        + ("measured at that size)" if candidates >= TARGET_CANDIDATES else "projected)"),
        f"verdicts checked equal on every sampled candidate: {sum(t.agreed for t in timings):,}",
    ]
    windowed = sum(t.windowed_seconds for t in timings)
    if app_reads_windows():
        lines.append("the engine reads only the years each title looks at (history.Window)")
    elif windowed:
        lines.append(
            f"EXPERIMENT (not the app's code), records read only for the years the title looks "
            f"at: {windowed:.1f} s instead of {batch:.1f} s ({batch / windowed:.1f}× faster; "
            f"{candidates / windowed:,.0f} per second; same verdicts, checked on every candidate)"
        )
    return "\n".join(lines)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=20_000, help="people to generate")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--sample", type=int, default=100, help="candidates per title, naive")
    parser.add_argument("--titles", default="", help="comma-separated codes (default: all)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--database-url", default="", help="an existing database instead")
    parser.add_argument("--existing", action="store_true", help="it is generated already")
    parser.add_argument("--judged-year", type=int, default=2025)
    parser.add_argument(
        "--experiment-window",
        action="store_true",
        help="also time a batch that reads only the years each title looks at (not app code)",
    )
    args = parser.parse_args(argv)
    if args.existing and not args.database_url:
        parser.error("--existing needs --database-url")
    only = {code.strip() for code in args.titles.split(",") if code.strip()} or None

    @contextmanager
    def database() -> Iterator[str]:
        if args.database_url:
            yield args.database_url
            return
        with throwaway_database(args.database, args.postgres_url) as url:
            yield url

    with database() as url:
        setup_django(url)
        from django.db import connection

        if not args.existing:
            summary = generate(Settings(args.scale, args.seed, args.judged_year))
            print(format_summary(summary))
        as_of = evaluation_date(args.judged_year)
        vendor = connection.vendor
        print(
            f"database: {vendor} {_server_version(connection)}; python {sys.version.split()[0]};"
            f" {os.cpu_count()} CPUs; judged year {args.judged_year} as of {as_of:%d/%m/%Y}"
        )
        print(HEADER + (WINDOWED if args.experiment_window else ""))
        timings = compare(
            year=args.judged_year,
            as_of=as_of,
            sample=args.sample,
            seed=args.seed,
            only=only,
            experiment_window=args.experiment_window,
        )
        print(report(timings))
        print(f"peak memory of this process: {peak_rss_mb():,.0f} MB; load {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
