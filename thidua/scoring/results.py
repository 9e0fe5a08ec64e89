"""Totals, ranks and classification bands computed from the scores (reads only).

A unit's points for a criterion are the leader's consolidated score where there is one, else
the unit's own. Points add up to the top-level groups; bonus items add up to at most their
group's cap and penalty items deduct at most theirs. A disqualifier (điểm liệt) — triggered
by the unit's conduct record or found by the cluster — does not change the total: it puts the
unit after every qualified one and keeps it out of the bands reserved to qualified units.

Everything is loaded with a fixed number of queries for any number of tables, so ranking a
hundred clusters costs the same eight queries as ranking one. For the results pages it also
gives a unit's breakdown by criterion (``unit_breakdown``) and what a correction would change
(``changes_since``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.core.text import fold
from thidua.organizations.models import Agency
from thidua.scoring.choices import AssessmentStatus, CriterionKind, TieBreak
from thidua.scoring.models import (
    ConductRecord,
    Criterion,
    Disqualifier,
    DisqualifierFinding,
    FinalScore,
    RankingEntry,
    RankingRule,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)
from thidua.scoring.selectors import Node, flat_tree

ZERO = Decimal("0")


@dataclass
class UnitResult:
    """One unit's computed result; ``rank``, ``position`` and ``band`` are set by ranking."""

    assessment_id: int
    agency_id: int
    agency_code: str
    agency_name: str
    submitted: bool
    self_total: Decimal = ZERO
    total: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    group_points: dict[str, Decimal] = field(default_factory=dict)
    disqualifications: list[str] = field(default_factory=list)
    rank: int = 0
    position: int = 0
    band: str = ""

    @property
    def disqualified(self) -> bool:
        return bool(self.disqualifications)


@dataclass(frozen=True)
class _Node:
    pk: int
    parent_id: int | None
    code: str
    kind: str
    order: int
    max_points: Decimal


def _roots(nodes: dict[int, _Node]) -> dict[int, _Node]:
    """Each criterion's top-level ancestor (itself at the top)."""
    out: dict[int, _Node] = {}
    for pk, node in nodes.items():
        top = node
        while top.parent_id is not None:
            top = nodes[top.parent_id]
        out[pk] = top
    return out


def _sum_unit(
    result: UnitResult,
    own: dict[int, Decimal],
    final: dict[int, Decimal],
    leaves: list[_Node],
    roots: dict[int, _Node],
    top_scored: list[_Node],
) -> None:
    groups = {node.code: ZERO for node in top_scored}
    self_groups = dict(groups)
    extra: dict[int, Decimal] = defaultdict(lambda: ZERO)
    self_extra: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for leaf in leaves:
        mine = own.get(leaf.pk, ZERO)
        points = final.get(leaf.pk, mine)
        root = roots[leaf.pk]
        if root.kind in (CriterionKind.GROUP, CriterionKind.CRITERION):
            groups[root.code] += points
            self_groups[root.code] += mine
        else:
            extra[root.pk] += points
            self_extra[root.pk] += mine
    bonus = penalty = self_bonus = self_penalty = ZERO
    for root in {roots[leaf.pk] for leaf in leaves}:
        if root.kind == CriterionKind.BONUS:
            bonus += min(extra[root.pk], root.max_points)
            self_bonus += min(self_extra[root.pk], root.max_points)
        elif root.kind == CriterionKind.PENALTY:
            penalty += min(extra[root.pk], root.max_points)
            self_penalty += min(self_extra[root.pk], root.max_points)
    result.group_points = groups
    result.bonus = bonus
    result.penalty = penalty
    result.total = sum(groups.values(), ZERO) + bonus - penalty
    result.self_total = sum(self_groups.values(), ZERO) + self_bonus - self_penalty


def compute_results(tables: Sequence[ScoringTable]) -> dict[int, list[UnitResult]]:
    """Every unit's result under each table, by table id (units in no particular order)."""
    ids = [t.pk for t in tables]
    years = dict(ScoringTable.objects.filter(pk__in=ids).values_list("pk", "group_year__year"))
    nodes_by_table: dict[int, dict[int, _Node]] = defaultdict(dict)
    for row in Criterion.objects.filter(table_id__in=ids).values_list(
        "pk", "table_id", "parent_id", "code", "kind", "order", "max_points"
    ):
        nodes_by_table[row[1]][row[0]] = _Node(row[0], row[2], row[3], row[4], row[5], row[6])
    results: dict[int, list[UnitResult]] = defaultdict(list)
    by_assessment: dict[int, tuple[int, UnitResult]] = {}
    for pk, table_id, agency_id, code, name, status in SelfAssessment.objects.filter(
        table_id__in=ids
    ).values_list("pk", "table_id", "agency_id", "agency__code", "agency__name", "status"):
        result = UnitResult(pk, agency_id, code, name, status == AssessmentStatus.SUBMITTED)
        results[table_id].append(result)
        by_assessment[pk] = (table_id, result)
    own: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessment_id, criterion_id, points in SelfScore.objects.filter(
        assessment__table_id__in=ids, points__isnull=False
    ).values_list("assessment_id", "criterion_id", "points"):
        own[assessment_id][criterion_id] = points or ZERO
    final: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessment_id, criterion_id, points in FinalScore.objects.filter(
        assessment__table_id__in=ids
    ).values_list("assessment_id", "criterion_id", "points"):
        final[assessment_id][criterion_id] = points
    for table_id, units in results.items():
        nodes = nodes_by_table[table_id]
        parents = {n.parent_id for n in nodes.values()}
        leaves = sorted((n for n in nodes.values() if n.pk not in parents), key=lambda n: n.order)
        roots = _roots(nodes)
        top_scored = sorted(
            (
                n
                for n in nodes.values()
                if n.parent_id is None and n.kind in (CriterionKind.GROUP, CriterionKind.CRITERION)
            ),
            key=lambda n: n.order,
        )
        for unit in units:
            _sum_unit(
                unit, own[unit.assessment_id], final[unit.assessment_id], leaves, roots, top_scored
            )
    _add_disqualifications(ids, years, by_assessment)
    return results


def _add_disqualifications(
    ids: list[int], years: dict[int, int], by_assessment: dict[int, tuple[int, UnitResult]]
) -> None:
    automatic: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for table_id, description, fact in (
        Disqualifier.objects.filter(table_id__in=ids)
        .exclude(conduct_fact="")
        .order_by("order")
        .values_list("table_id", "description", "conduct_fact")
    ):
        automatic[table_id].append((description, fact))
    # Filtered by agencies and years apart and matched in Python: one OR-term per unit would
    # exceed SQLite's expression depth with a thousand units.
    wanted = {(result.agency_id, years[table_id]) for table_id, result in by_assessment.values()}
    records = {
        (r.agency_id, r.year): r
        for r in ConductRecord.objects.filter(
            agency_id__in={agency for agency, _year in wanted},
            year__in={year for _agency, year in wanted},
        )
        if (r.agency_id, r.year) in wanted
    }
    for table_id, result in by_assessment.values():
        record = records.get((result.agency_id, years[table_id]))
        if record is None:
            continue
        for description, fact in automatic[table_id]:
            if record.fact(fact):
                result.disqualifications.append(description)
    for assessment_id, description in (
        DisqualifierFinding.objects.filter(assessment__table_id__in=ids)
        .order_by("disqualifier__order")
        .values_list("assessment_id", "disqualifier__description")
    ):
        by_assessment[assessment_id][1].disqualifications.append(description)


def rule_in_force(table: ScoringTable, on: dt.date) -> RankingRule:
    """The table's own ranking rule, else the default rule in force on ``on``."""
    if table.ranking_rule_id is not None:
        assert table.ranking_rule is not None
        return table.ranking_rule
    rule = (
        RankingRule.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        from thidua.core.errors import DomainError

        raise DomainError(_("Chưa có quy tắc xếp hạng nào có hiệu lực."))
    return rule


def _tie_key(
    result: UnitResult, tie_breaks: Iterable[str], first_group: str | None
) -> tuple[Any, ...]:
    key: list[Any] = []
    for tie_break in tie_breaks:
        if tie_break == TieBreak.FIRST_GROUP and first_group is not None:
            key.append(-result.group_points.get(first_group, ZERO))
        elif tie_break == TieBreak.FEWER_PENALTY:
            key.append(result.penalty)
        elif tie_break == TieBreak.MORE_BONUS:
            key.append(-result.bonus)
    return tuple(key)


def rank(units: list[UnitResult], *, rule: RankingRule, total_points: Decimal) -> list[UnitResult]:
    """Order and rank the units: qualified ones first by total, then disqualified ones by
    total; the rule's tie-breaks order equal totals, and units still equal share a rank and
    the next rank skips (1, 1, 3). Each unit gets the first band it reaches."""
    first_group = next(iter(units[0].group_points), None) if units else None
    keyed = [
        ((u.disqualified, -u.total, *_tie_key(u, rule.tie_breaks, first_group)), u) for u in units
    ]
    keyed.sort(key=lambda pair: (pair[0], fold(pair[1].agency_name)))
    previous: tuple[Any, ...] | None = None
    for position, (key, unit) in enumerate(keyed, start=1):
        unit.position = position
        unit.rank = position if key != previous else keyed[position - 2][1].rank
        previous = key
        unit.band = band_of(unit, rule.bands, total_points)
    return [unit for _key, unit in keyed]


def band_of(unit: UnitResult, bands: list[dict[str, Any]], total_points: Decimal) -> str:
    for band in bands:
        threshold = total_points * Decimal(str(band["min_percent"])) / 100
        if unit.total >= threshold and not (band.get("qualified_only") and unit.disqualified):
            return str(band["label"])
    return ""


def ranked_results(table: ScoringTable, *, on: dt.date) -> list[UnitResult]:
    """The table's units ranked now (before publication this is the preview)."""
    units = compute_results([table]).get(table.pk, [])
    return rank(units, rule=rule_in_force(table, on), total_points=table.total_points)


# --- What the results pages show -----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """How a unit's result computed now differs from the published one (what a correction
    would publish)."""

    agency_name: str
    details: list[str]


def _points_text(value: Decimal) -> str:
    return f"{value.normalize():f}" if value != value.to_integral_value() else str(int(value))


def changes_since(entries: list[RankingEntry], now: list[UnitResult]) -> list[Change]:
    """What differs between the published entries and the results computed now."""
    current = {unit.agency_id: unit for unit in now}
    changes: list[Change] = []
    for entry in entries:
        unit = current.get(entry.agency_id)
        if unit is None:
            continue
        details: list[str] = []
        if unit.total != entry.total:
            details.append(
                _("tổng điểm %(old)s → %(new)s")
                % {"old": _points_text(entry.total), "new": _points_text(unit.total)}
            )
        if unit.rank != entry.rank:
            details.append(_("xếp hạng %(old)d → %(new)d") % {"old": entry.rank, "new": unit.rank})
        if unit.disqualifications != list(entry.disqualifications):
            details.append(_("vướng điểm liệt") if unit.disqualified else _("hết vướng điểm liệt"))
        if unit.band != entry.band:
            details.append(
                _("xếp loại %(old)s → %(new)s")
                % {"old": entry.band or "—", "new": unit.band or "—"}
            )
        if details:
            changes.append(Change(entry.agency_name, details))
    return changes


@dataclass(frozen=True)
class Line:
    """A criterion of the breakdown: the unit's own points and the points that count (the
    consolidated score where the cluster set one, else the unit's own), summed up the tree;
    for a top-level group also the points published, to show a later change."""

    node: Node
    self_points: Decimal | None
    final_points: Decimal | None
    consolidated: bool
    note: str
    published: Decimal | None = None

    @property
    def changed(self) -> bool:
        return self.published is not None and self.published != self.final_points


def unit_breakdown(
    table: ScoringTable, agency: Agency, group_points: dict[str, Any] | None
) -> list[Line]:
    """The table's criteria with the unit's scores (four queries whatever the table's size)."""
    nodes = flat_tree(table)
    assessment = SelfAssessment.objects.filter(table=table, agency=agency).first()
    own: dict[int, Decimal | None] = {}
    final: dict[int, tuple[Decimal, str]] = {}
    if assessment is not None:
        own = dict(
            SelfScore.objects.filter(assessment=assessment).values_list("criterion_id", "points")
        )
        final = {
            criterion_id: (points, note)
            for criterion_id, points, note in FinalScore.objects.filter(
                assessment=assessment
            ).values_list("criterion_id", "points", "note")
        }
    self_sum: dict[int, Decimal] = defaultdict(lambda: ZERO)
    final_sum: dict[int, Decimal] = defaultdict(lambda: ZERO)

    def add_up(node: Node) -> None:
        pk = node.criterion.pk
        if not node.children:
            mine = own.get(pk) or ZERO
            self_sum[pk] = mine
            final_sum[pk] = final[pk][0] if pk in final else mine
            return
        for child in node.children:
            add_up(child)
            self_sum[pk] += self_sum[child.criterion.pk]
            final_sum[pk] += final_sum[child.criterion.pk]

    for node in nodes:
        if node.depth == 0:
            add_up(node)
    lines: list[Line] = []
    for node in nodes:
        criterion = node.criterion
        pk = criterion.pk
        published = None
        if (
            node.depth == 0
            and group_points is not None
            and criterion.kind in (CriterionKind.GROUP, CriterionKind.CRITERION)
            and criterion.code in group_points
        ):
            published = Decimal(str(group_points[criterion.code]))
        if node.children:
            lines.append(Line(node, self_sum[pk], final_sum[pk], False, "", published))
        else:
            lines.append(
                Line(
                    node,
                    own.get(pk),
                    final[pk][0] if pk in final else own.get(pk),
                    pk in final,
                    final[pk][1] if pk in final else "",
                    published,
                )
            )
    return lines
