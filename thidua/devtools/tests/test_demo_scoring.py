"""The demo's year-end scoring of cluster XI 2023: self-assessments with evidence, the
cross-review and the published ranking (devtools.demo_scoring)."""

from __future__ import annotations

import struct
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.db.models import F

from thidua.devtools.demo import seed_demo
from thidua.devtools.demo_scoring import DEADLINE, PUBLISHED_AT, REVIEWS, UNITS
from thidua.scoring.choices import AssessmentStatus, ReviewMode
from thidua.scoring.models import (
    Evidence,
    FinalScore,
    Ranking,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfScore,
)
from thidua.scoring.selectors import scorable_criteria

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(settings: Any, tmp_path: Path) -> ScoringTable:
    settings.MEDIA_ROOT = tmp_path
    seed_demo()
    return ScoringTable.objects.get(group_year__group__code="CUM-XI", group_year__year=2023)


def _png_size(content: bytes) -> tuple[int, int]:
    """The size of a PNG, after checking that its pixel data decompresses to that size."""
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", content[16:24])
    start = content.index(b"IDAT") + 4
    (length,) = struct.unpack(">I", content[start - 8 : start - 4])
    assert len(zlib.decompress(content[start : start + length])) == height * (1 + 3 * width)
    return width, height


def test_six_members_scored_every_leaf_attached_evidence_that_opens_and_submitted_in_time(
    table: ScoringTable,
) -> None:
    assert table.self_assessment_deadline == DEADLINE
    leaves = scorable_criteria(table)
    assessments = list(table.assessments.select_related("agency"))
    assert sorted(a.agency.code for a in assessments) == sorted(UNITS)
    for assessment in assessments:
        assert assessment.status == AssessmentStatus.SUBMITTED
        assert assessment.submitted_at is not None
        assert assessment.submitted_at.year == 2023
        assert assessment.submitted_at.month == 12
        assert assessment.submitted_at <= DEADLINE
        scores = {s.criterion_id: s for s in assessment.scores.all()}
        assert set(scores) == {c.pk for c in leaves}
        assert all(s.explanation for s in scores.values())
        with_evidence = set(assessment.evidence.values_list("criterion_id", flat=True))
        required = {c.pk for c in leaves if c.evidence_required and (scores[c.pk].points or 0) > 0}
        assert required <= with_evidence
    explanations = SelfScore.objects.filter(
        assessment__table=table, criterion__code="I.1"
    ).values_list("explanation", flat=True)
    assert len(set(explanations)) == 6  # each unit tells its own story

    kinds = {"application/pdf": 0, "image/png": 0}
    for evidence in Evidence.objects.filter(assessment__table=table).select_related("criterion"):
        with evidence.file.open("rb") as stored:
            content = stored.read()
        assert len(content) == evidence.size < 100_000
        kinds[evidence.content_type] += 1
        if evidence.content_type == "application/pdf":
            reader = pypdf.PdfReader(evidence.file.path)
            assert len(reader.pages) == 1
            text = reader.pages[0].extract_text()
            assert "BÁO CÁO MINH CHỨNG" in text
            assert f"Tiêu chí {evidence.criterion.code}" in text
            assert "không có thật" in text
        else:
            assert _png_size(content) == (240, 160)
    assert kinds["application/pdf"] >= 30
    assert kinds["image/png"] >= 1


def test_the_ranking_is_published_after_a_cross_review_with_a_tie_and_a_disqualified_unit_last(
    table: ScoringTable,
) -> None:
    assert table.review_mode == ReviewMode.ASSIGNED
    assignments = ReviewAssignment.objects.filter(assessment__table=table)
    assert assignments.count() == 12  # six units, each reviewed by two others
    assert not assignments.filter(reviewer=F("assessment__agency")).exists()
    reviews = ReviewScore.objects.filter(assignment__assessment__table=table)
    assert reviews.count() == len(REVIEWS)
    assert all(r.reason for r in reviews)
    lowered = reviews.select_related("assignment__assessment", "criterion")
    for review in lowered:
        own = SelfScore.objects.get(
            assessment=review.assignment.assessment, criterion=review.criterion
        )
        assert own.points is not None
        assert review.points < own.points
    assert reviews.exclude(response="").count() == 1
    assert FinalScore.objects.filter(assessment__table=table).count() == 4

    ranking = Ranking.objects.get(table=table)
    assert ranking.version == 1
    assert ranking.published_at == PUBLISHED_AT
    entries = list(ranking.entries.order_by("position"))
    assert [(e.agency_code, e.rank, e.total, e.disqualified) for e in entries] == [
        ("SCT-CT", 1, Decimal("101.5"), False),
        ("SCT-AG", 2, Decimal("97.5"), False),
        ("SCT-CM", 2, Decimal("97.5"), False),
        ("SCT-HG", 4, Decimal("90.5"), False),
        ("SCT-BL", 5, Decimal("84.5"), False),
        ("SCT-KG", 6, Decimal("98"), True),
    ]
    last = entries[-1]
    assert last.disqualifications == [
        "Có công chức, viên chức, người lao động vi phạm Luật Giao thông đường bộ"
    ]
    assert last.band != "Xuất sắc"  # the disqualifier bars the top band, whatever the total
    assert entries[1].self_total == Decimal("98.5")  # An Giang lost a point in the review

    evidence = Evidence.objects.count()
    seed_demo()  # a second run adds nothing
    assert Ranking.objects.filter(table=table).count() == 1
    assert Evidence.objects.count() == evidence
    assert ReviewScore.objects.count() == len(REVIEWS)
