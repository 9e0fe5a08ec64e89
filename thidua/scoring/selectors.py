"""Reads of scoring tables, conduct records and published rankings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from thidua.emulation.models import GroupYear
from thidua.scoring.models import (
    ConductRecord,
    Criterion,
    Disqualifier,
    Ranking,
    RankingEntry,
    ScoringTable,
)


@dataclass
class Node:
    """A criterion with its children, for showing the tree."""

    criterion: Criterion
    depth: int
    children: list[Node] = field(default_factory=list)


def criteria_tree(table: ScoringTable) -> list[Node]:
    """The table's criteria as a tree, in order."""
    by_parent: dict[int | None, list[Criterion]] = defaultdict(list)
    for criterion in table.criteria.order_by("order"):
        by_parent[criterion.parent_id].append(criterion)

    def build(parent: int | None, depth: int) -> list[Node]:
        return [Node(c, depth, build(c.pk, depth + 1)) for c in by_parent[parent]]

    return build(None, 0)


def flat_tree(table: ScoringTable) -> list[Node]:
    """The tree walked depth first, for a table layout."""
    out: list[Node] = []

    def walk(nodes: list[Node]) -> None:
        for node in nodes:
            out.append(node)
            walk(node.children)

    walk(criteria_tree(table))
    return out


def previous_table(group_year: GroupYear) -> ScoringTable | None:
    """The group's most recent table of an earlier year."""
    return (
        ScoringTable.objects.filter(
            group_year__group=group_year.group, group_year__year__lt=group_year.year
        )
        .order_by("-group_year__year")
        .first()
    )


@dataclass(frozen=True)
class Disqualification:
    """A disqualifier that a unit's conduct record triggers, and the fact's value."""

    disqualifier: Disqualifier
    value: int | bool


def triggered_disqualifiers(
    table: ScoringTable, record: ConductRecord | None
) -> list[Disqualification]:
    """The table's disqualifiers with an automatic basis that ``record`` triggers (a positive
    count, or a party rating below "good"). Those decided by the cluster are not listed."""
    if record is None:
        return []
    hits = []
    for disqualifier in table.disqualifiers.order_by("order"):
        if disqualifier.conduct_fact:
            value = record.fact(disqualifier.conduct_fact)
            if value:
                hits.append(Disqualification(disqualifier, value))
    return hits


def conduct_records(group_year: GroupYear) -> dict[int, ConductRecord]:
    """The members' conduct records of the group's year, by agency id."""
    agency_ids = group_year.members.values_list("agency_id", flat=True)
    return {
        r.agency_id: r
        for r in ConductRecord.objects.filter(agency_id__in=agency_ids, year=group_year.year)
    }


def scorable_criteria(table: ScoringTable) -> list[Criterion]:
    """The leaves of the tree, in order: the criteria (and bonus and penalty items) that
    receive points; a group's points are the sum of its leaves."""
    criteria = list(table.criteria.order_by("order"))
    parents = {c.parent_id for c in criteria}
    return [c for c in criteria if c.pk not in parents]


# --- Published rankings ---------------------------------------------------------------------


def table_of(group_year: GroupYear) -> ScoringTable | None:
    return ScoringTable.objects.filter(group_year=group_year).first()


def rankings_of(table: ScoringTable) -> list[Ranking]:
    """Every published version of the table's ranking, the latest (the one in force) first."""
    return list(
        Ranking.objects.filter(table=table)
        .select_related("published_by", "corrects", "rule")
        .order_by("-version")
    )


def latest_ranking(group_year: GroupYear) -> Ranking | None:
    """The ranking in force: the highest version of the group year's table, if published."""
    return (
        Ranking.objects.filter(table__group_year=group_year)
        .select_related("table", "table__group_year", "table__group_year__group")
        .order_by("-version")
        .first()
    )


def ranking_entries(ranking: Ranking) -> list[RankingEntry]:
    """The units of a published ranking in their published order."""
    return list(ranking.entries.order_by("position"))


def top_criteria(table: ScoringTable) -> list[Criterion]:
    """The table's top-level groups (and bonus and penalty groups), in order."""
    return list(table.criteria.filter(parent__isnull=True).order_by("order"))
