"""Boundary tests of the eligibility engine, title by title, through ``manage.py eligibility``.

The rules are the rule data of ``awards/migrations/0004_eligibility_rules.py`` read as DOMAIN.md
§5 says ("How to read the conditions", "Across reorganisations"). For every title of the
catalogue and every recipient type it allows: a history that meets every condition, then, for
each checked condition, a history that meets it exactly at its boundary and one that misses it
by one (a year, a member, a day, a level). The state is built through the services
(:mod:`thidua.awards.tests.history_builder`); every call names its evaluation date.

Unless a test says otherwise the judged year is 2025, evaluated on 01/03/2026 (rule version
``nd152-2025``), and a record for year N was decided on 15/01/N+1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.awards.tests.history_builder import (
    COLLECTIVE,
    PERSON,
    History,
    published_ranking,
)
from thidua.organizations.models import Agency, Person

pytestmark = pytest.mark.django_db

Y = 2025
AS_OF = dt.date(2026, 3, 1)
DAY = dt.timedelta(days=1)
MERGED_ON = dt.date(2025, 7, 1)

Result = dict[str, Any]


@pytest.fixture
def h() -> History:
    return History()


# --- Running the command ----------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("eligibility", *args, stdout=out)
    return out.getvalue()


def command_args(
    award: str,
    *,
    year: int = Y,
    as_of: dt.date = AS_OF,
    recipient: str | None = None,
    under: str | None = None,
    recipient_type: str | None = None,
    fmt: str | None = None,
) -> list[str]:
    args = ["--award", award, "--year", str(year), "--as-of", as_of.isoformat()]
    if recipient is not None:
        args += ["--recipient", recipient]
    else:
        args += ["--all"]
        if under is not None:
            args += ["--under", under]
    if recipient_type is not None:
        args += ["--recipient-type", recipient_type]
    if fmt is not None:
        args += ["--format", fmt]
    return args


def json_lines(output: str) -> list[Result]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def judge(
    h: History,
    award: str,
    recipient: str,
    *,
    year: int = Y,
    as_of: dt.date = AS_OF,
    recipient_type: str | None = None,
) -> Result:
    """Write the collected history, then the one verdict for ``recipient``."""
    h.save()
    results = json_lines(
        run(
            *command_args(
                award, year=year, as_of=as_of, recipient=recipient, recipient_type=recipient_type
            )
        )
    )
    assert len(results) == 1
    return results[0]


def batch(h: History, award: str, under: str, **kwargs: Any) -> list[Result]:
    h.save()
    return json_lines(run(*command_args(award, under=under, **kwargs)))


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        run(*args)
    assert failure.value.returncode == 1
    return str(failure.value)


def condition(result: Result, rule: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [c for c in result["conditions"] if c["rule"] == rule]
    assert len(matches) == 1, f"{rule} not in {[c['rule'] for c in result['conditions']]}"
    return matches[0]


def met(result: Result, rule: str) -> bool | None:
    value: bool | None = condition(result, rule)["met"]
    return value


def unmet(result: Result) -> list[str]:
    """The checked conditions not met, in the order of the rules."""
    return [c["rule"] for c in result["conditions"] if c["met"] is False]


def records(result: Result, rule: str) -> list[dict[str, Any]]:
    return list(condition(result, rule)["records"])


def assert_eligible(result: Result) -> None:
    assert (result["verdict"], unmet(result)) == ("eligible", [])


def assert_only_unmet(result: Result, *rules: str) -> None:
    assert (result["verdict"], unmet(result)) == ("not_eligible", list(rules))


# --- The catalogue: every title and recipient type, its conditions, and an eligible history ---

RULES: dict[tuple[str, str], list[str]] = {
    ("lao_dong_tien_tien", PERSON): ["blocker", "not_granted", "discipline_in_year", "rating"],
    ("chien_si_thi_dua_co_so", PERSON): [
        "blocker",
        "not_granted",
        "discipline_in_year",
        "lao_dong_tien_tien",
        "excellence",
        "council",
    ],
    ("chien_si_thi_dua_bo", PERSON): [
        "blocker",
        "not_granted",
        "discipline_in_year",
        "chain",
        "initiative",
        "council",
    ],
    ("chien_si_thi_dua_toan_quoc", PERSON): [
        "blocker",
        "not_granted",
        "discipline_in_year",
        "chain",
        "initiative",
        "council",
    ],
    ("tap_the_lao_dong_tien_tien", COLLECTIVE): [
        "blocker",
        "not_granted",
        "rating",
        "members_lao_dong_tien_tien",
        "members_discipline",
    ],
    ("tap_the_lao_dong_xuat_sac", COLLECTIVE): [
        "blocker",
        "not_granted",
        "rating",
        "members_completed",
        "members_lao_dong_tien_tien",
        "members_chien_si_thi_dua_co_so",
        "members_discipline",
    ],
    ("co_thi_dua_bo", COLLECTIVE): [
        "blocker",
        "not_granted",
        "leading_unit",
        "cluster_vote",
        "council",
    ],
    ("co_thi_dua_chinh_phu", COLLECTIVE): [
        "blocker",
        "not_granted",
        "co_thi_dua_bo",
        "selection",
        "council",
    ],
    ("bang_khen_bo", PERSON): ["blocker", "discipline_in_year", "achievements"],
    ("bang_khen_bo", COLLECTIVE): ["blocker", "achievements"],
    ("bang_khen_thu_tuong", PERSON): [
        "blocker",
        "discipline_in_year",
        "prior_bang_khen_bo",
        "chain",
        "initiatives",
    ],
    ("bang_khen_thu_tuong", COLLECTIVE): ["blocker", "prior_bang_khen_bo", "chain", "flags"],
    ("giay_khen", PERSON): ["blocker", "discipline_in_year", "achievement"],
    ("giay_khen", COLLECTIVE): ["blocker", "achievement"],
}
ATTESTED = {"council", "cluster_vote", "selection", "achievement"}
PERSON_TITLES = [key for key in RULES if key[1] == PERSON]
# Titles whose checked conditions look at one year only: a discipline that ended before the
# judged year leaves them eligible (a chain would be broken by it).
SINGLE_YEAR = {"lao_dong_tien_tien", "chien_si_thi_dua_co_so", "giay_khen"}


def staff(
    h: History,
    unit: Agency,
    prefix: str,
    *,
    ldtt: int = 0,
    htnv: int = 0,
    khtnv: int = 0,
    unrated: int = 0,
    derived: bool = False,
    year: int = Y,
) -> list[Person]:
    """Members of ``unit`` (positions open since 2015): ``ldtt`` rated ``httnv`` with a
    ``lao_dong_tien_tien`` of ``year`` (only the rating when ``derived``), then ``htnv``,
    ``khtnv`` and ``unrated`` ones."""
    people: list[Person] = []
    for n in range(ldtt):
        person = h.person(f"{prefix}-LDTT-{n}", at=unit)
        h.rating(person.code, "httnv", year)
        if not derived:
            h.award(person.code, "lao_dong_tien_tien", year)
        people.append(person)
    for rating, count in (("htnv", htnv), ("khtnv", khtnv)):
        for n in range(count):
            person = h.person(f"{prefix}-{rating.upper()}-{n}", at=unit)
            h.rating(person.code, rating, year)
            people.append(person)
    people += [h.person(f"{prefix}-KXL-{n}", at=unit) for n in range(unrated)]
    return people


def eligible_lao_dong_tien_tien(h: History, code: str) -> None:
    h.person(code)
    h.rating(code, "httnv", Y)


def eligible_chien_si_thi_dua_co_so(h: History, code: str) -> None:
    h.person(code)
    h.rating(code, "htxsnv", Y)
    h.award(code, "lao_dong_tien_tien", Y)


def eligible_chien_si_thi_dua_bo(h: History, code: str) -> None:
    h.person(code)
    for year in (Y - 2, Y - 1, Y):
        h.award(code, "chien_si_thi_dua_co_so", year)
    h.initiative(code, "bo", Y - 2)


def eligible_chien_si_thi_dua_toan_quoc(h: History, code: str) -> None:
    h.person(code)
    h.award(code, "chien_si_thi_dua_bo", Y - 3)
    h.award(code, "chien_si_thi_dua_bo", Y)
    h.initiative(code, "toan_quoc", Y - 5)


def eligible_tap_the_lao_dong_tien_tien(h: History, code: str) -> None:
    unit = h.agency(code)
    h.rating(code, "httnv", Y, recipient_type=COLLECTIVE)
    staff(h, unit, code, ldtt=7, htnv=3)


def eligible_tap_the_lao_dong_xuat_sac(h: History, code: str) -> None:
    unit = h.agency(code)
    h.rating(code, "htxsnv", Y, recipient_type=COLLECTIVE)
    best = h.person(f"{code}-CSTD", at=unit)
    h.rating(best.code, "htxsnv", Y)
    h.award(best.code, "lao_dong_tien_tien", Y)
    h.award(best.code, "chien_si_thi_dua_co_so", Y)
    staff(h, unit, code, ldtt=6, htnv=3)


def eligible_co_thi_dua_bo(h: History, code: str) -> None:
    unit = h.agency(code)
    published_ranking(
        organiser=h.agency(f"{code}-BO", kind="ministry"),
        code=f"CUM-{code}",
        year=Y,
        scores=[(h.agency(f"{code}-HAI"), 80), (unit, 90)],
        published_on=dt.date(2026, 1, 20),
    )


def eligible_co_thi_dua_chinh_phu(h: History, code: str) -> None:
    h.agency(code)
    h.award(code, "co_thi_dua_bo", Y, recipient_type=COLLECTIVE)


def eligible_bang_khen_bo_person(h: History, code: str) -> None:
    h.person(code)
    h.award(code, "chien_si_thi_dua_co_so", Y - 1)
    h.award(code, "chien_si_thi_dua_co_so", Y)


def eligible_bang_khen_bo_collective(h: History, code: str) -> None:
    h.agency(code)
    h.rating(code, "htxsnv", Y - 1, recipient_type=COLLECTIVE)
    h.award(code, "tap_the_lao_dong_xuat_sac", Y, recipient_type=COLLECTIVE)


def eligible_bang_khen_thu_tuong_person(h: History, code: str) -> None:
    h.person(code)
    h.award(code, "bang_khen_bo", Y - 5)
    for year in range(Y - 4, Y + 1):
        h.rating(code, "htxsnv", year)
        h.initiative(code, "co_so", year)


def eligible_bang_khen_thu_tuong_collective(h: History, code: str) -> None:
    h.agency(code)
    h.award(code, "bang_khen_bo", Y - 5, recipient_type=COLLECTIVE)
    for year in range(Y - 4, Y + 1):
        if year == Y - 2:
            h.award(code, "tap_the_lao_dong_xuat_sac", year, recipient_type=COLLECTIVE)
        else:
            h.rating(code, "htxsnv", year, recipient_type=COLLECTIVE)
    h.award(code, "co_thi_dua_bo", Y - 2, recipient_type=COLLECTIVE)


def eligible_giay_khen_person(h: History, code: str) -> None:
    h.person(code)


def eligible_giay_khen_collective(h: History, code: str) -> None:
    h.agency(code)


ELIGIBLE: dict[tuple[str, str], Callable[[History, str], None]] = {
    ("lao_dong_tien_tien", PERSON): eligible_lao_dong_tien_tien,
    ("chien_si_thi_dua_co_so", PERSON): eligible_chien_si_thi_dua_co_so,
    ("chien_si_thi_dua_bo", PERSON): eligible_chien_si_thi_dua_bo,
    ("chien_si_thi_dua_toan_quoc", PERSON): eligible_chien_si_thi_dua_toan_quoc,
    ("tap_the_lao_dong_tien_tien", COLLECTIVE): eligible_tap_the_lao_dong_tien_tien,
    ("tap_the_lao_dong_xuat_sac", COLLECTIVE): eligible_tap_the_lao_dong_xuat_sac,
    ("co_thi_dua_bo", COLLECTIVE): eligible_co_thi_dua_bo,
    ("co_thi_dua_chinh_phu", COLLECTIVE): eligible_co_thi_dua_chinh_phu,
    ("bang_khen_bo", PERSON): eligible_bang_khen_bo_person,
    ("bang_khen_bo", COLLECTIVE): eligible_bang_khen_bo_collective,
    ("bang_khen_thu_tuong", PERSON): eligible_bang_khen_thu_tuong_person,
    ("bang_khen_thu_tuong", COLLECTIVE): eligible_bang_khen_thu_tuong_collective,
    ("giay_khen", PERSON): eligible_giay_khen_person,
    ("giay_khen", COLLECTIVE): eligible_giay_khen_collective,
}
TITLES = list(RULES)
IDS = [f"{award}-{recipient_type}" for award, recipient_type in TITLES]
PERSON_IDS = [f"{award}-{recipient_type}" for award, recipient_type in PERSON_TITLES]


def judge_title(h: History, title: tuple[str, str], code: str = "X", **kwargs: Any) -> Result:
    award, recipient_type = title
    return judge(h, award, code, recipient_type=recipient_type, **kwargs)


def test_the_catalogue_covers_every_title_and_recipient_type() -> None:
    assert set(RULES) == set(ELIGIBLE)
    assert {award for award, _type in RULES} == {
        "co_thi_dua_chinh_phu",
        "co_thi_dua_bo",
        "tap_the_lao_dong_xuat_sac",
        "tap_the_lao_dong_tien_tien",
        "chien_si_thi_dua_toan_quoc",
        "chien_si_thi_dua_bo",
        "chien_si_thi_dua_co_so",
        "lao_dong_tien_tien",
        "bang_khen_thu_tuong",
        "bang_khen_bo",
        "giay_khen",
    }


@pytest.mark.parametrize("title", TITLES, ids=IDS)
def test_it_finds_every_title_eligible_when_its_history_meets_every_checked_condition(
    h: History, title: tuple[str, str]
) -> None:
    ELIGIBLE[title](h, "X")
    result = judge_title(h, title)
    assert (result["recipient"], result["recipient_type"]) == ("X", title[1])
    assert (result["award"], result["year"], result["as_of"]) == (title[0], Y, "2026-03-01")
    assert [c["rule"] for c in result["conditions"]] == RULES[title]
    for c in result["conditions"]:
        attested = c["rule"] in ATTESTED
        assert c["kind"] == ("attested" if attested else "checked"), c["rule"]
        assert c["met"] is (None if attested else True), c["rule"]
        assert "152/2025" in c["basis"], c["rule"]
        assert c["label"], c["rule"]
    assert result["verdict"] == "eligible"


@pytest.mark.parametrize("title", TITLES, ids=IDS)
def test_it_finds_every_title_not_eligible_while_a_blocker_is_open_on_the_evaluation_date(
    h: History, title: tuple[str, str]
) -> None:
    ELIGIBLE[title](h, "X")
    h.blocker("X", dt.date(2026, 2, 1), recipient_type=title[1])
    result = judge_title(h, title)
    assert_only_unmet(result, "blocker")
    assert [r["kind"] for r in records(result, "blocker")] == ["blocker"]
    assert records(result, "blocker")[0]["recipient"] == "X"


@pytest.mark.parametrize("title", TITLES, ids=IDS)
def test_a_blocker_closed_the_day_before_the_evaluation_date_changes_nothing(
    h: History, title: tuple[str, str]
) -> None:
    ELIGIBLE[title](h, "X")
    h.blocker("X", dt.date(2025, 10, 1), AS_OF - DAY, recipient_type=title[1])
    result = judge_title(h, title)
    assert_eligible(result)


@pytest.mark.parametrize("title", PERSON_TITLES, ids=PERSON_IDS)
def test_a_canh_cao_overlapping_the_judged_year_by_one_day_bars_every_personal_title(
    h: History, title: tuple[str, str]
) -> None:
    ELIGIBLE[title](h, "X")
    h.discipline("X", "canh_cao", dt.date(2024, 7, 1), dt.date(Y, 1, 1))
    result = judge_title(h, title)
    assert result["verdict"] == "not_eligible"
    assert met(result, "discipline_in_year") is False


@pytest.mark.parametrize("title", PERSON_TITLES, ids=PERSON_IDS)
def test_a_canh_cao_ended_on_the_last_day_before_the_judged_year_is_not_in_it(
    h: History, title: tuple[str, str]
) -> None:
    ELIGIBLE[title](h, "X")
    h.discipline("X", "canh_cao", dt.date(2024, 7, 1), dt.date(Y - 1, 12, 31))
    result = judge_title(h, title)
    assert met(result, "discipline_in_year") is True
    if title[0] in SINGLE_YEAR:
        assert_eligible(result)


# Chains of the personal titles: the rule that holds the chain and its first year.
PERSON_CHAINS = [
    (("chien_si_thi_dua_bo", PERSON), "chain", Y - 2),
    (("chien_si_thi_dua_toan_quoc", PERSON), "chain", Y - 3),
    (("bang_khen_bo", PERSON), "achievements", Y - 1),
    (("bang_khen_thu_tuong", PERSON), "chain", Y - 4),
]
CHAIN_IDS = [f"{title[0]}-{title[1]}" for title, _rule, _first in PERSON_CHAINS]


@pytest.mark.parametrize(("title", "rule", "first"), PERSON_CHAINS, ids=CHAIN_IDS)
def test_a_khien_trach_ending_on_1_january_of_the_first_chain_year_breaks_the_chain(
    h: History, title: tuple[str, str], rule: str, first: int
) -> None:
    ELIGIBLE[title](h, "X")
    h.discipline("X", "khien_trach", dt.date(first - 1, 10, 1), dt.date(first, 1, 1))
    result = judge_title(h, title)
    assert_only_unmet(result, rule)
    assert met(result, "discipline_in_year") is True


@pytest.mark.parametrize(("title", "rule", "first"), PERSON_CHAINS, ids=CHAIN_IDS)
def test_a_khien_trach_ending_on_31_december_before_the_chain_leaves_it_whole(
    h: History, title: tuple[str, str], rule: str, first: int
) -> None:
    ELIGIBLE[title](h, "X")
    h.discipline("X", "khien_trach", dt.date(first - 1, 10, 1), dt.date(first - 1, 12, 31))
    assert_eligible(judge_title(h, title))


MEMBER_TITLES = [
    ("tap_the_lao_dong_tien_tien", COLLECTIVE),
    ("tap_the_lao_dong_xuat_sac", COLLECTIVE),
]
MEMBER_IDS = [title[0] for title in MEMBER_TITLES]


@pytest.mark.parametrize("title", MEMBER_TITLES, ids=MEMBER_IDS)
def test_a_members_canh_cao_ending_on_1_january_of_the_judged_year_fails_members_discipline(
    h: History, title: tuple[str, str]
) -> None:
    ELIGIBLE[title](h, "X")
    h.discipline("X-HTNV-0", "canh_cao", dt.date(Y - 1, 7, 1), dt.date(Y, 1, 1))
    assert_only_unmet(judge_title(h, title), "members_discipline")


@pytest.mark.parametrize("title", MEMBER_TITLES, ids=MEMBER_IDS)
def test_a_members_canh_cao_ending_on_31_december_before_the_judged_year_passes(
    h: History, title: tuple[str, str]
) -> None:
    ELIGIBLE[title](h, "X")
    h.discipline("X-HTNV-0", "canh_cao", dt.date(Y - 1, 7, 1), dt.date(Y - 1, 12, 31))
    assert_eligible(judge_title(h, title))


def test_a_canh_cao_annulled_before_the_evaluation_date_counts_as_never_given(
    h: History,
) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.discipline("P", "canh_cao", dt.date(Y, 3, 1), dt.date(Y, 9, 30), revoked_on=AS_OF - DAY)
    assert_eligible(judge(h, "lao_dong_tien_tien", "P"))


def test_a_canh_cao_annulled_after_the_evaluation_date_still_bars_the_year(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.discipline("P", "canh_cao", dt.date(Y, 3, 1), dt.date(Y, 9, 30), revoked_on=AS_OF + DAY)
    assert_only_unmet(judge(h, "lao_dong_tien_tien", "P"), "discipline_in_year")


# --- General: time, revocation, blockers, rule versions ---------------------------------------


def test_it_reports_each_record_it_used_with_its_kind_value_year_and_decision(
    h: History,
) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    result = judge(h, "lao_dong_tien_tien", "P")
    rule = condition(result, "rating")
    assert rule["label"] == "Được xếp loại Hoàn thành tốt nhiệm vụ trở lên trong năm xét"
    assert rule["kind"] == "checked"
    assert rule["records"] == [
        {
            "kind": "rating",
            "value": "httnv",
            "year": Y,
            "recipient": "P",
            "decision_number": "1/QĐ-TĐKT",
            "revoked": False,
            "derived": False,
            "inherited_from": None,
        }
    ]


def test_a_rating_of_htnv_misses_lao_dong_tien_tien_by_one_level(h: History) -> None:
    h.person("P")
    h.rating("P", "htnv", Y)
    assert_only_unmet(judge(h, "lao_dong_tien_tien", "P"), "rating")


def test_a_rating_of_htxsnv_meets_lao_dong_tien_tien(h: History) -> None:
    h.person("P")
    h.rating("P", "htxsnv", Y)
    assert_eligible(judge(h, "lao_dong_tien_tien", "P"))


def test_a_rating_for_the_year_before_does_not_meet_lao_dong_tien_tien(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", Y - 1)
    assert_only_unmet(judge(h, "lao_dong_tien_tien", "P"), "rating")


def test_a_record_decided_on_the_evaluation_date_counts(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", Y, decided=AS_OF)
    assert_eligible(judge(h, "lao_dong_tien_tien", "P"))


def test_a_record_decided_the_day_after_the_evaluation_date_does_not_count(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", Y, decided=AS_OF + DAY)
    assert_only_unmet(judge(h, "lao_dong_tien_tien", "P"), "rating")
    assert_eligible(judge(h, "lao_dong_tien_tien", "P", as_of=AS_OF + DAY))


def test_a_khien_trach_in_the_judged_year_does_not_bar_lao_dong_tien_tien(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.discipline("P", "khien_trach", dt.date(Y, 3, 1), dt.date(Y, 9, 30))
    result = judge(h, "lao_dong_tien_tien", "P")
    assert_eligible(result)


def test_a_canh_cao_in_the_judged_year_bars_lao_dong_tien_tien_and_is_named(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.discipline("P", "canh_cao", dt.date(Y, 3, 1), dt.date(Y, 9, 30))
    result = judge(h, "lao_dong_tien_tien", "P")
    assert_only_unmet(result, "discipline_in_year")
    assert [(r["kind"], r["value"]) for r in records(result, "discipline_in_year")] == [
        ("discipline", "canh_cao")
    ]


def test_a_canh_cao_starting_the_day_after_the_judged_year_does_not_bar_it(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.discipline("P", "canh_cao", dt.date(Y + 1, 1, 1), dt.date(Y + 1, 2, 1))
    assert_eligible(judge(h, "lao_dong_tien_tien", "P"))


def test_a_discipline_open_on_the_evaluation_date_is_a_blocker(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.discipline("P", "khien_trach", dt.date(2026, 2, 1), None)
    result = judge(h, "lao_dong_tien_tien", "P")
    assert result["verdict"] == "not_eligible"
    assert met(result, "blocker") is False
    assert [r["kind"] for r in records(result, "blocker")] == ["discipline"]


def test_a_blocker_ending_on_the_evaluation_date_is_still_open(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.blocker("P", dt.date(2026, 1, 5), AS_OF)
    assert_only_unmet(judge(h, "lao_dong_tien_tien", "P"), "blocker")


def test_a_blocker_starting_the_day_after_the_evaluation_date_is_not_open_yet(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.blocker("P", AS_OF + DAY, decided=AS_OF - DAY)
    assert_eligible(judge(h, "lao_dong_tien_tien", "P"))


def test_another_persons_blocker_does_not_bar_anyone_else(h: History) -> None:
    eligible_lao_dong_tien_tien(h, "P")
    h.person("Q")
    h.blocker("Q", dt.date(2026, 1, 5))
    assert_eligible(judge(h, "lao_dong_tien_tien", "P"))


def test_it_uses_decree_98_rules_on_30_june_2025(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", 2024)
    result = judge(h, "lao_dong_tien_tien", "P", year=2024, as_of=dt.date(2025, 6, 30))
    assert_eligible(result)
    assert all("98/2023" in c["basis"] for c in result["conditions"])
    assert not any("152/2025" in c["basis"] for c in result["conditions"])


def test_it_uses_decree_152_rules_from_1_july_2025(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", 2024)
    result = judge(h, "lao_dong_tien_tien", "P", year=2024, as_of=dt.date(2025, 7, 1))
    assert_eligible(result)
    assert all("152/2025" in c["basis"] for c in result["conditions"])
    assert not any("98/2023" in c["basis"] for c in result["conditions"])


def test_a_date_before_any_rule_version_is_refused(h: History) -> None:
    h.person("P")
    h.save()
    message = refused(
        *command_args("lao_dong_tien_tien", year=2023, as_of=dt.date(2023, 12, 31), recipient="P")
    )
    assert message


# --- Revocation (with co_thi_dua_chinh_phu: its co_thi_dua_bo of the judged year) --------------


def flag_holder(h: History, **award: Any) -> None:
    h.agency("U")
    h.award("U", "co_thi_dua_bo", Y, recipient_type=COLLECTIVE, **award)


def test_a_co_thi_dua_bo_for_the_judged_year_meets_co_thi_dua_chinh_phu(h: History) -> None:
    flag_holder(h)
    result = judge(h, "co_thi_dua_chinh_phu", "U")
    assert_eligible(result)
    assert met(result, "selection") is None
    assert met(result, "council") is None
    assert [(r["value"], r["year"]) for r in records(result, "co_thi_dua_bo")] == [
        ("co_thi_dua_bo", Y)
    ]


def test_a_co_thi_dua_bo_for_the_year_before_misses_co_thi_dua_chinh_phu(h: History) -> None:
    h.agency("U")
    h.award("U", "co_thi_dua_bo", Y - 1, recipient_type=COLLECTIVE)
    assert_only_unmet(judge(h, "co_thi_dua_chinh_phu", "U"), "co_thi_dua_bo")


def test_a_record_revoked_before_the_evaluation_date_counts_as_never_given(h: History) -> None:
    flag_holder(h, revoked_on=dt.date(2026, 2, 1))
    assert_only_unmet(judge(h, "co_thi_dua_chinh_phu", "U"), "co_thi_dua_bo")


def test_a_record_revoked_on_the_evaluation_date_counts_as_never_given(h: History) -> None:
    flag_holder(h, revoked_on=AS_OF)
    assert_only_unmet(judge(h, "co_thi_dua_chinh_phu", "U"), "co_thi_dua_bo")


def test_a_record_revoked_the_day_after_the_evaluation_date_still_counts(h: History) -> None:
    flag_holder(h, revoked_on=AS_OF + DAY)
    assert_eligible(judge(h, "co_thi_dua_chinh_phu", "U"))


def test_a_record_revoked_with_no_revocation_date_counts_as_revoked_always(h: History) -> None:
    flag_holder(h, revoked=True)
    assert_only_unmet(judge(h, "co_thi_dua_chinh_phu", "U"), "co_thi_dua_bo")
    assert_only_unmet(
        judge(h, "co_thi_dua_chinh_phu", "U", as_of=dt.date(2026, 1, 16)), "co_thi_dua_bo"
    )


def test_an_award_decided_after_the_evaluation_date_does_not_count_yet(h: History) -> None:
    flag_holder(h, decided=AS_OF + DAY)
    assert_only_unmet(judge(h, "co_thi_dua_chinh_phu", "U"), "co_thi_dua_bo")


@pytest.mark.parametrize("award_type", ["dot_xuat", "chuyen_de"])
def test_an_ad_hoc_or_thematic_co_thi_dua_bo_does_not_count_toward_co_thi_dua_chinh_phu(
    h: History, award_type: str
) -> None:
    flag_holder(h, award_type=award_type)
    assert_only_unmet(judge(h, "co_thi_dua_chinh_phu", "U"), "co_thi_dua_bo")


# --- chien_si_thi_dua_co_so: lao_dong_tien_tien (recorded or derived) and excellence ----------


def test_it_derives_lao_dong_tien_tien_in_the_judged_year_from_an_htxsnv_rating(
    h: History,
) -> None:
    h.person("P")
    h.rating("P", "htxsnv", Y)
    result = judge(h, "chien_si_thi_dua_co_so", "P")
    assert_eligible(result)
    derived = [r for r in records(result, "lao_dong_tien_tien") if r["derived"]]
    assert [(r["value"], r["year"], r["recipient"]) for r in derived] == [
        ("lao_dong_tien_tien", Y, "P")
    ]
    assert met(result, "council") is None


def test_it_derives_lao_dong_tien_tien_from_httnv_and_an_initiative_meets_excellence(
    h: History,
) -> None:
    h.person("P")
    h.rating("P", "httnv", Y)
    h.initiative("P", "co_so", Y)
    result = judge(h, "chien_si_thi_dua_co_so", "P")
    assert_eligible(result)
    assert any(r["derived"] for r in records(result, "lao_dong_tien_tien"))
    assert [(r["kind"], r["value"]) for r in records(result, "excellence")] == [
        ("initiative", "co_so")
    ]


def test_an_htnv_rating_gives_no_lao_dong_tien_tien(h: History) -> None:
    h.person("P")
    h.rating("P", "htnv", Y)
    h.initiative("P", "co_so", Y)
    assert_only_unmet(judge(h, "chien_si_thi_dua_co_so", "P"), "lao_dong_tien_tien")


def test_httnv_without_an_initiative_misses_excellence(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", Y)
    h.award("P", "lao_dong_tien_tien", Y)
    assert_only_unmet(judge(h, "chien_si_thi_dua_co_so", "P"), "excellence")


def test_an_initiative_recognised_for_the_year_before_misses_excellence(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", Y)
    h.initiative("P", "toan_quoc", Y - 1)
    assert_only_unmet(judge(h, "chien_si_thi_dua_co_so", "P"), "excellence")


def test_lao_dong_tien_tien_is_not_derived_from_an_earlier_years_rating(h: History) -> None:
    h.person("P")
    h.rating("P", "htxsnv", Y - 1)
    h.initiative("P", "co_so", Y)
    result = judge(h, "chien_si_thi_dua_co_so", "P")
    assert_only_unmet(result, "lao_dong_tien_tien")
    assert not any(r["derived"] for r in records(result, "lao_dong_tien_tien"))


def test_lao_dong_tien_tien_is_derived_for_an_earlier_judged_year(h: History) -> None:
    h.person("P")
    h.rating("P", "htxsnv", Y - 1)
    result = judge(h, "chien_si_thi_dua_co_so", "P", year=Y - 1)
    assert_eligible(result)
    assert any(r["derived"] for r in records(result, "lao_dong_tien_tien"))


def test_a_revoked_lao_dong_tien_tien_is_not_replaced_by_derivation(h: History) -> None:
    h.person("P")
    h.rating("P", "htxsnv", Y)
    h.award("P", "lao_dong_tien_tien", Y, revoked_on=dt.date(2026, 2, 1))
    result = judge(h, "chien_si_thi_dua_co_so", "P")
    assert_only_unmet(result, "lao_dong_tien_tien")
    assert not any(r["derived"] for r in records(result, "lao_dong_tien_tien"))


def test_a_lao_dong_tien_tien_revoked_after_the_evaluation_date_still_counts(h: History) -> None:
    h.person("P")
    h.rating("P", "htxsnv", Y)
    h.award("P", "lao_dong_tien_tien", Y, revoked_on=AS_OF + DAY)
    result = judge(h, "chien_si_thi_dua_co_so", "P")
    assert_eligible(result)
    used = records(result, "lao_dong_tien_tien")
    assert [(r["kind"], r["value"], r["derived"]) for r in used] == [
        ("award", "lao_dong_tien_tien", False)
    ]


# --- chien_si_thi_dua_bo: three consecutive chien_si_thi_dua_co_so and an initiative ----------


def cstd_bo(h: History, years: list[int], *, initiative: tuple[str, int] = ("bo", Y - 2)) -> None:
    h.person("P")
    for year in years:
        h.award("P", "chien_si_thi_dua_co_so", year)
    h.initiative("P", *initiative)


def test_three_consecutive_years_up_to_the_judged_year_meet_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y])
    result = judge(h, "chien_si_thi_dua_bo", "P")
    assert_eligible(result)
    assert sorted(r["year"] for r in records(result, "chain")) == [Y - 2, Y - 1, Y]


def test_two_years_are_one_short_of_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 1, Y])
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_a_gap_year_breaks_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 3, Y - 2, Y])
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_three_years_ending_the_year_before_do_not_meet_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 3, Y - 2, Y - 1])
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_an_ad_hoc_chien_si_thi_dua_co_so_does_not_count_in_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 2, Y])
    h.award("P", "chien_si_thi_dua_co_so", Y - 1, award_type="dot_xuat")
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_a_revoked_chain_year_breaks_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 2, Y])
    h.award("P", "chien_si_thi_dua_co_so", Y - 1, revoked_on=dt.date(2026, 2, 1))
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_a_chain_year_decided_after_the_evaluation_date_does_not_count(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1])
    h.award("P", "chien_si_thi_dua_co_so", Y, decided=AS_OF + DAY)
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_chien_si_thi_dua_co_so_is_not_derived_for_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1])
    h.rating("P", "htxsnv", Y)
    h.award("P", "lao_dong_tien_tien", Y)
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_a_discipline_ending_in_the_first_chain_year_breaks_the_chain(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y])
    h.discipline("P", "khien_trach", dt.date(Y - 3, 11, 1), dt.date(Y - 2, 1, 1))
    result = judge(h, "chien_si_thi_dua_bo", "P")
    assert_only_unmet(result, "chain")


def test_a_discipline_ending_the_day_before_the_chain_leaves_it_whole(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y])
    h.discipline("P", "khien_trach", dt.date(Y - 3, 11, 1), dt.date(Y - 3, 12, 31))
    assert_eligible(judge(h, "chien_si_thi_dua_bo", "P"))


def test_a_khien_trach_in_the_judged_year_breaks_the_chain_without_barring_the_year(
    h: History,
) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y])
    h.discipline("P", "khien_trach", dt.date(Y, 2, 1), dt.date(Y, 4, 30))
    result = judge(h, "chien_si_thi_dua_bo", "P")
    assert_only_unmet(result, "chain")
    assert met(result, "discipline_in_year") is True


def test_chain_years_used_by_a_granted_chien_si_thi_dua_bo_are_not_used_again(
    h: History,
) -> None:
    cstd_bo(h, [Y - 4, Y - 3, Y - 2, Y - 1, Y])
    h.award("P", "chien_si_thi_dua_bo", Y - 2)
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "chain")


def test_after_chien_si_thi_dua_bo_for_2023_three_new_years_from_2024_meet_the_chain(
    h: History,
) -> None:
    cstd_bo(h, [2021, 2022, 2023, 2024, 2025, 2026], initiative=("bo", 2024))
    h.award("P", "chien_si_thi_dua_bo", 2023)
    assert_eligible(judge(h, "chien_si_thi_dua_bo", "P", year=2026, as_of=dt.date(2027, 3, 1)))


def test_an_initiative_of_scope_bo_two_years_back_meets_the_initiative(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y], initiative=("bo", Y - 2))
    assert_eligible(judge(h, "chien_si_thi_dua_bo", "P"))


def test_an_initiative_of_scope_bo_three_years_back_misses_the_initiative(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y], initiative=("bo", Y - 3))
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "initiative")


def test_an_initiative_of_scope_toan_quoc_meets_the_initiative(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y], initiative=("toan_quoc", Y))
    assert_eligible(judge(h, "chien_si_thi_dua_bo", "P"))


def test_a_revoked_initiative_does_not_meet_the_initiative(h: History) -> None:
    h.person("P")
    for year in (Y - 2, Y - 1, Y):
        h.award("P", "chien_si_thi_dua_co_so", year)
    h.initiative("P", "bo", Y, revoked_on=dt.date(2026, 2, 1))
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "initiative")


def test_an_initiative_of_scope_co_so_misses_the_initiative(h: History) -> None:
    cstd_bo(h, [Y - 2, Y - 1, Y], initiative=("co_so", Y))
    assert_only_unmet(judge(h, "chien_si_thi_dua_bo", "P"), "initiative")


# --- chien_si_thi_dua_toan_quoc: chien_si_thi_dua_bo in Y−3 and Y, a toan_quoc initiative ----


def cstd_toan_quoc(
    h: History, years: list[int], *, initiative: tuple[str, int] = ("toan_quoc", Y - 5)
) -> None:
    h.person("P")
    for year in years:
        h.award("P", "chien_si_thi_dua_bo", year)
    h.initiative("P", *initiative)


def test_chien_si_thi_dua_bo_in_y_minus_3_and_y_meets_the_national_chain(h: History) -> None:
    cstd_toan_quoc(h, [Y - 3, Y])
    result = judge(h, "chien_si_thi_dua_toan_quoc", "P")
    assert_eligible(result)
    assert sorted(r["year"] for r in records(result, "chain")) == [Y - 3, Y]


def test_chien_si_thi_dua_bo_in_y_minus_2_and_y_misses_the_national_chain(h: History) -> None:
    cstd_toan_quoc(h, [Y - 2, Y])
    assert_only_unmet(judge(h, "chien_si_thi_dua_toan_quoc", "P"), "chain")


def test_one_chien_si_thi_dua_bo_is_one_short_of_the_national_chain(h: History) -> None:
    cstd_toan_quoc(h, [Y])
    assert_only_unmet(judge(h, "chien_si_thi_dua_toan_quoc", "P"), "chain")


def test_a_discipline_between_the_two_chien_si_thi_dua_bo_breaks_the_national_chain(
    h: History,
) -> None:
    cstd_toan_quoc(h, [Y - 3, Y])
    h.discipline("P", "khien_trach", dt.date(Y - 2, 3, 1), dt.date(Y - 2, 8, 31))
    assert_only_unmet(judge(h, "chien_si_thi_dua_toan_quoc", "P"), "chain")


def test_a_year_used_by_a_granted_chien_si_thi_dua_toan_quoc_is_not_used_again(
    h: History,
) -> None:
    cstd_toan_quoc(h, [Y - 3, Y])
    h.award("P", "chien_si_thi_dua_toan_quoc", Y - 3)
    assert_only_unmet(judge(h, "chien_si_thi_dua_toan_quoc", "P"), "chain")


def test_a_toan_quoc_initiative_five_years_back_meets_the_initiative(h: History) -> None:
    cstd_toan_quoc(h, [Y - 3, Y], initiative=("toan_quoc", Y - 5))
    assert_eligible(judge(h, "chien_si_thi_dua_toan_quoc", "P"))


def test_a_toan_quoc_initiative_six_years_back_misses_the_initiative(h: History) -> None:
    cstd_toan_quoc(h, [Y - 3, Y], initiative=("toan_quoc", Y - 6))
    assert_only_unmet(judge(h, "chien_si_thi_dua_toan_quoc", "P"), "initiative")


def test_an_initiative_of_scope_bo_misses_the_national_initiative(h: History) -> None:
    cstd_toan_quoc(h, [Y - 3, Y], initiative=("bo", Y))
    assert_only_unmet(judge(h, "chien_si_thi_dua_toan_quoc", "P"), "initiative")


# --- tap_the_lao_dong_tien_tien: the collective's rating and its members ----------------------


def unit_rated(h: History, code: str = "U", rating: str = "httnv") -> Agency:
    unit = h.agency(code)
    h.rating(code, rating, Y, recipient_type=COLLECTIVE)
    return unit


def test_exactly_70_percent_of_members_lao_dong_tien_tien_passes(h: History) -> None:
    staff(h, unit_rated(h), "U", ldtt=7, htnv=3)
    result = judge(h, "tap_the_lao_dong_tien_tien", "U")
    assert_eligible(result)
    used = records(result, "members_lao_dong_tien_tien")
    assert len({r["recipient"] for r in used if r["value"] == "lao_dong_tien_tien"}) == 7


def test_one_member_fewer_than_70_percent_lao_dong_tien_tien_fails(h: History) -> None:
    staff(h, unit_rated(h), "U", ldtt=6, htnv=4)
    assert_only_unmet(judge(h, "tap_the_lao_dong_tien_tien", "U"), "members_lao_dong_tien_tien")


def test_members_lao_dong_tien_tien_is_derived_from_their_ratings_in_the_judged_year(
    h: History,
) -> None:
    staff(h, unit_rated(h), "U", ldtt=7, htnv=3, derived=True)
    result = judge(h, "tap_the_lao_dong_tien_tien", "U")
    assert_eligible(result)
    derived = [r for r in records(result, "members_lao_dong_tien_tien") if r["derived"]]
    assert len({r["recipient"] for r in derived}) == 7


def test_a_members_revoked_lao_dong_tien_tien_is_not_replaced_by_derivation(h: History) -> None:
    unit = unit_rated(h)
    staff(h, unit, "U", ldtt=6, htnv=3)
    revoked = h.person("U-THUHOI", at=unit)
    h.rating(revoked.code, "httnv", Y)
    h.award(revoked.code, "lao_dong_tien_tien", Y, revoked_on=dt.date(2026, 2, 1))
    assert_only_unmet(judge(h, "tap_the_lao_dong_tien_tien", "U"), "members_lao_dong_tien_tien")


def test_a_member_with_no_rating_counts_in_the_denominator(h: History) -> None:
    staff(h, unit_rated(h), "U", ldtt=7, htnv=2, unrated=1)
    assert_eligible(judge(h, "tap_the_lao_dong_tien_tien", "U"))


def test_two_members_with_no_rating_bring_the_share_under_70_percent(h: History) -> None:
    staff(h, unit_rated(h), "U", ldtt=7, htnv=2, unrated=2)  # 7 of 11
    assert_only_unmet(judge(h, "tap_the_lao_dong_tien_tien", "U"), "members_lao_dong_tien_tien")


def test_a_position_that_ended_on_30_december_is_not_a_member(h: History) -> None:
    unit = unit_rated(h)
    staff(h, unit, "U", ldtt=7, htnv=3)
    h.person("U-NGHI", at=unit, end=dt.date(Y, 12, 30))  # 7 of 11 if counted
    assert_eligible(judge(h, "tap_the_lao_dong_tien_tien", "U"))


def test_a_position_that_starts_on_31_december_is_a_member(h: History) -> None:
    unit = unit_rated(h)
    staff(h, unit, "U", ldtt=6, htnv=3)
    newcomer = h.person("U-MOI", at=unit, start=dt.date(Y, 12, 31))
    h.rating(newcomer.code, "httnv", Y)
    h.award(newcomer.code, "lao_dong_tien_tien", Y)  # 7 of 10; 6 of 9 if not counted
    assert_eligible(judge(h, "tap_the_lao_dong_tien_tien", "U"))


def test_people_of_a_child_agency_are_not_members_of_the_parent(h: History) -> None:
    unit = unit_rated(h)
    staff(h, unit, "U", ldtt=6, htnv=3)  # 6 of 9
    child = h.agency("U-CON", parent=unit)
    staff(h, child, "U-CON", ldtt=1)  # would make 7 of 10
    assert_only_unmet(judge(h, "tap_the_lao_dong_tien_tien", "U"), "members_lao_dong_tien_tien")


def test_a_member_with_a_canh_cao_in_the_judged_year_fails_members_discipline(
    h: History,
) -> None:
    unit = unit_rated(h)
    members = staff(h, unit, "U", ldtt=7, htnv=3)
    h.discipline(members[-1].code, "canh_cao", dt.date(Y, 5, 1), dt.date(Y, 10, 31))
    result = judge(h, "tap_the_lao_dong_tien_tien", "U")
    assert_only_unmet(result, "members_discipline")
    assert [(r["recipient"], r["value"]) for r in records(result, "members_discipline")] == [
        (members[-1].code, "canh_cao")
    ]


def test_a_member_with_a_khien_trach_in_the_judged_year_passes_members_discipline(
    h: History,
) -> None:
    unit = unit_rated(h)
    members = staff(h, unit, "U", ldtt=7, htnv=3)
    h.discipline(members[-1].code, "khien_trach", dt.date(Y, 5, 1), dt.date(Y, 10, 31))
    assert_eligible(judge(h, "tap_the_lao_dong_tien_tien", "U"))


def test_a_collective_rated_htnv_misses_tap_the_lao_dong_tien_tien_by_one_level(
    h: History,
) -> None:
    staff(h, unit_rated(h, rating="htnv"), "U", ldtt=7, htnv=3)
    assert_only_unmet(judge(h, "tap_the_lao_dong_tien_tien", "U"), "rating")


def test_a_collective_rated_htxsnv_meets_the_rating(h: History) -> None:
    staff(h, unit_rated(h, rating="htxsnv"), "U", ldtt=7, htnv=3)
    assert_eligible(judge(h, "tap_the_lao_dong_tien_tien", "U"))


# --- tap_the_lao_dong_xuat_sac -----------------------------------------------------------------


def excellent_unit(
    h: History,
    *,
    rating: str = "htxsnv",
    with_cstd: bool = True,
    ldtt: int = 6,
    htnv: int = 3,
    khtnv: int = 0,
    unrated: int = 0,
) -> list[Person]:
    """A unit whose first member is htxsnv with lao_dong_tien_tien (and, by default,
    chien_si_thi_dua_co_so), then the others."""
    unit = unit_rated(h, rating=rating)
    best = h.person("U-TOT", at=unit)
    h.rating(best.code, "htxsnv", Y)
    h.award(best.code, "lao_dong_tien_tien", Y)
    if with_cstd:
        h.award(best.code, "chien_si_thi_dua_co_so", Y)
    return [best, *staff(h, unit, "U", ldtt=ldtt, htnv=htnv, khtnv=khtnv, unrated=unrated)]


def test_a_unit_rated_httnv_misses_tap_the_lao_dong_xuat_sac_by_one_level(h: History) -> None:
    excellent_unit(h, rating="httnv")
    assert_only_unmet(judge(h, "tap_the_lao_dong_xuat_sac", "U"), "rating")


def test_every_member_rated_htnv_or_better_meets_members_completed(h: History) -> None:
    excellent_unit(h, htnv=3)
    assert_eligible(judge(h, "tap_the_lao_dong_xuat_sac", "U"))


def test_one_member_rated_khtnv_fails_members_completed(h: History) -> None:
    excellent_unit(h, htnv=2, khtnv=1)
    assert_only_unmet(judge(h, "tap_the_lao_dong_xuat_sac", "U"), "members_completed")


def test_one_member_with_no_rating_fails_members_completed(h: History) -> None:
    excellent_unit(h, htnv=2, unrated=1)
    assert_only_unmet(judge(h, "tap_the_lao_dong_xuat_sac", "U"), "members_completed")


def test_one_member_fewer_than_70_percent_lao_dong_tien_tien_fails_xuat_sac(h: History) -> None:
    excellent_unit(h, ldtt=5, htnv=4)
    assert_only_unmet(judge(h, "tap_the_lao_dong_xuat_sac", "U"), "members_lao_dong_tien_tien")


def test_one_member_chien_si_thi_dua_co_so_meets_members_chien_si_thi_dua_co_so(
    h: History,
) -> None:
    excellent_unit(h)
    result = judge(h, "tap_the_lao_dong_xuat_sac", "U")
    assert_eligible(result)
    assert [
        (r["recipient"], r["value"])
        for r in records(result, "members_chien_si_thi_dua_co_so")
        if r["value"] == "chien_si_thi_dua_co_so"
    ] == [("U-TOT", "chien_si_thi_dua_co_so")]


def test_no_member_chien_si_thi_dua_co_so_fails_members_chien_si_thi_dua_co_so(
    h: History,
) -> None:
    excellent_unit(h, with_cstd=False)
    assert_only_unmet(judge(h, "tap_the_lao_dong_xuat_sac", "U"), "members_chien_si_thi_dua_co_so")


def test_a_member_with_a_canh_cao_fails_xuat_sac_members_discipline(h: History) -> None:
    members = excellent_unit(h)
    h.discipline(members[-1].code, "canh_cao", dt.date(Y, 5, 1), dt.date(Y, 10, 31))
    assert_only_unmet(judge(h, "tap_the_lao_dong_xuat_sac", "U"), "members_discipline")


def test_a_member_with_a_khien_trach_passes_xuat_sac_members_discipline(h: History) -> None:
    members = excellent_unit(h)
    h.discipline(members[-1].code, "khien_trach", dt.date(Y, 5, 1), dt.date(Y, 10, 31))
    assert_eligible(judge(h, "tap_the_lao_dong_xuat_sac", "U"))


# --- co_thi_dua_bo: the leading unit of a cluster's published ranking -------------------------


def cluster(
    h: History,
    *,
    year: int = Y,
    published_on: dt.date = dt.date(2026, 1, 20),
    published_at: dt.time = dt.time(9, 0),
) -> None:
    """Cluster CUM-T of ``year`` organised by ministry BO: U-1 first (90), U-2 second (80)."""
    first, second = h.agency("U-1"), h.agency("U-2")
    published_ranking(
        organiser=h.agency("BO", kind="ministry"),
        code="CUM-T",
        year=year,
        scores=[(second, 80), (first, 90)],
        published_on=published_on,
        published_at=published_at,
    )


def test_the_unit_first_in_the_published_ranking_is_the_leading_unit(h: History) -> None:
    cluster(h)
    result = judge(h, "co_thi_dua_bo", "U-1")
    assert_eligible(result)
    assert met(result, "cluster_vote") is None
    assert met(result, "council") is None


def test_the_unit_second_in_the_published_ranking_is_not_the_leading_unit(h: History) -> None:
    cluster(h)
    assert_only_unmet(judge(h, "co_thi_dua_bo", "U-2"), "leading_unit")


def test_a_unit_first_in_the_ranking_of_the_year_before_is_not_the_leading_unit(
    h: History,
) -> None:
    cluster(h, year=Y - 1, published_on=dt.date(2025, 1, 20))
    assert_only_unmet(judge(h, "co_thi_dua_bo", "U-1"), "leading_unit")


def test_a_unit_in_no_published_ranking_is_not_the_leading_unit(h: History) -> None:
    h.agency("U-1")
    assert_only_unmet(judge(h, "co_thi_dua_bo", "U-1"), "leading_unit")


def test_a_ranking_published_late_on_the_evaluation_date_counts(h: History) -> None:
    cluster(h, published_on=AS_OF, published_at=dt.time(23, 30))
    assert_eligible(judge(h, "co_thi_dua_bo", "U-1"))


def test_a_ranking_published_just_after_midnight_the_day_after_does_not_count_yet(
    h: History,
) -> None:
    cluster(h, published_on=AS_OF + DAY, published_at=dt.time(0, 30))
    assert_only_unmet(judge(h, "co_thi_dua_bo", "U-1"), "leading_unit")


# --- bang_khen_bo --------------------------------------------------------------------------------


def test_chien_si_thi_dua_co_so_in_the_year_before_and_the_judged_year_meets_bang_khen_bo(
    h: History,
) -> None:
    eligible_bang_khen_bo_person(h, "P")
    assert_eligible(judge(h, "bang_khen_bo", "P"))


def test_chien_si_thi_dua_co_so_in_the_judged_year_only_misses_bang_khen_bo(h: History) -> None:
    h.person("P")
    h.award("P", "chien_si_thi_dua_co_so", Y)
    assert_only_unmet(judge(h, "bang_khen_bo", "P"), "achievements")


def test_two_htxsnv_years_with_two_initiatives_meet_bang_khen_bo(h: History) -> None:
    h.person("P")
    for year in (Y - 1, Y):
        h.rating("P", "htxsnv", year)
        h.initiative("P", "co_so", year)
    assert_eligible(judge(h, "bang_khen_bo", "P"))


def test_two_htxsnv_years_with_one_initiative_miss_bang_khen_bo(h: History) -> None:
    h.person("P")
    for year in (Y - 1, Y):
        h.rating("P", "htxsnv", year)
    h.initiative("P", "co_so", Y)
    assert_only_unmet(judge(h, "bang_khen_bo", "P"), "achievements")


def test_an_initiative_before_the_two_years_does_not_count_for_bang_khen_bo(h: History) -> None:
    h.person("P")
    for year in (Y - 1, Y):
        h.rating("P", "htxsnv", year)
    h.initiative("P", "co_so", Y - 2)
    h.initiative("P", "co_so", Y)
    assert_only_unmet(judge(h, "bang_khen_bo", "P"), "achievements")


def test_httnv_in_the_year_before_misses_the_htxsnv_option_of_bang_khen_bo(h: History) -> None:
    h.person("P")
    h.rating("P", "httnv", Y - 1)
    h.rating("P", "htxsnv", Y)
    h.initiative("P", "co_so", Y)
    h.initiative("P", "bo", Y)
    assert_only_unmet(judge(h, "bang_khen_bo", "P"), "achievements")


def test_a_year_used_by_a_granted_bang_khen_bo_is_not_used_again(h: History) -> None:
    eligible_bang_khen_bo_person(h, "P")
    h.award("P", "bang_khen_bo", Y - 1)
    assert_only_unmet(judge(h, "bang_khen_bo", "P"), "achievements")


def test_after_bang_khen_bo_two_new_years_meet_it_again(h: History) -> None:
    eligible_bang_khen_bo_person(h, "P")
    h.award("P", "bang_khen_bo", Y - 1)
    h.award("P", "chien_si_thi_dua_co_so", Y + 1)
    result = judge(h, "bang_khen_bo", "P", year=Y + 1, as_of=dt.date(2027, 3, 1))
    assert_eligible(result)


def test_htxsnv_then_tap_the_lao_dong_xuat_sac_meets_bang_khen_bo_for_a_collective(
    h: History,
) -> None:
    eligible_bang_khen_bo_collective(h, "U")
    result = judge(h, "bang_khen_bo", "U")
    assert_eligible(result)
    assert result["recipient_type"] == "collective"


def test_one_htxsnv_year_misses_bang_khen_bo_for_a_collective(h: History) -> None:
    h.agency("U")
    h.rating("U", "httnv", Y - 1, recipient_type=COLLECTIVE)
    h.rating("U", "htxsnv", Y, recipient_type=COLLECTIVE)
    assert_only_unmet(judge(h, "bang_khen_bo", "U"), "achievements")


# --- bang_khen_thu_tuong -------------------------------------------------------------------------


def pm_person(
    h: History,
    *,
    prior: int | None = Y - 5,
    years: range = range(Y - 4, Y + 1),
    initiatives: int = 5,
) -> None:
    h.person("P")
    if prior is not None:
        h.award("P", "bang_khen_bo", prior)
    for year in years:
        h.rating("P", "htxsnv", year)
    for n in range(initiatives):
        h.initiative("P", "co_so", Y - n)


def test_a_bang_khen_bo_five_years_before_meets_the_prior_bang_khen_bo(h: History) -> None:
    pm_person(h, prior=Y - 5)
    assert_eligible(judge(h, "bang_khen_thu_tuong", "P"))


def test_a_bang_khen_bo_four_years_before_misses_the_prior_bang_khen_bo(h: History) -> None:
    pm_person(h, prior=Y - 4)
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "P"), "prior_bang_khen_bo")


def test_no_bang_khen_bo_misses_the_prior_bang_khen_bo(h: History) -> None:
    pm_person(h, prior=None)
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "P"), "prior_bang_khen_bo")


def test_four_htxsnv_years_are_one_short_of_the_five_year_chain(h: History) -> None:
    pm_person(h, years=range(Y - 3, Y + 1))
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "P"), "chain")


def test_four_initiatives_in_five_years_are_one_short(h: History) -> None:
    pm_person(h, initiatives=4)
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "P"), "initiatives")


def test_a_year_used_by_a_granted_bang_khen_thu_tuong_is_not_used_again(h: History) -> None:
    pm_person(h)
    h.award("P", "bang_khen_thu_tuong", Y - 4)
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "P"), "chain")


def pm_unit(
    h: History,
    *,
    prior: int | None = Y - 5,
    years: range = range(Y - 4, Y + 1),
    flags: list[tuple[str, int]] | None = None,
) -> None:
    h.agency("U")
    if prior is not None:
        h.award("U", "bang_khen_bo", prior, recipient_type=COLLECTIVE)
    for year in years:
        h.rating("U", "htxsnv", year, recipient_type=COLLECTIVE)
    for award, year in [("co_thi_dua_bo", Y - 2)] if flags is None else flags:
        h.award("U", award, year, recipient_type=COLLECTIVE)


def test_a_collective_with_one_co_thi_dua_bo_in_five_years_meets_flags(h: History) -> None:
    pm_unit(h)
    assert_eligible(judge(h, "bang_khen_thu_tuong", "U"))


def test_a_collective_with_two_bang_khen_bo_in_five_years_meets_flags(h: History) -> None:
    pm_unit(h, flags=[("bang_khen_bo", Y - 3), ("bang_khen_bo", Y - 1)])
    assert_eligible(judge(h, "bang_khen_thu_tuong", "U"))


def test_a_collective_with_one_bang_khen_bo_in_five_years_misses_flags(h: History) -> None:
    pm_unit(h, flags=[("bang_khen_bo", Y - 1)])
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "U"), "flags")


def test_an_ad_hoc_co_thi_dua_bo_in_the_five_years_does_not_count_for_flags(h: History) -> None:
    pm_unit(h, flags=[])
    h.award("U", "co_thi_dua_bo", Y - 2, recipient_type=COLLECTIVE, award_type="dot_xuat")
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "U"), "flags")


def test_an_ad_hoc_bang_khen_bo_is_not_a_prior_bang_khen_bo(h: History) -> None:
    pm_unit(h, prior=None)
    h.award("U", "bang_khen_bo", Y - 5, recipient_type=COLLECTIVE, award_type="dot_xuat")
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "U"), "prior_bang_khen_bo")


def test_a_co_thi_dua_bo_before_the_five_years_misses_flags(h: History) -> None:
    pm_unit(h, flags=[("co_thi_dua_bo", Y - 5)])
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "U"), "flags")


def test_a_collective_whose_first_chain_year_is_missing_misses_the_chain(h: History) -> None:
    pm_unit(h, years=range(Y - 3, Y + 1))
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "U"), "chain")


def test_a_collective_bang_khen_bo_four_years_before_misses_the_prior_bang_khen_bo(
    h: History,
) -> None:
    pm_unit(h, prior=Y - 4)
    assert_only_unmet(judge(h, "bang_khen_thu_tuong", "U"), "prior_bang_khen_bo")


# --- giay_khen -----------------------------------------------------------------------------------


@pytest.mark.parametrize("recipient_type", [PERSON, COLLECTIVE])
def test_giay_khen_leaves_the_achievement_to_the_proposer(h: History, recipient_type: str) -> None:
    ELIGIBLE[("giay_khen", recipient_type)](h, "X")
    result = judge(h, "giay_khen", "X", recipient_type=recipient_type)
    assert_eligible(result)
    assert condition(result, "achievement")["kind"] == "attested"
    assert met(result, "achievement") is None


# --- Across reorganisations (policy review) -----------------------------------------------------


def merged(h: History) -> tuple[Agency, Agency, Agency]:
    """A and B merge into C on 01/07/2025 (A and B end on 30/06/2025)."""
    a, b, c = h.agency("A"), h.agency("B"), h.agency("C")
    h.merge([a, b], c, MERGED_ON)
    a.refresh_from_db()
    assert a.valid_to == dt.date(2025, 6, 30)
    return a, b, c


def test_a_condition_met_only_through_a_predecessor_needs_review_naming_it(h: History) -> None:
    merged(h)
    h.rating("A", "htxsnv", Y - 1, recipient_type=COLLECTIVE)
    h.rating("C", "htxsnv", Y, recipient_type=COLLECTIVE)
    result = judge(h, "bang_khen_bo", "C", recipient_type=COLLECTIVE)
    assert result["verdict"] == "needs_review"
    assert unmet(result) == []
    used = {
        (r["year"], r["recipient"], r["inherited_from"]) for r in records(result, "achievements")
    }
    assert (Y - 1, "A", "A") in used
    assert (Y, "C", None) in used


def test_a_condition_a_predecessor_cannot_meet_either_is_not_eligible(h: History) -> None:
    merged(h)
    h.rating("A", "httnv", Y - 1, recipient_type=COLLECTIVE)
    h.rating("C", "htxsnv", Y, recipient_type=COLLECTIVE)
    result = judge(h, "bang_khen_bo", "C", recipient_type=COLLECTIVE)
    assert_only_unmet(result, "achievements")


def test_a_merged_agency_meeting_its_conditions_on_its_own_records_is_eligible(
    h: History,
) -> None:
    _a, _b, c = merged(h)
    h.rating("C", "httnv", Y, recipient_type=COLLECTIVE)
    staff(h, c, "C", ldtt=7, htnv=3)
    result = judge(h, "tap_the_lao_dong_tien_tien", "C")
    assert_eligible(result)
    assert all(r["inherited_from"] is None for c in result["conditions"] for r in c["records"])


def test_a_predecessors_open_blocker_makes_the_merged_agency_need_review(h: History) -> None:
    merged(h)
    h.blocker("A", dt.date(2025, 5, 1), recipient_type=COLLECTIVE)
    result = judge(h, "giay_khen", "C", recipient_type=COLLECTIVE)
    assert result["verdict"] == "needs_review"
    named = records(result, "blocker")
    assert "A" in {r["recipient"] for r in named} | {r["inherited_from"] for r in named}


def test_a_closed_blocker_of_a_predecessor_changes_nothing(h: History) -> None:
    merged(h)
    h.blocker("A", dt.date(2025, 5, 1), dt.date(2025, 6, 30), recipient_type=COLLECTIVE)
    assert_eligible(judge(h, "giay_khen", "C", recipient_type=COLLECTIVE))


def test_an_open_blocker_of_the_merged_agency_itself_outranks_review(h: History) -> None:
    merged(h)
    h.rating("A", "htxsnv", Y - 1, recipient_type=COLLECTIVE)
    h.rating("C", "htxsnv", Y, recipient_type=COLLECTIVE)
    h.blocker("C", dt.date(2026, 2, 1), recipient_type=COLLECTIVE)
    assert_only_unmet(judge(h, "bang_khen_bo", "C", recipient_type=COLLECTIVE), "blocker")


def test_an_unmet_condition_outranks_one_met_through_a_predecessor(h: History) -> None:
    merged(h)
    h.award("A", "bang_khen_bo", Y - 5, recipient_type=COLLECTIVE)
    h.award("C", "co_thi_dua_bo", Y, recipient_type=COLLECTIVE)
    result = judge(h, "bang_khen_thu_tuong", "C", recipient_type=COLLECTIVE)
    assert met(result, "prior_bang_khen_bo") is True
    assert [r["inherited_from"] for r in records(result, "prior_bang_khen_bo")] == ["A"]
    assert_only_unmet(result, "chain")


def test_a_split_agency_meeting_a_condition_through_its_predecessor_needs_review(
    h: History,
) -> None:
    old, north, south = h.agency("CU"), h.agency("BAC"), h.agency("NAM")
    h.split(old, [north, south], MERGED_ON)
    h.rating("CU", "htxsnv", Y - 1, recipient_type=COLLECTIVE)
    h.rating("BAC", "htxsnv", Y, recipient_type=COLLECTIVE)
    result = judge(h, "bang_khen_bo", "BAC", recipient_type=COLLECTIVE)
    assert result["verdict"] == "needs_review"
    assert (Y - 1, "CU") in {
        (r["year"], r["inherited_from"]) for r in records(result, "achievements")
    }


def test_a_renamed_agencys_records_under_its_old_code_are_its_own(h: History) -> None:
    old, new = h.agency("CU"), h.agency("MOI")
    h.rename(old, new, MERGED_ON)
    h.rating("CU", "htxsnv", Y - 1, recipient_type=COLLECTIVE)
    h.rating("MOI", "htxsnv", Y, recipient_type=COLLECTIVE)
    assert_eligible(judge(h, "bang_khen_bo", "MOI", recipient_type=COLLECTIVE))


def test_a_persons_records_follow_the_person_into_the_merged_agency(h: History) -> None:
    a, _b, c = merged(h)
    person = h.person("P", at=a, end=dt.date(2025, 6, 30))
    h.position(person, c, start=MERGED_ON)
    h.award("P", "chien_si_thi_dua_co_so", Y - 1)
    h.award("P", "chien_si_thi_dua_co_so", Y)
    result = judge(h, "bang_khen_bo", "P", recipient_type=PERSON)
    assert_eligible(result)
    assert all(r["inherited_from"] is None for r in records(result, "achievements"))


# --- Output formats, batches and errors ----------------------------------------------------------


def test_it_writes_csv_with_the_unmet_rule_ids_joined_by_semicolons(h: History) -> None:
    h.person("P")
    h.rating("P", "htnv", Y)
    eligible_lao_dong_tien_tien(h, "Q")
    h.save()
    rows = [
        *csv.reader(
            io.StringIO(
                run(*command_args("chien_si_thi_dua_co_so", recipient="P", fmt="csv"))
                + run(*command_args("lao_dong_tien_tien", recipient="Q", fmt="csv"))
            )
        )
    ]
    header = ["recipient", "recipient_type", "award", "year", "verdict", "unmet"]
    assert rows == [
        header,
        [
            "P",
            "person",
            "chien_si_thi_dua_co_so",
            "2025",
            "not_eligible",
            "lao_dong_tien_tien;excellence",
        ],
        header,
        ["Q", "person", "lao_dong_tien_tien", "2025", "eligible", ""],
    ]


def test_it_writes_one_csv_row_per_recipient_of_a_batch(h: History) -> None:
    unit = h.agency("U")
    for code in ("P1", "P2"):
        h.person(code, at=unit)
    h.rating("P1", "httnv", Y)
    h.save()
    rows = [
        *csv.DictReader(io.StringIO(run(*command_args("lao_dong_tien_tien", under="U", fmt="csv"))))
    ]
    verdicts = {row["recipient"]: (row["verdict"], row["unmet"]) for row in rows}
    assert verdicts["P1"] == ("eligible", "")
    assert verdicts["P2"] == ("not_eligible", "rating")


def test_a_batch_under_an_agency_gives_the_same_verdicts_as_one_by_one_calls(
    h: History,
) -> None:
    parent = h.agency("SO", kind="provincial_department")
    first = h.agency("SO-1", parent=parent)
    second = h.agency("SO-2", parent=parent)
    h.agency("KHAC")
    h.rating("SO-1", "httnv", Y, recipient_type=COLLECTIVE)
    h.rating("SO-2", "httnv", Y, recipient_type=COLLECTIVE)
    staff(h, first, "SO-1", ldtt=7, htnv=3, derived=True)
    staff(h, second, "SO-2", ldtt=6, htnv=4)
    h.blocker("SO-2-HTNV-0", dt.date(2026, 2, 1))

    units = batch(h, "tap_the_lao_dong_tien_tien", "SO")
    by_code = {r["recipient"]: r for r in units}
    assert {"SO-1", "SO-2"} <= set(by_code)
    assert "KHAC" not in by_code
    assert (by_code["SO-1"]["verdict"], by_code["SO-2"]["verdict"]) == ("eligible", "not_eligible")
    for code, result in by_code.items():
        assert result == judge(h, "tap_the_lao_dong_tien_tien", code)

    people = batch(h, "lao_dong_tien_tien", "SO-2")
    by_person = {r["recipient"]: r for r in people}
    assert {f"SO-2-LDTT-{n}" for n in range(6)} | {f"SO-2-HTNV-{n}" for n in range(4)} <= set(
        by_person
    )
    assert not any(code.startswith("SO-1-") for code in by_person)
    assert by_person["SO-2-HTNV-0"]["verdict"] == "not_eligible"
    for code, result in by_person.items():
        assert result == judge(h, "lao_dong_tien_tien", code)


def test_a_code_shared_by_a_person_and_an_agency_is_ambiguous_for_an_award_to_both(
    h: History,
) -> None:
    h.person("DV-1")
    h.agency("DV-1")
    h.save()
    message = refused(*command_args("bang_khen_bo", recipient="DV-1"))
    assert "DV-1" in message
    assert "--recipient-type" in message
    person = judge(h, "bang_khen_bo", "DV-1", recipient_type=PERSON)
    unit = judge(h, "bang_khen_bo", "DV-1", recipient_type=COLLECTIVE)
    assert (person["recipient_type"], unit["recipient_type"]) == ("person", "collective")


def test_a_shared_code_is_not_ambiguous_for_an_award_to_one_recipient_type(h: History) -> None:
    h.person("DV-1")
    h.agency("DV-1")
    assert judge(h, "lao_dong_tien_tien", "DV-1")["recipient_type"] == "person"
    assert judge(h, "tap_the_lao_dong_tien_tien", "DV-1")["recipient_type"] == "collective"


def test_an_unknown_award_is_refused_naming_it(h: History) -> None:
    h.person("P")
    h.save()
    assert "khong_co" in refused(*command_args("khong_co", recipient="P"))


def test_an_unknown_recipient_is_refused_naming_it(h: History) -> None:
    assert "KHONG-CO" in refused(*command_args("lao_dong_tien_tien", recipient="KHONG-CO"))


def test_an_unknown_agency_under_is_refused_naming_it(h: History) -> None:
    assert "KHONG-CO" in refused(*command_args("lao_dong_tien_tien", under="KHONG-CO"))


def test_an_award_the_recipient_type_cannot_receive_is_refused(h: History) -> None:
    h.agency("U")
    h.save()
    assert refused(*command_args("lao_dong_tien_tien", recipient="U"))


def test_a_malformed_evaluation_date_is_refused(h: History) -> None:
    h.person("P")
    h.save()
    assert refused(
        "--award", "lao_dong_tien_tien", "--year", "2025", "--recipient", "P", "--as-of", "hôm qua"
    )


def test_not_eligible_verdicts_still_exit_normally(h: History) -> None:
    h.person("P")
    result = judge(h, "lao_dong_tien_tien", "P")
    assert result["verdict"] == "not_eligible"
