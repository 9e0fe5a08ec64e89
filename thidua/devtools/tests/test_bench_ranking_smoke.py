"""The ranking benchmark (bench/ranking.py) still runs: its data building and timing at tiny
sizes, inside the test database. The figures themselves are not tested (DESIGN.md §4.11)."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.ranking import Size, build, compare, measure, rank_batched, report
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import ScoringTable, SelfAssessment

pytestmark = pytest.mark.django_db

ON = dt.date(2023, 12, 31)


def test_the_benchmark_builds_submitted_assessments_and_both_ways_of_ranking_agree() -> None:
    size = Size(clusters=2, units=3, criteria=4)
    built = build(size, seed=1)
    assert len(built.table_ids) == 2
    assert built.score_rows == 2 * 3 * (4 + 3)  # every leaf: the criteria, two bonus, a penalty
    assert ScoringTable.objects.filter(pk__in=built.table_ids, status="active").count() == 2
    assert (
        SelfAssessment.objects.filter(table_id__in=built.table_ids)
        .exclude(status=AssessmentStatus.SUBMITTED)
        .count()
        == 0
    )
    timings = compare(size, built, repeat=1, on=ON)  # raises if the two ways disagree
    batched, per_cluster = timings
    assert batched.queries < per_cluster.queries
    printed = report("sqlite", "test", size, built, timings)
    assert "batched (compute_results)" in printed
    assert "ratio" in printed


def test_the_batched_way_costs_the_same_queries_for_one_cluster_or_four() -> None:
    one = build(Size(clusters=1, units=3, criteria=4), seed=1)
    four = build(Size(clusters=4, units=3, criteria=4), seed=2)
    first, ranked_one = measure("one", rank_batched, one.table_ids, repeat=1, on=ON)
    second, ranked_four = measure("four", rank_batched, four.table_ids, repeat=1, on=ON)
    assert first.queries == second.queries
    assert len(ranked_one) == 1
    assert len(ranked_four) == 4
    assert all(len(units) == 3 for units in ranked_four.values())
