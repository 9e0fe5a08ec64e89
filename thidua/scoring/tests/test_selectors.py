"""Reads of scoring tables: the tree in order with depths, and last year's table."""

from __future__ import annotations

import io

import pytest

from thidua.emulation.models import GroupYear
from thidua.scoring.imports import scoring_table_import
from thidua.scoring.models import ScoringTable
from thidua.scoring.selectors import criteria_tree, flat_tree, previous_table
from thidua.scoring.services import scoring_table_copy, scoring_table_create_default
from thidua.scoring.tests.test_services import make_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def years() -> list[GroupYear]:
    return make_years()


@pytest.fixture
def table(years: list[GroupYear]) -> ScoringTable:
    return scoring_table_create_default(actor=None, group_year=years[0])


def test_the_tree_lists_the_top_level_in_order_with_their_children(table: ScoringTable) -> None:
    roots = criteria_tree(table)
    assert [n.criterion.code for n in roots] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert {n.depth for n in roots} == {0}
    first = roots[0]
    assert [n.criterion.code for n in first.children] == ["I.1", "I.2"]
    assert {n.depth for n in first.children} == {1}
    assert all(not n.children for n in first.children)
    assert [n.criterion.code for n in roots[4].children] == [f"V.{i}" for i in range(1, 7)]


def test_the_flat_tree_walks_depth_first(table: ScoringTable) -> None:
    nodes = flat_tree(table)
    assert [(n.criterion.code, n.depth) for n in nodes[:6]] == [
        ("I", 0),
        ("I.1", 1),
        ("I.2", 1),
        ("II", 0),
        ("II.1", 1),
        ("III", 0),
    ]
    assert [(n.criterion.code, n.depth) for n in nodes[-3:]] == [
        ("VII", 0),
        ("VII.1", 1),
        ("VII.2", 1),
    ]
    assert len(nodes) == table.criteria.count()


def test_a_deeper_tree_is_walked_in_order_whatever_the_file_order(table: ScoringTable) -> None:
    text = (
        "code,parent_code,kind,title,max_points,evidence_required,guidance\n"
        "B.1,B,criterion,Con sau,40,,\n"
        "A.1.b,A.1,criterion,Cháu b,20,,\n"
        "A,,group,Nhóm A,60,,\n"
        "A.1,A,criterion,Con A.1,60,,\n"
        "A.1.a,A.1,criterion,Cháu a,40,,\n"
        "B,,group,Nhóm B,40,,\n"
    )
    scoring_table_import(
        actor=None, table=table, stream=io.BytesIO(text.encode()), filename="bang.csv"
    )
    assert [(n.criterion.code, n.depth) for n in flat_tree(table)] == [
        ("A", 0),
        ("A.1", 1),
        ("A.1.b", 2),
        ("A.1.a", 2),
        ("B", 0),
        ("B.1", 1),
    ]
    roots = criteria_tree(table)
    assert [n.criterion.code for n in roots[0].children[0].children] == ["A.1.b", "A.1.a"]


def test_the_previous_table_is_the_groups_most_recent_earlier_one(
    table: ScoringTable, years: list[GroupYear]
) -> None:
    second = scoring_table_copy(actor=None, source=table, group_year=years[1])
    assert previous_table(years[2]) == second
    assert previous_table(years[1]) == table
    assert previous_table(years[0]) is None


def test_the_previous_table_skips_a_year_without_one_and_ignores_later_years(
    table: ScoringTable, years: list[GroupYear]
) -> None:
    scoring_table_create_default(actor=None, group_year=years[2])
    assert previous_table(years[2]) == table
    assert previous_table(years[1]) == table


def test_the_previous_table_ignores_other_groups(years: list[GroupYear]) -> None:
    other = make_years(code="CUM-KHAC", years=(2023,))[0]
    scoring_table_create_default(actor=None, group_year=other)
    assert previous_table(years[1]) is None
