"""Search of people, agencies and decisions: folding, filters, ranking, pages, export, who sees
what, and the indexes that serve it on each database."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from thidua.awards.exports import XLSX, records_workbook
from thidua.awards.models import AwardTitle, CommendationRecord
from thidua.awards.permissions import agencies_with_visible_history, can_view_agency_history
from thidua.awards.search import (
    SearchFilters,
    SearchKind,
    SearchText,
    _index_terms,
    parse_query,
    search,
    search_agencies,
    search_people,
    search_records,
)
from thidua.awards.services import IMPORT_COLUMNS, record_import
from thidua.awards.views import search as search_views
from thidua.core.errors import DomainError
from thidua.core.testing import Personas
from thidua.core.text import fold
from thidua.organizations.choices import AgencyKind
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    agency_update,
    lineage_event_record,
    person_create,
    position_add,
)

pytestmark = pytest.mark.django_db

URL = "/khen-thuong/tim-kiem/"
migration = importlib.import_module("thidua.awards.migrations.0005_search_indexes")

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only"
)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only"
)


# --- The world ----------------------------------------------------------------------------------


def make_agency(code: str, name: str, *, valid_from: dt.date | None = None) -> Agency:
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


def make_person(code: str, name: str, at: Agency, since: int = 2020) -> Person:
    person = person_create(actor=None, values=PersonValues(code=code, full_name=name))
    position_add(
        actor=None, person=person, agency=at, title="Chuyên viên", from_date=dt.date(since, 1, 1)
    )
    return person


def import_records(rows: Sequence[Mapping[str, object]]) -> None:
    """Records through the history import (a CSV with every import column)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(IMPORT_COLUMNS)
    for row in rows:
        cells = (row.get(column) for column in IMPORT_COLUMNS)
        writer.writerow(
            f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else ("" if v is None else v) for v in cells
        )
    stream = io.BytesIO(text.getvalue().encode("utf-8"))
    record_import(actor=None, stream=stream, filename="qua-trinh.csv")


def award(code: str, award_code: str, year: int, number: str, **more: object) -> dict[str, object]:
    return {
        "record_kind": "award",
        "recipient_type": "person",
        "recipient_code": code,
        "award": award_code,
        "year": year,
        "decision_number": number,
        **more,
    }


@dataclass
class World:
    personas: Personas
    kien_giang: Agency
    an_giang_old: Agency
    hung: Person
    hung_anh: Person
    tran_hung: Person
    hoang_hung: Person
    thi_hung: Person
    le_van_an: Person
    le_an: Person

    def record(self, number: str) -> CommendationRecord:
        return CommendationRecord.objects.get(decision_number=number)


@pytest.fixture
def world(personas: Personas) -> World:
    """Kiên Giang's and the old An Giang's departments of trade merged into ``own`` (the new
    An Giang) on 01/07/2025; people in ``own``, in Kiên Giang and in ``other`` (Cà Mau)."""
    own, other = personas.own, personas.other
    kien_giang = make_agency("SCT-KG", "Sở Công Thương tỉnh Kiên Giang")
    an_giang_old = make_agency("SCT-AG-CU", "Sở Công Thương tỉnh An Giang (cũ)")
    lineage_event_record(
        actor=None,
        kind="merge",
        date=dt.date(2025, 7, 1),
        predecessors=[kien_giang, an_giang_old],
        successors=[own],
    )
    w = World(
        personas=personas,
        kien_giang=kien_giang,
        an_giang_old=an_giang_old,
        hung=make_person("CB-001", "Nguyễn Minh Hùng", kien_giang),
        hung_anh=make_person("CB-002", "Nguyễn Minh Hùng Anh", own),
        tran_hung=make_person("CB-003", "Trần Nguyễn Minh Hùng", own),
        hoang_hung=make_person("CB-004", "Hoàng Nguyễn Minh Hùng", own),
        thi_hung=make_person("CB-005", "Nguyễn Thị Minh Hùng", own),
        le_van_an=make_person("CM-001", "Lê Văn An", other),
        le_an=make_person("CM-002", "Lê An", other),
    )
    import_records(
        [
            award(
                "CB-001",
                "chien_si_thi_dua_co_so",
                2023,
                "1234/QĐ-BCT",
                decision_date=dt.date(2024, 1, 15),
                issuer="Bộ Công Thương",
                note="Hoàn thành xuất sắc nhiệm vụ năm 2023",
            ),
            award(
                "CB-002",
                "bang_khen_bo",
                2024,
                "88/QĐ-BCT",
                decision_date=dt.date(2025, 2, 1),
                issuer="Bộ Công Thương",
                note="Có thành tích xuất sắc trong phong trào thi đua",
            ),
            award(
                "SCT-KG",
                "tap_the_lao_dong_xuat_sac",
                2022,
                "56/QĐ-UBND",
                recipient_type="collective",
                issuer="UBND tỉnh Kiên Giang",
                revoked_by_decision="99/QĐ-UBND",
                revoked_on=dt.date(2023, 5, 1),
            ),
            award(
                "CM-001",
                "lao_dong_tien_tien",
                2023,
                "77/QĐ-SCT",
                issuer="Sở Công Thương tỉnh Cà Mau",
                note="Hoàn thành tốt nhiệm vụ",
            ),
            award(
                "CB-003",
                "chien_si_thi_dua_toan_quoc",
                2021,
                "2000/QĐ-TTg",
                issuer="Thủ tướng Chính phủ",
            ),
            {
                "record_kind": "discipline",
                "recipient_type": "person",
                "recipient_code": "CB-002",
                "discipline_level": "khien_trach",
                "start_date": dt.date(2022, 3, 1),
                "end_date": dt.date(2023, 2, 28),
                "decision_number": "12/QĐ-SCT",
                "issuer": "Sở Công Thương tỉnh Kiên Giang",
            },
        ]
    )
    return w


def text(query: str) -> SearchText:
    parsed = parse_query(query)
    assert parsed is not None
    return parsed


def names(results: Any) -> list[str]:
    return [str(item) for item in results]


def ranks(results: Any) -> list[int]:
    return [item.search_rank for item in results]


def numbers_in_order(results: Any) -> list[str]:
    return [record.decision_number for record in results]


def numbers(results: Any) -> set[str]:
    return {record.decision_number for record in results}


NONE = SearchFilters()


# --- The query ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_an_empty_query_is_no_query(query: str) -> None:
    assert parse_query(query) is None


@pytest.mark.parametrize("query", ["hung", "Hùng", "ab", "12", "x"])
def test_it_refuses_a_query_shorter_than_two_syllables_or_a_number(query: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_query(query)
    assert refused.value.field == "q"
    assert "hai âm tiết" in refused.value.message


def test_it_refuses_a_query_too_long() -> None:
    with pytest.raises(DomainError, match="dài quá"):
        parse_query("nguyen " * 40)


@pytest.mark.parametrize(
    ("query", "folded"),
    [
        ("Nguyễn  Minh", "nguyen minh"),
        ("1234/QĐ-BCT", "1234/qd-bct"),
        ("CB-001", "cb-001"),
        ("lê an", "le an"),
    ],
)
def test_it_accepts_two_syllables_or_a_token_with_a_digit(query: str, folded: str) -> None:
    assert text(query).folded == folded


# --- Matching -------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["nguyen minh hung", "Nguyễn Minh Hùng", "NGUYỄN MINH HÙNG"])
def test_a_folded_or_accented_query_finds_the_accented_name(world: World, query: str) -> None:
    found = search_people(world.personas.ministry_officer, text(query), NONE)
    assert world.hung in found
    assert world.le_van_an not in found


@pytest.mark.parametrize("query", ["kien giang", "Kiên Giang", "cong thuong tinh kien"])
def test_an_agency_is_found_by_its_folded_name(world: World, query: str) -> None:
    found = list(search_agencies(world.personas.ministry_officer, text(query), NONE))
    assert found == [world.kien_giang]


def test_words_are_found_in_any_order(world: World) -> None:
    found = search_people(world.personas.ministry_officer, text("hung nguyen"), NONE)
    assert set(found) == {
        world.hung,
        world.hung_anh,
        world.tran_hung,
        world.hoang_hung,
        world.thi_hung,
    }


def test_short_words_are_found_with_a_long_one(world: World) -> None:
    found = list(search_people(world.personas.ministry_officer, text("le van an"), NONE))
    assert found == [world.le_van_an]


def test_a_word_of_letters_is_found_at_the_beginning_of_a_word_not_inside_one(
    world: World,
) -> None:
    other = world.personas.other
    yen = make_person("CM-010", "Nguyễn Thị Yến", other)
    make_person("CM-011", "Nguyễn Thị Hà", other)  # "yen" is inside "nguyen", no word begins so
    officer = world.personas.ministry_officer
    assert list(search_people(officer, text("thi yen"), NONE)) == [yen]
    assert list(search_people(officer, text("nguyen yen"), NONE)) == [yen]
    # The beginning of a word is enough: a name can be typed in part.
    assert world.hung in search_people(officer, text("nguyen minh hun"), NONE)
    assert not search_people(officer, text("guyen minh"), NONE).exists()


def test_a_word_with_a_sign_or_digit_is_found_anywhere(world: World) -> None:
    officer = world.personas.ministry_officer
    assert "1234/QĐ-BCT" in numbers(search_records(officer, text("qd-bct bo"), NONE))
    assert "1234/QĐ-BCT" in numbers(search_records(officer, text("234/QĐ-BCT"), NONE))


def test_a_query_of_only_short_words_finds_them_as_whole_words(world: World) -> None:
    other = world.personas.other
    le_thi_ha = make_person("CM-003", "Lê Thị Hà", other)
    make_person("CM-004", "Lê Thị Ánh", other)  # "an" is not a word of it
    make_person("CM-005", "Lệ Hằng", other)  # nor "ha"
    officer = world.personas.ministry_officer
    # The name as typed first, then the words apart (in Vietnamese order).
    assert list(search_people(officer, text("le an"), NONE)) == [world.le_an, world.le_van_an]
    assert list(search_people(officer, text("Lê Hà"), NONE)) == [le_thi_ha]
    assert list(search_people(officer, text("ha le"), NONE)) == [le_thi_ha]


def test_a_query_of_one_letter_words_is_found_as_typed(world: World) -> None:
    other = world.personas.other
    ho_y_a = make_person("CM-006", "Hồ Y A", other)
    make_person("CM-007", "Y Văn A", other)
    found = list(search_people(world.personas.ministry_officer, text("y a"), NONE))
    assert found == [ho_y_a]


@pytest.mark.parametrize("query", ["1234/QĐ-BCT", "1234/qd-bct", "1234/QD-BCT"])
def test_a_decision_is_found_by_its_number(world: World, query: str) -> None:
    found = search_records(world.personas.ministry_officer, text(query), NONE)
    assert numbers(found) == {"1234/QĐ-BCT"}


def test_a_number_is_matched_whole_not_by_the_pieces_the_index_looks_up(world: World) -> None:
    # On PostgreSQL the index looks up "2023" and "bct"; the key of 1234/QĐ-BCT holds both
    # (its reason says "năm 2023"), apart, and is not a match.
    assert _index_terms("2023/qd-bct") == ("2023", "bct")
    assert _index_terms("04/qd-x-12-00001-chuyen_de") == ("00001", "chuyen")
    assert _index_terms("01/qd-h-86-03") == ("01/qd-h-86-03",)  # no piece long enough
    assert _index_terms("nguyen") == ("nguyen",)
    officer = world.personas.ministry_officer
    assert numbers(search_records(officer, text("2023/QĐ-BCT"), NONE)) == set()
    assert numbers(search_records(officer, text("1234/qd-bct"), NONE)) == {"1234/QĐ-BCT"}


def test_a_decision_is_found_by_its_reason_and_issuer(world: World) -> None:
    officer = world.personas.ministry_officer
    assert numbers(search_records(officer, text("thành tích xuất sắc"), NONE)) == {"88/QĐ-BCT"}
    assert numbers(search_records(officer, text("ubnd tinh kien giang"), NONE)) == {"56/QĐ-UBND"}


def test_a_person_is_found_by_code(world: World) -> None:
    found = list(search_people(world.personas.ministry_officer, text("cb-001"), NONE))
    assert found == [world.hung]


# --- Ranking and pages ------------------------------------------------------------------------


def test_the_best_match_comes_first_then_vietnamese_name_order(world: World) -> None:
    found = search_people(world.personas.ministry_officer, text("nguyen minh hung"), NONE)
    assert names(found) == [
        "Nguyễn Minh Hùng",  # the name is the query
        "Nguyễn Minh Hùng Anh",  # starts with it
        "Hoàng Nguyễn Minh Hùng",  # a word starts with it: H before T
        "Trần Nguyễn Minh Hùng",
        "Nguyễn Thị Minh Hùng",  # the words apart
    ]
    assert ranks(found) == [0, 1, 2, 2, 4]


def test_a_match_inside_a_word_ranks_after_a_match_at_its_start(world: World) -> None:
    import_records([award("CB-004", "giay_khen", 2024, "34/QĐ-BCT", issuer="Bộ Công Thương")])
    found = search_records(world.personas.ministry_officer, text("34/QĐ-BCT"), NONE)
    assert list(zip(numbers_in_order(found), ranks(found), strict=True)) == [
        ("34/QĐ-BCT", 0),
        ("1234/QĐ-BCT", 3),
    ]


def test_records_of_one_decision_come_in_name_order(world: World) -> None:
    import_records(
        [
            award("CB-003", "giay_khen", 2024, "5/QĐ-SCT", issuer="Sở Công Thương"),
            award("CB-004", "giay_khen", 2024, "5/QĐ-SCT", issuer="Sở Công Thương"),
        ]
    )
    found = search_records(world.personas.ministry_officer, text("5/QĐ-SCT"), NONE)
    assert [str(r.person) for r in found] == ["Hoàng Nguyễn Minh Hùng", "Trần Nguyễn Minh Hùng"]


def test_results_come_in_pages(world: World, client_as: Callable[[Any], Client]) -> None:
    for n in range(55):
        person_create(
            actor=None, values=PersonValues(code=f"PV-{n:02}", full_name=f"Phạm Văn Tùng {n:02}")
        )
    client = client_as(world.personas.ministry_officer)
    first = client.get(URL, {"q": "pham van tung"})
    second = client.get(URL, {"q": "pham van tung", "page": "2"})
    assert first.context["page"].paginator.count == 55
    assert len(first.context["page"].object_list) == 50
    assert [p.code for p in second.context["page"].object_list] == [
        f"PV-{n}" for n in range(50, 55)
    ]
    assert "Trang 1/2" in first.content.decode()


# --- Filters ------------------------------------------------------------------------------------


def records_with(world: World, **filters: Any) -> set[str]:
    return numbers(search_records(world.personas.ministry_officer, None, SearchFilters(**filters)))


def test_it_filters_decisions_by_award(world: World) -> None:
    flag = AwardTitle.objects.get(code="chien_si_thi_dua_co_so")
    assert records_with(world, award=flag) == {"1234/QĐ-BCT"}


def test_it_filters_decisions_by_level(world: World) -> None:
    assert records_with(world, level="national") == {"2000/QĐ-TTg"}
    assert records_with(world, level="unit") == {"1234/QĐ-BCT", "77/QĐ-SCT"}


def test_it_filters_by_years_counting_a_period_in_every_year_it_covers(world: World) -> None:
    assert records_with(world, year_from=2023, year_to=2023) == {
        "1234/QĐ-BCT",
        "77/QĐ-SCT",
        "12/QĐ-SCT",  # a discipline from 01/03/2022 to 28/02/2023
    }
    assert records_with(world, year_from=2024) == {"88/QĐ-BCT"}
    assert records_with(world, year_to=2021) == {"2000/QĐ-TTg"}


def test_it_filters_by_agency_with_its_predecessors(world: World) -> None:
    own = world.personas.own
    assert records_with(world, agency=own) == {
        "1234/QĐ-BCT",  # a person of Kiên Giang, a predecessor
        "56/QĐ-UBND",  # Kiên Giang itself
        "88/QĐ-BCT",
        "2000/QĐ-TTg",
        "12/QĐ-SCT",
    }
    assert records_with(world, agency=world.kien_giang) == {"1234/QĐ-BCT", "56/QĐ-UBND"}
    officer = world.personas.ministry_officer
    people = search_people(officer, text("nguyen minh"), SearchFilters(agency=world.kien_giang))
    assert list(people) == [world.hung]
    agencies = search_agencies(officer, None, SearchFilters(agency=own))
    assert set(agencies) == {own, world.kien_giang, world.an_giang_old}


def test_it_filters_revoked_records(world: World) -> None:
    assert records_with(world, revoked=True) == {"56/QĐ-UBND"}
    assert "56/QĐ-UBND" not in records_with(world, revoked=False)
    assert len(records_with(world, revoked=False)) == 5


def test_record_filters_keep_the_people_and_agencies_with_such_records(world: World) -> None:
    officer = world.personas.ministry_officer
    national = SearchFilters(level="national")
    assert list(search_people(officer, text("nguyen minh hung"), national)) == [world.tran_hung]
    revoked = SearchFilters(revoked=True)
    assert list(search_agencies(officer, text("so cong thuong"), revoked)) == [world.kien_giang]


def test_search_dispatches_on_the_kind(world: World) -> None:
    officer = world.personas.ministry_officer
    query = text("kien giang")
    assert search(officer, SearchKind.AGENCIES, query, NONE).model is Agency
    assert search(officer, SearchKind.DECISIONS, query, NONE).model is CommendationRecord
    assert search(officer, SearchKind.PEOPLE, query, NONE).model is Person


# --- Who sees what ------------------------------------------------------------------------------


def test_the_outsider_finds_none_of_the_others_people_or_records(world: World) -> None:
    outsider = world.personas.outsider  # an officer of Cà Mau
    assert not search_people(outsider, text("nguyen minh hung"), NONE).exists()
    assert not search_records(outsider, text("1234/QĐ-BCT"), NONE).exists()
    assert not search_records(outsider, text("kien giang"), NONE).exists()
    assert list(search_people(outsider, text("le van an"), NONE)) == [world.le_van_an]
    assert numbers(search_records(outsider, None, SearchFilters(year_from=2000))) == {"77/QĐ-SCT"}
    # agencies are reference data, but their history is not
    assert list(search_agencies(outsider, text("kien giang"), NONE)) == [world.kien_giang]
    assert not search_agencies(outsider, None, SearchFilters(revoked=True)).exists()


def test_a_member_officer_sees_the_predecessors_people(world: World) -> None:
    member = world.personas.member_officer  # an officer of the new An Giang
    assert world.hung in search_people(member, text("nguyen minh hung"), NONE)
    assert numbers(search_records(member, text("ubnd kien giang"), NONE)) == {"56/QĐ-UBND"}
    assert not search_people(member, text("le van an"), NONE).exists()


def test_the_ministry_officer_sees_everything(world: World) -> None:
    officer = world.personas.ministry_officer
    assert search_records(officer, None, SearchFilters(year_from=2000, year_to=2100)).count() == 6
    assert search_people(officer, text("le van an"), NONE).exists()


def test_anonymous_finds_nothing(world: World) -> None:
    anonymous = world.personas.anonymous
    assert not search_people(anonymous, text("nguyen minh hung"), NONE).exists()
    assert not search_agencies(anonymous, text("kien giang"), NONE).exists()
    assert not search_records(anonymous, text("1234/QĐ-BCT"), NONE).exists()


def test_the_history_link_rule_is_the_permission_rule(world: World) -> None:
    agencies = list(Agency.objects.all())
    for user in world.personas.all_named().values():
        expected = {a.pk for a in agencies if can_view_agency_history(user, a)}
        assert agencies_with_visible_history(user, agencies) == expected


# --- The page -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(
    client_as: Callable[[Any], Client], personas: Personas
) -> None:
    response = client_as(personas.anonymous).get(URL, {"q": "nguyen minh"})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "dang-nhap" in response["Location"]


def test_the_page_shows_the_form_without_a_query(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    response = client_as(world.personas.member_officer).get(URL)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert 'name="q"' in response.content.decode()


def test_a_too_short_query_gets_a_clear_message(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    response = client_as(world.personas.member_officer).get(URL, {"q": "hùng"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Từ khóa quá ngắn" in response.content.decode()
    partial = client_as(world.personas.member_officer).get(
        URL, {"q": "hu"}, headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200  # htmx swaps only successful responses
    assert "Từ khóa quá ngắn" in partial.content.decode()


def test_a_bad_filter_gets_a_message(world: World, client_as: Callable[[Any], Client]) -> None:
    client = client_as(world.personas.member_officer)
    unknown = client.get(URL, {"q": "nguyen minh", "agency": "KHONG-CO"})
    assert unknown.context["page"] is None
    assert "Không tìm thấy đơn vị mã “KHONG-CO”" in unknown.content.decode()
    backwards = client.get(URL, {"year_from": 2024, "year_to": 2020})
    assert "Năm kết thúc không được trước năm bắt đầu" in backwards.content.decode()


def test_the_page_lists_people_with_links_to_their_history(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    response = client_as(world.personas.member_officer).get(URL, {"q": "nguyen minh hung"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Nguyễn Minh Hùng<") < page.index("Nguyễn Minh Hùng Anh<")
    assert "/khen-thuong/" in page
    assert "CB-001" in page


def test_the_page_lists_decisions_and_agencies(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    client = client_as(world.personas.member_officer)
    decisions = client.get(URL, {"q": "1234/QĐ-BCT", "kind": "decisions"}).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in decisions
    assert "Nguyễn Minh Hùng" in decisions
    revoked = client.get(URL, {"kind": "decisions", "revoked": "yes"}).content.decode()
    assert "99/QĐ-UBND" in revoked
    agencies = client.get(URL, {"q": "kien giang", "kind": "agencies"})
    assert agencies.context["history_ids"] == {world.kien_giang.pk}


def test_the_outsider_page_shows_nothing_of_others(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    client = client_as(world.personas.outsider)
    response = client.get(URL, {"q": "nguyen minh hung"})
    assert response.context["page"].paginator.count == 0
    assert "Nguyễn Minh Hùng" not in response.content.decode()
    agencies = client.get(URL, {"q": "kien giang", "kind": "agencies"})
    assert agencies.context["history_ids"] == set()
    assert "/don-vi/" in agencies.content.decode() or "SCT-KG" in agencies.content.decode()


def test_an_htmx_request_gets_only_the_results(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    response = client_as(world.personas.member_officer).get(
        URL, {"q": "nguyen minh hung"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<form" not in body


def test_the_menu_links_to_the_search_for_signed_in_users(
    personas: Personas, client_as: Callable[[Any], Client]
) -> None:
    assert URL in client_as(personas.viewer).get("/").content.decode()
    assert URL not in client_as(personas.anonymous).get("/").content.decode()


# --- Export -------------------------------------------------------------------------------------


def sheet_rows(body: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_decisions_export_as_a_spreadsheet(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    response = client_as(world.personas.member_officer).get(
        URL, {"q": "bo cong thuong", "kind": "decisions", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    header, *rows = sheet_rows(response.content)
    assert header[:4] == ("Loại hồ sơ", "Đối tượng", "Mã đối tượng", "Tên cá nhân, tập thể")
    assert "Số quyết định" in header
    assert "Quyết định thu hồi, hủy bỏ" in header
    number = header.index("Số quyết định")
    assert sorted(row[number] for row in rows) == ["1234/QĐ-BCT", "88/QĐ-BCT"]
    first = next(dict(zip(header, r, strict=True)) for r in rows if r[number] == "1234/QĐ-BCT")
    assert first["Tên cá nhân, tập thể"] == "Nguyễn Minh Hùng"
    assert first["Danh hiệu, hình thức, xếp loại"] == "Chiến sĩ thi đua cơ sở"
    assert first["Năm"] == 2023
    assert first["Ngày quyết định"] == dt.datetime(2024, 1, 15)
    assert first["Loại hình khen thưởng"] == "Khen thưởng theo công trạng"


def test_people_and_agencies_export_as_spreadsheets(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    client = client_as(world.personas.ministry_officer)
    people = client.get(URL, {"q": "nguyen minh hung", "format": "xlsx"})
    header, *rows = sheet_rows(people.content)
    assert header == ("Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh")
    assert [row[1] for row in rows][:2] == ["Nguyễn Minh Hùng", "Nguyễn Minh Hùng Anh"]
    agencies = client.get(URL, {"q": "kien giang", "kind": "agencies", "format": "xlsx"})
    header, *rows = sheet_rows(agencies.content)
    assert header[:2] == ("Mã đơn vị", "Tên đơn vị")
    assert len(rows) == 1
    assert rows[0][:3] == ("SCT-KG", "Sở Công Thương tỉnh Kiên Giang", None)
    assert rows[0][3] == AgencyKind.PROVINCIAL_DEPARTMENT.label


def test_the_outsider_export_holds_only_what_they_see(
    world: World, client_as: Callable[[Any], Client]
) -> None:
    response = client_as(world.personas.outsider).get(
        URL, {"kind": "decisions", "year_from": "2000", "format": "xlsx"}
    )
    _header, *rows = sheet_rows(response.content)
    assert [row[3] for row in rows] == ["Lê Văn An"]


def test_a_result_too_large_to_export_is_refused_with_a_message(
    world: World, client_as: Callable[[Any], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_views, "EXPORT_LIMIT", 1)
    client = client_as(world.personas.ministry_officer)
    response = client.get(URL, {"q": "nguyen minh hung", "format": "xlsx"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{URL}?q=nguyen+minh+hung"
    assert "quá lớn để xuất" in response.content.decode()


def test_a_revoked_record_exports_its_revocation(world: World) -> None:
    header, *rows = sheet_rows(
        records_workbook(CommendationRecord.objects.filter(revoked_on__isnull=False))
    )
    row = dict(zip(header, rows[0], strict=True))
    assert row["Đối tượng"] == "Tập thể"
    assert row["Mã đối tượng"] == "SCT-KG"
    assert row["Quyết định thu hồi, hủy bỏ"] == "99/QĐ-UBND"
    assert row["Ngày thu hồi, hủy bỏ"] == dt.datetime(2023, 5, 1)


def test_a_discipline_exports_its_period(world: World) -> None:
    header, *rows = sheet_rows(records_workbook([world.record("12/QĐ-SCT")]))
    row = dict(zip(header, rows[0], strict=True))
    assert row["Loại hồ sơ"] == "Kỷ luật"
    assert row["Từ ngày"] == dt.datetime(2022, 3, 1)
    assert row["Loại hình khen thưởng"] is None


# --- The indexes --------------------------------------------------------------------------------


def plan(queryset: Any) -> str:
    return str(queryset.explain())


@sqlite_only
@pytest.mark.parametrize(
    ("kind", "query", "fts", "base"),
    [
        (SearchKind.PEOPLE, "nguyen minh hung", "awards_person_fts", "organizations_person"),
        (SearchKind.PEOPLE, "le ha", "awards_person_fts", "organizations_person"),
        (SearchKind.AGENCIES, "kien giang", "awards_agency_fts", "organizations_agency"),
        (SearchKind.DECISIONS, "1234/QĐ-BCT", "awards_record_fts", "awards_commendationrecord"),
    ],
)
def test_on_sqlite_the_fts_index_serves_the_search(
    world: World, kind: str, query: str, fts: str, base: str
) -> None:
    explained = plan(search(world.personas.ministry_officer, kind, text(query), NONE))
    assert f"SCAN {fts} VIRTUAL TABLE" in explained
    assert f"SCAN {base}" not in explained
    assert f"SEARCH {base} USING INTEGER PRIMARY KEY" in explained


@postgres_only
@pytest.mark.parametrize(
    ("kind", "query", "index"),
    [
        (SearchKind.PEOPLE, "nguyen minh hung", "organizations_person_search_trgm"),
        (SearchKind.PEOPLE, "le ha", "organizations_person_search_trgm"),  # whole words
        (SearchKind.AGENCIES, "kien giang", "organizations_agency_search_trgm"),
        (SearchKind.DECISIONS, "1234/QĐ-BCT", "awards_rec_search_trgm"),
    ],
)
def test_on_postgresql_the_trigram_index_serves_the_search(
    world: World, kind: str, query: str, index: str
) -> None:
    # A few rows and a GIN index never vacuumed (its statistics empty) make the planner's
    # estimates meaningless; with plain scans off, only an index whose condition is the search
    # (a bitmap scan) is left, and the plan names it.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    explained = plan(search(world.personas.ministry_officer, kind, text(query), NONE))
    assert index in explained


@sqlite_only
def test_on_sqlite_triggers_keep_the_fts_index_in_step(world: World) -> None:
    officer = world.personas.ministry_officer
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    for fts in migration.FTS_TABLES:
        assert {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"} <= triggers
    agency_update(
        actor=None,
        agency=world.kien_giang,
        values=AgencyValues(
            code="SCT-KG",
            name="Sở Công Thương tỉnh Rạch Giá",
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=dt.date(2025, 6, 30),
        ),
    )
    assert not search_agencies(officer, text("kien giang"), NONE).exists()
    assert list(search_agencies(officer, text("rach gia"), NONE)) == [world.kien_giang]
    world.le_an.delete()
    assert list(search_people(officer, text("le an"), NONE)) == [world.le_van_an]
    with connection.cursor() as cursor:
        for fts in migration.FTS_TABLES:
            cursor.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")


class _Editor:
    """What the migration's functions use of a schema editor."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_drops_and_recreates_the_indexes(world: World) -> None:
    officer = world.personas.ministry_officer
    migration.drop_indexes(django_apps, _Editor())
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'awards_%_fts%'")
            assert cursor.fetchall() == []
    migration.create_indexes(django_apps, _Editor())
    assert list(search_people(officer, text("le van an"), NONE)) == [world.le_van_an]


def test_the_migration_backfills_missing_record_keys(world: World) -> None:
    CommendationRecord.objects.update(search_key="")
    migration.backfill_record_keys(django_apps, _Editor())
    record = world.record("1234/QĐ-BCT")
    assert record.search_key == CommendationRecord.make_search_key(
        record.decision_number, record.issuer, record.note
    )
    assert not CommendationRecord.objects.filter(search_key="").exists()


@pytest.mark.parametrize("sample", ["Sở Công Thương tỉnh Kiên Giang", "ĐẶNG  Đình Ðức", "Æøå ǅ"])
def test_the_migration_folds_like_the_app(sample: str) -> None:
    assert migration._fold(sample) == fold(sample)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 triggers exist on SQLite only")
def test_lost_sqlite_triggers_are_restored_after_migrating(db: None) -> None:
    from thidua.awards.apps import restore_sqlite_search_triggers

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER awards_person_fts_ai")
    restore_sqlite_search_triggers()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'awards_person_fts_ai'")
        assert cursor.fetchall() == [("awards_person_fts_ai",)]
