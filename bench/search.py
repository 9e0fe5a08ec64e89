"""Benchmark: the folded search against a ``LIKE '%…%'`` scan of the unfolded names (issue 7).

Run from the repository root::

    THIDUA_DEBUG=true .venv/bin/python bench/search.py [--scale 20000]
        [--database sqlite|postgres] [--queries 1000] [--repeat 1] [--seed 2025]
    THIDUA_DEBUG=true .venv/bin/python bench/search.py --database-url URL --existing \\
        [--scan-sample 100] [--write-queries PATH | --read-queries PATH]

It sets Django up on a throw-away database (``throwaway_database`` of ``bench/ranking.py``)
and writes the synthetic national history of ``bench/national/generate.py`` at ``--scale``
people, or reads a database that generator filled (``--database-url URL --existing``;
nothing is written to it). Then:

1. **The query mix** is drawn from the data, deterministically (``--seed``): four equal parts —
   full names (``Nguyễn Văn Hùng``), family + given name (``Nguyễn Hùng``), the name without
   the family name (middle + given: ``Văn Hùng``), decision numbers (``01/QĐ-SNV-79``) — of
   people drawn at random and of distinct decision numbers drawn at random; in each part
   every other query is folded (``nguyen van hung``, ``01/qd-snv-79``), the others as stored.
   ``--write-queries`` writes it (tab-separated), ``--read-queries`` runs a written one.
2. **thidua**: the search page's work for the first page — ``parse_query``, ``search`` of
   the page's kind (people, or decisions for a number) with no filters, as a sector-wide user,
   ``core.pagination.counted_page(…, 1, PAGE_SIZE)`` (the page's ids with the total, then its rows).
3. **the scan**: what the provincial systems we know do — one raw query,
   ``WHERE full_name LIKE '%…%'`` (or ``decision_number``) on the unfolded column, the total
   (``count(*) OVER ()``) and the first page ordered by that column. ``LIKE`` is
   case-sensitive on PostgreSQL (the cheaper of ``LIKE``/``ILIKE``) and case-insensitive for
   ASCII letters only on SQLite; neither folds diacritics. ``--scan-sample N`` times it on N
   queries (stratified over the parts and forms) when scanning every query would take too long.

Each query runs ``--repeat`` times (its median counts) after an untimed warm-up, ``DEBUG``
off. It prints p50/p95/p99/mean/max milliseconds of both, per part, the ratios on the same
queries, and the scan's misses: queries it answers with nothing while thidua finds rows (it
cannot fold diacritics, and it reads the query as one phrase). Every row the scan finds must be
in thidua's result (checked, outside the timing), except a name in which the query begins
inside a word (SQLite's case-insensitive ``LIKE '%anh tuấn%'`` finds ``Thanh Tuấn``; thidua's
words begin words). Nothing passes or fails (DESIGN.md §4.11).
Targets of the issue: p95 ≤ 50 ms at 20 M records on PostgreSQL and ≥ 20× the scan; p95 ≤ 100
ms at 1 M records on SQLite.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national.generate import Settings, format_summary, generate, setup_django  # noqa: E402
from bench.ranking import DEFAULT_POSTGRES, _server_version, throwaway_database  # noqa: E402

PARTS = ("full_name", "family_given", "middle_given", "decision")
FORMS = ("folded", "accented")
WARMUP = {"thidua": 20, "scan": 3}
"""Queries run untimed first, per method (a scan of 20 M records takes seconds)."""
SCAN_SQL = {
    "people": "SELECT id, count(*) OVER () FROM organizations_person "
    "WHERE full_name LIKE %s ORDER BY full_name, id LIMIT %s",
    "decisions": "SELECT id, count(*) OVER () FROM awards_commendationrecord "
    "WHERE decision_number LIKE %s ORDER BY decision_number, id LIMIT %s",
}


@dataclass(frozen=True)
class Query:
    """One query of the mix."""

    part: str  # one of PARTS
    form: str  # one of FORMS
    text: str

    @property
    def kind(self) -> str:
        """The search page's kind (a ``SearchKind`` value) for this query."""
        return "decisions" if self.part == "decision" else "people"


@dataclass
class Answer:
    """A method's answer to one query: its timings, total and first page."""

    seconds: list[float] = field(default_factory=list)
    total: int = 0
    ids: list[int] = field(default_factory=list)

    @property
    def ms(self) -> float:
        return statistics.median(self.seconds) * 1000


# --- The query mix ------------------------------------------------------------------------------


def _quarters(count: int) -> list[int]:
    return [count // len(PARTS) + (1 if i < count % len(PARTS) else 0) for i in range(len(PARTS))]


def draw_queries(count: int, seed: int) -> list[Query]:
    """``count`` queries drawn from the database, the same for the same data and seed."""
    from thidua.awards.models import CommendationRecord
    from thidua.core.text import fold
    from thidua.organizations.models import Person

    rng = random.Random(seed)
    names = list(Person.objects.order_by("code").values_list("full_name", flat=True))
    numbers = sorted(
        set(
            CommendationRecord.objects.exclude(decision_number="")
            .order_by()
            .values_list("decision_number", flat=True)
            .distinct()
        )
    )
    queries: list[Query] = []
    for part, n in zip(PARTS, _quarters(count), strict=True):
        pool = numbers if part == "decision" else names
        for i, index in enumerate(rng.sample(range(len(pool)), min(n, len(pool)))):
            words = pool[index].split()
            if part == "family_given":
                words = [words[0], words[-1]]
            elif part == "middle_given":
                words = words[1:]
            text = " ".join(words)
            form = FORMS[i % 2]
            queries.append(Query(part, form, fold(text) if form == "folded" else text))
    return queries


def write_queries(path: Path, queries: Sequence[Query]) -> None:
    rows = [f"{q.part}\t{q.form}\t{q.kind}\t{q.text}" for q in queries]
    path.write_text("\n".join(["part\tform\tkind\tquery", *rows]) + "\n", encoding="utf-8")


def read_queries(path: Path) -> list[Query]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [Query(part, form, text) for part, form, _kind, text in rows if part in PARTS]


def scan_sample(queries: Sequence[Query], size: int, seed: int) -> list[int]:
    """Indexes of ``size`` queries, in proportion to every (part, form) group of the mix."""
    if size <= 0 or size >= len(queries):
        return list(range(len(queries)))
    rng = random.Random(seed)
    groups = [
        [i for i, q in enumerate(queries) if (q.part, q.form) == (part, form)]
        for part in PARTS
        for form in FORMS
    ]
    shares = [size * len(group) // len(queries) for group in groups]
    for g in range(size - sum(shares)):  # the remainder, one more to the first groups
        shares[g % len(groups)] += 1
    chosen: list[int] = []
    for group, share in zip(groups, shares, strict=True):
        chosen += rng.sample(group, min(share, len(group)))
    return sorted(chosen)


# --- The two methods ----------------------------------------------------------------------------


def bench_user() -> Any:
    """A sector-wide user (a superuser, not saved): ``people_visible_to`` and
    ``records_visible_to`` take the same path as for a ministry officer, who sees everyone."""
    from thidua.accounts.models import User

    return User(username="bench-search", is_superuser=True, is_active=True)


def thidua_page(user: Any, query: Query) -> tuple[int, list[int]]:
    """The search page's work for its first page: total and ids."""
    from thidua.awards.search import SearchFilters, parse_query, search
    from thidua.awards.views.search import PAGE_SIZE
    from thidua.core.pagination import counted_page

    results = search(user, query.kind, parse_query(query.text), SearchFilters())
    page = counted_page(results, 1, PAGE_SIZE)
    return page.paginator.count, [row.pk for row in page.object_list]


def scan_page(query: Query) -> tuple[int, list[int]]:
    """``LIKE '%…%'`` on the unfolded column: total and the first page's ids."""
    from django.db import connection

    from thidua.awards.views.search import PAGE_SIZE

    with connection.cursor() as cursor:
        cursor.execute(SCAN_SQL[query.kind], [f"%{query.text}%", PAGE_SIZE])
        rows = cursor.fetchall()
    return (rows[0][1] if rows else 0), [row[0] for row in rows]


@contextmanager
def debug_off() -> Iterator[None]:
    from django.conf import settings

    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def run(
    queries: Sequence[Query], indexes: Sequence[int], method: str, user: Any, repeat: int
) -> dict[int, Answer]:
    """Each query of ``indexes`` through ``method`` (``thidua`` or ``scan``), ``repeat`` times."""

    def once(query: Query) -> tuple[int, list[int]]:
        return thidua_page(user, query) if method == "thidua" else scan_page(query)

    answers: dict[int, Answer] = {}
    with debug_off():
        for i in indexes[: WARMUP[method]]:
            once(queries[i])
        for i in indexes:
            answer = answers[i] = Answer()
            for _ in range(repeat):
                start = time.perf_counter()
                answer.total, answer.ids = once(queries[i])
                answer.seconds.append(time.perf_counter() - start)
    return answers


def foreign_rows(user: Any, query: Query, ids: Sequence[int]) -> int:
    """How many of the scan's ``ids`` thidua's search does not find (expected: none), leaving
    out names in which a word of the query begins inside a word (thidua's rule excludes them)."""
    from thidua.awards.search import SearchFilters, parse_query, search
    from thidua.core.text import fold
    from thidua.organizations.models import Person

    if not ids:
        return 0
    text = parse_query(query.text)
    assert text is not None
    if query.kind == "people":
        names = Person.objects.filter(pk__in=ids).values_list("pk", "full_name")
        ids = [pk for pk, name in names if _words_begin_words(text.words, fold(name).split())]
    results = search(user, query.kind, text, SearchFilters())
    return len(ids) - results.filter(pk__in=ids).count()


def _words_begin_words(words: Sequence[str], name: Sequence[str]) -> bool:
    return all(any(part.startswith(word) for part in name) for word in words)


# --- The report ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def stats(values: Sequence[float]) -> tuple[float, float, float, float, float]:
    """p50, p95, p99, mean and max of ``values``."""
    if not values:
        return (0.0, 0.0, 0.0, 0.0, 0.0)
    return (
        percentile(values, 50),
        percentile(values, 95),
        percentile(values, 99),
        statistics.fmean(values),
        max(values),
    )


HEADER = f"{'method':<34} {'queries':>7} " + " ".join(
    f"{h:>8}" for h in ("p50 ms", "p95 ms", "p99 ms", "mean ms", "max ms")
)


def _line(label: str, answers: Sequence[Answer]) -> str:
    figures = stats([a.ms for a in answers])
    return f"{label:<34} {len(answers):>7} " + " ".join(f"{f:>8.1f}" for f in figures)


def report(
    queries: Sequence[Query],
    thidua: dict[int, Answer],
    scan: dict[int, Answer],
    foreign: int,
) -> str:
    sampled = sorted(scan)
    lines = [HEADER, _line("thidua (search page, first page)", list(thidua.values()))]
    label = "all queries" if len(sampled) == len(queries) else "the scan's sample"
    if len(sampled) != len(queries):
        lines.append(_line(f"thidua, {label}", [thidua[i] for i in sampled]))
    lines.append(_line(f"LIKE scan, {label}", [scan[i] for i in sampled]))
    for part in PARTS:
        mine = [i for i in sampled if queries[i].part == part]
        lines.append(_line(f"  {part}: thidua", [thidua[i] for i in mine]))
        lines.append(_line(f"  {part}: LIKE scan", [scan[i] for i in mine]))
    ours = stats([thidua[i].ms for i in sampled])
    theirs = stats([scan[i].ms for i in sampled])
    lines.append(
        f"ratio (scan / thidua, the same {len(sampled)} queries): p95 "
        f"{theirs[1] / max(ours[1], 1e-9):,.1f}×, mean {theirs[3] / max(ours[3], 1e-9):,.1f}×"
    )
    for form in FORMS:
        mine = [i for i in sampled if queries[i].form == form]
        missed = [i for i in mine if thidua[i].total and not scan[i].total]
        by_part = ", ".join(
            f"{p} {sum(queries[i].part == p for i in missed)}/"
            f"{sum(queries[i].part == p for i in mine)}"
            for p in PARTS
        )
        lines.append(
            f"{form}: the scan found nothing for {len(missed)} of {len(mine)} queries "
            f"thidua answered ({by_part})"
        )
    empty = sum(1 for a in thidua.values() if not a.total)
    fewer = sum(1 for i in sampled if scan[i].total > thidua[i].total)
    lines.append(
        f"thidua found nothing for {empty} of {len(thidua)} queries; the scan counted more rows "
        f"than thidua for {fewer}; scan rows thidua does not find: {foreign}"
    )
    return "\n".join(lines)


def compare(
    queries: Sequence[Query], *, repeat: int = 1, sample: int = 0, seed: int = 2025
) -> tuple[dict[int, Answer], dict[int, Answer], int]:
    """Time both methods (thidua on every query, the scan on the sample) and check the rows."""
    user = bench_user()
    everything = list(range(len(queries)))
    thidua = run(queries, everything, "thidua", user, repeat)
    scan = run(queries, scan_sample(queries, sample, seed), "scan", user, repeat)
    foreign = sum(foreign_rows(user, queries[i], a.ids) for i, a in scan.items())
    return thidua, scan, foreign


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=20_000, help="people to generate")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--queries", type=int, default=1000, help="size of the query mix")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each query")
    parser.add_argument("--scan-sample", type=int, default=0, help="queries scanned (0: all)")
    parser.add_argument("--write-queries", type=Path, help="write the query mix to this file")
    parser.add_argument("--read-queries", type=Path, help="run the mix written in this file")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--database-url", default="", help="an existing database instead")
    parser.add_argument("--existing", action="store_true", help="it is generated already")
    args = parser.parse_args(argv)
    if args.existing and not args.database_url:
        parser.error("--existing needs --database-url")
    if min(args.queries, args.repeat) < 1:
        parser.error("need at least one query and one run")

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

        from thidua.awards.models import CommendationRecord
        from thidua.organizations.models import Person

        if not args.existing:
            print(format_summary(generate(Settings(args.scale, args.seed))))
        people, records = Person.objects.count(), CommendationRecord.objects.count()
        print(
            f"database: {connection.vendor} {_server_version(connection)}; python "
            f"{sys.version.split()[0]}; {os.cpu_count()} CPUs; load {os.getloadavg()}\n"
            f"people {people:,}; records {records:,}"
        )
        start = time.perf_counter()
        if args.read_queries:
            queries = read_queries(args.read_queries)
        else:
            queries = draw_queries(args.queries, args.seed)
        print(f"query mix: {len(queries)} queries ({time.perf_counter() - start:.1f} s to draw)")
        if args.write_queries:
            write_queries(args.write_queries, queries)
            print(f"written to {args.write_queries}")
        thidua, scan, foreign = compare(
            queries, repeat=args.repeat, sample=args.scan_sample, seed=args.seed
        )
        print(report(queries, thidua, scan, foreign))
        print(
            "targets: p95 ≤ 50 ms at 20 M records on PostgreSQL and ≥ 20× the scan; "
            f"p95 ≤ 100 ms at 1 M records on SQLite\nload {os.getloadavg()}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
