"""Benchmark: the cross-review grid and the leader's consolidation, as whole pages.

Run from the repository root::

    THIDUA_DEBUG=true .venv/bin/python bench/review_grid.py [--units 60] [--criteria 100]
        [--per-unit 2] [--repeat 7] [--database sqlite|postgres]

It sets Django up itself on a throw-away database (``throwaway_database`` of
``bench/ranking.py``: a temporary SQLite file, or a uniquely named PostgreSQL database on
``--postgres-url`` created and dropped at the end) whatever ``DATABASE_URL`` says, migrates it,
and builds one cluster-year with deterministic data (``random.Random(--seed)``):

* ``--units`` member agencies, the first the cluster leader, the second the *measured
  reviewer*; an active scoring table of ``--criteria`` leaf criteria in ten groups (fewer
  when there are fewer criteria) whose maximum points sum to the table's 100;
* every unit a submitted self-assessment with a self-score (points and a short explanation)
  on every leaf, and the table's disqualifiers (so the leader sees the findings form);
* the table in review mode "all" as far as the measured reviewer goes: it is assigned every
  other unit and has a proposal (points, a reason of ~60 characters) on every cell —
  (units − 1) × criteria proposals; besides it, each unit is reviewed the "assigned" way by
  the next ``--per-unit`` members in rotation order (skipping itself and the measured
  reviewer), with a proposal on every cell, some answered by the reviewed unit, so the
  consolidation view has proposals, means and leniency statistics to show
  (``--per-unit units-2`` makes it every unit reviewing every other, true mode "all");
* a few consolidated scores (about 2 % of the cells).

The data is written with ``bulk_create``, NOT through the services: the services validate,
lock, audit and write row by row, which is right for people and far too slow here. The rows
have the shapes the services write. Only the two users go through the services
(``user_create``, ``membership_grant``): an agency officer of the measured reviewer and one
of the leader agency.

Then it GETs whole pages with ``django.test.Client`` (``force_login``: middleware, session,
permission checks, queries and the template all count), one warm-up and ``--repeat`` timed
runs each, reporting the median and best milliseconds, the response size (and gzipped), the
query count (from a separate run) and the cells found in the HTML:

1. the reviewer's grid ``scoring:review_grid`` as the reviewer's officer: (units − 1) units ×
   criteria editable cells;
2. the same grid as the leader's officer with ``?don-vi=<reviewer code>`` (read-only);
3. the consolidation ``scoring:consolidation`` as the leader's officer: units × criteria.

and, to see where the time goes, ``grids.review_grid`` alone for (1) and (3), and a
naive way of getting (1)'s data — two ORM lookups per cell (the self-score and the
proposal) — timed on a sample of ``--sample-rows`` criteria and extrapolated to all of them
(said so in its label; data only, no rendering). ``DEBUG`` is off throughout (Django would
otherwise keep every query in memory); ``testserver`` is added to ``ALLOWED_HOSTS``. The
target of the issue: each page in ≤ 300 ms on SQLite and PostgreSQL. The figures go to
``docs/benchmarks.md`` with the machine and the date; nothing here passes or fails
(DESIGN.md §4.11).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import os
import random
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(ROOT))

from bench.ranking import DEFAULT_POSTGRES, _server_version, throwaway_database  # noqa: E402

if TYPE_CHECKING:
    from django.test import Client

YEAR = 2023
GROUPS = 10  # criterion groups (fewer when there are fewer criteria)
TOTAL = Decimal(100)
CENT = Decimal("0.01")
QUARTER = Decimal("0.25")
TARGET_MS = 300
EDIT_LINK = '<a class="edit" href="'
REASONS = (
    "Minh chứng chưa đầy đủ, đề nghị bổ sung văn bản triển khai kèm theo.",
    "Kết quả thực hiện chưa đạt chỉ tiêu đăng ký đầu năm của đơn vị.",
    "Báo cáo nộp chậm so với thời hạn quy định trong kế hoạch của cụm.",
    "Đơn vị tự chấm phù hợp với minh chứng; giữ nguyên điểm tự chấm.",
    "Chưa có số liệu so sánh cùng kỳ để chứng minh mức độ hoàn thành.",
)
EXPLANATIONS = (
    "Hoàn thành theo kế hoạch.",
    "Có minh chứng kèm theo.",
    "Vượt chỉ tiêu đăng ký.",
    "Hoàn thành một phần.",
)


@dataclass(frozen=True)
class Size:
    units: int = 60
    criteria: int = 100
    per_unit: int = 2  # reviewers of each unit besides the measured one ("assigned" mode)


@dataclass(frozen=True)
class Built:
    """What ``build`` wrote: where the pages are, who looks at them, and the row counts."""

    code: str
    year: int
    table_id: int
    reviewer_id: int
    reviewer_code: str
    reviewer_user_id: int
    leader_user_id: int
    leaves: int
    self_scores: int
    measured_proposals: int
    other_proposals: int
    final_scores: int


@dataclass(frozen=True)
class Timing:
    label: str
    median_ms: float
    best_ms: float
    queries: int
    size: int = 0  # bytes of the page (0: not a page)
    gzipped: int = 0
    cells: int = 0
    edit_links: int = 0


def build(size: Size, *, seed: int = 2023, year: int = YEAR) -> Built:
    """Write one cluster-year of ``size.units`` units scored and cross-reviewed on
    ``size.criteria`` leaves, in bulk; the same ``seed`` writes the same data."""
    from django.db import transaction

    with transaction.atomic():
        return _build(size, random.Random(seed), year)


def _build(size: Size, rng: random.Random, year: int) -> Built:
    from thidua.accounts.choices import Role
    from thidua.accounts.services import membership_grant, user_create
    from thidua.emulation.models import EmulationGroup, GroupMember, GroupYear
    from thidua.organizations.models import Agency
    from thidua.scoring.choices import AssessmentStatus, CriterionKind, ReviewMode, TableStatus
    from thidua.scoring.defaults import DEFAULT_DISQUALIFIERS
    from thidua.scoring.models import (
        Criterion,
        Disqualifier,
        FinalScore,
        ReviewAssignment,
        ReviewScore,
        ScoringTable,
        SelfAssessment,
        SelfScore,
    )

    tag = uuid.UUID(int=rng.getrandbits(128)).hex[:6]  # builds of two seeds can share a database
    ministry = Agency.objects.create(
        code=f"BENCH-RG-{tag}", name=f"Bộ (benchmark {tag})", kind="ministry", search_key="bo"
    )
    units = Agency.objects.bulk_create(
        Agency(
            code=f"R{tag}-{u:03d}",
            name=f"Sở Công Thương benchmark {u:03d}",
            kind="provincial_department",
            search_key=f"so cong thuong benchmark {u:03d}",
        )
        for u in range(size.units)
    )
    leader, reviewer = units[0], units[1]
    group = EmulationGroup.objects.create(
        code=f"CUM-RG-{tag}", name=f"Cụm benchmark {tag}", kind="cluster", organiser=ministry
    )
    group_year = GroupYear.objects.create(group=group, year=year)
    GroupMember.objects.bulk_create(
        GroupMember(
            group_year=group_year,
            agency=agency,
            role="leader" if order == 0 else "deputy" if order == 1 else "member",
            rotation_order=order,
        )
        for order, agency in enumerate(units)
    )

    def officer(role_name: str, agency: Agency) -> Any:
        user = user_create(
            actor=None,
            username=f"bench-{role_name}-{tag}",
            password=secrets.token_urlsafe(16),
            full_name=f"Cán bộ {agency.name}",
        )
        membership_grant(actor=None, user=user, role=Role.AGENCY_OFFICER, agency=agency)
        return user

    reviewer_user = officer("reviewer", reviewer)
    leader_user = officer("leader", leader)

    # The tree: up to ten groups sharing 100 points, the leaves in contiguous blocks.
    table = ScoringTable.objects.create(
        group_year=group_year,
        title=f"Bảng chấm điểm {group.code}",
        total_points=TOTAL,
        status=TableStatus.ACTIVE,
        review_mode=ReviewMode.ALL,
    )
    leaf_max = [(TOTAL / size.criteria).quantize(CENT)] * size.criteria
    leaf_max[-1] += TOTAL - sum(leaf_max)
    n_groups = min(GROUPS, size.criteria)
    group_of = [i * n_groups // size.criteria for i in range(size.criteria)]
    group_max = [
        sum((m for m, g in zip(leaf_max, group_of, strict=True) if g == k), Decimal(0))
        for k in range(n_groups)
    ]
    tops = Criterion.objects.bulk_create(
        Criterion(
            table=table,
            code=f"G{k + 1}",
            kind=CriterionKind.GROUP,
            order=k,
            title=f"Nhóm tiêu chí {k + 1}: thực hiện nhiệm vụ chính trị được giao",
            max_points=group_max[k],
        )
        for k in range(n_groups)
    )
    leaves = Criterion.objects.bulk_create(
        Criterion(
            table=table,
            parent=tops[group_of[i]],
            code=f"G{group_of[i] + 1}.{i + 1}",
            kind=CriterionKind.CRITERION,
            order=100 + i,
            title=f"Tiêu chí {i + 1}: tổ chức triển khai, thực hiện kế hoạch công tác năm",
            max_points=leaf_max[i],
        )
        for i in range(size.criteria)
    )
    Disqualifier.objects.bulk_create(
        Disqualifier(table=table, order=k, description=text, conduct_fact=fact)
        for k, (text, fact) in enumerate(DEFAULT_DISQUALIFIERS, start=1)
    )

    submitted = dt.datetime(year, 12, 10, 9, 0, tzinfo=dt.UTC)
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(
            table=table,
            agency=agency,
            status=AssessmentStatus.SUBMITTED,
            submitted_at=submitted,
        )
        for agency in units
    )
    own: dict[tuple[int, int], Decimal] = {}
    self_scores = []
    finals = []
    for assessment in assessments:
        skill = rng.uniform(0.6, 1.0)
        for leaf in leaves:
            share = min(1.0, skill + rng.uniform(-0.1, 0.1))
            points = _clamp((leaf.max_points * Decimal(share)).quantize(QUARTER), leaf.max_points)
            own[(assessment.pk, leaf.pk)] = points
            self_scores.append(
                SelfScore(
                    assessment=assessment,
                    criterion=leaf,
                    points=points,
                    explanation=rng.choice(EXPLANATIONS),
                )
            )
            if rng.random() < 0.02:
                finals.append(
                    FinalScore(
                        assessment=assessment,
                        criterion=leaf,
                        points=_clamp(points - QUARTER, leaf.max_points),
                        note="Thống nhất sau chấm chéo.",
                        updated_by=leader_user,
                    )
                )
    SelfScore.objects.bulk_create(self_scores, batch_size=2000)
    FinalScore.objects.bulk_create(finals, batch_size=2000)

    # Who reviews whom: the measured reviewer every other unit; besides it, unit i the next
    # ``per_unit`` members after it in rotation order, skipping itself and the measured one.
    pairs = [(reviewer, a) for a in assessments if a.agency_id != reviewer.pk]
    measured = len(pairs)
    for i, assessment in enumerate(assessments):
        others = [
            units[(i + k) % size.units]
            for k in range(1, size.units)
            if units[(i + k) % size.units].pk != reviewer.pk
        ]
        pairs += [(agency, assessment) for agency in others[: size.per_unit]]
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(assessment=assessment, reviewer=agency) for agency, assessment in pairs
    )
    proposals = []
    for assignment in assignments:
        lenient = rng.uniform(-0.15, 0.05)  # each pair its own habit
        mine = assignment.reviewer_id == reviewer.pk
        for leaf in leaves:
            base = own[(assignment.assessment_id, leaf.pk)]
            shift = (leaf.max_points * Decimal(lenient + rng.uniform(-0.1, 0.1))).quantize(QUARTER)
            proposals.append(
                ReviewScore(
                    assignment=assignment,
                    criterion=leaf,
                    points=_clamp(base + shift, leaf.max_points),
                    reason=f"{leaf.code}: {rng.choice(REASONS)}",
                    response="Đơn vị đã bổ sung minh chứng." if rng.random() < 0.05 else "",
                    updated_by=reviewer_user if mine else None,
                )
            )
    ReviewScore.objects.bulk_create(proposals, batch_size=2000)
    mine_count = measured * size.criteria
    return Built(
        code=group.code,
        year=year,
        table_id=table.pk,
        reviewer_id=reviewer.pk,
        reviewer_code=reviewer.code,
        reviewer_user_id=reviewer_user.pk,
        leader_user_id=leader_user.pk,
        leaves=len(leaves),
        self_scores=len(self_scores),
        measured_proposals=mine_count,
        other_proposals=len(proposals) - mine_count,
        final_scores=len(finals),
    )


def _clamp(points: Decimal, top: Decimal) -> Decimal:
    return min(max(points, Decimal(0)), top)


# --- Timing ------------------------------------------------------------------------------------


def _timed[T](run: Callable[[], T], repeat: int) -> tuple[float, float, int, T]:
    """One warm-up and ``repeat`` timed runs with DEBUG off, then one more counting queries:
    (median ms, best ms, queries, the last result)."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        result = run()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = run()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        settings.DEBUG = debug
    with CaptureQueriesContext(connection) as queries:
        run()
    return statistics.median(times), min(times), len(queries), result


def _client(user_id: int) -> Client:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client


def measure_page(label: str, url: str, user_id: int, marker: str, *, repeat: int) -> Timing:
    """GET ``url`` as the user (the whole request: middleware, session, view, template);
    ``marker`` is what opens each cell of the page's grid in the HTML."""
    client = _client(user_id)

    def get() -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url}: {response.status_code}")
        return bytes(response.content)

    median, best, queries, content = _timed(get, repeat)
    text = content.decode()
    return Timing(
        label,
        median,
        best,
        queries,
        size=len(content),
        gzipped=len(gzip.compress(content)),
        cells=text.count(marker),
        edit_links=text.count(EDIT_LINK),
    )


def measure_data(label: str, built: Built, *, reviewer: bool, repeat: int) -> Timing:
    """``grids.review_grid`` alone: the reviewer's grid, or (``reviewer=False``) the
    consolidation grid with its statistics."""
    from thidua.organizations.models import Agency
    from thidua.scoring import grids
    from thidua.scoring.models import ScoringTable

    table = ScoringTable.objects.select_related("group_year").get(pk=built.table_id)
    agency = Agency.objects.get(pk=built.reviewer_id) if reviewer else None

    def run() -> int:
        grid = grids.review_grid(table, reviewer=agency)
        return sum(len(row.cells) for row in grid.rows)

    median, best, queries, cells = _timed(run, repeat)
    return Timing(label, median, best, queries, cells=cells)


def measure_naive(built: Built, *, sample_rows: int, repeat: int) -> Timing:
    """The reviewer's grid data fetched the naive way, two lookups per cell (its self-score,
    its proposal), on the first ``sample_rows`` criteria; times and queries scaled to all."""
    from thidua.scoring.models import Criterion, ReviewAssignment, ReviewScore, SelfScore

    leaves = list(
        Criterion.objects.filter(table_id=built.table_id, children__isnull=True)
        .order_by("order")
        .values_list("pk", flat=True)
    )
    assignments = list(
        ReviewAssignment.objects.filter(
            assessment__table_id=built.table_id, reviewer_id=built.reviewer_id
        ).values_list("pk", "assessment_id")
    )
    sample = leaves[: max(1, min(sample_rows, len(leaves)))]

    def run() -> int:
        cells = 0
        for leaf in sample:
            for assignment_id, assessment_id in assignments:
                SelfScore.objects.filter(
                    assessment_id=assessment_id, criterion_id=leaf
                ).values_list("points", flat=True).first()
                ReviewScore.objects.filter(
                    assignment_id=assignment_id, criterion_id=leaf
                ).values_list("points", "reason", "response", "version").first()
                cells += 1
        return cells

    median, best, queries, _cells = _timed(run, repeat)
    scale = len(leaves) / len(sample)
    label = f"  naive data: 2 queries/cell ({len(sample)}/{len(leaves)} rows ×{scale:.0f})"
    return Timing(
        label,
        median * scale,
        best * scale,
        round(queries * scale),
        cells=len(leaves) * len(assignments),
    )


def compare(size: Size, built: Built, *, repeat: int, sample_rows: int = 10) -> list[Timing]:
    """Every measurement, in the order of the report."""
    from django.urls import reverse

    args = [built.code, built.year]
    grid = reverse("scoring:review_grid", args=args)
    reviewed = size.units - 1
    return [
        measure_page(
            f"reviewer's grid ({reviewed} units × {size.criteria})",
            grid,
            built.reviewer_user_id,
            'id="o-',
            repeat=repeat,
        ),
        measure_data("  data only: grids.review_grid", built, reviewer=True, repeat=repeat),
        measure_naive(built, sample_rows=sample_rows, repeat=repeat),
        measure_page(
            "leader views that grid (?don-vi=, read-only)",
            f"{grid}?don-vi={quote(built.reviewer_code)}",
            built.leader_user_id,
            'id="o-',
            repeat=repeat,
        ),
        measure_page(
            f"consolidation ({size.units} units × {size.criteria})",
            reverse("scoring:consolidation", args=args),
            built.leader_user_id,
            'id="f-',
            repeat=repeat,
        ),
        measure_data("  data only: grids.review_grid", built, reviewer=False, repeat=repeat),
    ]


def report(
    database: str, vendor_version: str, size: Size, built: Built, timings: list[Timing]
) -> str:
    def kb(n: int) -> str:
        return f"{n / 1024:.0f}" if n else ""

    lines = [
        f"database: {database} {vendor_version}; python {sys.version.split()[0]}",
        "",
        f"{'units':>5} {'criteria':>8} {'self scores':>11} {'proposals: measured':>19} "
        f"{'others':>7} {'reviewers/unit':>14} {'final':>6}",
        f"{size.units:>5} {built.leaves:>8} {built.self_scores:>11} "
        f"{built.measured_proposals:>19} {built.other_proposals:>7} "
        f"{1 + size.per_unit:>14} {built.final_scores:>6}",
        "",
        f"{'page / part':<52} {'median ms':>9} {'best ms':>8} {'queries':>7} {'KB':>5} "
        f"{'gzip KB':>7} {'cells':>6} {'edit':>5}",
    ]
    for t in timings:
        edit = str(t.edit_links) if t.size else ""
        lines.append(
            f"{t.label:<52} {t.median_ms:>9.1f} {t.best_ms:>8.1f} {t.queries:>7} "
            f"{kb(t.size):>5} {kb(t.gzipped):>7} {t.cells:>6} {edit:>5}"
        )
    data = [t for t in timings if "data only" in t.label]
    naive = [t for t in timings if "naive" in t.label]
    if data and naive and data[0].median_ms > 0:
        ratio = naive[0].median_ms / data[0].median_ms
        lines.append(f"ratio (naive / grids.review_grid, medians): {ratio:.0f}×")
    lines.append(f"target: each page ≤ {TARGET_MS} ms")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--criteria", type=int, default=100)
    parser.add_argument("--per-unit", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sample-rows", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="do not gc.freeze() after loading (config/wsgi.py freezes; runserver does not)",
    )
    args = parser.parse_args(argv)
    size = Size(args.units, args.criteria, args.per_unit)
    if min(size.criteria, args.repeat, args.sample_rows) < 1 or size.units < 3:
        parser.error("need at least three units, one criterion, one run and one sample row")
    if not 0 <= size.per_unit <= size.units - 2:
        parser.error(f"--per-unit goes from 0 to units − 2 ({size.units - 2})")

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    with throwaway_database(args.database, args.postgres_url) as url:
        os.environ["DATABASE_URL"] = url  # read once, by django.setup() below
        import django
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        settings.DEBUG = False  # before the first template: the engine takes its debug from it
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        built = build(size, seed=args.seed)
        generated = time.perf_counter()
        if not args.no_freeze:
            # As config/wsgi.py does once the application is loaded: long-lived objects are
            # kept out of the garbage collector's full collections.
            gc.collect()
            gc.freeze()
        timings = compare(size, built, repeat=args.repeat, sample_rows=args.sample_rows)
        print(report(args.database, _server_version(connection), size, built, timings))
        setup = f"migrated in {migrated - started:.1f} s, data in {generated - migrated:.1f} s"
        load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
        print(f"(setup: {setup}; {os.cpu_count()} CPUs, load average {load})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
