"""The results pages — the ranking, publication, correction, a unit's breakdown and the files —
for every persona (DESIGN.md §4.4, §4.10), and what the pages and files contain."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency
from thidua.scoring.models import Ranking, ScoringTable, SelfAssessment
from thidua.scoring.services import ranking_correct, ranking_publish
from thidua.scoring.tests.test_results import (
    BY_HAND,
    CORRECTED,
    PUBLISHED,
    active_table,
    consolidate,
    disqualify,
    events,
    give_scores,
    make_agency,
    make_cluster,
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
    "lead_officer",  # an officer of the agency that leads the cluster where own is a member
]
READERS = {"member_officer", "agency_leader", "ministry_officer", "system_admin", "lead_officer"}
LEADERS = {"system_admin", "lead_officer"}
PREVIEW = "Dự kiến, chưa công bố"
NOT_PUBLISHED = "chưa công bố"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class World:
    """CUM-TN of 2026: Đồng Tháp (``lead``) leads, ``own`` is a plain member, Cần Thơ
    (``third``) completes it; ``other`` (the outsider's agency) is not a member."""

    personas: Personas
    lead: Agency
    third: Agency
    lead_officer: User
    group_year: GroupYear
    table: ScoringTable

    def user(self, persona: str) -> Any:
        return self.lead_officer if persona == "lead_officer" else getattr(self.personas, persona)

    def score_all(self) -> dict[str, SelfAssessment]:
        """Đồng Tháp 90, own 80 (2 bonus, 2 penalty), Cần Thơ 95 but disqualified."""
        done = {
            "lead": give_scores(self.table, self.lead, i1=40, i2=15, ii1=35),
            "own": give_scores(
                self.table, self.personas.own, i1=40, i2=10, ii1=30, bonus=2, penalty=2
            ),
            "third": give_scores(self.table, self.third, i1=40, i2=20, ii1=35),
        }
        disqualify(self.table, done["third"])
        return done

    def publish(self) -> Ranking:
        self.score_all()
        return ranking_publish(actor=None, table=self.table)


@pytest.fixture
def world(personas: Personas) -> World:
    lead = make_agency("P-SCT-DT", "Sở Công Thương tỉnh Đồng Tháp")
    third = make_agency("P-SCT-CT", "Sở Công Thương thành phố Cần Thơ")
    lead_officer = user_create(
        actor=None, username="lead_officer", password=PASSWORD, full_name="lead_officer"
    )
    membership_grant(actor=None, user=lead_officer, role=Role.AGENCY_OFFICER, agency=lead)
    group_year = make_cluster(personas, "CUM-TN", [lead, personas.own, third])
    return World(personas, lead, third, lead_officer, group_year, active_table(group_year))


def url(name: str, *extra: str) -> str:
    return reverse(f"scoring:{name}", args=["CUM-TN", 2026, *extra])


def login_redirect(target: str) -> str:
    return f"/tai-khoan/dang-nhap/?next={quote(target, safe='/')}"


def expected(persona: str, *, write: bool = False) -> int:
    if persona == "anonymous":
        return 302
    if persona not in READERS:
        return 404
    if write and persona not in LEADERS:
        return 403
    return 302 if write else 200


# --- The permission matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_before_publication_only_the_cluster_leader_sees_the_preview(
    client_as: ClientAs, world: World, persona: str
) -> None:
    world.score_all()
    before = events()
    response = client_as(world.user(persona)).get(url("results"))
    assert response.status_code == expected(persona)
    assert events() == before  # reading writes nothing
    if response.status_code == 302:
        assert response["Location"] == login_redirect(url("results"))
    if response.status_code != 200:
        return
    page = response.content.decode()
    if persona in LEADERS:
        assert PREVIEW in page
        assert "Sở Công Thương tỉnh Đồng Tháp" in page
        assert "<svg" in page
        assert reverse("scoring:results_publish", args=["CUM-TN", 2026]) in page
    else:
        assert NOT_PUBLISHED in page
        assert PREVIEW not in page
        assert "Sở Công Thương tỉnh Đồng Tháp" not in page  # no totals, no names, no chart
        assert "<svg" not in page
        assert "cong-bo" not in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_after_publication_whoever_may_see_the_year_sees_the_results(
    client_as: ClientAs, world: World, persona: str
) -> None:
    world.publish()
    response = client_as(world.user(persona)).get(url("results"))
    assert response.status_code == expected(persona)
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert PREVIEW not in page
    assert "Sở Công Thương tỉnh Đồng Tháp" in page
    assert BY_HAND in page
    assert ("dinh-chinh" in page) == (persona in LEADERS)  # the correction form


@pytest.mark.parametrize("persona", PERSONAS)
def test_publishing_answers_each_persona_and_a_success_writes_one_audit_event(
    client_as: ClientAs, world: World, persona: str
) -> None:
    world.score_all()
    before = events()
    response = client_as(world.user(persona)).post(url("results_publish"))
    assert response.status_code == expected(persona, write=True)
    if persona in LEADERS:
        assert response["Location"] == url("results")
        assert Ranking.objects.filter(table=world.table).count() == 1
        assert events()[len(before) :] == [PUBLISHED]
    else:
        assert not Ranking.objects.exists()
        assert events() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_correcting_answers_each_persona_and_a_success_writes_one_audit_event(
    client_as: ClientAs, world: World, persona: str
) -> None:
    world.publish()
    before = events()
    response = client_as(world.user(persona)).post(
        url("results_correct"), {"version": 1, "reason": "Sửa điểm sau khiếu nại"}
    )
    assert response.status_code == expected(persona, write=True)
    if persona in LEADERS:
        assert Ranking.objects.filter(table=world.table).count() == 2
        assert events()[len(before) :] == [CORRECTED]
    else:
        assert Ranking.objects.count() == 1
        assert events() == before


FILES = {"results_xlsx": XLSX, "results_pdf": "application/pdf", "results_docx": DOCX}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["results_xlsx", "results_docx"])
def test_the_files_answer_each_persona_once_published(
    client_as: ClientAs, world: World, persona: str, name: str
) -> None:
    world.publish()
    response = client_as(world.user(persona)).get(url(name))
    assert response.status_code == expected(persona)
    if response.status_code == 200:
        assert response["Content-Type"] == FILES[name]
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member_officer"])
def test_the_pdf_answers_each_kind_of_persona_once_published(
    client_as: ClientAs, world: World, persona: str
) -> None:
    world.publish()
    response = client_as(world.user(persona)).get(url("results_pdf"))
    assert response.status_code == expected(persona)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("persona", ["system_admin", "lead_officer", "member_officer"])
def test_nothing_is_exported_before_publication(
    client_as: ClientAs, world: World, name: str, persona: str
) -> None:
    world.score_all()
    assert client_as(world.user(persona)).get(url(name)).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_units_breakdown_answers_each_persona(
    client_as: ClientAs, world: World, persona: str
) -> None:
    world.publish()
    response = client_as(world.user(persona)).get(url("results_unit", "P-SCT-AG"))
    assert response.status_code == expected(persona)


@pytest.mark.parametrize("name", ["results_publish", "results_correct"])
def test_the_writes_refuse_a_get(client_as: ClientAs, world: World, name: str) -> None:
    assert client_as(world.personas.system_admin).get(url(name)).status_code == 405


def test_an_unknown_cluster_or_year_is_a_404(client_as: ClientAs, world: World) -> None:
    admin = client_as(world.personas.system_admin)
    assert admin.get(reverse("scoring:results", args=["CUM-KHONG", 2026])).status_code == 404
    assert admin.get(reverse("scoring:results", args=["CUM-TN", 2025])).status_code == 404


# --- The results page -------------------------------------------------------------------------


def test_the_preview_lists_the_units_that_have_not_submitted(
    client_as: ClientAs, world: World
) -> None:
    give_scores(world.table, world.lead, i1=40)
    give_scores(world.table, world.personas.own, i1=30, submit=False)
    page = client_as(world.lead_officer).get(url("results")).content.decode()
    assert "2 đơn vị chưa nộp bản tự chấm điểm" in page
    assert "Sở Công Thương thành phố Cần Thơ" in page
    assert "(chưa nộp)" in page  # own has scores but has not submitted


def test_publishing_before_every_unit_submitted_is_refused_with_a_message(
    client_as: ClientAs, world: World
) -> None:
    give_scores(world.table, world.lead, i1=40)
    client = client_as(world.lead_officer)
    response = client.post(url("results_publish"), follow=True)
    assert "Chưa công bố được" in response.content.decode()
    assert not Ranking.objects.exists()


def test_the_published_page_shows_rank_totals_bonus_penalty_disqualifications_and_bands(
    client_as: ClientAs, world: World
) -> None:
    world.publish()
    response = client_as(world.personas.member_officer).get(url("results"))
    rows = list(response.context["rows"])
    assert [(r.rank, r.agency_code, r.total, r.band) for r in rows] == [
        (1, "P-SCT-DT", 90, "Xuất sắc"),
        (2, "P-SCT-AG", 80, "Tốt"),
        (3, "P-SCT-CT", 95, "Tốt"),
    ]
    page = response.content.decode()
    assert "+2" in page
    assert "−2" in page
    assert "Vướng điểm liệt" in page
    assert BY_HAND in page
    assert "Xuất sắc" in page
    assert 'role="img"' in page  # the chart
    for name in FILES:
        assert url(name) in page
    assert "Lần 1" in page
    assert "công bố lần đầu" in page


def test_after_a_correction_the_page_lists_both_versions_and_the_old_one_stays_readable(
    client_as: ClientAs, world: World
) -> None:
    assessments = world.score_all()
    first = ranking_publish(actor=None, table=world.table)
    consolidate(world.table, assessments["own"], "II.1", 40)  # own: 80 → 90
    ranking_correct(actor=world.lead_officer, ranking=first, reason="Sửa điểm II.1 của An Giang")
    client = client_as(world.personas.agency_leader)
    latest = client.get(url("results")).content.decode()
    assert "Sửa điểm II.1 của An Giang" in latest
    assert "?lan=1" in latest
    assert [r.total for r in client.get(url("results")).context["rows"]][:2] == [90, 90]
    old = client.get(url("results") + "?lan=1")
    assert old.status_code == 200
    assert [r.total for r in old.context["rows"]][:2] == [90, 80]
    assert "đã được đính chính" in old.content.decode()
    assert url("results_xlsx") + "?lan=1" in old.content.decode()


@pytest.mark.parametrize("version", ["9", "abc", "-1"])
def test_a_version_that_does_not_exist_is_a_404(
    client_as: ClientAs, world: World, version: str
) -> None:
    world.publish()
    response = client_as(world.personas.system_admin).get(url("results") + f"?lan={version}")
    assert response.status_code == 404


def test_the_leader_sees_what_a_correction_would_change(client_as: ClientAs, world: World) -> None:
    assessments = world.score_all()
    ranking_publish(actor=None, table=world.table)
    consolidate(world.table, assessments["own"], "II.1", 40)
    page = client_as(world.lead_officer).get(url("results")).content.decode()
    assert "tổng điểm 80 → 90" in page
    assert "xếp hạng 2 → 1" in page


def test_a_correction_without_a_reason_is_shown_on_the_form_and_changes_nothing(
    client_as: ClientAs, world: World
) -> None:
    world.publish()
    before = events()
    response = client_as(world.lead_officer).post(
        url("results_correct"), {"version": 1, "reason": "  "}
    )
    assert response.status_code == 400
    assert response.context["correct_form"].errors["reason"]
    assert Ranking.objects.count() == 1
    assert events() == before


def test_correcting_a_version_already_corrected_is_refused_with_a_message(
    client_as: ClientAs, world: World
) -> None:
    first = world.publish()
    ranking_correct(actor=None, ranking=first, reason="Lần một")
    response = client_as(world.lead_officer).post(
        url("results_correct"), {"version": 1, "reason": "Lần hai"}, follow=True
    )
    assert "Chỉ đính chính được lần công bố mới nhất." in response.content.decode()
    assert Ranking.objects.count() == 2


def test_publishing_twice_from_the_page_is_refused_with_a_message(
    client_as: ClientAs, world: World
) -> None:
    world.publish()
    response = client_as(world.lead_officer).post(url("results_publish"), follow=True)
    assert "Kết quả đã công bố" in response.content.decode()
    assert Ranking.objects.count() == 1


def test_the_results_page_costs_the_same_queries_for_more_units(
    client_as: ClientAs,
    world: World,
    personas: Personas,
    django_assert_max_num_queries: Any,
) -> None:
    world.publish()
    client = client_as(world.lead_officer)
    client.get(url("results"))  # warm the session and the content types
    with django_assert_max_num_queries(40) as captured:
        client.get(url("results"))
    small = len(captured.captured_queries)
    extra = [make_agency(f"X-{n}", f"Đơn vị thêm {n}") for n in range(6)]
    group_year = make_cluster(personas, "CUM-LON", [world.lead, *extra])
    table = active_table(group_year)
    for agency in [world.lead, *extra]:
        give_scores(table, agency, i1=20)
    ranking_publish(actor=None, table=table)
    big_url = reverse("scoring:results", args=["CUM-LON", 2026])
    client.get(big_url)
    with django_assert_max_num_queries(small) as captured:
        client.get(big_url)


# --- A unit's breakdown -----------------------------------------------------------------------


def test_the_breakdown_shows_each_criterion_self_and_final_with_group_sums(
    client_as: ClientAs, world: World
) -> None:
    assessments = world.score_all()
    consolidate(world.table, assessments["own"], "I.2", 5)  # own: I.2 10 → 5 before publishing
    ranking_publish(actor=None, table=world.table)
    response = client_as(world.personas.member_officer).get(url("results_unit", "P-SCT-AG"))
    lines = {line.node.criterion.code: line for line in response.context["lines"]}
    assert (lines["I.1"].self_points, lines["I.1"].final_points) == (40, 40)
    assert (lines["I.2"].self_points, lines["I.2"].final_points) == (10, 5)
    assert lines["I.2"].consolidated
    assert (lines["I"].self_points, lines["I"].final_points) == (50, 45)
    assert not lines["I"].changed
    assert response.context["row"].total == 75
    page = response.content.decode()
    assert "điểm thống nhất của cụm: Theo kết quả thẩm định" in page


def test_the_breakdown_shows_the_disqualifications(client_as: ClientAs, world: World) -> None:
    world.publish()
    page = client_as(world.personas.member_officer).get(url("results_unit", "P-SCT-CT"))
    assert BY_HAND in page.content.decode()


def test_the_breakdown_flags_a_group_changed_after_publication(
    client_as: ClientAs, world: World
) -> None:
    assessments = world.score_all()
    ranking_publish(actor=None, table=world.table)
    consolidate(world.table, assessments["own"], "II.1", 40)
    response = client_as(world.personas.member_officer).get(url("results_unit", "P-SCT-AG"))
    lines = {line.node.criterion.code: line for line in response.context["lines"]}
    assert lines["II"].changed
    assert not lines["I"].changed
    assert response.context["row"].total == 80  # the published total stands


def test_before_publication_a_member_sees_no_breakdown_and_the_leader_the_preview(
    client_as: ClientAs, world: World
) -> None:
    world.score_all()
    member = client_as(world.personas.member_officer).get(url("results_unit", "P-SCT-AG"))
    assert member.status_code == 200
    assert member.context["row"] is None
    leader = client_as(world.lead_officer).get(url("results_unit", "P-SCT-AG"))
    assert PREVIEW in leader.content.decode()
    assert leader.context["row"].total == 80


def test_a_unit_that_is_not_a_member_is_a_404(client_as: ClientAs, world: World) -> None:
    world.publish()
    client = client_as(world.personas.system_admin)
    assert client.get(url("results_unit", "P-SCT-CM")).status_code == 404  # other
    assert client.get(url("results_unit", "KHONG-CO")).status_code == 404


# --- The files --------------------------------------------------------------------------------


def test_the_spreadsheet_has_a_header_and_the_ranking_with_numbers_as_numbers(
    client_as: ClientAs, world: World
) -> None:
    world.publish()
    response = client_as(world.personas.member_officer).get(url("results_xlsx"))
    assert "ket-qua-xep-hang-CUM-TN-2026.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Thứ tự",
        "Xếp hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Tổng điểm tự chấm",
        "I (60)",
        "II (40)",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Vướng điểm liệt",
        "Các điểm liệt",
        "Xếp loại",
    )
    assert rows[1:] == [
        (
            1,
            1,
            "P-SCT-DT",
            "Sở Công Thương tỉnh Đồng Tháp",
            90,
            55,
            35,
            0,
            0,
            90,
            "không",
            None,
            "Xuất sắc",
        ),
        (
            2,
            2,
            "P-SCT-AG",
            "Sở Công Thương tỉnh An Giang",
            80,
            50,
            30,
            2,
            2,
            80,
            "không",
            None,
            "Tốt",
        ),
        (
            3,
            3,
            "P-SCT-CT",
            "Sở Công Thương thành phố Cần Thơ",
            95,
            60,
            35,
            0,
            0,
            95,
            "có",
            BY_HAND,
            "Tốt",
        ),
    ]
    assert sheet["J2"].number_format == "0.00"
    assert sheet["D1"].font.bold
    assert sheet.column_dimensions["D"].width == 44
    assert sheet.freeze_panes == "E2"


def test_the_pdf_is_the_report_with_the_national_header_and_the_result_table(
    client_as: ClientAs, world: World
) -> None:
    world.publish()
    response = client_as(world.personas.member_officer).get(url("results_pdf"))
    text = " ".join(
        (page.extract_text() or "") for page in PdfReader(io.BytesIO(response.content)).pages
    )
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert "BÁO CÁO" in flat
    assert "Kết quả chấm điểm, xếp hạng thi đua năm 2026" in flat
    for header in ("STT", "Đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại", "Ghi chú"):
        assert header in flat
    for cell in ("Sở Công Thương tỉnh Đồng Tháp", "90,00", "Xuất sắc", "95,00"):
        assert cell in flat
    assert "Điểm liệt: Tập thể mất đoàn kết" in flat
    assert "TM. CỤM THI ĐUA" in flat
    assert "CỤM TRƯỞNG" in flat
    # the rows in the published order
    assert flat.index("Đồng Tháp 90,00") < flat.index("An Giang 80,00") < flat.index("Cần Thơ 95")


def test_the_docx_is_the_same_report_with_its_table(client_as: ClientAs, world: World) -> None:
    world.publish()
    response = client_as(world.personas.member_officer).get(url("results_docx"))
    document = Document(io.BytesIO(response.content))
    result = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    cells = [[cell.text for cell in row.cells] for row in result.rows]
    assert cells == [
        ["STT", "Đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại", "Ghi chú"],
        ["1", "Sở Công Thương tỉnh Đồng Tháp", "90,00", "1", "Xuất sắc", ""],
        ["2", "Sở Công Thương tỉnh An Giang", "80,00", "2", "Tốt", ""],
        ["3", "Sở Công Thương thành phố Cần Thơ", "95,00", "3", "Tốt", f"Điểm liệt: {BY_HAND}"],
    ]
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts


def test_an_old_version_is_exported_when_asked_for(client_as: ClientAs, world: World) -> None:
    assessments = world.score_all()
    first = ranking_publish(actor=None, table=world.table)
    consolidate(world.table, assessments["own"], "II.1", 40)
    ranking_correct(actor=None, ranking=first, reason="Sửa điểm")
    client = client_as(world.personas.member_officer)
    latest = client.get(url("results_xlsx"))
    assert "lan-2" in latest["Content-Disposition"]
    old = client.get(url("results_xlsx") + "?lan=1")
    sheet = load_workbook(io.BytesIO(old.content)).active
    assert sheet is not None
    assert [row[9] for row in sheet.iter_rows(min_row=2, values_only=True)] == [90, 80, 95]


def test_without_a_table_the_page_says_so_and_there_is_nothing_to_publish(
    client_as: ClientAs, world: World, personas: Personas
) -> None:
    make_cluster(personas, "CUM-MOI", [world.lead, personas.own])
    client = client_as(world.lead_officer)
    page = client.get(reverse("scoring:results", args=["CUM-MOI", 2026]))
    assert page.status_code == 200
    assert "Chưa có bảng chấm điểm cho năm này." in page.content.decode()
    publish = client.post(reverse("scoring:results_publish", args=["CUM-MOI", 2026]))
    assert publish.status_code == 404
