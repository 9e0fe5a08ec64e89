import datetime as dt
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.core.pagination import counted_page
from thidua.organizations.models import Agency, Person, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def positions() -> Any:
    """Seven positions, ordered by the person's code (descending) so the order is not the ids'."""
    agency = Agency.objects.create(
        code="SCT-X", name="Sở Công Thương X", kind="provincial_department"
    )
    for n in range(7):
        person = Person.objects.create(
            code=f"P-{n}", full_name=f"Người {n}", search_key=f"nguoi {n}"
        )
        Position.objects.create(person=person, agency=agency, from_date=dt.date(2020, 1, 1))
    return Position.objects.select_related("person").order_by("-person__code")


@pytest.mark.parametrize(
    "number", [1, 2, 3, "2", None, "", "abc", 0, -1, 4, 99, "99999999999999999999999"]
)
def test_it_gives_the_page_and_count_paginator_gives(
    positions: Any, number: int | str | None
) -> None:
    expected = Paginator(positions, 3).get_page(number)
    page = counted_page(positions, number, 3)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count == 7
    assert [p.pk for p in page] == [p.pk for p in expected.object_list]
    assert page.has_next() == expected.has_next()


def test_the_page_and_its_count_take_one_query_and_its_rows_another(positions: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = counted_page(positions, 2, 3)
        names = [position.person.full_name for position in page]  # joined, no query per row
    assert names == ["Người 3", "Người 2", "Người 1"]
    assert len(queries) == 2
    assert "OVER ()" in queries[0]["sql"]


def test_an_empty_result_is_one_empty_first_page(positions: Any) -> None:
    nothing = positions.filter(person__code="none")
    with CaptureQueriesContext(connection) as queries:
        page = counted_page(nothing, 5, 3)
    assert (page.number, page.paginator.count, list(page)) == (1, 0, [])
    # The page asked for is past the end: its query finds nothing, then the count says 0.
    assert len(queries) == 2
    assert len(counted_page(nothing, 1, 3)) == 0
