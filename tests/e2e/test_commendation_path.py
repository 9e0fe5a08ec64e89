"""From the cluster's secret ballot to the minister's decision and the history, in a browser.

Cluster XI's 2023 ranking is published (Cần Thơ first). Cần Thơ's officer, the cluster
leader, opens a ballot session at the year-end meeting: the ministry's flag for the leading
unit (from the ranking) and the minister's certificate of merit for two staff (added by their
codes). Each of the six units' representatives checks in and votes on the secret ballot. The
leader closes and publishes the result, prepares the proposal from it, writes the staff's
achievement reports, has the meeting and count minutes drawn up from the session and sends
it. The ministry's officer accepts it
and sets up the council's vote on the flag; the council members vote; the officer publishes
the result, drafts the decision, completes it and issues it. The flag and the certificates
appear in the history of Cần Thơ and of each person. An officer of an unrelated department
gets a 404 for the proposal. The decision downloads as a .docx naming the number and awardees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

LEADER = "truongcum.cantho"
REPRESENTATIVES = {
    "SCT-AG": "daidien.angiang",
    "SCT-KG": "daidien.kiengiang",
    "SCT-CT": LEADER,
    "SCT-HG": "daidien.haugiang",
    "SCT-BL": "daidien.baclieu",
    "SCT-CM": "daidien.camau",
}
COUNCIL = ["hoidong", "hoidong.2"]
MINISTRY = "bocongthuong"
OUTSIDER = "canbo.dongthap.totrinh"
STAFF = {"CN-0010": "Trần Hữu Lộc", "CN-0002": "Huỳnh Kim Diễm"}


def _users() -> None:
    from thidua.accounts.choices import Role
    from thidua.accounts.services import membership_grant, user_create
    from thidua.devtools.demo_awards import seed_demo_awards
    from thidua.organizations.models import Agency

    seed_demo_awards()

    def user(username: str, role: Role, code: str) -> None:
        created = user_create(
            actor=None, username=username, password="thidua-demo", full_name=username
        )
        membership_grant(actor=None, user=created, role=role, agency=Agency.objects.get(code=code))

    user(LEADER, Role.AGENCY_OFFICER, "SCT-CT")
    for code, username in REPRESENTATIVES.items():
        if username != LEADER:
            user(username, Role.AGENCY_LEADER, code)
    user("hoidong.2", Role.COUNCIL_MEMBER, "BCT")
    user(OUTSIDER, Role.AGENCY_OFFICER, "SCT-DT-2025")


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _vote(page: Page, session_url: str, choices: list[str]) -> None:
    """Check in on the session page and cast the ballot with ``choices`` ticked."""
    page.goto(session_url)
    page.get_by_role("button", name="Điểm danh và nhận phiếu").click()
    expect(page.get_by_role("heading", name="Phiếu bầu")).to_be_visible()
    expect(page.locator("code.ballot-token")).not_to_be_empty()
    for name in choices:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Bỏ phiếu").click()
    expect(page.get_by_role("heading", name="Phiếu đã được bỏ vào hòm phiếu")).to_be_visible()


def test_ballot_proposal_council_decision_and_history(
    new_page: Callable[..., Page], tmp_path: Path
) -> None:
    _users()
    leader = new_page()
    log_in(leader, LEADER)

    # the leader opens the ballot: the flag from the ranking, two staff by their codes
    leader.goto("/bieu-quyet/cum/CUM-XI/2023/")
    form = leader.locator("main form").first
    form.get_by_label("Tên phiên").fill("Bình xét khen thưởng năm 2023")
    form.get_by_label("Ngày họp").fill("2024-01-12")
    form.get_by_label("Địa điểm").fill("Thành phố Cần Thơ")
    form.get_by_role("button", name="Lập phiên").click()
    session_url = leader.url
    assert re.search(r"/bieu-quyet/\d+/$", session_url)

    question = leader.locator("form[action$='/noi-dung/']")
    question.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(
        label="Cờ thi đua của bộ, ban, ngành, tỉnh"
    )
    question.get_by_role("button", name="Thêm").click()
    leader.locator("form[action*='/xep-hang']").get_by_role("button", name="Thêm").click()
    question = leader.locator("form[action$='/noi-dung/']")
    question.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(
        label="Bằng khen của bộ, ban, ngành, tỉnh"
    )
    question.get_by_label("Số được chọn tối đa").fill("2")
    question.get_by_role("button", name="Thêm").click()
    for code in STAFF:
        merit = leader.locator("article.card").last
        merit.get_by_text("Bổ sung ứng viên có lý do").click()
        merit.locator("[name=person_code]").fill(code)
        merit.locator("[name=reason]").fill("Hai năm liên tục Chiến sĩ thi đua cơ sở")
        merit.get_by_role("button", name="Bổ sung").click()
    for name in STAFF.values():
        expect(leader.get_by_text(name)).to_be_visible()
    leader.get_by_role("button", name="Mở bỏ phiếu").click()

    # every unit's representative votes in secret; nobody votes for its own unit
    for code, username in REPRESENTATIVES.items():
        voter = leader if username == LEADER else new_page()
        if voter is not leader:
            log_in(voter, username)
        flag = [] if code == "SCT-CT" else ["Sở Công Thương thành phố Cần Thơ"]
        _vote(voter, session_url, [*flag, *STAFF.values()])

    leader.goto(session_url)
    leader.get_by_role("button", name="Kết thúc bỏ phiếu").click()
    expect(leader.get_by_role("heading", name="Kết quả bỏ phiếu")).to_be_visible()
    expect(leader.get_by_text("công bố số phiếu sẽ làm lộ phiếu bầu")).to_be_visible()
    leader.get_by_role("button", name="Công bố kết quả").click()
    expect(leader.get_by_text("Trúng cử").first).to_be_visible()

    # the proposal, its reports and minutes, sent
    leader.goto("/khen-thuong/to-trinh/cum/CUM-XI/2023/")
    leader.get_by_role("button", name="Lập tờ trình từ kết quả bình xét").click()
    leader.get_by_label("Số, ký hiệu").fill("25/TTr-SCT")
    leader.get_by_label("Ngày tờ trình").fill("2024-01-19")
    leader.get_by_role("button", name="Lưu", exact=True).click()
    for name in STAFF.values():
        row = (
            leader.locator("tr.report-row")
            .filter(has=leader.locator("textarea"))
            .nth(list(STAFF.values()).index(name) + 1)
        )
        row.get_by_label("Báo cáo thành tích").fill(f"{name}: hai năm liên tục CSTĐ cơ sở.")
        row.get_by_role("button", name="Lưu báo cáo").click()
    leader.get_by_role(
        "button", name="Lập biên bản họp và biên bản kiểm phiếu từ phiên bình xét"
    ).click()
    expect(leader.get_by_role("link", name=re.compile(r"^Biên bản họp: "))).to_be_visible()
    expect(leader.get_by_role("link", name=re.compile(r"^Biên bản kiểm phiếu: "))).to_be_visible()
    expect(leader.get_by_text("Hồ sơ đủ")).to_be_visible()
    leader.get_by_role("button", name="Gửi tờ trình").click()
    expect(leader.locator(".state")).to_have_text("Đã gửi Bộ")
    proposal_url = leader.url

    # the ministry accepts; its council votes on the flag
    ministry = new_page()
    log_in(ministry, MINISTRY)
    ministry.goto(proposal_url)
    ministry.get_by_role("button", name="Tiếp nhận").click()
    ministry.get_by_label("Ngày họp Hội đồng").fill("2024-03-08")
    ministry.get_by_role("button", name="Lập phiên bỏ phiếu của Hội đồng").click()
    ministry.get_by_role("link", name="Hội đồng xét tờ trình 25/TTr-SCT").click()
    council_url = ministry.url
    ministry.get_by_role("button", name="Mở bỏ phiếu").click()
    for username in COUNCIL:
        member = new_page()
        log_in(member, username)
        _vote(member, council_url, ["Sở Công Thương thành phố Cần Thơ"])
    ministry.goto(council_url)
    ministry.get_by_role("button", name="Kết thúc bỏ phiếu").click()
    ministry.get_by_role("button", name="Công bố kết quả").click()

    # the decision, completed and issued
    ministry.goto(proposal_url)
    ministry.get_by_role("button", name="Dự thảo quyết định").click()
    ministry.get_by_label("Số, ký hiệu").fill("686/QĐ-BCT")
    ministry.get_by_label("Ngày ban hành").fill("2024-03-22")
    ministry.get_by_label("Người ký", exact=True).fill("Bộ trưởng (mẫu)")
    ministry.get_by_label("Chức vụ người ký").fill("Bộ trưởng")
    ministry.get_by_label("Căn cứ pháp lý").fill("Luật Thi đua, khen thưởng năm 2022;")
    ministry.get_by_role("button", name="Lưu dự thảo").click()
    ministry.get_by_role("button", name="Ban hành").click()
    expect(ministry.get_by_text("Đã ghi")).to_have_count(3)
    with ministry.expect_download() as download:
        ministry.get_by_role("link", name="Quyết định (.docx)").click()
    path = tmp_path / "quyet-dinh.docx"
    download.value.save_as(path)
    text = _docx_text(path)
    for expected in ["686/QĐ-BCT", "QUYẾT ĐỊNH", "Sở Công Thương thành phố Cần Thơ"]:
        assert expected in text, expected
    for name in STAFF.values():
        assert name in text, name

    # the history shows what the decision granted
    ministry.goto("/khen-thuong/don-vi/SCT-CT/")
    expect(ministry.get_by_text("686/QĐ-BCT").first).to_be_visible()
    for code in STAFF:
        ministry.goto(f"/khen-thuong/ca-nhan/{code}/")
        expect(ministry.get_by_text("686/QĐ-BCT").first).to_be_visible()

    outsider = new_page()
    log_in(outsider, OUTSIDER)
    response = outsider.goto(proposal_url)
    assert response is not None
    assert response.status == 404
