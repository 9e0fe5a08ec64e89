"""Reads of the cross-review (chấm chéo): how lenient or strict each reviewer is, pairs of
units that rate each other up, and proposals normalised for leniency (the grids' data is in
``grids``).

Everything is set-based: a fixed handful of queries for a table, whatever the number of units,
criteria and reviewers. Nothing here writes; the normalised proposals are shown beside the raw
ones for reference and never stored nor used in a result.

Terms. A proposal's *deviation* is ``(proposed − self) / max_points``: how far the reviewer
moved the unit's own score, as a share of the criterion's maximum (negative: cut, positive:
raised). Only proposals whose unit gave itself a score count, and criteria of 0 points are
skipped. A reviewer's *mean deviation* is the mean of its deviations; the cluster's *norm* is
the mean of every deviation in the table.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from thidua.core.text import fold
from thidua.scoring.models import (
    Criterion,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfScore,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")
# Two deviations closer than this are equal (guards comparisons against rounding noise).
EPSILON = Decimal("1e-9")
# |z| from which a reviewer's leniency is flagged on the consolidation page.
Z_WARNING = 2.0


class Proposal(NamedTuple):
    reviewer_id: int
    assessment_id: int
    reviewed_agency_id: int
    criterion_id: int
    points: Decimal


@dataclass(frozen=True)
class ReviewerLeniency:
    """Mức độ "dễ/khó" của một đơn vị chấm (độ lệch).

    ``scores`` counts all its proposals, ``count`` those compared with a self-score (the ones
    the mean is taken over). ``z`` compares its mean with the other reviewers' means: None when
    fewer than three reviewers have a mean or their means do not differ.
    """

    reviewer_id: int
    code: str
    name: str
    scores: int
    count: int
    mean_deviation: Decimal | None
    z: float | None

    @property
    def mean_percent(self) -> Decimal | None:
        if self.mean_deviation is None:
            return None
        return (self.mean_deviation * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def flagged(self) -> bool:
        return self.z is not None and abs(self.z) >= Z_WARNING


@dataclass(frozen=True)
class ReciprocalPair:
    """Cặp chấm nâng điểm cho nhau: ``first`` rates ``second`` up and ``second`` rates
    ``first`` up (see :func:`reciprocal_pairs`). Deviations are means, as shares of the
    maximum; ``norm`` is the cluster's."""

    first_id: int
    first_name: str
    second_id: int
    second_name: str
    first_on_second: Decimal
    second_on_first: Decimal
    norm: Decimal


@dataclass
class ReviewStatistics:
    """The leniency of every reviewer, the reciprocal pairs and the normalised proposals."""

    leniency: list[ReviewerLeniency]
    pairs: list[ReciprocalPair]
    norm: Decimal | None
    normalised: dict[tuple[int, int, int], Decimal]

    def mean_deviation(self, reviewer_id: int) -> Decimal | None:
        for entry in self.leniency:
            if entry.reviewer_id == reviewer_id:
                return entry.mean_deviation
        return None


def mean_of(values: list[Decimal]) -> Decimal:
    return sum(values, ZERO) / len(values)


def statistics_from(
    proposals: list[Proposal],
    max_points: dict[int, Decimal],
    self_points: dict[tuple[int, int], Decimal],
    reviewers: dict[int, tuple[str, str]],
) -> ReviewStatistics:
    deviations: dict[int, list[Decimal]] = defaultdict(list)
    on_unit: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    scores: dict[int, int] = defaultdict(int)
    everything: list[Decimal] = []
    for p in proposals:
        scores[p.reviewer_id] += 1
        own = self_points.get((p.assessment_id, p.criterion_id))
        top = max_points.get(p.criterion_id, ZERO)
        if own is None or top <= 0:
            continue
        deviation = (p.points - own) / top
        deviations[p.reviewer_id].append(deviation)
        on_unit[(p.reviewer_id, p.reviewed_agency_id)].append(deviation)
        everything.append(deviation)

    means = {r: mean_of(d) for r, d in deviations.items()}
    z_scores: dict[int, float] = {}
    if len(means) >= 3:
        values = [float(m) for m in means.values()]
        centre, spread = statistics.fmean(values), statistics.pstdev(values)
        if not math.isclose(spread, 0.0, abs_tol=1e-12):
            z_scores = {r: (float(m) - centre) / spread for r, m in means.items()}
    leniency = [
        ReviewerLeniency(
            reviewer_id=r,
            code=code,
            name=name,
            scores=scores.get(r, 0),
            count=len(deviations.get(r, [])),
            mean_deviation=means.get(r),
            z=z_scores.get(r),
        )
        for r, (code, name) in reviewers.items()
    ]
    leniency.sort(key=lambda e: (fold(e.name), e.code))

    norm = mean_of(everything) if everything else None
    pairs: list[ReciprocalPair] = []
    if norm is not None:
        up = {key: mean_of(d) for key, d in on_unit.items()}
        for (a, b), a_on_b in up.items():
            b_on_a = up.get((b, a))
            if b_on_a is None or a == b:
                continue
            first = min((a, b), key=lambda pk: (fold(_name(reviewers, pk)), pk))
            if first != a:
                continue  # each unordered pair once
            if a_on_b > norm + EPSILON and b_on_a > norm + EPSILON:
                pairs.append(
                    ReciprocalPair(
                        first_id=a,
                        first_name=_name(reviewers, a),
                        second_id=b,
                        second_name=_name(reviewers, b),
                        first_on_second=a_on_b,
                        second_on_first=b_on_a,
                        norm=norm,
                    )
                )
        pairs.sort(key=lambda p: (fold(p.first_name), fold(p.second_name)))

    normalised: dict[tuple[int, int, int], Decimal] = {}
    for p in proposals:
        mean = means.get(p.reviewer_id)
        top = max_points.get(p.criterion_id, ZERO)
        value = p.points if mean is None else p.points - mean * top
        value = min(max(value, ZERO), top).quantize(CENT, ROUND_HALF_UP)
        normalised[(p.assessment_id, p.criterion_id, p.reviewer_id)] = value
    return ReviewStatistics(leniency=leniency, pairs=pairs, norm=norm, normalised=normalised)


def _name(reviewers: dict[int, tuple[str, str]], pk: int) -> str:
    return reviewers.get(pk, ("", str(pk)))[1]


def table_reviewers(table: ScoringTable) -> dict[int, tuple[str, str]]:
    """Every agency assigned to review in the table: id → (code, name)."""
    return {
        pk: (code, name)
        for pk, code, name in ReviewAssignment.objects.filter(assessment__table=table)
        .values_list("reviewer_id", "reviewer__code", "reviewer__name")
        .distinct()
    }


def _self_points(table: ScoringTable) -> dict[tuple[int, int], Decimal]:
    return {
        (a, c): p
        for a, c, p in SelfScore.objects.filter(
            assessment__table=table, points__isnull=False
        ).values_list("assessment_id", "criterion_id", "points")
        if p is not None
    }


def _max_points(table: ScoringTable) -> dict[int, Decimal]:
    return dict(Criterion.objects.filter(table=table).values_list("pk", "max_points"))


def table_proposals(table: ScoringTable) -> list[Proposal]:
    return [
        Proposal(*row)
        for row in ReviewScore.objects.filter(assignment__assessment__table=table).values_list(
            "assignment__reviewer_id",
            "assignment__assessment_id",
            "assignment__assessment__agency_id",
            "criterion_id",
            "points",
        )
    ]


def review_statistics(table: ScoringTable) -> ReviewStatistics:
    """Leniency, reciprocal pairs and normalised proposals of the table (four queries)."""
    return statistics_from(
        table_proposals(table), _max_points(table), _self_points(table), table_reviewers(table)
    )


def leniency(table: ScoringTable) -> list[ReviewerLeniency]:
    """Each reviewer's mean deviation over its proposals that have a self-score, and the
    z-score of that mean among the reviewers' means: ``(mean − mean of the means) /
    population standard deviation of the means`` (None with fewer than three reviewers or
    when all means are equal). With *k* reviewers no |z| exceeds √(k − 1), so the |z| ≥ 2
    warning needs at least five reviewers."""
    return review_statistics(table).leniency


def reciprocal_pairs(table: ScoringTable) -> list[ReciprocalPair]:
    """Pairs of units that rate each other up.

    Reviewer A *rates B up* when A's mean deviation over its proposals on B's criteria is
    above the cluster's norm (the mean deviation of every proposal in the table). A pair (A, B)
    is flagged when A rates B up and B rates A up; both mean deviations come with it. Only
    proposals compared with a self-score count; a pair where one side has none is not
    flagged. The flag is a prompt to look, not a finding.
    """
    return review_statistics(table).pairs


def normalised(table: ScoringTable) -> dict[tuple[int, int, int], Decimal]:
    """(assessment id, criterion id, reviewer id) → the proposal corrected for its reviewer's
    leniency: ``clamp(proposed − reviewer's mean deviation × max_points, 0, max_points)``,
    to the cent. A reviewer without a mean (no proposal compared with a self-score) keeps its
    proposals as they are. For reference only: never written, never in a result."""
    return review_statistics(table).normalised
