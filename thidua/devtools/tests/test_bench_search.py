"""The search benchmark (bench/search.py) still runs: at a tiny scale, inside the test database.
The figures themselves are not tested (DESIGN.md §4.11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import search as bench
from bench.national.generate import Settings, generate
from thidua.core.text import fold

pytestmark = pytest.mark.django_db

SCALE = 200


def test_the_search_benchmark_runs_and_the_scan_misses_what_it_cannot_fold(
    tmp_path: Path,
) -> None:
    generate(Settings(SCALE, 7), out=lambda _line: None, check_free_disk=False)
    queries = bench.draw_queries(40, seed=3)
    assert queries == bench.draw_queries(40, seed=3)  # the same data, the same mix
    assert [sum(q.part == part for q in queries) for part in bench.PARTS] == [10, 10, 10, 10]
    assert {q.form for q in queries} == set(bench.FORMS)
    assert all(q.text == fold(q.text) for q in queries if q.form == "folded")
    path = tmp_path / "queries.tsv"
    bench.write_queries(path, queries)
    assert bench.read_queries(path) == queries

    thidua, scan, foreign = bench.compare(queries, repeat=2, sample=20, seed=3)
    assert sorted(thidua) == list(range(len(queries)))
    assert len(scan) == 20
    assert all(len(answer.seconds) == 2 for answer in thidua.values())
    # Every query was drawn from the data: the folded search finds each one, and every row the
    # scan finds is among its results.
    assert all(answer.total > 0 for answer in thidua.values())
    assert foreign == 0
    assert all(scan[i].total <= thidua[i].total for i in scan)
    # The scan cannot fold: it misses folded names (all but the few with no diacritic at all);
    # an accented full name, name without the family name or number is found as typed.
    folded = [i for i in scan if queries[i].form == "folded" and queries[i].part != "decision"]
    assert sum(scan[i].total == 0 for i in folded) > len(folded) // 2
    for i, answer in scan.items():
        if queries[i].form == "accented" and queries[i].part != "family_given":
            assert answer.total > 0
    text = bench.report(queries, thidua, scan, foreign)
    assert "p95 ms" in text
    assert "the scan found nothing for" in text


def test_the_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.stats(values) == (50.0, 95.0, 99.0, 50.5, 100.0)
    assert bench.percentile([3.0], 99) == 3.0
