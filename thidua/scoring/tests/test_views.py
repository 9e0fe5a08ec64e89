"""Pages of a group year's scoring table, for every persona (DESIGN.md §4.4, §4.10)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.choices import GroupKind
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.scoring.choices import TableStatus
from thidua.scoring.exports import scoring_table_xlsx
from thidua.scoring.models import Criterion, ScoringTable
from thidua.scoring.services import scoring_table_activate, scoring_table_create_default

ClientAs = Callable[[Any], Client]
YEAR = 2026
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",  # an officer of the agency that leads the cluster where own is a member
]
# Text of the default table that only someone allowed to see the cluster may read.
CRITERION_TEXT = "Lãnh đạo phong trào thi đua và hoàn thành xuất sắc nhiệm vụ chính"
DISQUALIFIER_TEXT = "vi phạm Luật Giao thông đường bộ"

# A small valid table of 100 points (the default table's total) as a CSV file.
VALID_CSV = (
    "code,parent_code,kind,title,max_points,evidence_required,guidance\n"
    "I,,group,Nhiệm vụ chuyên môn (từ tệp),60,không,\n"
    "I.1,I,criterion,Hoàn thành chỉ tiêu kế hoạch năm (từ tệp),60,có,Đối chiếu báo cáo năm\n"
    "II,,group,Công tác thi đua (từ tệp),40,không,\n"
    "II.1,II,criterion,Báo cáo đúng hạn (từ tệp),40,không,\n"
    "VI,,bonus,Điểm thưởng (từ tệp),5,không,\n"
    "VI.1,VI,bonus,Khen thưởng cấp nhà nước (từ tệp),5,có,\n"
    ",,disqualifier,Có đảng viên bị kỷ luật (từ tệp),,,disciplined_party_members\n"
)
BAD_CSV = (
    "code,parent_code,kind,title,max_points,evidence_required,guidance\n"
    "I,,group,Nhiệm vụ chuyên môn,60,không,\n"
    "I.1,I,criterion,,60,có,\n"
    "II,,khong-co-loai-nay,Công tác thi đua,-4,không,\n"
)


def _agency(code: str, name: str) -> Agency:
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


def _group_year(personas: Personas, code: str, members: list[Agency], year: int) -> GroupYear:
    return group_year_create(
        actor=None,
        organiser=personas.ministry,
        code=code,
        name=f"Cụm thi đua {code}",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=year, members=members, leader=members[0]),
    )


@dataclass
class World:
    """Two clusters of ``YEAR``; ``other`` (the outsider's agency) is in neither.

    * ``member_of`` (CUM-TN): Đồng Tháp leads, ``own`` is a plain member, Cần Thơ completes it.
    * ``led_by_own`` (CUM-AG): ``own`` leads, Cần Thơ is a member.
    """

    personas: Personas
    lead: Agency
    third: Agency
    lead_officer: User
    member_of: GroupYear
    led_by_own: GroupYear

    def user(self, persona: str) -> Any:
        return self.lead_officer if persona == "lead_officer" else getattr(self.personas, persona)

    def cluster(self, which: str) -> GroupYear:
        return self.member_of if which == "member_of" else self.led_by_own

    def previous_year(self, group_year: GroupYear) -> GroupYear:
        """The same cluster a year earlier, with the same members and leader."""
        members = [m.agency for m in group_year.members.order_by("rotation_order")]
        return _group_year(self.personas, group_year.group.code, members, group_year.year - 1)


@pytest.fixture
def world(personas: Personas) -> World:
    lead = _agency("P-SCT-DT", "Sở Công Thương tỉnh Đồng Tháp")
    third = _agency("P-SCT-CT", "Sở Công Thương thành phố Cần Thơ")
    lead_officer = user_create(
        actor=None, username="lead_officer", password=PASSWORD, full_name="lead_officer"
    )
    membership_grant(actor=None, user=lead_officer, role=Role.AGENCY_OFFICER, agency=lead)
    return World(
        personas=personas,
        lead=lead,
        third=third,
        lead_officer=lead_officer,
        member_of=_group_year(personas, "CUM-TN", [lead, personas.own, third], YEAR),
        led_by_own=_group_year(personas, "CUM-AG", [personas.own, third], YEAR),
    )


def _url(name: str, group_year: GroupYear) -> str:
    return reverse(f"scoring:{name}", args=[group_year.group.code, group_year.year])


def _draft(group_year: GroupYear) -> ScoringTable:
    return scoring_table_create_default(actor=None, group_year=group_year)


def _events() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def _login_redirect(url: str) -> str:
    return f"/tai-khoan/dang-nhap/?next={quote(url, safe='/')}"


# --- The permission matrix ---------------------------------------------------------------------

READERS = {"member_officer", "agency_leader", "ministry_officer", "system_admin"}
# who may read each cluster (everyone else: 404; anonymous: sent to log in)
CAN_READ = {"member_of": READERS | {"lead_officer"}, "led_by_own": READERS}
# who may write (system administrators and the leading member's officers and leader); the other
# readers get 403
CAN_WRITE = {
    "member_of": {"system_admin", "lead_officer"},
    "led_by_own": {"system_admin", "member_officer", "agency_leader"},
}


def _expected(which: str, persona: str, *, write: bool) -> int | str:
    """200 (or "done" for a write that succeeds and redirects to the table), 302 (to log in),
    403 or 404."""
    if persona == "anonymous":
        return 302
    if persona not in CAN_READ[which]:
        return 404
    if not write:
        return 200
    return "done" if persona in CAN_WRITE[which] else 403


GETS: dict[str, tuple[str, Callable[[GroupYear], object]]] = {
    "table page without a table": ("table", lambda gy: None),
    "table page with a draft": ("table", _draft),
    "Excel download": ("xlsx", _draft),
}


@pytest.mark.parametrize("which", ["member_of", "led_by_own"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(GETS))
def test_each_page_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, page: str, persona: str, which: str
) -> None:
    name, setup = GETS[page]
    group_year = world.cluster(which)
    setup(group_year)
    url = _url(name, group_year)
    events = _events()
    response = client_as(world.user(persona)).get(url)
    expected = _expected(which, persona, write=False)
    assert response.status_code == expected
    assert _events() == events  # reading writes nothing
    if expected == 302:
        assert response["Location"] == _login_redirect(url)
    if expected != 200:
        body = response.content.decode()
        assert CRITERION_TEXT not in body
        assert DISQUALIFIER_TEXT not in body
        assert group_year.group.name not in body


def _post_create_default(world: World, group_year: GroupYear) -> dict[str, Any]:
    return {}


def _post_copy(world: World, group_year: GroupYear) -> dict[str, Any]:
    _draft(world.previous_year(group_year))
    return {}


def _post_activate(world: World, group_year: GroupYear) -> dict[str, Any]:
    _draft(group_year)
    return {}


def _post_import(world: World, group_year: GroupYear) -> dict[str, Any]:
    _draft(group_year)
    return {"file": SimpleUploadedFile("bang.csv", VALID_CSV.encode(), "text/csv")}


# action name → (URL name, set-up returning the POST data, the audit action of a success)
POSTS: dict[str, tuple[str, Callable[[World, GroupYear], dict[str, Any]], str]] = {
    "create the default table": ("create_default", _post_create_default, "scoring.table.created"),
    "copy last year's table": ("copy", _post_copy, "scoring.table.copied"),
    "activate the draft": ("activate", _post_activate, "scoring.table.activated"),
    "import a file into the draft": ("import", _post_import, "scoring.table.imported"),
}


def _snapshot(group_year: GroupYear) -> Any:
    table = ScoringTable.objects.filter(group_year=group_year).first()
    if table is None:
        return None
    return (
        table.status,
        list(table.criteria.order_by("order").values_list("code", "title", "max_points")),
        list(table.disqualifiers.order_by("order").values_list("description", flat=True)),
    )


@pytest.mark.parametrize("which", ["member_of", "led_by_own"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(POSTS))
def test_each_write_answers_each_persona_and_a_success_writes_exactly_one_audit_event(
    client_as: ClientAs, world: World, action: str, persona: str, which: str
) -> None:
    name, setup, audited = POSTS[action]
    group_year = world.cluster(which)
    data = setup(world, group_year)
    url = _url(name, group_year)
    before, events = _snapshot(group_year), _events()
    response = client_as(world.user(persona)).post(url, data)
    expected = _expected(which, persona, write=True)
    if expected == "done":
        assert response.status_code == 302
        assert response["Location"] == _url("table", group_year)
        assert _events() == [*events, audited]
        assert _snapshot(group_year) != before
    else:
        assert response.status_code == expected
        assert _events() == events
        assert _snapshot(group_year) == before
        if expected == 302:
            assert response["Location"] == _login_redirect(url)
        assert CRITERION_TEXT not in response.content.decode()


@pytest.mark.parametrize("name", ["create_default", "copy", "activate", "import"])
def test_the_writes_refuse_a_get(client_as: ClientAs, world: World, name: str) -> None:
    _draft(world.led_by_own)
    response = client_as(world.personas.system_admin).get(_url(name, world.led_by_own))
    assert response.status_code == 405


def test_the_table_page_refuses_a_post(client_as: ClientAs, world: World) -> None:
    response = client_as(world.personas.system_admin).post(_url("table", world.led_by_own))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["table", "xlsx", "create_default"])
def test_an_unknown_cluster_or_year_is_a_404(client_as: ClientAs, world: World, name: str) -> None:
    client = client_as(world.personas.system_admin)
    method = client.post if name == "create_default" else client.get
    assert method(reverse(f"scoring:{name}", args=["KHONG-CO", YEAR])).status_code == 404
    assert method(reverse(f"scoring:{name}", args=["CUM-AG", 2019])).status_code == 404


@pytest.mark.parametrize("name", ["xlsx", "activate", "import"])
def test_a_table_that_does_not_exist_yet_is_a_404(
    client_as: ClientAs, world: World, name: str
) -> None:
    client = client_as(world.personas.member_officer)
    method = client.get if name == "xlsx" else client.post
    events = _events()
    assert method(_url(name, world.led_by_own)).status_code == 404
    assert _events() == events


# --- What the page shows -----------------------------------------------------------------------


def test_without_a_table_the_leader_may_create_the_default_or_copy_last_years(
    client_as: ClientAs, world: World
) -> None:
    _draft(world.previous_year(world.led_by_own))
    body = (
        client_as(world.personas.member_officer).get(_url("table", world.led_by_own)).content
    ).decode()
    assert "Chưa có bảng chấm điểm cho năm này." in body
    assert "Lập bảng mặc định" in body
    assert _url("create_default", world.led_by_own) in body
    assert f"Sao chép bảng năm {YEAR - 1}" in body
    assert _url("copy", world.led_by_own) in body


def test_without_last_years_table_there_is_no_copy_button(
    client_as: ClientAs, world: World
) -> None:
    body = (
        client_as(world.personas.member_officer).get(_url("table", world.led_by_own)).content
    ).decode()
    assert "Lập bảng mặc định" in body
    assert _url("copy", world.led_by_own) not in body


@pytest.mark.parametrize("persona", ["member_officer", "agency_leader", "ministry_officer"])
def test_a_reader_who_does_not_lead_gets_no_buttons(
    client_as: ClientAs, world: World, persona: str
) -> None:
    _draft(world.previous_year(world.member_of))
    body = client_as(world.user(persona)).get(_url("table", world.member_of)).content.decode()
    assert "Chưa có bảng chấm điểm cho năm này." in body
    assert _url("create_default", world.member_of) not in body
    assert _url("copy", world.member_of) not in body
    _draft(world.member_of)
    body = client_as(world.user(persona)).get(_url("table", world.member_of)).content.decode()
    assert CRITERION_TEXT in body
    assert _url("xlsx", world.member_of) in body  # reading includes the download
    assert _url("activate", world.member_of) not in body
    assert _url("import", world.member_of) not in body


def test_the_page_shows_the_tree_the_totals_the_status_and_the_disqualifiers(
    client_as: ClientAs, world: World
) -> None:
    table = _draft(world.led_by_own)
    body = client_as(world.personas.member_officer).get(_url("table", world.led_by_own))
    text = body.content.decode()
    assert table.title in text
    assert "Đang soạn" in text
    assert "Bảng hợp lệ: các phần cộng lại đúng tổng điểm" in text
    assert "Bảng chưa hợp lệ" not in text
    for criterion in table.criteria.all():
        assert f"{criterion.code}</th>" in text
    assert CRITERION_TEXT in text
    assert 'class="depth-1' in text  # children are indented under their group
    assert "100 / 100" in text  # the groups add up to the table's total
    assert "Minh chứng" in text
    assert "✓" in text
    assert DISQUALIFIER_TEXT in text
    assert "Xét tự động theo hồ sơ chấp hành" in text
    assert "Cụm xem xét, quyết định" in text  # the disqualifier without an automatic basis
    assert "Lập bảng chấm điểm" in text  # the history
    # The leader of a draft may put it into use, download it and import a file.
    assert "Áp dụng bảng" in text
    assert _url("xlsx", world.led_by_own) in text
    assert _url("import", world.led_by_own) in text


def test_an_active_table_offers_no_activation_nor_import(client_as: ClientAs, world: World) -> None:
    scoring_table_activate(actor=None, table=_draft(world.led_by_own))
    text = (
        client_as(world.personas.member_officer).get(_url("table", world.led_by_own)).content
    ).decode()
    assert "Đang áp dụng" in text
    assert _url("activate", world.led_by_own) not in text
    assert _url("import", world.led_by_own) not in text
    assert _url("xlsx", world.led_by_own) in text


def test_the_page_shows_the_problems_of_a_table_that_does_not_add_up(
    client_as: ClientAs, world: World
) -> None:
    table = _draft(world.led_by_own)
    # Simulates a bad import: no service writes a table that does not add up, so the test
    # breaks the stored table directly (I.1 35 → 30 points, so group I's children add up to 45).
    Criterion.objects.filter(table=table, code="I.1").update(max_points=Decimal("30"))
    text = (
        client_as(world.personas.member_officer).get(_url("table", world.led_by_own)).content
    ).decode()
    assert "Bảng chưa hợp lệ: 1 vấn đề" in text
    assert "Các tiêu chí con của I cộng lại 45, khác 50 điểm." in text
    assert "Bảng hợp lệ" not in text
    assert "Chỉ áp dụng được bảng hợp lệ." in text


def test_activating_a_table_that_does_not_add_up_is_refused_and_changes_nothing(
    client_as: ClientAs, world: World
) -> None:
    table = _draft(world.led_by_own)
    # Simulates a bad import (see above): the top-level groups now add up to 105 points.
    Criterion.objects.filter(table=table, code="II").update(max_points=Decimal("15"))
    events = _events()
    response = client_as(world.personas.member_officer).post(
        _url("activate", world.led_by_own), follow=True
    )
    assert response.status_code == 200
    assert "Các nhóm tiêu chí cộng lại 105 điểm, khác tổng điểm 100 của bảng." in (
        response.content.decode()
    )
    table.refresh_from_db()
    assert table.status == TableStatus.DRAFT
    assert _events() == events


def test_activating_an_active_table_again_is_refused_in_plain_vietnamese(
    client_as: ClientAs, world: World
) -> None:
    scoring_table_activate(actor=None, table=_draft(world.led_by_own))
    events = _events()
    response = client_as(world.personas.member_officer).post(
        _url("activate", world.led_by_own), follow=True
    )
    assert "Bảng chấm điểm đã được áp dụng." in response.content.decode()
    assert _events() == events


def test_creating_a_table_when_there_is_one_is_refused_and_changes_nothing(
    client_as: ClientAs, world: World
) -> None:
    _draft(world.led_by_own)
    events = _events()
    response = client_as(world.personas.member_officer).post(
        _url("create_default", world.led_by_own), follow=True
    )
    assert "Khối, cụm đã có bảng chấm điểm cho năm này." in response.content.decode()
    assert ScoringTable.objects.filter(group_year=world.led_by_own).count() == 1
    assert _events() == events


def test_copying_without_last_years_table_is_refused_and_changes_nothing(
    client_as: ClientAs, world: World
) -> None:
    events = _events()
    response = client_as(world.personas.member_officer).post(
        _url("copy", world.led_by_own), follow=True
    )
    assert "Chưa có bảng chấm điểm năm trước để sao chép." in response.content.decode()
    assert not ScoringTable.objects.exists()
    assert _events() == events


def test_a_copied_table_names_the_year_it_came_from(client_as: ClientAs, world: World) -> None:
    _draft(world.previous_year(world.led_by_own))
    response = client_as(world.personas.member_officer).post(
        _url("copy", world.led_by_own), follow=True
    )
    text = response.content.decode()
    assert f"Đã sao chép bảng chấm điểm năm {YEAR - 1}." in text
    assert f"sao chép từ bảng năm {YEAR - 1}" in text
    assert f"Bảng chấm điểm thi đua năm {YEAR}" in text


def test_an_imported_file_replaces_the_drafts_criteria(client_as: ClientAs, world: World) -> None:
    _draft(world.led_by_own)
    response = client_as(world.personas.member_officer).post(
        _url("import", world.led_by_own),
        {"file": SimpleUploadedFile("bang.csv", VALID_CSV.encode(), "text/csv")},
        follow=True,
    )
    text = response.content.decode()
    assert "Đã nhập tệp bang.csv" in text
    assert "Hoàn thành chỉ tiêu kế hoạch năm (từ tệp)" in text
    assert "Đối chiếu báo cáo năm" in text  # guidance, as small text
    assert CRITERION_TEXT not in text
    assert "Có đảng viên bị kỷ luật (từ tệp)" in text
    assert "Bảng hợp lệ: các phần cộng lại đúng tổng điểm" in text


def test_the_exported_file_imports_back_unchanged(client_as: ClientAs, world: World) -> None:
    table = _draft(world.led_by_own)
    before = _snapshot(world.led_by_own)
    client = client_as(world.personas.member_officer)
    download = client.get(_url("xlsx", world.led_by_own))
    response = client.post(
        _url("import", world.led_by_own),
        {"file": SimpleUploadedFile("bang.xlsx", download.content)},
        follow=True,
    )
    assert f"{table.criteria.count()} không đổi" in response.content.decode()
    assert _snapshot(world.led_by_own) == before


def test_a_rejected_file_lists_every_bad_row_and_changes_nothing(
    client_as: ClientAs, world: World
) -> None:
    _draft(world.led_by_own)
    before, events = _snapshot(world.led_by_own), _events()
    response = client_as(world.personas.member_officer).post(
        _url("import", world.led_by_own),
        {"file": SimpleUploadedFile("bang-loi.csv", BAD_CSV.encode(), "text/csv")},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "không có dữ liệu nào được ghi" in text
    assert "Thiếu nội dung (cột title)." in text
    assert "không hợp lệ; ghi group, criterion, bonus, penalty" in text
    assert '<td data-label="Dòng">3</td>' in text
    assert '<td data-label="Dòng">4</td>' in text
    assert CRITERION_TEXT in text  # the table is shown as it was
    assert _snapshot(world.led_by_own) == before
    assert _events() == events


def test_an_import_without_a_file_is_refused_with_a_field_error(
    client_as: ClientAs, world: World
) -> None:
    _draft(world.led_by_own)
    events = _events()
    response = client_as(world.personas.member_officer).post(_url("import", world.led_by_own))
    assert response.status_code == 400
    assert "Chưa lưu được" in response.content.decode()
    assert _events() == events


def test_importing_into_an_active_table_is_refused_and_changes_nothing(
    client_as: ClientAs, world: World
) -> None:
    scoring_table_activate(actor=None, table=_draft(world.led_by_own))
    before, events = _snapshot(world.led_by_own), _events()
    response = client_as(world.personas.member_officer).post(
        _url("import", world.led_by_own),
        {"file": SimpleUploadedFile("bang.csv", VALID_CSV.encode(), "text/csv")},
        follow=True,
    )
    assert "không nhập lại tiêu chí được" in response.content.decode()
    assert _snapshot(world.led_by_own) == before
    assert _events() == events


def test_the_excel_download_is_an_xlsx_attachment_named_after_the_cluster_and_year(
    client_as: ClientAs, world: World
) -> None:
    table = _draft(world.member_of)
    response = client_as(world.personas.agency_leader).get(_url("xlsx", world.member_of))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="bang-cham-diem-CUM-TN-{YEAR}.xlsx"'
    )

    # The workbook carries its creation time, so the files are compared by their cells.
    def cells(data: bytes) -> list[tuple[object, ...]]:
        from io import BytesIO

        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(data), read_only=True).worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]

    assert cells(response.content) == cells(scoring_table_xlsx(table))


def test_the_group_year_page_links_to_its_scoring_table(client_as: ClientAs, world: World) -> None:
    body = (
        client_as(world.personas.member_officer)
        .get(reverse("emulation:group_year", args=["CUM-TN", YEAR]))
        .content.decode()
    )
    assert _url("table", world.member_of) in body
    assert f"Bảng chấm điểm năm {YEAR}" in body
