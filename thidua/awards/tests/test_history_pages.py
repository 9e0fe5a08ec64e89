"""The timelines of a person's and an agency's commendation history, for every persona.

The world: `own` (the personas' agency) was formed on 01/07/2025 by merging Kiên Giang's
department and the old An Giang department, which had itself been renamed from the Department of
Trade in 2020. Ngọc worked in Kiên Giang, then in `own`; Khải works in `other`. Records are
written by the history import, as a real office would.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.models import AwardTitle, CommendationRecord
from thidua.awards.services import IMPORT_COLUMNS, record_import
from thidua.core.testing import Personas
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    lineage_event_record,
    person_create,
    position_add,
)

pytestmark = pytest.mark.django_db

ClientAs = Callable[[Any], Client]
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
]
# Who may read the history of `own`, of its predecessors and of the people who worked there.
ALLOWED_IN_OWN = {"member_officer", "agency_leader", "ministry_officer", "system_admin"}
MERGER = dt.date(2025, 7, 1)
RENAME = dt.date(2020, 1, 1)
Cell = str | int | dt.date | None


def import_rows(rows: Sequence[Mapping[str, Cell]]) -> None:
    """Write ``rows`` through the history import (an in-memory CSV with every column)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(IMPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else ("" if v is None else v)
                for v in (row.get(c) for c in IMPORT_COLUMNS)
            ]
        )
    record_import(
        actor=None, stream=io.BytesIO(text.getvalue().encode("utf-8")), filename="lich-su.csv"
    )


def make_agency(code: str, name: str) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def make_person(code: str, name: str, *stints: tuple[Agency, dt.date, dt.date | None]) -> Person:
    person = person_create(actor=None, values=PersonValues(code=code, full_name=name))
    for agency, start, end in stints:
        position_add(
            actor=None,
            person=person,
            agency=agency,
            title="Chuyên viên",
            from_date=start,
            to_date=end,
        )
    return person


def award(recipient: str, value: str, year: int, number: str, **more: Cell) -> dict[str, Cell]:
    """An award row (a person's when the code starts with ``CB-``), decided on 15/01 of Y+1."""
    return {
        "record_kind": "award",
        "recipient_type": "person" if recipient.startswith("CB-") else "collective",
        "recipient_code": recipient,
        "award": value,
        "year": year,
        "decision_number": number,
        "decision_date": dt.date(year + 1, 1, 15),
        **more,
    }


@dataclass
class World:
    personas: Personas
    older: Agency  # the Department of Trade, renamed into `ag_old` in 2020
    ag_old: Agency  # merged into `own`
    kien_giang: Agency  # merged into `own`
    ngoc: Person  # Kiên Giang, then `own`
    khai: Person  # `other`


def build_world(personas: Personas) -> World:
    """The world of the module docstring, with its records."""
    older = make_agency("P-STM-AG", "Sở Thương mại tỉnh An Giang")
    ag_old = make_agency("P-SCT-AG-CU", "Sở Công Thương tỉnh An Giang (trước sáp nhập)")
    kien_giang = make_agency("P-SCT-KG", "Sở Công Thương tỉnh Kiên Giang")
    lineage_event_record(
        actor=None, kind="rename", date=RENAME, predecessors=[older], successors=[ag_old]
    )
    lineage_event_record(
        actor=None,
        kind="merge",
        date=MERGER,
        predecessors=[ag_old, kien_giang],
        successors=[personas.own],
        decision_number="202/2025/QH15",
    )
    ngoc = make_person(
        "CB-NGOC",
        "Trần Thị Bảo Ngọc",
        (kien_giang, dt.date(2018, 1, 1), dt.date(2025, 6, 30)),
        (personas.own, MERGER, None),
    )
    khai = make_person("CB-KHAI", "Lê Văn Khải", (personas.other, MERGER, None))
    own = personas.own.code
    import_rows(
        [
            award(own, "tap_the_lao_dong_xuat_sac", 2025, "10/QĐ-UBND", issuer="UBND tỉnh"),
            {"record_kind": "blocker", "recipient_type": "collective", "recipient_code": own,
             "start_date": dt.date(2025, 9, 1), "note": "Đang thanh tra chuyên đề"},
            award("P-SCT-AG-CU", "co_thi_dua_bo", 2024, "5/QĐ-BCT"),
            award("P-SCT-AG-CU", "bang_khen_bo", 2023, "3/QĐ-BCT",
                  revoked_by_decision="40/QĐ-BCT", revoked_on=dt.date(2025, 3, 1)),
            award("P-SCT-KG", "tap_the_lao_dong_tien_tien", 2024, "7/QĐ-SCT-KG"),
            {"record_kind": "rating", "recipient_type": "collective", "recipient_code": "P-STM-AG",
             "rating": "httnv", "year": 2019},
            award("P-STM-AG", "giay_khen", 2019, "2/QĐ-STM"),
            {"record_kind": "discipline", "recipient_type": "person", "recipient_code": "CB-NGOC",
             "discipline_level": "khien_trach", "start_date": dt.date(2022, 3, 1),
             "end_date": dt.date(2022, 12, 31), "decision_number": "9/QĐ-KL"},
            award("CB-NGOC", "lao_dong_tien_tien", 2023, "1/QĐ-SCT",
                  revoked_by_decision="22/QĐ-SCT", revoked_on=dt.date(2024, 5, 1)),
            {"record_kind": "rating", "recipient_type": "person", "recipient_code": "CB-NGOC",
             "rating": "htxsnv", "year": 2024},
            award("CB-NGOC", "lao_dong_tien_tien", 2024, "11/QĐ-SCT"),
            {"record_kind": "initiative", "recipient_type": "person", "recipient_code": "CB-NGOC",
             "scope": "co_so", "year": 2024, "decision_number": "12/QĐ-HĐSK"},
            award("CB-NGOC", "chien_si_thi_dua_co_so", 2024, "15/QĐ-SCT"),
            {"record_kind": "rating", "recipient_type": "person", "recipient_code": "CB-KHAI",
             "rating": "httnv", "year": 2024},
        ]
    )  # fmt: skip
    return World(personas, older, ag_old, kien_giang, ngoc, khai)


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def record_items(html: str) -> list[str]:
    """The ``<li>`` of each record on a timeline, in page order."""
    return re.findall(r'<li class="record [^"]*">.*?</li>', html, re.S)


def item_with(html: str, text: str) -> str:
    found = [item for item in record_items(html) if text in item]
    assert len(found) == 1, (text, found)
    return found[0]


def years_on(html: str) -> list[str]:
    return re.findall(r"<time[^>]*>Năm (\d{4})</time>", html)


def person_url(person: Person) -> str:
    return reverse("awards:person_history", kwargs={"code": person.code})


def agency_url(agency: Agency) -> str:
    return reverse("awards:agency_history", kwargs={"code": agency.code})


# --- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_a_persons_timeline_is_shown_only_to_those_who_may_read_it(
    world: World, client_as: ClientAs, who: str
) -> None:
    response = client_as(getattr(world.personas, who)).get(person_url(world.ngoc))

    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif who in ALLOWED_IN_OWN:
        assert response.status_code == 200
        assert "Trần Thị Bảo Ngọc" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("which", ["own", "ag_old", "kien_giang", "older"])
def test_an_agencys_timeline_is_shown_only_to_those_who_may_read_it(
    world: World, client_as: ClientAs, who: str, which: str
) -> None:
    agency = world.personas.own if which == "own" else getattr(world, which)

    response = client_as(getattr(world.personas, who)).get(agency_url(agency))

    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif who in ALLOWED_IN_OWN:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_the_outsider_reads_the_history_of_their_own_agency_and_its_people(
    world: World, client_as: ClientAs
) -> None:
    client = client_as(world.personas.outsider)

    assert client.get(agency_url(world.personas.other)).status_code == 200
    page = client.get(person_url(world.khai))
    assert page.status_code == 200
    assert "Hoàn thành tốt nhiệm vụ" in page.content.decode()
    assert client.get(agency_url(world.personas.own)).status_code == 404


def test_an_unknown_code_is_a_404(world: World, client_as: ClientAs) -> None:
    client = client_as(world.personas.system_admin)

    assert client.get(reverse("awards:person_history", kwargs={"code": "CB-X"})).status_code == 404
    assert client.get(reverse("awards:agency_history", kwargs={"code": "X"})).status_code == 404


def test_the_detail_pages_link_to_the_timelines(world: World, client_as: ClientAs) -> None:
    client = client_as(world.personas.member_officer)

    person_page = client.get(reverse("organizations:person_detail", args=[world.ngoc.code]))
    agency_page = client.get(reverse("organizations:agency_detail", args=[world.personas.own.code]))

    assert f'href="{person_url(world.ngoc)}"' in person_page.content.decode()
    assert f'href="{agency_url(world.personas.own)}"' in agency_page.content.decode()
    assert "Quá trình khen thưởng" in agency_page.content.decode()


def test_an_agency_page_offers_no_timeline_link_to_who_may_not_read_it(
    world: World, client_as: ClientAs
) -> None:
    page = client_as(world.personas.outsider).get(
        reverse("organizations:agency_detail", args=[world.personas.own.code])
    )

    assert page.status_code == 200
    assert agency_url(world.personas.own) not in page.content.decode()


# --- a person's timeline ------------------------------------------------------------------------


def test_a_persons_timeline_groups_every_kind_by_year_with_periods_and_positions(
    world: World, client_as: ClientAs
) -> None:
    html = client_as(world.personas.member_officer).get(person_url(world.ngoc)).content.decode()

    assert years_on(html) == ["2022", "2023", "2024"]
    discipline = item_with(html, "9/QĐ-KL")
    assert "Kỷ luật: Khiển trách" in discipline
    assert "từ 01/03/2022 đến 31/12/2022" in discipline
    in_2024 = html.split("Năm 2024")[1]
    assert "Chiến sĩ thi đua cơ sở" in in_2024
    assert "Hoàn thành xuất sắc nhiệm vụ" in in_2024
    assert "Sáng kiến Cấp cơ sở" in in_2024
    award_2024 = item_with(html, "15/QĐ-SCT")
    assert "ngày 15/01/2025" in award_2024
    # Positions across agencies: the person's records follow them.
    assert "Sở Công Thương tỉnh Kiên Giang" in html
    assert "01/01/2018 – 30/06/2025" in html
    assert world.personas.own.name in html


def test_within_a_year_awards_come_before_ratings_and_initiatives(
    world: World, client_as: ClientAs
) -> None:
    html = client_as(world.personas.member_officer).get(person_url(world.ngoc)).content.decode()

    kinds = [
        re.search(r'class="record record-(\w+)', item).group(1)  # type: ignore[union-attr]
        for item in record_items(html.split("Năm 2024")[1])
    ]
    assert kinds == ["award", "award", "rating", "initiative"]


def test_a_revoked_record_is_struck_and_shows_both_decisions(
    world: World, client_as: ClientAs
) -> None:
    html = client_as(world.personas.member_officer).get(person_url(world.ngoc)).content.decode()

    revoked = item_with(html, "số 1/QĐ-SCT")
    assert "revoked" in revoked.split(">")[0]
    assert "<del>Lao động tiên tiến</del>" in revoked
    assert "Quyết định số 1/QĐ-SCT ngày 15/01/2024" in revoked
    assert "Đã thu hồi, hủy bỏ theo quyết định số 22/QĐ-SCT ngày 01/05/2024" in revoked
    in_force = item_with(html, "11/QĐ-SCT")
    assert "<del>" not in in_force
    assert "thu hồi" not in in_force


def test_a_persons_timeline_offers_the_eligibility_form_for_person_titles(
    world: World, client_as: ClientAs
) -> None:
    html = client_as(world.personas.member_officer).get(person_url(world.ngoc)).content.decode()

    form = re.search(r"<form[^>]*eligibility-form.*?</form>", html, re.S)
    assert form is not None
    assert f'action="{reverse("awards:eligibility")}"' in form.group(0)
    assert 'method="get"' in form.group(0)
    assert 'name="recipient" value="CB-NGOC"' in form.group(0)
    assert 'name="recipient_type" value="person"' in form.group(0)
    assert 'name="year"' in form.group(0)
    offered = set(re.findall(r'<option value="(\w+)"', form.group(0)))
    assert offered == set(
        AwardTitle.objects.filter(recipients__in=["person", "both"]).values_list("code", flat=True)
    )
    assert "tap_the_lao_dong_xuat_sac" not in offered


def test_the_stored_verdicts_are_listed_with_flagged_ones_and_their_reason(
    world: World, client_as: ClientAs
) -> None:
    from thidua.awards.services import eligibility_check_save, record_revoke

    title = AwardTitle.objects.get(code="chien_si_thi_dua_co_so")
    kept = eligibility_check_save(
        actor=None, recipient=world.ngoc, award=title, year=2024, as_of=dt.date(2025, 2, 1)
    )
    used = CommendationRecord.objects.get(decision_number="11/QĐ-SCT")
    record_revoke(actor=None, record=used, decision_number="50/QĐ-SCT", revoked_on=None)
    kept.refresh_from_db()
    assert kept.flagged_at is not None  # the revocation flagged the stored verdict

    html = client_as(world.personas.member_officer).get(person_url(world.ngoc)).content.decode()

    rows = re.findall(r'<tr class="check[^"]*">.*?</tr>', html, re.S)
    assert len(rows) == 1
    assert 'class="check flagged"' in rows[0]
    assert "Chiến sĩ thi đua cơ sở" in rows[0]
    assert "Cần xem lại" in rows[0]
    assert "50/QĐ-SCT" in rows[0]  # the flag's reason names the revoking decision


# --- an agency's timeline -----------------------------------------------------------------------


def test_an_agencys_timeline_holds_its_own_and_its_merged_predecessors_records(
    world: World, client_as: ClientAs
) -> None:
    html = (
        client_as(world.personas.member_officer)
        .get(agency_url(world.personas.own))
        .content.decode()
    )

    assert years_on(html) == ["2019", "2023", "2024", "2025"]
    own = item_with(html, "10/QĐ-UBND")
    assert "Tập thể lao động xuất sắc" in own
    assert "inherited" not in own
    assert "Kế thừa" not in own
    flag = item_with(html, "5/QĐ-BCT")
    assert "inherited" in flag.split(">")[0]
    assert "Kế thừa từ đơn vị trước:" in flag
    assert world.ag_old.name in flag
    assert "(hợp nhất, sáp nhập ngày 01/07/2025)" in flag
    kg = item_with(html, "7/QĐ-SCT-KG")
    assert world.kien_giang.name in kg
    # Two generations back (renamed, then merged): inherited from the old code itself.
    older = item_with(html, "2/QĐ-STM")
    assert "Kế thừa từ đơn vị trước:" in older
    assert world.older.name in older
    assert "(hợp nhất, sáp nhập ngày 01/07/2025)" in older  # the merger that brought it in
    blocker = item_with(html, "Đang thanh tra chuyên đề")
    assert "từ 01/09/2025 đến nay" in blocker
    earlier = html.split('id="earlier-heading"')[1].split("</section>")[0]
    for agency in (world.ag_old, world.kien_giang, world.older):
        assert agency.code in earlier


def test_an_agencys_timeline_shows_a_revoked_inherited_record_struck_with_both_decisions(
    world: World, client_as: ClientAs
) -> None:
    html = (
        client_as(world.personas.ministry_officer)
        .get(agency_url(world.personas.own))
        .content.decode()
    )

    revoked = item_with(html, "3/QĐ-BCT")
    assert "<del>Bằng khen của bộ, ban, ngành, tỉnh</del>" in revoked
    assert "Đã thu hồi, hủy bỏ theo quyết định số 40/QĐ-BCT ngày 01/03/2025" in revoked
    assert world.ag_old.name in revoked


def test_a_renamed_agencys_earlier_code_records_are_its_own(
    world: World, client_as: ClientAs
) -> None:
    html = client_as(world.personas.member_officer).get(agency_url(world.ag_old)).content.decode()

    old_name = item_with(html, "2/QĐ-STM")
    assert "inherited" not in old_name.split(">")[0]
    assert "Kế thừa" not in old_name
    assert "Ghi theo mã, tên cũ của đơn vị:" in old_name
    assert world.older.code in old_name
    assert "10/QĐ-UBND" not in html  # a successor's records are not a predecessor's
    assert "7/QĐ-SCT-KG" not in html  # nor a sibling's


def test_an_earlier_code_points_to_the_agencys_later_code(
    world: World, client_as: ClientAs
) -> None:
    html = client_as(world.personas.member_officer).get(agency_url(world.older)).content.decode()

    assert "quá trình khen thưởng tiếp tục tại" in html
    assert f'href="{agency_url(world.ag_old)}"' in html
    assert years_on(html) == ["2019"]


def test_an_agency_timeline_offers_the_eligibility_form_for_collectives(
    world: World, client_as: ClientAs
) -> None:
    html = (
        client_as(world.personas.agency_leader).get(agency_url(world.personas.own)).content.decode()
    )

    assert 'name="recipient" value="P-SCT-AG"' in html
    assert 'name="recipient_type" value="collective"' in html
    assert '<option value="tap_the_lao_dong_xuat_sac">' in html
    assert '<option value="lao_dong_tien_tien">' not in html


def test_an_agency_without_records_says_so(world: World, client_as: ClientAs) -> None:
    html = (
        client_as(world.personas.viewer).get(agency_url(world.personas.ministry)).content.decode()
    )

    assert "Chưa có hồ sơ khen thưởng, kỷ luật." in html
    assert "?format=xlsx" not in html


# --- the .xlsx export ---------------------------------------------------------------------------


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_a_persons_timeline_downloads_as_xlsx_in_timeline_order(
    world: World, client_as: ClientAs
) -> None:
    response = client_as(world.personas.agency_leader).get(
        person_url(world.ngoc), {"format": "xlsx"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "qua-trinh-khen-thuong-CB-NGOC.xlsx" in response["Content-Disposition"]
    header, *rows = sheet_rows(response.content)
    assert "Số quyết định" in header
    assert len(rows) == CommendationRecord.objects.filter(person=world.ngoc).count() == 6
    number = header.index("Số quyết định")
    assert [row[number] for row in rows] == [
        "9/QĐ-KL",
        "1/QĐ-SCT",
        "11/QĐ-SCT",
        "15/QĐ-SCT",
        None,  # the 2024 rating has no decision
        "12/QĐ-HĐSK",
    ]
    revoked = rows[1]
    assert "22/QĐ-SCT" in revoked
    assert dt.datetime(2024, 5, 1) in revoked
    assert all("CB-NGOC" in row for row in rows)


def test_an_agencys_timeline_downloads_with_its_predecessors_records(
    world: World, client_as: ClientAs
) -> None:
    response = client_as(world.personas.ministry_officer).get(
        agency_url(world.personas.own), {"format": "xlsx"}
    )

    assert response.status_code == 200
    header, *rows = sheet_rows(response.content)
    code = header.index("Mã đối tượng")
    assert len(rows) == 7
    assert {row[code] for row in rows} == {"P-SCT-AG", "P-SCT-AG-CU", "P-SCT-KG", "P-STM-AG"}


@pytest.mark.parametrize("who", ["anonymous", "outsider", "viewer"])
def test_the_export_is_refused_like_the_page(world: World, client_as: ClientAs, who: str) -> None:
    client = client_as(getattr(world.personas, who))

    person = client.get(person_url(world.ngoc), {"format": "xlsx"})
    agency = client.get(agency_url(world.personas.own), {"format": "xlsx"})

    expected = 302 if who == "anonymous" else 404
    assert (person.status_code, agency.status_code) == (expected, expected)


# --- cost ---------------------------------------------------------------------------------------


def test_a_long_timeline_costs_a_fixed_number_of_queries(
    world: World, client_as: ClientAs, django_assert_max_num_queries: Any
) -> None:
    client = client_as(world.personas.member_officer)
    pages = [
        person_url(world.ngoc),
        agency_url(world.personas.own),
        agency_url(world.personas.own) + "?format=xlsx",
    ]
    few = []
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        few.append(len(captured))
    rows: list[dict[str, Cell]] = []
    for year in range(1990, 2025):
        for n in range(4):
            rows.append(award("CB-NGOC", "giay_khen", year, f"{n}/GK-{year}"))
            rows.append(award("P-SCT-KG", "giay_khen", year, f"{n}/GK-KG-{year}"))
            rows.append(award("P-STM-AG", "giay_khen", year, f"{n}/GK-TM-{year}"))
    import_rows(rows)

    responses = []
    for url, before in zip(pages, few, strict=True):
        # As many queries for 140 or 280 more records as before them, and few in all.
        with django_assert_max_num_queries(min(before, 24)):
            responses.append(client.get(url))
    person, agency, export = responses

    assert len(record_items(person.content.decode())) == 6 + 140
    assert len(record_items(agency.content.decode())) == 7 + 280
    assert len(sheet_rows(export.content)) == 1 + 7 + 280
