"""Benchmark: ranking every cluster at once (``thidua.scoring.results``).

Run from the repository root::

    THIDUA_DEBUG=true .venv/bin/python bench/ranking.py [--clusters 100] [--units 6]
        [--criteria 30] [--repeat 7] [--database sqlite|postgres]

It sets Django up itself on a throw-away database — a temporary SQLite file, or a uniquely
named PostgreSQL database on ``--postgres-url`` (default postgres://postgres@127.0.0.1:5432/
postgres) created and dropped at the end — whatever ``DATABASE_URL`` says, migrates it, and
builds deterministic data (``random.Random(--seed)``): per cluster an active scoring table with
``--criteria`` scored leaves in five groups (plus a bonus group of two items and a penalty
item) and ``--units`` member agencies, each with a submitted self-assessment scoring every
leaf; a few final scores, conduct records (some tripping a disqualifier) and hand-decided
disqualifier findings.

The data is written with ``bulk_create``, NOT through the services: the services validate,
lock, audit and write row by row, which is right for people and far too slow for tens of
thousands of rows. The rows have the shapes the services write, which is all the reads need.

Then it times, ``--repeat`` times each (median and best reported, with the query count):

1. batched: the tables loaded once, ``compute_results(tables)`` and ``rank`` per table;
2. per cluster: ``ranked_results(table, on=…)`` in a loop, the way a page showing one cluster
   does it.

and checks that both give the same ranks and totals. ``DEBUG`` is switched off while timing
(Django would otherwise keep every query in memory); queries are counted in a separate run.
The figures go to ``docs/benchmarks.md`` with the machine and the date; nothing here passes or
fails (DESIGN.md §4.11).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thidua.scoring.models import ScoringTable
    from thidua.scoring.results import UnitResult

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
YEAR = 2023
GROUPS = 5  # scored groups (fewer when there are fewer criteria)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Size:
    clusters: int = 100
    units: int = 6
    criteria: int = 30


@dataclass(frozen=True)
class Built:
    """What ``build`` wrote: the tables' ids and the number of rows that matter to the reads."""

    table_ids: list[int]
    score_rows: int
    final_scores: int
    conduct_records: int
    findings: int


@dataclass(frozen=True)
class Timing:
    label: str
    median_ms: float
    best_ms: float
    queries: int


Ranked = dict[int, list[tuple[str, int, Decimal, bool]]]


def build(size: Size, *, seed: int = 2023, year: int = YEAR) -> Built:
    """Write ``size.clusters`` clusters of ``size.units`` units scored on ``size.criteria``
    leaves, in bulk; the same ``seed`` writes the same data."""
    from django.db import transaction

    with transaction.atomic():
        return _build(size, random.Random(seed), year)


def _build(size: Size, rng: random.Random, year: int) -> Built:
    from thidua.emulation.models import EmulationGroup, GroupMember, GroupYear
    from thidua.organizations.models import Agency
    from thidua.scoring.choices import AssessmentStatus, CriterionKind, TableStatus
    from thidua.scoring.defaults import DEFAULT_DISQUALIFIERS
    from thidua.scoring.models import (
        ConductRecord,
        Criterion,
        Disqualifier,
        DisqualifierFinding,
        FinalScore,
        ScoringTable,
        SelfAssessment,
        SelfScore,
    )

    tag = uuid.UUID(int=rng.getrandbits(128)).hex[:6]  # builds of two seeds can share a database
    ministry = Agency.objects.create(
        code=f"BENCH-{tag}", name=f"Bộ (benchmark {tag})", kind="ministry", search_key="bo"
    )
    agencies = Agency.objects.bulk_create(
        Agency(
            code=f"B{tag}-{c:03d}-{u}",
            name=f"Sở benchmark {c:03d}-{u}",
            kind="provincial_department",
            search_key=f"so benchmark {c:03d}-{u}",
        )
        for c in range(size.clusters)
        for u in range(size.units)
    )
    groups = EmulationGroup.objects.bulk_create(
        EmulationGroup(code=f"CUM-{c:03d}", name=f"Cụm {c:03d}", kind="cluster", organiser=ministry)
        for c in range(size.clusters)
    )
    years = GroupYear.objects.bulk_create(GroupYear(group=g, year=year) for g in groups)
    units = [agencies[c * size.units : (c + 1) * size.units] for c in range(size.clusters)]
    GroupMember.objects.bulk_create(
        GroupMember(
            group_year=gy,
            agency=agency,
            role="leader" if order == 0 else "deputy" if order == 1 else "member",
            rotation_order=order,
        )
        for gy, members in zip(years, units, strict=True)
        for order, agency in enumerate(members)
    )

    # The tree: five scored groups sharing 100 points, the leaves round-robin among them; a
    # bonus group (cap 5) of two items; a penalty group of one item.
    leaf_max = [Decimal(100 / size.criteria).quantize(CENT)] * size.criteria
    leaf_max[-1] += Decimal(100) - sum(leaf_max)
    n_groups = min(GROUPS, size.criteria)
    group_of = [i % n_groups for i in range(size.criteria)]
    group_max = [
        sum((m for m, g in zip(leaf_max, group_of, strict=True) if g == k), Decimal(0))
        for k in range(n_groups)
    ]
    tables = ScoringTable.objects.bulk_create(
        ScoringTable(
            group_year=gy,
            title=f"Bảng {gy.group.code}",
            total_points=Decimal(100),
            status=TableStatus.ACTIVE,
        )
        for gy in years
    )
    tops = Criterion.objects.bulk_create(
        Criterion(table=t, code=code, kind=kind, order=k, title=code, max_points=points)
        for t in tables
        for k, (code, kind, points) in enumerate(
            [(f"G{k + 1}", CriterionKind.GROUP, group_max[k]) for k in range(n_groups)]
            + [("B", CriterionKind.BONUS, Decimal(5)), ("P", CriterionKind.PENALTY, Decimal(10))]
        )
    )
    per_table = n_groups + 2
    leaves = Criterion.objects.bulk_create(
        Criterion(
            table=t,
            parent=tops[n * per_table + parent],
            code=code,
            kind=kind,
            order=100 + i,
            title=code,
            max_points=points,
        )
        for n, t in enumerate(tables)
        for i, (parent, code, kind, points) in enumerate(
            [
                (group_of[i], f"G{group_of[i] + 1}.{i + 1}", CriterionKind.CRITERION, leaf_max[i])
                for i in range(size.criteria)
            ]
            + [
                (n_groups, "B.1", CriterionKind.BONUS, Decimal(3)),
                (n_groups, "B.2", CriterionKind.BONUS, Decimal(3)),
                (n_groups + 1, "P.1", CriterionKind.PENALTY, Decimal(5)),
            ]
        )
    )
    disqualifiers = Disqualifier.objects.bulk_create(
        Disqualifier(table=t, order=k, description=text, conduct_fact=fact)
        for t in tables
        for k, (text, fact) in enumerate(DEFAULT_DISQUALIFIERS, start=1)
    )

    submitted = dt.datetime(year, 12, 10, 9, 0, tzinfo=dt.UTC)
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(
            table=t,
            agency=agency,
            status=AssessmentStatus.SUBMITTED,
            submitted_at=submitted,
        )
        for t, members in zip(tables, units, strict=True)
        for agency in members
    )
    leaves_per_table = size.criteria + 3
    scores = []
    finals = []
    for a_index, assessment in enumerate(assessments):
        n = a_index // size.units
        skill = rng.uniform(0.6, 1.0)
        for leaf in leaves[n * leaves_per_table : (n + 1) * leaves_per_table]:
            if leaf.kind == CriterionKind.CRITERION:
                share = min(1.0, skill + rng.uniform(-0.1, 0.1))
                points = (leaf.max_points * Decimal(share)).quantize(Decimal("0.5"))
                points = min(max(points, Decimal(0)), leaf.max_points)
            else:
                points = Decimal(rng.choice([0, 0, 1, 2]))
            scores.append(
                SelfScore(assessment=assessment, criterion=leaf, points=points, explanation="—")
            )
            if leaf.kind == CriterionKind.CRITERION and rng.random() < 0.02:
                finals.append(
                    FinalScore(
                        assessment=assessment,
                        criterion=leaf,
                        points=max(Decimal(0), points - Decimal("0.5")),
                        note="Thống nhất sau chấm chéo.",
                    )
                )
    SelfScore.objects.bulk_create(scores, batch_size=2000)
    FinalScore.objects.bulk_create(finals, batch_size=2000)
    records = [
        ConductRecord(
            agency=agency,
            year=year,
            traffic_violations=rng.choice([0, 0, 1]),
            party_rating=rng.choice(["htxsnv", "httnv", "httnv", "htnv"]),
            reference="Báo cáo chấp hành (benchmark).",
        )
        for agency in agencies
        if rng.random() < 0.1
    ]
    ConductRecord.objects.bulk_create(records)
    by_table = {d.table_id: d for d in disqualifiers if not d.conduct_fact}
    findings = [
        DisqualifierFinding(assessment=a, disqualifier=by_table[a.table_id], reason="Benchmark.")
        for a in assessments
        if rng.random() < 0.02
    ]
    DisqualifierFinding.objects.bulk_create(findings)
    return Built(
        table_ids=[t.pk for t in tables],
        score_rows=len(scores),
        final_scores=len(finals),
        conduct_records=len(records),
        findings=len(findings),
    )


def _tables(table_ids: Sequence[int]) -> list[ScoringTable]:
    from thidua.scoring.models import ScoringTable

    return list(
        ScoringTable.objects.filter(pk__in=table_ids)
        .select_related("group_year", "ranking_rule")
        .order_by("pk")
    )


def _summary(units: list[UnitResult]) -> list[tuple[str, int, Decimal, bool]]:
    return [(u.agency_code, u.rank, u.total, u.disqualified) for u in units]


def rank_batched(table_ids: Sequence[int], on: dt.date) -> Ranked:
    """Every table ranked with one ``compute_results`` call (a fixed number of queries)."""
    from thidua.scoring.models import RankingRule
    from thidua.scoring.results import compute_results, rank, rule_in_force

    tables = _tables(table_ids)
    results = compute_results(tables)
    default: RankingRule | None = None
    ranked: Ranked = {}
    for table in tables:
        rule = table.ranking_rule
        if rule is None:
            default = default or rule_in_force(table, on)
            rule = default
        units = rank(results.get(table.pk, []), rule=rule, total_points=table.total_points)
        ranked[table.pk] = _summary(units)
    return ranked


def rank_per_cluster(table_ids: Sequence[int], on: dt.date) -> Ranked:
    """Every table ranked on its own with ``ranked_results`` (queries grow with the tables)."""
    from thidua.scoring.results import ranked_results

    return {t.pk: _summary(ranked_results(t, on=on)) for t in _tables(table_ids)}


def measure(
    label: str,
    run: Callable[[Sequence[int], dt.date], Ranked],
    table_ids: Sequence[int],
    *,
    repeat: int,
    on: dt.date,
) -> tuple[Timing, Ranked]:
    """``repeat`` timed runs (DEBUG off) and one more that counts the queries."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        times = []
        ranked: Ranked = {}
        for _ in range(repeat):
            start = time.perf_counter()
            ranked = run(table_ids, on)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        settings.DEBUG = debug
    with CaptureQueriesContext(connection) as queries:
        run(table_ids, on)
    return Timing(label, statistics.median(times), min(times), len(queries)), ranked


def compare(size: Size, built: Built, *, repeat: int, on: dt.date) -> list[Timing]:
    """Time both ways and check that they agree."""
    batched, a = measure(
        "batched (compute_results)", rank_batched, built.table_ids, repeat=repeat, on=on
    )
    naive, b = measure(
        "per cluster (ranked_results)", rank_per_cluster, built.table_ids, repeat=repeat, on=on
    )
    if a != b:
        raise AssertionError("the two ways of ranking disagree")
    return [batched, naive]


def report(
    database: str, vendor_version: str, size: Size, built: Built, timings: list[Timing]
) -> str:
    lines = [
        f"database: {database} {vendor_version}; python {sys.version.split()[0]}",
        "",
        f"{'clusters':>8} {'units':>6} {'criteria':>8} {'score rows':>10} {'final':>6} "
        f"{'conduct':>7} {'findings':>8}",
        f"{size.clusters:>8} {size.clusters * size.units:>6} {size.criteria:>8} "
        f"{built.score_rows:>10} {built.final_scores:>6} {built.conduct_records:>7} "
        f"{built.findings:>8}",
        "",
        f"{'method':<30} {'median ms':>10} {'best ms':>10} {'queries':>8}",
    ]
    lines += [
        f"{t.label:<30} {t.median_ms:>10.1f} {t.best_ms:>10.1f} {t.queries:>8}" for t in timings
    ]
    if len(timings) == 2 and timings[0].median_ms > 0:
        ratio = timings[1].median_ms / timings[0].median_ms
        lines.append(f"ratio (per cluster / batched, medians): {ratio:.1f}×")
    return "\n".join(lines)


@contextmanager
def throwaway_database(kind: str, postgres_url: str) -> Iterator[str]:
    """A ``DATABASE_URL`` for an empty database that is removed afterwards."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="thidua-bench-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg
    from psycopg import sql

    name = f"thidua_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    base = postgres_url.rsplit("/", 1)[0]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{base}/{name}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--units", type=int, default=6)
    parser.add_argument("--criteria", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    args = parser.parse_args(argv)
    size = Size(args.clusters, args.units, args.criteria)
    if min(size.clusters, size.criteria, args.repeat) < 1 or size.units < 2:
        parser.error("need at least one cluster, two units, one criterion and one run")

    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    with throwaway_database(args.database, args.postgres_url) as url:
        os.environ["DATABASE_URL"] = url  # read once, by django.setup() below
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        built = build(size, seed=args.seed)
        generated = time.perf_counter()
        on = dt.date(YEAR, 12, 31)
        timings = compare(size, built, repeat=args.repeat, on=on)
        version = _server_version(connection)
        print(report(args.database, version, size, built, timings))
        setup = f"migrated in {migrated - started:.1f} s, data in {generated - migrated:.1f} s"
        print(f"(setup: {setup})")
    return 0


def _server_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    version: int = connection.pg_version
    return f"{version // 10000}.{version % 10000}"


if __name__ == "__main__":
    raise SystemExit(main())
