"""Reads of agencies, lineage and people, over a three-generation chain: a merge, then a split."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from thidua.organizations.models import Agency, LineageEvent
from thidua.organizations.selectors import (
    agency_as_of,
    agency_lineage_events,
    agency_positions,
    agency_predecessors,
    agency_successors,
    person_list,
    province_on,
)
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    lineage_event_record,
    person_create,
    position_add,
)

pytestmark = pytest.mark.django_db

MERGE_DAY = dt.date(2025, 7, 1)
SPLIT_DAY = dt.date(2026, 1, 1)


def make(code: str, name: str, *, valid_from: dt.date | None = None) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=valid_from,
            valid_to=None,
        ),
    )


@dataclass
class Chain:
    """A and B merged into C on 01/07/2025; C split into D and E on 01/01/2026."""

    a: Agency
    b: Agency
    c: Agency
    d: Agency
    e: Agency
    merge: LineageEvent
    split: LineageEvent


@pytest.fixture
def chain(db: None) -> Chain:
    a = make("A", "Sở A", valid_from=dt.date(2010, 1, 1))
    b = make("B", "Sở B", valid_from=dt.date(2010, 1, 1))
    c = make("C", "Sở C")
    d = make("D", "Sở D")
    e = make("E", "Sở E")
    merge = lineage_event_record(
        actor=None, kind="merge", date=MERGE_DAY, predecessors=[a, b], successors=[c]
    )
    split = lineage_event_record(
        actor=None, kind="split", date=SPLIT_DAY, predecessors=[c], successors=[d, e]
    )
    for agency in (a, b, c, d, e):
        agency.refresh_from_db()
    return Chain(a, b, c, d, e, merge, split)


def codes(agencies: Iterable[Agency]) -> list[str]:
    return sorted(a.code for a in agencies)


def test_the_chain_has_the_dates_the_events_gave_it(chain: Chain) -> None:
    assert chain.a.valid_to == chain.b.valid_to == dt.date(2025, 6, 30)
    assert (chain.c.valid_from, chain.c.valid_to) == (MERGE_DAY, dt.date(2025, 12, 31))
    assert chain.d.valid_from == chain.e.valid_from == SPLIT_DAY


def test_predecessors_are_found_across_generations(chain: Chain) -> None:
    assert codes(agency_predecessors(chain.d)) == ["A", "B", "C"]
    assert codes(agency_predecessors(chain.c)) == ["A", "B"]
    assert codes(agency_predecessors(chain.a)) == []


def test_successors_are_found_across_generations(chain: Chain) -> None:
    assert codes(agency_successors(chain.a)) == ["C", "D", "E"]
    assert codes(agency_successors(chain.c)) == ["D", "E"]
    assert codes(agency_successors(chain.e)) == []


def test_an_agency_is_neither_its_own_predecessor_nor_its_own_successor(chain: Chain) -> None:
    assert chain.c not in agency_predecessors(chain.c)
    assert chain.c not in agency_successors(chain.c)


def test_an_agency_without_lineage_has_no_predecessors_or_successors(db: None) -> None:
    lone = make("LONE", "Đơn vị độc lập")

    assert not agency_predecessors(lone).exists()
    assert not agency_successors(lone).exists()
    assert agency_as_of(lone, dt.date(2000, 1, 1)) == [lone]
    assert list(agency_lineage_events(lone)) == []


def test_an_agency_is_itself_on_a_day_it_existed(chain: Chain) -> None:
    assert agency_as_of(chain.a, dt.date(2020, 5, 5)) == [chain.a]
    assert agency_as_of(chain.a, dt.date(2025, 6, 30)) == [chain.a]
    assert agency_as_of(chain.c, MERGE_DAY) == [chain.c]


def test_a_merged_agency_is_its_successor_after_the_merge(chain: Chain) -> None:
    assert agency_as_of(chain.a, MERGE_DAY) == [chain.c]
    assert agency_as_of(chain.b, dt.date(2025, 12, 31)) == [chain.c]


def test_a_merged_agency_is_the_split_successors_after_the_split(chain: Chain) -> None:
    assert agency_as_of(chain.a, SPLIT_DAY) == [chain.d, chain.e]


def test_a_split_successor_was_its_predecessor_before_the_split(chain: Chain) -> None:
    assert agency_as_of(chain.d, dt.date(2025, 12, 31)) == [chain.c]


def test_a_split_successor_was_the_merged_agencies_before_the_merge(chain: Chain) -> None:
    assert agency_as_of(chain.e, dt.date(2025, 6, 30)) == [chain.a, chain.b]


def test_a_merged_successor_was_its_predecessors_before_the_merge(chain: Chain) -> None:
    assert agency_as_of(chain.c, dt.date(2024, 1, 1)) == [chain.a, chain.b]


def test_an_agency_was_nothing_before_its_whole_lineage_existed(chain: Chain) -> None:
    assert agency_as_of(chain.d, dt.date(2000, 1, 1)) == []


def test_the_lineage_timeline_lists_every_event_oldest_first_from_any_generation(
    chain: Chain,
) -> None:
    for agency in (chain.a, chain.c, chain.e):
        assert list(agency_lineage_events(agency)) == [chain.merge, chain.split]


def test_the_lineage_timeline_leaves_out_unrelated_events(chain: Chain) -> None:
    x, y = make("X", "Sở X"), make("Y", "Sở Y")
    other = lineage_event_record(
        actor=None, kind="rename", date=MERGE_DAY, predecessors=[x], successors=[y]
    )

    assert list(agency_lineage_events(chain.d)) == [chain.merge, chain.split]
    assert list(agency_lineage_events(x)) == [other]


def test_province_on_picks_the_province_that_bore_a_reused_code_that_day(db: None) -> None:
    before = province_on("91", dt.date(2025, 6, 30))
    after = province_on("91", dt.date(2025, 7, 1))

    assert before is not None
    assert before.name == "Kiên Giang"
    assert after is not None
    assert after.name == "An Giang"
    assert province_on("00", dt.date(2025, 7, 1)) is None


def test_agency_positions_lists_only_positions_covering_the_day_when_given(db: None) -> None:
    agency = make("A", "Sở A")
    old = person_create(actor=None, values=PersonValues(code="P1", full_name="Trần Cũ"))
    new = person_create(actor=None, values=PersonValues(code="P2", full_name="Lê Mới"))
    position_add(
        actor=None,
        person=old,
        agency=agency,
        title="Giám đốc",
        from_date=dt.date(2020, 1, 1),
        to_date=dt.date(2025, 6, 30),
    )
    position_add(actor=None, person=new, agency=agency, title="Giám đốc", from_date=MERGE_DAY)

    assert [p.person for p in agency_positions(agency)] == [new, old]
    assert [p.person for p in agency_positions(agency, on=dt.date(2025, 6, 30))] == [old]
    assert [p.person for p in agency_positions(agency, on=MERGE_DAY)] == [new]


def test_person_list_finds_a_name_typed_without_tone_marks(db: None) -> None:
    hung = person_create(actor=None, values=PersonValues(code="P1", full_name="Nguyễn Minh Hùng"))
    person_create(actor=None, values=PersonValues(code="P2", full_name="Nguyễn Văn Đức"))

    assert list(person_list(query="nguyen minh hung")) == [hung]
    assert person_list(query="nguyen").count() == 2


def test_person_list_keeps_only_people_who_held_a_position_in_the_given_agencies(
    db: None,
) -> None:
    agency, elsewhere = make("A", "Sở A"), make("B", "Sở B")
    here = person_create(actor=None, values=PersonValues(code="P1", full_name="Lê An"))
    there = person_create(actor=None, values=PersonValues(code="P2", full_name="Lê Bình"))
    position_add(actor=None, person=here, agency=agency, title="", from_date=MERGE_DAY)
    position_add(actor=None, person=here, agency=agency, title="", from_date=dt.date(2020, 1, 1))
    position_add(actor=None, person=there, agency=elsewhere, title="", from_date=MERGE_DAY)

    assert list(person_list(agency_ids={agency.pk})) == [here]
    assert list(person_list(agency_ids=set())) == []
