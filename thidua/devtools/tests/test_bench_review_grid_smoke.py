"""The review-grid benchmark (bench/review_grid.py) still runs: its data building and its
timing of the two pages at a tiny size, inside the test database. The figures themselves are
not tested (DESIGN.md §4.11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import F, Sum

from bench.review_grid import Size, build, compare, report
from thidua.scoring.choices import AssessmentStatus, ReviewMode
from thidua.scoring.models import (
    Criterion,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)

pytestmark = pytest.mark.django_db

SIZE = Size(units=4, criteria=6, per_unit=2)


def test_the_benchmark_writes_the_rows_the_pages_read() -> None:
    built = build(SIZE, seed=1)
    table = ScoringTable.objects.get(pk=built.table_id)
    assert table.status == "active"
    assert table.review_mode == ReviewMode.ALL
    leaves = Criterion.objects.filter(table=table, children__isnull=True)
    assert leaves.count() == built.leaves == 6
    assert leaves.aggregate(total=Sum("max_points"))["total"] == Decimal(100)
    assessments = SelfAssessment.objects.filter(table=table)
    assert assessments.count() == 4
    assert not assessments.exclude(status=AssessmentStatus.SUBMITTED).exists()
    assert SelfScore.objects.filter(assessment__table=table).count() == built.self_scores == 24
    measured = ReviewAssignment.objects.filter(
        assessment__table=table, reviewer_id=built.reviewer_id
    )
    assert measured.count() == 3  # every other unit, never itself
    assert not measured.filter(assessment__agency_id=built.reviewer_id).exists()
    assert built.measured_proposals == 3 * 6
    assert built.other_proposals == 4 * 2 * 6  # two more reviewers on every unit
    assert ReviewScore.objects.filter(assignment__assessment__table=table).count() == 18 + 48
    assert not ReviewAssignment.objects.filter(
        assessment__table=table, reviewer_id=F("assessment__agency_id")
    ).exists()


def test_both_pages_answer_200_with_every_cell() -> None:
    built = build(SIZE, seed=2)
    timings = compare(SIZE, built, repeat=1, sample_rows=2)  # raises unless every GET is 200
    grid, data, naive, overseen, consolidation, consolidation_data = timings
    assert (grid.cells, grid.edit_links) == (3 * 6, 3 * 6)  # editable by the reviewer
    assert data.cells == naive.cells == 3 * 6
    assert (overseen.cells, overseen.edit_links) == (3 * 6, 0)  # the leader only looks
    assert (consolidation.cells, consolidation.edit_links) == (4 * 6, 4 * 6)
    assert consolidation_data.cells == 4 * 6
    assert naive.queries == 2 * 3 * 6  # two lookups per cell, scaled from 2 rows to 6
    assert data.queries < naive.queries
    printed = report("sqlite", "test", SIZE, built, timings)
    assert "reviewer's grid (3 units × 6)" in printed
    assert "consolidation (4 units × 6)" in printed
    assert "naive" in printed
