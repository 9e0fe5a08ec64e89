"""The issue's year-end scoring path for the demo cluster XI's 2026 year, clicked through in a
real browser, from an empty self-assessment to the published ranking.

The leading member's officer (Cà Mau) sets up and activates the default table. An Giang's
officer fills its self-assessment from empty — a score above the maximum is refused in place,
evidence is uploaded — and An Giang's leader submits it; the officer cannot. Cần Thơ and Cà Mau
score themselves through the services (faster, and the same code). The leader chooses the
review mode; An Giang reviews Cần Thơ in the grid, in place; the leader consolidates one score
and publishes. A non-leading member is refused the leader's acts (403) and an outsider sees
nothing (404). The published ranking is then read back through ``ranking_export``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, outside_the_event_loop

pytestmark = pytest.mark.e2e

BASE = "/cham-diem/CUM-XI/2026"
LEADER_OFFICER = "canbo.camau"  # officer of SCT-CM-2025, the 2026 leader
MEMBER_OFFICER = "canbo.angiang"  # officer of SCT-AG-2025, an ordinary member
MEMBER_LEADER = "lanhdao.angiang"
OUTSIDER = "canbo.dongthap"  # made here: officer of SCT-DT-2025, not in cluster XI


@dataclass(frozen=True)
class Leaf:
    pk: int
    code: str
    kind: str
    max_points: Decimal
    evidence_required: bool


def _make_outsider() -> None:
    from thidua.accounts.choices import Role
    from thidua.accounts.services import membership_grant, user_create
    from thidua.organizations.models import Agency

    user = user_create(
        actor=None, username=OUTSIDER, password="thidua-demo", full_name="Cán bộ Đồng Tháp"
    )
    membership_grant(
        actor=None,
        user=user,
        role=Role.AGENCY_OFFICER,
        agency=Agency.objects.get(code="SCT-DT-2025"),
    )


def _leaves() -> list[Leaf]:
    from thidua.scoring.models import ScoringTable
    from thidua.scoring.selectors import scorable_criteria

    table = ScoringTable.objects.get(group_year__group__code="CUM-XI", group_year__year=2026)
    return [
        Leaf(c.pk, c.code, c.kind, c.max_points, c.evidence_required)
        for c in scorable_criteria(table)
    ]


def _score_the_others() -> None:
    """Cần Thơ and Cà Mau score every criterion (Cần Thơ a little lower) and submit."""
    from thidua.organizations.models import Agency
    from thidua.scoring import services
    from thidua.scoring.models import ScoringTable
    from thidua.scoring.selectors import scorable_criteria

    table = ScoringTable.objects.get(group_year__group__code="CUM-XI", group_year__year=2026)
    for code, less in (("SCT-CT-2025", Decimal("1")), ("SCT-CM-2025", Decimal("0.5"))):
        agency = Agency.objects.get(code=code)
        assessment = services.self_assessment_open(actor=None, table=table, agency=agency)
        for criterion in scorable_criteria(table):
            if criterion.kind != "criterion":
                continue
            points = max(criterion.max_points - less, Decimal("0"))
            if criterion.evidence_required:
                points = Decimal("0")
            services.self_score_save(
                actor=None,
                assessment=assessment,
                criterion=criterion,
                points=points,
                explanation="Tự chấm theo báo cáo tổng kết năm (dữ liệu kiểm thử)",
                version=None,
            )
        services.self_assessment_submit(actor=None, assessment=assessment)


def _post_status(page: Page, path: str) -> int:
    """POST ``path`` from the signed-in page with its CSRF token, as a form would."""
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value") or ""
    response = page.request.post(
        path, form={"csrfmiddlewaretoken": token}, headers={"Referer": page.url}
    )
    return response.status


def _save_row(page: Page, leaf: Leaf, points: str, explanation: str) -> None:
    row = page.locator(f"#score-{leaf.pk}")
    with page.expect_response(lambda r: f"/tieu-chi/{leaf.pk}/" in r.url):
        row.get_by_label(f"Giải trình {leaf.code}").fill(explanation)
        row.get_by_label(f"Giải trình {leaf.code}").press("Tab")
    row = page.locator(f"#score-{leaf.pk}")
    with page.expect_response(lambda r: f"/tieu-chi/{leaf.pk}/" in r.url):
        row.get_by_label(f"Điểm tự chấm {leaf.code}").fill(points)
        row.get_by_label(f"Điểm tự chấm {leaf.code}").press("Tab")


def test_the_demo_cluster_scores_reviews_and_publishes_its_year_in_the_browser(
    new_page: Callable[..., Page], tmp_path: Path
) -> None:
    outside_the_event_loop(_make_outsider)

    # The leader sets the table up.
    leader = new_page()
    log_in(leader, LEADER_OFFICER)
    leader.goto(f"{BASE}/")
    leader.get_by_role("button", name="Lập bảng mặc định").click()
    leader.get_by_role("button", name="Áp dụng bảng").click()
    expect(leader.locator("main")).to_contain_text("Đang áp dụng")
    leaves = outside_the_event_loop(_leaves)

    # An Giang's officer scores from an empty self-assessment.
    officer = new_page()
    log_in(officer, MEMBER_OFFICER)
    officer.goto(f"{BASE}/tu-cham/SCT-AG-2025/")
    officer.get_by_role("button", name="Bắt đầu tự chấm").click()
    first = next(leaf for leaf in leaves if leaf.kind == "criterion")
    row = officer.locator(f"#score-{first.pk}")
    with officer.expect_response(lambda r: f"/tieu-chi/{first.pk}/" in r.url) as too_high:
        row.get_by_label(f"Điểm tự chấm {first.code}").fill(str(first.max_points + 1))
        row.get_by_label(f"Điểm tự chấm {first.code}").press("Tab")
    assert too_high.value.status == 422
    expect(officer.locator(f"#score-{first.pk}")).to_contain_text("vượt điểm tối đa")
    evidence = tmp_path / "bao-cao-minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    for leaf in leaves:
        if leaf.kind != "criterion":
            continue
        _save_row(officer, leaf, f"{leaf.max_points}", f"Kết quả {leaf.code} (kiểm thử)")
        if leaf.evidence_required:
            upload = officer.locator(f"#evidence-{leaf.pk}")
            upload.set_input_files(str(evidence))
            upload.locator("xpath=ancestor::form").get_by_role("button", name="Tải lên").click()
            expect(officer.locator("main")).to_contain_text("bao-cao-minh-chung.pdf")
    officer.reload()
    expect(officer.get_by_role("button", name="Nộp bản tự chấm điểm")).to_have_count(0)

    # An Giang's leader submits; the form is read-only afterwards.
    head = new_page()
    log_in(head, MEMBER_LEADER)
    head.goto(f"{BASE}/tu-cham/SCT-AG-2025/")
    head.get_by_role("button", name="Nộp bản tự chấm điểm").click()
    expect(head.locator("main")).to_contain_text("Đã nộp")
    expect(head.locator("input[name=points]")).to_have_count(0)
    outside_the_event_loop(_score_the_others)

    # The leader chooses the mode; every member reviews every other.
    leader.goto(f"{BASE}/cham-cheo/")
    leader.get_by_label("Mỗi đơn vị chấm tất cả các đơn vị khác").check()
    leader.get_by_role("button", name="Phân công").click()
    expect(leader.locator("main")).to_contain_text("Cần Thơ")

    # An Giang reviews Cần Thơ in the grid, in place.
    officer.goto(f"{BASE}/cham-cheo/luoi/")
    target = next(leaf for leaf in leaves if leaf.kind == "criterion" and leaf.max_points >= 2)
    officer.get_by_role(
        "link", name=re.compile(rf"sửa {re.escape(target.code)}, .*Cần Thơ")
    ).click()
    form = officer.locator("form.cell-form")
    form.get_by_label("Điểm đề xuất").fill(str(target.max_points - 2))
    form.get_by_label("Lý do").fill("Minh chứng chưa thể hiện số liệu cả năm (kiểm thử)")
    with officer.expect_response(lambda r: "/cham-cheo/o/" in r.url and r.request.method == "POST"):
        form.get_by_role("button", name="Lưu").click()
    expect(officer.locator("form.cell-form")).to_have_count(0)
    expect(officer.locator(".grid")).to_contain_text(
        f"{target.max_points - 2:f}".rstrip("0").rstrip(".")
    )

    # A member that does not lead is refused the leader's acts; an outsider sees nothing.
    officer.goto(f"{BASE}/ket-qua/")
    expect(officer.get_by_role("button", name="Công bố kết quả")).to_have_count(0)
    assert _post_status(officer, f"{BASE}/ket-qua/cong-bo/") == 403
    outsider = new_page()
    log_in(outsider, OUTSIDER)
    for path in ("/", "/tu-cham/SCT-AG-2025/", "/cham-cheo/luoi/", "/thong-nhat/", "/ket-qua/"):
        response = outsider.goto(f"{BASE}{path}")
        assert response is not None
        assert response.status == 404, path

    # The leader consolidates Cần Thơ's reviewed criterion and publishes.
    leader.goto(f"{BASE}/thong-nhat/")
    leader.get_by_role("link", name=re.compile(rf"sửa {re.escape(target.code)}, .*Cần Thơ")).click()
    final = leader.locator("form.cell-form")
    final.get_by_label("Điểm thống nhất").fill(str(target.max_points - 1))
    with leader.expect_response(lambda r: "/thong-nhat/o/" in r.url and r.request.method == "POST"):
        final.get_by_role("button", name="Lưu").click()
    leader.goto(f"{BASE}/ket-qua/")
    expect(leader.locator("main")).to_contain_text("Dự kiến, chưa công bố")
    leader.get_by_role("button", name="Công bố kết quả").click()
    expect(leader.locator("main svg[role=img]")).to_be_visible()
    expect(leader.get_by_role("button", name="Công bố kết quả")).to_have_count(0)

    # Every member now sees the published results; the command line reads the same ranking.
    officer.goto(f"{BASE}/ket-qua/")
    expect(officer.locator("main")).to_contain_text("Cà Mau")
    out = io.StringIO()
    outside_the_event_loop(lambda: call_command("ranking_export", "CUM-XI", "2026", stdout=out))
    lines = out.getvalue().splitlines()
    assert lines[0] == "rank,agency_code,agency_name,total,disqualified"
    # An Giang scored every criterion fully; Cần Thơ's consolidated score on the reviewed
    # criterion (which it had scored 0 for want of evidence) lifts it above Cà Mau.
    rows = [line.split(",") for line in lines[1:]]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("1", "SCT-AG-2025", "false"),
        ("2", "SCT-CT-2025", "false"),
        ("3", "SCT-CM-2025", "false"),
    ]
    assert rows[0][3] == "100.00"
