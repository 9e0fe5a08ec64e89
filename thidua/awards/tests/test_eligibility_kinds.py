"""The record kinds a title's conditions read, and a batch loading only those."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.awards.eligibility.history import Window, load_people
from thidua.awards.eligibility.rules import record_kinds, rules_for
from thidua.awards.models import AwardTitle, EligibilityCondition
from thidua.awards.tests.test_eligibility_engine import AS_OF, award, history, person, rating

pytestmark = pytest.mark.django_db


def condition(test: str, **params: Any) -> EligibilityCondition:
    return EligibilityCondition(test=test, params=params)


@pytest.mark.parametrize(
    ("code", "kinds"),
    [
        ("chien_si_thi_dua_toan_quoc", {"award", "initiative"}),  # no ratings: half the rows
        ("chien_si_thi_dua_bo", {"award", "initiative"}),
        ("lao_dong_tien_tien", {"award", "rating:httnv", "rating:htxsnv"}),
        ("bang_khen_thu_tuong", {"award", "initiative", "rating:htxsnv"}),  # not other ratings
        ("giay_khen", set()),  # blockers and disciplines only, which are always read
    ],
)
def test_the_catalogue_titles_read_these_kinds(code: str, kinds: set[str]) -> None:
    rules = rules_for(AwardTitle.objects.get(code=code), "person", AS_OF)
    assert record_kinds(rules.conditions) == frozenset(kinds)


def test_a_chain_of_the_title_a_rating_implies_reads_ratings() -> None:
    chain = condition("facts_in_years", offsets=[-1, 0], facts=["award:lao_dong_tien_tien"])
    assert record_kinds([chain]) == frozenset({"award", "rating:httnv", "rating:htxsnv"})
    other = condition("facts_in_years", offsets=[-1, 0], facts=["award:chien_si_thi_dua_co_so"])
    assert record_kinds([other]) == frozenset({"award"})


def test_any_of_reads_what_its_parts_read_and_an_unknown_test_reads_everything() -> None:
    parts = [
        {"test": "initiatives", "params": {"offsets": [0], "scopes": ["co_so"], "min_count": 1}},
        {"test": "award_before", "params": {"award": "bang_khen_bo", "max_offset": -1}},
    ]
    both = frozenset({"initiative", "award"})
    assert record_kinds([condition("any_of", options=[{"all": parts}])]) == both
    assert record_kinds([condition("attested"), condition("a_test_not_known_yet")]) is None


def test_a_batch_loads_only_the_kinds_and_the_periods() -> None:
    someone = person("CB-K")
    history(
        rating("CB-K", 2024, "htxsnv"),
        award("CB-K", 2024, "lao_dong_tien_tien"),
        {
            "record_kind": "discipline",
            "recipient_type": "person",
            "recipient_code": "CB-K",
            "discipline_level": "khien_trach",
            "start_date": "2023-02-01",
            "end_date": "2023-12-31",
        },
    )
    row = [(someone.pk, someone.code, someone.full_name)]
    every = load_people(row, AS_OF, Window(2020, 2025))[0]
    assert sorted(f.kind for f in every.facts) == ["award", "discipline", "rating"]
    awards = load_people(row, AS_OF, Window(2020, 2025, kinds=frozenset({"award"})))[0]
    assert sorted(f.kind for f in awards.facts) == ["award", "discipline"]
    assert dt.date(2023, 2, 1) in {f.start_date for f in awards.facts}


def test_a_batch_loads_only_the_ratings_named() -> None:
    someone = person("CB-R")
    history(rating("CB-R", 2023, "httnv"), rating("CB-R", 2024, "htxsnv"))
    row = [(someone.pk, someone.code, someone.full_name)]
    kinds = frozenset({"award", "rating:htxsnv"})
    loaded = load_people(row, AS_OF, Window(2020, 2025, kinds=kinds))[0]
    assert [(f.kind, f.value, f.year) for f in loaded.facts] == [("rating", "htxsnv", 2024)]
    every_rating = load_people(row, AS_OF, Window(2020, 2025, kinds=kinds | {"rating"}))[0]
    assert len(every_rating.facts) == 2
