"""Writes of scoring tables: the rules a table must meet, the default table, copying, activating.

``table_errors`` is tested on the default table with single rows altered by hand: no service
edits one criterion yet, and an invalid tree cannot be built through the services at all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from thidua.audit.models import AuditEvent
from thidua.core.errors import DomainError, IllegalTransition
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.scoring.choices import CriterionKind, TableStatus
from thidua.scoring.defaults import DEFAULT_DISQUALIFIERS
from thidua.scoring.models import Criterion, Disqualifier, ScoringTable
from thidua.scoring.services import (
    scoring_table_activate,
    scoring_table_copy,
    scoring_table_create_default,
    table_errors,
)

pytestmark = pytest.mark.django_db

D = Decimal


def _agency(code: str, name: str, kind: str = "provincial_department") -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind=kind,
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def make_years(code: str = "CUM-S", years: tuple[int, ...] = (2023, 2024, 2025)) -> list[GroupYear]:
    """A cluster of three departments set up for ``years``; the leader rotates each year."""
    ministry = Agency.objects.filter(code="S-BCT").first() or _agency(
        "S-BCT", "Bộ Công Thương (thử)", kind="ministry"
    )
    members = [
        Agency.objects.filter(code=f"S-SCT-{x}").first() or _agency(f"S-SCT-{x}", f"Sở {x}")
        for x in "ABC"
    ]
    return [
        group_year_create(
            actor=None,
            organiser=ministry,
            code=code,
            name="Cụm thi đua thử",
            kind="cluster",
            values=GroupYearValues(
                year=year, members=members, leader=members[i % 3], deputy=members[(i + 1) % 3]
            ),
        )
        for i, year in enumerate(years)
    ]


@pytest.fixture
def years() -> list[GroupYear]:
    return make_years()


@pytest.fixture
def table(years: list[GroupYear]) -> ScoringTable:
    return scoring_table_create_default(actor=None, group_year=years[0])


def tree(table: ScoringTable) -> list[tuple[Any, ...]]:
    """The table's criteria as values (parents by code), in order."""
    return [
        (
            c.code,
            c.parent.code if c.parent else "",
            c.kind,
            c.order,
            c.title,
            c.max_points,
            c.evidence_required,
            c.guidance,
        )
        for c in table.criteria.select_related("parent").order_by("order")
    ]


def conditions(table: ScoringTable) -> list[tuple[int, str, str]]:
    return list(
        table.disqualifiers.order_by("order").values_list("order", "description", "conduct_fact")
    )


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (ScoringTable, Criterion, Disqualifier, AuditEvent)
    }


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def points(table: ScoringTable, code: str, value: str) -> None:
    table.criteria.filter(code=code).update(max_points=D(value))


# --- table_errors ------------------------------------------------------------------------------


def test_the_default_table_adds_up(table: ScoringTable) -> None:
    assert table_errors(table) == []


def test_groups_that_do_not_add_up_to_the_total_are_named(table: ScoringTable) -> None:
    points(table, "I", "45")
    points(table, "I.1", "30")
    assert table_errors(table) == [
        "Các nhóm tiêu chí cộng lại 95 điểm, khác tổng điểm 100 của bảng."
    ]


def test_children_that_do_not_add_up_to_their_parent_are_named(table: ScoringTable) -> None:
    points(table, "V.2", "4")
    assert table_errors(table) == ["Các tiêu chí con của V cộng lại 17, khác 15 điểm."]


def test_a_bonus_item_under_a_scored_group_is_named(table: ScoringTable) -> None:
    group_i = table.criteria.get(code="I")
    table.criteria.filter(code="VI.3").update(parent=group_i)
    points(table, "I.2", "13")
    assert table_errors(table) == ["VI.3 là điểm thưởng hoặc điểm trừ nhưng nằm trong tiêu chí I."]


def test_a_scored_criterion_under_a_bonus_group_is_named(table: ScoringTable) -> None:
    table.criteria.filter(code="VI.3").update(kind=CriterionKind.CRITERION)
    assert table_errors(table) == ["VI.3 phải cùng loại với VI."]


def test_penalty_items_over_the_maximum_deduction_are_named(table: ScoringTable) -> None:
    points(table, "VII.2", "6")
    assert table_errors(table) == ["Các mục điểm trừ của VII vượt mức trừ tối đa 10."]


def test_bonus_items_may_add_up_to_more_than_the_cap(table: ScoringTable) -> None:
    items = table.criteria.filter(parent__code="VI")
    assert sum(c.max_points for c in items) > table.criteria.get(code="VI").max_points
    assert table_errors(table) == []


def test_a_group_without_criteria_is_named(table: ScoringTable) -> None:
    table.criteria.filter(code="II.1").delete()
    assert table_errors(table) == ["Nhóm II chưa có tiêu chí nào."]


def test_every_problem_is_named_at_once(table: ScoringTable) -> None:
    points(table, "VII.2", "6")
    table.criteria.filter(code="II.1").delete()
    points(table, "IV", "10")
    assert len(table_errors(table)) == 4


# --- The default table -------------------------------------------------------------------------


def test_the_default_table_has_100_points_in_five_groups_with_bonus_and_penalty(
    years: list[GroupYear],
) -> None:
    table = scoring_table_create_default(actor=None, group_year=years[0])
    assert table.title == "Bảng chấm điểm thi đua năm 2023"
    assert table.total_points == D("100")
    assert table.status == TableStatus.DRAFT
    assert table.copied_from is None
    top = list(table.criteria.filter(parent=None).order_by("order"))
    assert [c.code for c in top] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [c.kind for c in top] == ["group"] * 5 + ["bonus", "penalty"]
    assert sum(c.max_points for c in top if c.kind == "group") == D("100")
    assert table.criteria.count() == 24
    assert str(table) == f"Bảng chấm điểm thi đua năm 2023 — {years[0]}"


def test_the_default_table_marks_which_criteria_need_evidence(table: ScoringTable) -> None:
    evidence = dict(table.criteria.values_list("code", "evidence_required"))
    assert evidence["I.1"] is True
    assert evidence["III.1"] is True
    assert evidence["III.2"] is False
    assert evidence["V.1"] is False
    assert evidence["I"] is False


def test_the_default_table_has_the_five_disqualifiers_with_their_conduct_facts(
    table: ScoringTable,
) -> None:
    assert conditions(table) == [
        (index, text, fact) for index, (text, fact) in enumerate(DEFAULT_DISQUALIFIERS, start=1)
    ]
    facts = [fact for _order, _text, fact in conditions(table)]
    assert facts == [
        "traffic_violations",
        "alcohol_violations",
        "disciplined_party_members",
        "party_rating_below_good",
        "",
    ]


def test_creating_the_default_table_records_one_event_for_the_leading_agency(
    years: list[GroupYear],
) -> None:
    table = scoring_table_create_default(actor=None, group_year=years[0])
    event = AuditEvent.objects.get(action="scoring.table.created")
    assert event.target_id == str(table.pk)
    assert event.agency is not None
    assert event.agency.code == "S-SCT-A"
    assert event.payload == {"source": "default"}


def test_a_second_table_for_the_same_year_is_refused_and_nothing_is_written(
    table: ScoringTable,
) -> None:
    before = counts()
    with pytest.raises(DomainError, match="đã có bảng chấm điểm"):
        scoring_table_create_default(actor=None, group_year=table.group_year)
    assert counts() == before


# --- Copying -----------------------------------------------------------------------------------


def test_copying_a_table_copies_its_tree_and_disqualifiers_to_the_new_year(
    table: ScoringTable, years: list[GroupYear]
) -> None:
    table.criteria.filter(code="I.1").update(guidance="Căn cứ báo cáo tổng kết năm")
    copy = scoring_table_copy(actor=None, source=table, group_year=years[1])
    assert copy.pk != table.pk
    assert copy.group_year == years[1]
    assert copy.title == "Bảng chấm điểm thi đua năm 2024"
    assert copy.total_points == table.total_points
    assert copy.status == TableStatus.DRAFT
    assert copy.copied_from == table
    assert tree(copy) == tree(table)
    assert conditions(copy) == conditions(table)
    assert copy.criteria.get(code="I.1").guidance == "Căn cứ báo cáo tổng kết năm"


def test_a_copy_links_children_to_its_own_criteria(
    table: ScoringTable, years: list[GroupYear]
) -> None:
    copy = scoring_table_copy(actor=None, source=table, group_year=years[1])
    for criterion in copy.criteria.exclude(parent=None).select_related("parent"):
        assert criterion.parent is not None
        assert criterion.parent.table_id == copy.pk
    assert table.criteria.count() == copy.criteria.count() == 24


def test_copying_records_one_event_naming_the_source(
    table: ScoringTable, years: list[GroupYear]
) -> None:
    copy = scoring_table_copy(actor=None, source=table, group_year=years[1])
    event = AuditEvent.objects.get(action="scoring.table.copied")
    assert event.target_id == str(copy.pk)
    assert event.payload == {"from": table.pk}
    assert event.agency is not None
    assert event.agency.code == "S-SCT-B"


def test_an_active_table_is_copied_as_a_draft(table: ScoringTable, years: list[GroupYear]) -> None:
    scoring_table_activate(actor=None, table=table)
    copy = scoring_table_copy(actor=None, source=table, group_year=years[1])
    assert copy.status == TableStatus.DRAFT


def test_copying_into_a_year_that_has_a_table_is_refused_and_nothing_is_written(
    table: ScoringTable, years: list[GroupYear]
) -> None:
    scoring_table_create_default(actor=None, group_year=years[1])
    before = counts()
    with pytest.raises(DomainError, match="đã có bảng chấm điểm"):
        scoring_table_copy(actor=None, source=table, group_year=years[1])
    assert counts() == before


# --- Activating --------------------------------------------------------------------------------


def test_activating_a_valid_table_puts_it_into_use_with_one_event(table: ScoringTable) -> None:
    result = scoring_table_activate(actor=None, table=table)
    assert result.status == TableStatus.ACTIVE
    table.refresh_from_db()
    assert table.status == TableStatus.ACTIVE
    assert events("scoring.table.activated") == 1
    event = AuditEvent.objects.get(action="scoring.table.activated")
    assert event.target_id == str(table.pk)


def test_activating_an_invalid_table_lists_the_problems_and_changes_nothing(
    table: ScoringTable,
) -> None:
    points(table, "VII.2", "6")
    table.criteria.filter(code="II.1").delete()
    before = counts()
    with pytest.raises(DomainError) as refusal:
        scoring_table_activate(actor=None, table=table)
    assert "Nhóm II chưa có tiêu chí nào." in refusal.value.message
    assert "Các mục điểm trừ của VII vượt mức trừ tối đa 10." in refusal.value.message
    assert not isinstance(refusal.value, IllegalTransition)
    table.refresh_from_db()
    assert table.status == TableStatus.DRAFT
    assert counts() == before


def test_activating_a_table_twice_is_an_illegal_transition(table: ScoringTable) -> None:
    scoring_table_activate(actor=None, table=table)
    before = counts()
    with pytest.raises(IllegalTransition, match="đã được áp dụng"):
        scoring_table_activate(actor=None, table=table)
    assert counts() == before
    assert events("scoring.table.activated") == 1
