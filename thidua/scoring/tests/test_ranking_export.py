"""``manage.py ranking_export CLUSTER_CODE YEAR``: the ranking in force as CSV, in the exact
shape other tools read."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.core.testing import Personas
from thidua.organizations.models import Agency
from thidua.scoring.models import Ranking, ScoringTable, SelfAssessment
from thidua.scoring.services import ranking_correct, ranking_publish
from thidua.scoring.tests.test_results import (
    YEAR,
    active_table,
    consolidate,
    disqualify,
    give_scores,
    make_agency,
    make_cluster,
)

HEADER = "rank,agency_code,agency_name,total,disqualified\n"


def export(*args: object) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("ranking_export", *[str(a) for a in args], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return out.getvalue()


@dataclass
class Published:
    table: ScoringTable
    ranking: Ranking
    e: SelfAssessment


@pytest.fixture
def published(personas: Personas) -> Published:
    """Five units: two tie at 80, one scores 87.5, one scores 97 but is disqualified, one 60;
    one name has a comma in it."""
    a = make_agency("U-A", "Sở Công Thương tỉnh An Giang")
    b = make_agency("U-B", "Sở Công Thương, tỉnh Bạc Liêu")
    c = make_agency("U-C", "Sở Công Thương tỉnh Cà Mau")
    d = make_agency("U-D", "Sở Công Thương tỉnh Đồng Tháp")
    e = make_agency("U-E", "Sở Công Thương tỉnh Hậu Giang")
    group_year = make_cluster(personas, "CUM-XK", [a, b, c, d, e])
    table = active_table(group_year)
    give_scores(table, a, i1=40, i2=10, ii1=30)  # 80
    give_scores(table, b, i1=37.5, i2=20, ii1=30)  # 87.5
    give_scores(table, c, i1=35, i2=15, ii1=30)  # 80
    disqualify(table, give_scores(table, d, i1=40, i2=20, ii1=37))  # 97, disqualified
    assessment_e = give_scores(table, e, i1=30, i2=10, ii1=20)  # 60
    ranking = ranking_publish(actor=None, table=table)
    return Published(table, ranking, assessment_e)


def test_it_prints_the_header_then_each_unit_in_the_published_order(
    published: Published,
) -> None:
    assert export("CUM-XK", YEAR) == (
        HEADER + '1,U-B,"Sở Công Thương, tỉnh Bạc Liêu",87.50,false\n'
        "2,U-A,Sở Công Thương tỉnh An Giang,80.00,false\n"
        "2,U-C,Sở Công Thương tỉnh Cà Mau,80.00,false\n"
        "4,U-E,Sở Công Thương tỉnh Hậu Giang,60.00,false\n"
        "5,U-D,Sở Công Thương tỉnh Đồng Tháp,97.00,true\n"
    )


def test_equal_totals_share_a_rank_and_the_next_rank_skips(published: Published) -> None:
    lines = export("CUM-XK", YEAR).splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == ["1", "2", "2", "4", "5"]


def test_a_disqualified_unit_comes_after_every_qualified_one_even_with_a_higher_total(
    published: Published,
) -> None:
    last = export("CUM-XK", YEAR).splitlines()[-1]
    assert last.startswith("5,U-D,")
    assert last.endswith(",97.00,true")


def test_totals_have_two_decimals(published: Published) -> None:
    totals = [line.rsplit(",", 2)[1] for line in export("CUM-XK", YEAR).splitlines()[1:]]
    assert totals == ["87.50", "80.00", "80.00", "60.00", "97.00"]


def test_it_prints_the_name_a_unit_had_that_year(published: Published) -> None:
    Agency.objects.filter(code="U-C").update(name="Sở Công Thương tỉnh Cà Mau (sau sáp nhập)")
    assert ",Sở Công Thương tỉnh Cà Mau,80.00," in export("CUM-XK", YEAR)


def test_after_a_correction_it_prints_the_latest_version(published: Published) -> None:
    consolidate(published.table, published.e, "II.1", 40)  # E: 60 → 80
    ranking_correct(actor=None, ranking=published.ranking, reason="Điểm II.1 của Hậu Giang")
    assert export("CUM-XK", YEAR) == (
        HEADER + '1,U-B,"Sở Công Thương, tỉnh Bạc Liêu",87.50,false\n'
        "2,U-A,Sở Công Thương tỉnh An Giang,80.00,false\n"
        "2,U-C,Sở Công Thương tỉnh Cà Mau,80.00,false\n"
        "2,U-E,Sở Công Thương tỉnh Hậu Giang,80.00,false\n"
        "5,U-D,Sở Công Thương tỉnh Đồng Tháp,97.00,true\n"
    )


def test_a_cluster_year_without_a_published_ranking_fails_with_a_message(
    personas: Personas,
) -> None:
    a = make_agency("U-A", "Sở Công Thương tỉnh An Giang")
    table = active_table(make_cluster(personas, "CUM-CHUA", [a]))
    give_scores(table, a, i1=40)  # scored and submitted, but not published
    with pytest.raises(CommandError) as failed:
        export("CUM-CHUA", YEAR)
    assert failed.value.returncode == 1
    assert str(failed.value) == "Cụm thi đua CUM-CHUA năm 2026 chưa công bố kết quả xếp hạng."


@pytest.mark.parametrize(("code", "year"), [("CUM-KHONG-CO", YEAR), ("CUM-XK", YEAR + 1)])
def test_an_unknown_cluster_or_year_fails_with_a_message(
    published: Published, code: str, year: int
) -> None:
    with pytest.raises(CommandError) as failed:
        export(code, year)
    assert failed.value.returncode == 1
    assert str(failed.value) == f"Không có khối, cụm {code} năm {year}."
