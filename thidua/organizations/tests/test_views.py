"""Pages of agencies and people, for every persona (DESIGN.md §4.4, §4.10)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.audit.models import AuditEvent
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
MANAGERS = {"ministry_officer", "system_admin"}
# Who may see the people and the history of `own` (and of its predecessors).
ALLOWED_IN_OWN = {"member_officer", "agency_leader", *MANAGERS}

CURRENT_NAME = "Trần Thị Bảo Ngọc"
FORMER_NAME = "Lê Văn Khải"


@dataclass
class World:
    """Personas around `own`, which Kiên Giang and the old An Giang merged into on 01/07/2025."""

    personas: Personas
    kien_giang: Agency
    old_an_giang: Agency
    current: Person  # works in `own` now
    former: Person  # worked in Kiên Giang before the merger


def _agency(code: str, name: str, kind: str = "provincial_department", **dates: Any) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind=kind,
            province=None,
            parent=None,
            valid_from=dates.get("valid_from"),
            valid_to=dates.get("valid_to"),
        ),
    )


@pytest.fixture
def world(personas: Personas) -> World:
    kien_giang = _agency("P-SCT-KG", "Sở Công Thương tỉnh Kiên Giang")
    old_an_giang = _agency("P-SCT-AG-CU", "Sở Công Thương tỉnh An Giang (trước sáp nhập)")
    lineage_event_record(
        actor=None,
        kind="merge",
        date=dt.date(2025, 7, 1),
        predecessors=[old_an_giang, kien_giang],
        successors=[personas.own],
        decision_number="1654/NQ-UBTVQH15",
    )
    current = person_create(actor=None, values=PersonValues(code="CN-001", full_name=CURRENT_NAME))
    position_add(
        actor=None,
        person=current,
        agency=personas.own,
        title="Chuyên viên",
        from_date=dt.date(2025, 7, 1),
    )
    former = person_create(actor=None, values=PersonValues(code="CN-002", full_name=FORMER_NAME))
    position_add(
        actor=None,
        person=former,
        agency=kien_giang,
        title="Phó Giám đốc",
        from_date=dt.date(2020, 1, 1),
        to_date=dt.date(2025, 6, 30),
    )
    kien_giang.refresh_from_db()
    return World(personas, kien_giang, old_an_giang, current, former)


def _get(client_as: ClientAs, world: World, persona: str, url: str, **headers: str) -> Any:
    return client_as(getattr(world.personas, persona)).get(url, headers=headers)


def _counts() -> tuple[int, int, int]:
    return Agency.objects.count(), Person.objects.count(), AuditEvent.objects.count()


# --- The permission matrix: one line per page --------------------------------------------------

ANON = {"anonymous": 302}  # sent to log in
EVERY_SIGNED_IN = dict.fromkeys(PERSONAS, 200) | ANON
SECTOR_MANAGERS = dict.fromkeys(PERSONAS, 403) | dict.fromkeys(MANAGERS, 200) | ANON
PEOPLE_OF_OWN = dict.fromkeys(PERSONAS, 404) | dict.fromkeys(ALLOWED_IN_OWN, 200) | ANON
NOBODY = dict.fromkeys(PERSONAS, 404) | ANON
HTMX = {"HX-Request": "true"}

PAGES: dict[str, tuple[Callable[[World], str], dict[str, str], dict[str, int]]] = {
    "agency list": (lambda w: reverse("organizations:agency_list"), {}, EVERY_SIGNED_IN),
    "agency list results (htmx)": (
        lambda w: reverse("organizations:agency_list") + "?q=an+giang",
        HTMX,
        EVERY_SIGNED_IN,
    ),
    "agency page": (
        lambda w: reverse("organizations:agency_detail", args=[w.personas.own.code]),
        {},
        EVERY_SIGNED_IN,
    ),
    "merged agency page": (
        lambda w: reverse("organizations:agency_detail", args=[w.kien_giang.code]),
        {},
        EVERY_SIGNED_IN,
    ),
    "unknown agency page": (
        lambda w: reverse("organizations:agency_detail", args=["KHONG-CO"]),
        {},
        NOBODY,
    ),
    "agency create form": (lambda w: reverse("organizations:agency_create"), {}, SECTOR_MANAGERS),
    "agency edit form": (
        lambda w: reverse("organizations:agency_edit", args=[w.personas.own.code]),
        {},
        SECTOR_MANAGERS,
    ),
    "import page": (lambda w: reverse("organizations:import"), {}, SECTOR_MANAGERS),
    "person list": (lambda w: reverse("organizations:person_list"), {}, EVERY_SIGNED_IN),
    "person list results (htmx)": (
        lambda w: reverse("organizations:person_list") + "?q=ngoc",
        HTMX,
        EVERY_SIGNED_IN,
    ),
    "page of a person in the agency": (
        lambda w: reverse("organizations:person_detail", args=[w.current.code]),
        {},
        PEOPLE_OF_OWN,
    ),
    "page of a person in a predecessor": (
        lambda w: reverse("organizations:person_detail", args=[w.former.code]),
        {},
        PEOPLE_OF_OWN,
    ),
    "unknown person page": (
        lambda w: reverse("organizations:person_detail", args=["KHONG-CO"]),
        {},
        NOBODY,
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, page: str, persona: str
) -> None:
    url_of, headers, expected = PAGES[page]
    url = url_of(world)
    response = _get(client_as, world, persona, url, **headers)
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"] == f"/tai-khoan/dang-nhap/?next={quote(url, safe='/')}"
    if expected[persona] != 200:
        body = response.content.decode()
        assert CURRENT_NAME not in body
        assert FORMER_NAME not in body


WRITES: dict[str, Callable[[World], tuple[str, dict[str, Any]]]] = {
    "create an agency": lambda w: (
        reverse("organizations:agency_create"),
        {"code": "P-NEW", "name": "Sở Công Thương mới", "kind": "provincial_department"},
    ),
    "edit an agency": lambda w: (
        reverse("organizations:agency_edit", args=[w.personas.other.code]),
        {"code": w.personas.other.code, "name": "Tên bị sửa", "kind": "provincial_department"},
    ),
    "import agencies": lambda w: (
        reverse("organizations:import"),
        {
            "kind": "agencies",
            "file": SimpleUploadedFile(
                "agencies.csv",
                b"code,name,short_name,kind,province_code,parent_code,valid_from,valid_to\n"
                b"P-IMP,S\xe1\xbb\x9f T\xc6\xb0 ph\xc3\xa1p,,provincial_department,,,,\n",
                content_type="text/csv",
            ),
        },
    ),
}


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - MANAGERS))
@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_by_someone_who_is_not_a_sector_manager_is_refused_and_changes_nothing(
    client_as: ClientAs, world: World, write: str, persona: str
) -> None:
    url, data = WRITES[write](world)
    before = _counts()
    response = client_as(getattr(world.personas, persona)).post(url, data)
    assert response.status_code == (302 if persona == "anonymous" else 403)
    if persona == "anonymous":
        assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")
    assert _counts() == before
    world.personas.other.refresh_from_db()
    assert world.personas.other.name == "Sở Công Thương tỉnh Cà Mau"


@pytest.mark.parametrize("persona", sorted(MANAGERS))
@pytest.mark.parametrize("write", list(WRITES))
def test_a_sector_manager_may_make_each_write(
    client_as: ClientAs, world: World, write: str, persona: str
) -> None:
    url, data = WRITES[write](world)
    audit_before = AuditEvent.objects.count()
    response = client_as(getattr(world.personas, persona)).post(url, data)
    assert response.status_code in (200, 302)
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.first().actor == getattr(world.personas, persona)  # type: ignore[union-attr]


# --- What an agency page shows to whom ---------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"anonymous"}))
def test_the_agency_page_shows_its_people_and_history_only_to_those_allowed(
    client_as: ClientAs, world: World, persona: str
) -> None:
    url = reverse("organizations:agency_detail", args=[world.personas.own.code])
    body = _get(client_as, world, persona, url).content.decode()
    allowed = persona in ALLOWED_IN_OWN
    assert (CURRENT_NAME in body) is allowed
    assert ('id="people-heading"' in body) is allowed
    assert ('id="history-heading"' in body) is allowed
    assert ("Lịch sử thay đổi" in body) is allowed


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"anonymous"}))
def test_a_predecessors_people_are_shown_to_those_allowed_in_its_successor(
    client_as: ClientAs, world: World, persona: str
) -> None:
    url = reverse("organizations:agency_detail", args=[world.kien_giang.code])
    body = _get(client_as, world, persona, url).content.decode()
    allowed = persona in ALLOWED_IN_OWN
    assert (FORMER_NAME in body) is allowed
    assert ('id="history-heading"' in body) is allowed


def test_the_outsider_sees_the_agency_but_not_its_people_nor_its_history(
    client_as: ClientAs, world: World
) -> None:
    url = reverse("organizations:agency_detail", args=[world.personas.own.code])
    response = _get(client_as, world, "outsider", url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sở Công Thương tỉnh An Giang" in body
    assert CURRENT_NAME not in body
    assert reverse("organizations:person_detail", args=[world.current.code]) not in body
    assert "Lịch sử thay đổi" not in body
    assert "Cá nhân công tác tại đơn vị" not in body


def test_the_outsider_gets_a_404_for_a_person_of_another_agency_without_their_data(
    client_as: ClientAs, world: World
) -> None:
    for person in (world.current, world.former):
        url = reverse("organizations:person_detail", args=[person.code])
        response = _get(client_as, world, "outsider", url)
        assert response.status_code == 404
        body = response.content.decode()
        assert person.full_name not in body
        assert "Không tìm thấy trang" in body


def test_the_outsider_sees_their_own_agencys_people(client_as: ClientAs, world: World) -> None:
    stranger = person_create(
        actor=None, values=PersonValues(code="CN-CM", full_name="Phạm Minh Châu")
    )
    position_add(
        actor=None,
        person=stranger,
        agency=world.personas.other,
        title="Chuyên viên",
        from_date=dt.date(2025, 7, 1),
    )
    url = reverse("organizations:person_detail", args=[stranger.code])
    response = _get(client_as, world, "outsider", url)
    assert response.status_code == 200
    assert "Phạm Minh Châu" in response.content.decode()
    assert _get(client_as, world, "member_officer", url).status_code == 404


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"anonymous"}))
def test_the_person_list_shows_only_the_people_the_user_may_see(
    client_as: ClientAs, world: World, persona: str
) -> None:
    body = _get(client_as, world, persona, reverse("organizations:person_list")).content.decode()
    allowed = persona in ALLOWED_IN_OWN
    assert (CURRENT_NAME in body) is allowed
    assert (FORMER_NAME in body) is allowed


def test_the_person_list_search_folds_diacritics(client_as: ClientAs, world: World) -> None:
    url = reverse("organizations:person_list")
    response = _get(client_as, world, "ministry_officer", url + "?q=bao+ngoc")
    assert [p.code for p in response.context["page"]] == ["CN-001"]


@pytest.mark.parametrize("persona", sorted(ALLOWED_IN_OWN))
def test_a_persons_change_history_is_shown_only_to_sector_managers(
    client_as: ClientAs, world: World, persona: str
) -> None:
    url = reverse("organizations:person_detail", args=[world.current.code])
    body = _get(client_as, world, persona, url).content.decode()
    assert CURRENT_NAME in body
    assert ('id="history-heading"' in body) is (persona in MANAGERS)


# --- The agency list: search, filters, HTMX ----------------------------------------------------


def _listed(client_as: ClientAs, world: World, query: str, **headers: str) -> list[str]:
    url = reverse("organizations:agency_list") + query
    response = _get(client_as, world, "viewer", url, **headers)
    assert response.status_code == 200
    return [a.code for a in response.context["page"]]


@pytest.mark.parametrize("query", ["kien giang", "KIÊN GIANG", "Kiên Giang", "  kiên   GIANG "])
def test_the_agency_search_ignores_diacritics_and_case(
    client_as: ClientAs, world: World, query: str
) -> None:
    codes = _listed(client_as, world, f"?q={quote(query)}")
    assert codes == ["P-SCT-KG"]


def test_the_agency_search_finds_an_agency_created_through_the_service(
    client_as: ClientAs, personas: Personas
) -> None:
    _agency("S-CT-KG-2", "Sở Công Thương tỉnh Kiên Giang", kind="provincial_department")
    client = client_as(personas.viewer)
    for query in ("kien giang", "KIÊN GIANG"):
        response = client.get(reverse("organizations:agency_list"), {"q": query})
        assert response.status_code == 200
        assert "Sở Công Thương tỉnh Kiên Giang" in response.content.decode()
        assert "Sở Công Thương tỉnh Cà Mau" not in response.content.decode()


def test_an_htmx_request_gets_only_the_results_partial(client_as: ClientAs, world: World) -> None:
    url = reverse("organizations:agency_list") + "?q=kien+giang"
    response = _get(client_as, world, "viewer", url, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="results"')
    assert "Sở Công Thương tỉnh Kiên Giang" in body
    full = _get(client_as, world, "viewer", url).content.decode()
    assert "<html" in full


def test_an_htmx_request_for_the_person_list_gets_only_the_results_partial(
    client_as: ClientAs, world: World
) -> None:
    url = reverse("organizations:person_list") + "?q=ngoc"
    body = _get(client_as, world, "member_officer", url, **HTMX).content.decode()
    assert "<html" not in body
    assert CURRENT_NAME in body


def test_the_kind_filter_keeps_only_agencies_of_that_kind(
    client_as: ClientAs, world: World
) -> None:
    assert _listed(client_as, world, "?kind=ministry") == ["P-BCT"]


def test_the_date_filter_keeps_the_agencies_that_existed_that_day(
    client_as: ClientAs, world: World
) -> None:
    before = set(_listed(client_as, world, "?on=30/06/2025"))
    after = set(_listed(client_as, world, "?on=01/07/2025"))
    assert {"P-SCT-KG", "P-SCT-AG-CU"} <= before
    assert "P-SCT-AG" not in before
    assert "P-SCT-AG" in after
    assert not {"P-SCT-KG", "P-SCT-AG-CU"} & after


def test_filters_combine(client_as: ClientAs, world: World) -> None:
    codes = _listed(client_as, world, "?q=giang&kind=provincial_department&on=30/06/2025")
    assert sorted(codes) == ["P-SCT-AG-CU", "P-SCT-KG"]


@pytest.mark.parametrize("bad", ["31/02/2025", "hôm qua", "2025-13-01"])
def test_a_bad_date_in_the_filter_shows_an_error_not_a_500(
    client_as: ClientAs, world: World, bad: str
) -> None:
    url = reverse("organizations:agency_list")
    response = client_as(world.personas.viewer).get(url, {"on": bad})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "Nhập một ngày hợp lệ." in body


def test_a_bad_date_in_an_htmx_filter_shows_the_error_in_the_partial(
    client_as: ClientAs, world: World
) -> None:
    url = reverse("organizations:agency_list") + "?on=99/99/2025"
    response = _get(client_as, world, "viewer", url, **HTMX)
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.content.decode()


def test_only_sector_managers_see_the_add_and_import_buttons(
    client_as: ClientAs, world: World
) -> None:
    create_url = reverse("organizations:agency_create")
    for persona in PERSONAS[1:]:
        body = _get(client_as, world, persona, reverse("organizations:agency_list")).content
        assert (create_url in body.decode()) is (persona in MANAGERS)


# --- Creating and editing an agency ------------------------------------------------------------


def _agency_form(**overrides: str) -> dict[str, str]:
    return {
        "code": "P-SCT-HG",
        "name": "Sở Công Thương thành phố Cần Thơ",
        "short_name": "SCT CT",
        "kind": "provincial_department",
        "province": "",
        "parent": "",
        "valid_from": "01/07/2025",
        "valid_to": "",
        "note": "",
    } | overrides


def test_creating_an_agency_redirects_to_it_and_writes_exactly_one_audit_event(
    client_as: ClientAs, personas: Personas
) -> None:
    audit_before = AuditEvent.objects.count()
    response = client_as(personas.ministry_officer).post(
        reverse("organizations:agency_create"), _agency_form()
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:agency_detail", args=["P-SCT-HG"])
    agency = Agency.objects.get(code="P-SCT-HG")
    assert agency.valid_from == dt.date(2025, 7, 1)
    assert agency.search_key
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.first()
    assert event is not None
    assert event.action == "organizations.agency.created"
    assert event.actor == personas.ministry_officer
    follow = client_as(personas.ministry_officer).get(response["Location"])
    assert "Sở Công Thương thành phố Cần Thơ" in follow.content.decode()


def test_a_duplicate_code_re_renders_the_form_with_a_vietnamese_message_and_writes_nothing(
    client_as: ClientAs, personas: Personas
) -> None:
    before = _counts()
    response = client_as(personas.system_admin).post(
        reverse("organizations:agency_create"), _agency_form(code=personas.other.code)
    )
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert "Chưa lưu được" in response.content.decode()
    assert _counts() == before


def test_an_end_date_before_the_start_is_refused_and_writes_nothing(
    client_as: ClientAs, personas: Personas
) -> None:
    before = _counts()
    response = client_as(personas.ministry_officer).post(
        reverse("organizations:agency_create"),
        _agency_form(valid_from="01/07/2025", valid_to="30/06/2025"),
    )
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu" in response.content.decode()
    assert _counts() == before
    assert not Agency.objects.filter(code="P-SCT-HG").exists()


def test_a_date_in_a_wrong_format_is_a_field_error(client_as: ClientAs, personas: Personas) -> None:
    before = _counts()
    response = client_as(personas.ministry_officer).post(
        reverse("organizations:agency_create"), _agency_form(valid_from="2025/31/12")
    )
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.content.decode()
    assert _counts() == before


def test_the_edit_form_shows_the_current_values_with_dates_as_dd_mm_yyyy(
    client_as: ClientAs, personas: Personas
) -> None:
    url = reverse("organizations:agency_edit", args=[personas.own.code])
    body = client_as(personas.ministry_officer).get(url).content.decode()
    assert 'value="Sở Công Thương tỉnh An Giang"' in body
    assert 'value="01/07/2025"' in body


def test_editing_an_agency_saves_it_and_writes_one_audit_event(
    client_as: ClientAs, personas: Personas
) -> None:
    url = reverse("organizations:agency_edit", args=[personas.other.code])
    audit_before = AuditEvent.objects.count()
    response = client_as(personas.system_admin).post(
        url,
        _agency_form(code=personas.other.code, name="Sở Công Thương tỉnh Cà Mau (mới)"),
    )
    assert response.status_code == 302
    personas.other.refresh_from_db()
    assert personas.other.name == "Sở Công Thương tỉnh Cà Mau (mới)"
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.first().action == "organizations.agency.updated"  # type: ignore[union-attr]


def test_editing_an_agency_to_a_code_in_use_is_refused(
    client_as: ClientAs, personas: Personas
) -> None:
    url = reverse("organizations:agency_edit", args=[personas.other.code])
    before = _counts()
    response = client_as(personas.system_admin).post(url, _agency_form(code=personas.own.code))
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert _counts() == before


def test_editing_an_unknown_agency_is_a_404_for_a_manager(
    client_as: ClientAs, personas: Personas
) -> None:
    url = reverse("organizations:agency_edit", args=["KHONG-CO"])
    assert client_as(personas.ministry_officer).get(url).status_code == 404


# --- The import page ---------------------------------------------------------------------------

HEADER = "code,name,short_name,kind,province_code,parent_code,valid_from,valid_to\n"


def _upload(client: Client, text: str, kind: str = "agencies") -> Any:
    upload = SimpleUploadedFile("don-vi.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("organizations:import"), {"kind": kind, "file": upload})


def test_a_bad_csv_is_refused_with_its_row_numbers_and_writes_nothing(
    client_as: ClientAs, personas: Personas
) -> None:
    before = _counts()
    response = _upload(
        client_as(personas.ministry_officer),
        HEADER
        + "P-OK,Sở Tư pháp,,provincial_department,,,01/07/2025,\n"
        + "P-BAD-KIND,Sở Nội vụ,,so,,,,\n"
        + "P-BAD-DATE,Sở Y tế,,provincial_department,,,31/02/2025,\n",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "không có dữ liệu nào được ghi" in body
    assert {e.row for e in response.context["rejected"].errors} == {3, 4}
    shown_rows = set(re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", body))
    assert shown_rows == {"3", "4"}
    assert "Loại đơn vị “so” không hợp lệ" in body
    assert "không đúng dạng dd/mm/yyyy" in body
    assert _counts() == before


def test_a_good_csv_is_imported_with_a_success_message(
    client_as: ClientAs, personas: Personas
) -> None:
    response = _upload(
        client_as(personas.system_admin),
        HEADER
        + "P-STP,Sở Tư pháp tỉnh An Giang,STP,provincial_department,,,01/07/2025,\n"
        + "P-SNV,Sở Nội vụ tỉnh An Giang,SNV,provincial_department,,P-STP,01/07/2025,\n",
    )
    assert response.status_code == 200
    assert "Đã nhập 2 dòng: 2 mới, 0 cập nhật, 0 không đổi." in response.content.decode()
    assert Agency.objects.get(code="P-SNV").parent == Agency.objects.get(code="P-STP")
    assert AuditEvent.objects.filter(action="organizations.agencies.imported").count() == 1


def test_a_people_file_is_imported_through_the_same_page(
    client_as: ClientAs, personas: Personas
) -> None:
    response = _upload(
        client_as(personas.ministry_officer),
        "code,full_name,gender,birth_year,agency_code,position,from_date,to_date\n"
        f"CN-9,Nguyễn Minh Hùng,nam,1980,{personas.own.code},Giám đốc,01/07/2025,\n",
        kind="people",
    )
    assert response.status_code == 200
    assert "Đã nhập 1 dòng" in response.content.decode()
    assert Person.objects.get(code="CN-9").positions.get().agency == personas.own


def test_a_file_that_is_not_csv_or_xlsx_is_refused(client_as: ClientAs, personas: Personas) -> None:
    upload = SimpleUploadedFile("don-vi.txt", b"hello", content_type="text/plain")
    response = client_as(personas.ministry_officer).post(
        reverse("organizations:import"), {"kind": "agencies", "file": upload}
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.content.decode()


def test_an_import_without_a_file_shows_a_field_error(
    client_as: ClientAs, personas: Personas
) -> None:
    before = _counts()
    response = client_as(personas.ministry_officer).post(
        reverse("organizations:import"), {"kind": "agencies"}
    )
    assert response.status_code == 200
    assert "Chưa lưu được" in response.content.decode()
    assert _counts() == before


# --- Lineage on the agency page ----------------------------------------------------------------


def test_a_merged_agency_shows_its_timeline_and_what_it_is_today(
    client_as: ClientAs, world: World
) -> None:
    url = reverse("organizations:agency_detail", args=[world.kien_giang.code])
    body = _get(client_as, world, "outsider", url).content.decode()
    assert "Đơn vị đã kết thúc hoạt động ngày 30/06/2025." in body
    assert "Hiện nay là:" in body
    own_url = reverse("organizations:agency_detail", args=[world.personas.own.code])
    today_part = body.split("Hiện nay là:")[1].split("</p>")[0]
    assert f'href="{own_url}"' in today_part
    assert "Sở Công Thương tỉnh An Giang" in today_part
    timeline = body.split('class="timeline"')[1].split("</ol>")[0]
    assert "01/07/2025" in timeline
    assert "Hợp nhất, sáp nhập" in timeline
    assert "Sở Công Thương tỉnh An Giang (trước sáp nhập)" in timeline
    assert 'aria-current="page">Sở Công Thương tỉnh Kiên Giang' in timeline
    assert "1654/NQ-UBTVQH15" in timeline


def test_the_successor_shows_the_same_timeline_but_no_notice(
    client_as: ClientAs, world: World
) -> None:
    url = reverse("organizations:agency_detail", args=[world.personas.own.code])
    body = _get(client_as, world, "viewer", url).content.decode()
    assert "Hiện nay là:" not in body
    timeline = body.split('class="timeline"')[1].split("</ol>")[0]
    assert "Sở Công Thương tỉnh Kiên Giang" in timeline


def test_an_agency_without_lineage_says_so(client_as: ClientAs, personas: Personas) -> None:
    url = reverse("organizations:agency_detail", args=[personas.other.code])
    body = client_as(personas.viewer).get(url).content.decode()
    assert "Chưa có sự kiện sáp nhập, chia tách hay đổi tên." in body


@pytest.mark.parametrize("url", ["/don-vi/", "/don-vi/ca-nhan/"])
def test_a_nul_byte_in_a_search_is_not_a_500(client_as: ClientAs, world: World, url: str) -> None:
    response = client_as(world.personas.ministry_officer).get(url, {"q": "ngoc\x00"})
    assert response.status_code == 200
