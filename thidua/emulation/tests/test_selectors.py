"""Reads of groups by year and the default rotation (DOMAIN.md §3)."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.emulation.choices import MemberRole
from thidua.emulation.models import GroupYear
from thidua.emulation.selectors import (
    decisions_for_choice,
    default_rotation,
    group_members,
    group_role,
    group_year_get,
    group_years,
    movements_list,
)
from thidua.emulation.services import (
    GroupYearValues,
    decision_record,
    group_year_create,
    movement_create,
)
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create

pytestmark = pytest.mark.django_db


def _agency(code: str, kind: str = "provincial_department") -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=f"Sở Công Thương {code}",
            short_name="",
            kind=kind,
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


@pytest.fixture
def agencies() -> dict[str, Agency]:
    return {code: _agency(code) for code in ("A", "B", "C", "D", "BO")}


def _cluster(
    agencies: dict[str, Agency],
    members: str,
    leader: str | None = None,
    deputy: str | None = None,
    *,
    code: str = "CUM-T",
    year: int = 2023,
) -> GroupYear:
    return group_year_create(
        actor=None,
        organiser=agencies["BO"],
        code=code,
        name=f"Cụm {code}",
        kind="cluster",
        values=GroupYearValues(
            year=year,
            members=[agencies[c] for c in members],
            leader=agencies[leader] if leader else None,
            deputy=agencies[deputy] if deputy else None,
        ),
    )


def _codes(pair: tuple[Agency | None, Agency | None]) -> tuple[str | None, str | None]:
    return tuple(a.code if a else None for a in pair)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("members", "leader", "deputy", "expected"),
    [
        pytest.param(
            "ABCD", "A", "B", ("B", "C"), id="the deputy leads and the next one deputises"
        ),
        pytest.param("ABCD", "C", "B", ("B", "D"), id="the next deputy skips this year's leader"),
        pytest.param("ABCD", "C", "D", ("D", "A"), id="the rotation order wraps around"),
        pytest.param("ABCD", "B", None, ("C", "D"), id="without a deputy the next member leads"),
        pytest.param("ABCD", "D", None, ("A", "B"), id="without a deputy, wrapping around"),
        pytest.param("ABC", None, "B", ("B", "C"), id="a deputy without a leader leads"),
        pytest.param("ABC", None, None, ("A", "B"), id="without leader or deputy the first leads"),
        pytest.param("AB", "A", "B", ("B", "A"), id="two members swap"),
        pytest.param("AB", "A", None, ("B", "A"), id="two members without a deputy swap"),
        pytest.param("A", "A", None, (None, None), id="one member cannot rotate"),
    ],
)
def test_the_default_rotation(
    agencies: dict[str, Agency],
    members: str,
    leader: str | None,
    deputy: str | None,
    expected: tuple[str | None, str | None],
) -> None:
    group_year = _cluster(agencies, members, leader, deputy)
    assert _codes(default_rotation(group_year)) == expected


def test_the_default_rotation_follows_the_rotation_order_not_the_names(
    agencies: dict[str, Agency],
) -> None:
    group_year = _cluster(agencies, "DCBA", "D", "C")
    assert _codes(default_rotation(group_year)) == ("C", "B")


def test_group_members_come_in_rotation_order_and_roles_are_found(
    agencies: dict[str, Agency],
) -> None:
    group_year = _cluster(agencies, "CAB", "A", "B")
    assert [m.agency.code for m in group_members(group_year)] == ["C", "A", "B"]
    assert group_role(group_year, MemberRole.LEADER) == agencies["A"]
    assert group_role(group_year, MemberRole.DEPUTY) == agencies["B"]


def test_a_group_without_a_deputy_has_no_deputy_role(agencies: dict[str, Agency]) -> None:
    group_year = _cluster(agencies, "AB", "A")
    assert group_role(group_year, MemberRole.DEPUTY) is None


def test_a_group_year_is_found_by_code_and_year_only(agencies: dict[str, Agency]) -> None:
    group_year = _cluster(agencies, "AB")
    assert group_year_get("CUM-T", 2023) == group_year
    assert group_year_get("CUM-T", 2024) is None
    assert group_year_get("CUM-KHAC", 2023) is None


def test_group_years_are_newest_first_and_scoped_to_member_agencies_and_a_year(
    agencies: dict[str, Agency],
) -> None:
    t23 = _cluster(agencies, "AB", code="CUM-T", year=2023)
    t24 = _cluster(agencies, "AC", code="CUM-T", year=2024)
    k23 = _cluster(agencies, "CD", code="KHOI-K", year=2023)
    assert list(group_years()) == [t24, t23, k23]
    assert list(group_years(agency_ids={agencies["B"].pk})) == [t23]
    assert list(group_years(agency_ids={agencies["C"].pk})) == [t24, k23]
    assert list(group_years(agency_ids={agencies["C"].pk, agencies["A"].pk})) == [t24, t23, k23]
    assert list(group_years(agency_ids=set())) == []
    assert list(group_years(year=2023)) == [t23, k23]
    assert list(group_years(agency_ids={agencies["D"].pk}, year=2024)) == []


def test_decisions_and_movements_are_listed_newest_first(agencies: dict[str, Agency]) -> None:
    older = decision_record(
        actor=None,
        number="1/QĐ-BCT",
        issued_on=dt.date(2023, 1, 5),
        issuer=agencies["BO"],
        summary="Cũ",
    )
    newer = decision_record(
        actor=None,
        number="2/QĐ-BCT",
        issued_on=dt.date(2023, 6, 5),
        issuer=agencies["BO"],
        summary="Mới",
    )
    assert list(decisions_for_choice()) == [newer, older]
    first = movement_create(
        actor=None,
        name="Phong trào 2023",
        kind="regular",
        organiser=agencies["BO"],
        starts_on=dt.date(2023, 1, 1),
    )
    second = movement_create(
        actor=None,
        name="Phong trào 2024",
        kind="regular",
        organiser=agencies["BO"],
        starts_on=dt.date(2024, 1, 1),
    )
    assert list(movements_list()) == [second, first]
