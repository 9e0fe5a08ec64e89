"""The data of the review and consolidation grids (criteria × units), of the assignment
list and of a reviewed unit's page, built with a fixed handful of queries whatever the number
of units and criteria; the leniency figures come from ``review_stats``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Subquery

from thidua.core.text import fold
from thidua.emulation.models import GroupMember
from thidua.organizations.models import Agency
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import (
    Criterion,
    FinalScore,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)
from thidua.scoring.review_stats import (
    CENT,
    ReviewStatistics,
    mean_of,
    statistics_from,
    table_proposals,
    table_reviewers,
)


@dataclass(frozen=True, slots=True)
class GridUnit:
    """A column of the grid: a unit's self-assessment (and, in a reviewer's grid, the
    reviewer's assignment on it)."""

    assessment_id: int
    agency_id: int
    code: str
    name: str
    submitted: bool
    assignment_id: int | None = None


@dataclass(frozen=True, slots=True)
class GridProposal:
    score_id: int
    reviewer_id: int
    points: Decimal
    reason: str = ""
    has_response: bool = False
    version: int = 1
    normalised: Decimal | None = None


@dataclass(slots=True)
class GridCell:
    unit: GridUnit
    criterion_id: int
    self_points: Decimal | None
    proposals: list[GridProposal] = field(default_factory=list)
    final_points: Decimal | None = None
    final_version: int | None = None

    @property
    def proposal(self) -> GridProposal | None:
        """The one proposal of a reviewer's grid."""
        return self.proposals[0] if self.proposals else None

    @property
    def mean(self) -> Decimal | None:
        if not self.proposals:
            return None
        return mean_of([p.points for p in self.proposals]).quantize(CENT, ROUND_HALF_UP)

    @property
    def normalised_mean(self) -> Decimal | None:
        values = [p.normalised for p in self.proposals if p.normalised is not None]
        if not values:
            return None
        return mean_of(values).quantize(CENT, ROUND_HALF_UP)


@dataclass
class GridRow:
    """A criterion: a group heading (no cells) or a leaf with one cell per unit."""

    criterion_id: int
    code: str
    title: str
    kind: str
    max_points: Decimal
    depth: int
    is_leaf: bool
    cells: list[GridCell] = field(default_factory=list)


@dataclass
class ReviewGrid:
    """Rows = criteria (groups as headings, leaves with cells), columns = units."""

    units: list[GridUnit]
    rows: list[GridRow]
    statistics: ReviewStatistics | None = None
    leaves: int = 0


def _criteria_rows(table: ScoringTable) -> tuple[list[GridRow], set[int], dict[int, Decimal]]:
    nodes = list(
        Criterion.objects.filter(table=table)
        .order_by("order")
        .values_list("pk", "parent_id", "code", "kind", "title", "max_points")
    )
    children: dict[int | None, list[tuple[int, int | None, str, str, str, Decimal]]] = defaultdict(
        list
    )
    for node in nodes:
        children[node[1]].append(node)
    rows: list[GridRow] = []
    leaves: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for pk, _parent, code, kind, title, top in children[parent]:
            rows.append(GridRow(pk, code, title, kind, top, depth, not children[pk]))
            if children[pk]:
                walk(pk, depth + 1)
            else:
                leaves.add(pk)

    walk(None, 0)
    return rows, leaves, {n[0]: n[5] for n in nodes}


def _rotation_order(table: ScoringTable, agency: str) -> Subquery:
    return Subquery(
        GroupMember.objects.filter(
            group_year_id=table.group_year_id, agency_id=OuterRef(agency)
        ).values("rotation_order")[:1]
    )


def _units(table: ScoringTable, reviewer: Agency | None) -> list[GridUnit]:
    """The columns, in the members' rotation order (one query)."""
    units: list[tuple[int | None, GridUnit]] = []
    if reviewer is None:
        for pk, agency_id, code, name, status, rank in (
            SelfAssessment.objects.filter(table=table)
            .annotate(rank=_rotation_order(table, "agency_id"))
            .values_list("pk", "agency_id", "agency__code", "agency__name", "status", "rank")
        ):
            unit = GridUnit(pk, agency_id, code, name, status == AssessmentStatus.SUBMITTED)
            units.append((rank, unit))
    else:
        for assignment_id, pk, agency_id, code, name, status, rank in (
            ReviewAssignment.objects.filter(assessment__table=table, reviewer=reviewer)
            .annotate(rank=_rotation_order(table, "assessment__agency_id"))
            .values_list(
                "pk",
                "assessment_id",
                "assessment__agency_id",
                "assessment__agency__code",
                "assessment__agency__name",
                "assessment__status",
                "rank",
            )
        ):
            submitted = status == AssessmentStatus.SUBMITTED
            units.append((rank, GridUnit(pk, agency_id, code, name, submitted, assignment_id)))
    units.sort(key=lambda pair: (pair[0] if pair[0] is not None else 1 << 15, fold(pair[1].name)))
    return [unit for _rank, unit in units]


def review_grid(table: ScoringTable, *, reviewer: Agency | None = None) -> ReviewGrid:
    """The grid of a reviewer (its units as columns, its proposals in the cells) or, without
    ``reviewer``, the consolidation grid (every unit; every proposal, normalised, with the
    leniency statistics; the consolidated scores). Six queries at most, whatever the size."""
    rows, leaves, max_points = _criteria_rows(table)
    units = _units(table, reviewer)
    ids = [u.assessment_id for u in units]
    self_points = {
        (a, c): p
        for a, c, p in SelfScore.objects.filter(
            assessment_id__in=ids, points__isnull=False
        ).values_list("assessment_id", "criterion_id", "points")
        if p is not None
    }
    proposals: dict[tuple[int, int], list[GridProposal]] = defaultdict(list)
    statistics_: ReviewStatistics | None = None
    if reviewer is not None:
        for (
            score_id,
            assessment_id,
            criterion_id,
            points,
            reason,
            response,
            version,
        ) in ReviewScore.objects.filter(
            assignment__assessment__table=table, assignment__reviewer=reviewer
        ).values_list(
            "pk",
            "assignment__assessment_id",
            "criterion_id",
            "points",
            "reason",
            "response",
            "version",
        ):
            proposals[(assessment_id, criterion_id)].append(
                GridProposal(score_id, reviewer.pk, points, reason, bool(response), version)
            )
    else:
        raw = table_proposals(table)
        statistics_ = statistics_from(raw, max_points, self_points, table_reviewers(table))
        for p in raw:
            proposals[(p.assessment_id, p.criterion_id)].append(
                GridProposal(
                    0,
                    p.reviewer_id,
                    p.points,
                    normalised=statistics_.normalised[
                        (p.assessment_id, p.criterion_id, p.reviewer_id)
                    ],
                )
            )
    finals = {
        (a, c): (p, v)
        for a, c, p, v in FinalScore.objects.filter(assessment_id__in=ids).values_list(
            "assessment_id", "criterion_id", "points", "version"
        )
    }
    for row in rows:
        if row.criterion_id not in leaves:
            continue
        for unit in units:
            key = (unit.assessment_id, row.criterion_id)
            final = finals.get(key)
            row.cells.append(
                GridCell(
                    unit=unit,
                    criterion_id=row.criterion_id,
                    self_points=self_points.get(key),
                    proposals=proposals.get(key, []),
                    final_points=final[0] if final else None,
                    final_version=final[1] if final else None,
                )
            )
    return ReviewGrid(units=units, rows=rows, statistics=statistics_, leaves=len(leaves))


# --- Assignments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentEntry:
    assignment_id: int
    reviewer_id: int
    reviewer_code: str
    reviewer_name: str
    agency_id: int
    agency_code: str
    agency_name: str
    scored: int


def assignments(table: ScoringTable) -> list[AssignmentEntry]:
    """Who reviews whom, with the number of criteria each reviewer has scored (one query)."""
    entries = [
        AssignmentEntry(*row)
        for row in ReviewAssignment.objects.filter(assessment__table=table)
        .annotate(scored=Count("scores"))
        .values_list(
            "pk",
            "reviewer_id",
            "reviewer__code",
            "reviewer__name",
            "assessment__agency_id",
            "assessment__agency__code",
            "assessment__agency__name",
            "scored",
        )
    ]
    entries.sort(key=lambda e: (fold(e.reviewer_name), fold(e.agency_name)))
    return entries


def reviewer_ids(entries: Iterable[AssignmentEntry]) -> list[int]:
    return list(dict.fromkeys(e.reviewer_id for e in entries))


# --- A reviewed unit's page --------------------------------------------------------------------


@dataclass
class UnitProposal:
    """A proposal on the unit; ``error`` and ``typed`` carry a refused answer back to the
    page so that nothing typed is lost."""

    score: ReviewScore
    error: str = ""
    typed: str = ""


@dataclass
class UnitSection:
    """A criterion of the unit's page: a group heading, or a leaf with the unit's own score
    and explanation and every reviewer's proposal on it."""

    criterion_id: int
    code: str
    title: str
    max_points: Decimal
    depth: int
    is_leaf: bool
    self_points: Decimal | None = None
    explanation: str = ""
    proposals: list[UnitProposal] = field(default_factory=list)


def unit_reviews(assessment: SelfAssessment) -> list[UnitSection]:
    """Every criterion of the unit's table with the unit's own score and the proposals of its
    reviewers (reviewer, points, reason, response), in three queries."""
    rows, _leaves, _max = _criteria_rows(assessment.table)
    own = {
        c: (p, e)
        for c, p, e in SelfScore.objects.filter(assessment=assessment).values_list(
            "criterion_id", "points", "explanation"
        )
    }
    proposals: dict[int, list[UnitProposal]] = defaultdict(list)
    for score in (
        ReviewScore.objects.filter(assignment__assessment=assessment)
        .select_related("assignment__reviewer", "updated_by")
        .order_by("assignment__reviewer__name", "pk")
    ):
        proposals[score.criterion_id].append(UnitProposal(score))
    sections = []
    for row in rows:
        points, explanation = own.get(row.criterion_id, (None, ""))
        sections.append(
            UnitSection(
                criterion_id=row.criterion_id,
                code=row.code,
                title=row.title,
                max_points=row.max_points,
                depth=row.depth,
                is_leaf=row.is_leaf,
                self_points=points,
                explanation=explanation,
                proposals=proposals.get(row.criterion_id, []),
            )
        )
    return sections
