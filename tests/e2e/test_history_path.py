"""The commendation history in a real browser: search, a person's timeline, an eligibility
explanation, keeping the verdict, and the flag it gets when a record it used is revoked.

The ministry officer searches "lam thi ngoc han" without accents, opens Lâm Thị Ngọc Hân's
timeline, asks whether she may be proposed for Chiến sĩ thi đua bộ for 2025 as of 16/03/2026
(eligible: three years of Chiến sĩ thi đua cơ sở and a province-scope initiative), keeps the
verdict; her 2024 title is then revoked and the timeline shows the kept verdict flagged with
the revoking decision. The merged An Giang department's Bằng khen needs review. An officer of an
unrelated department gets a 404 for her timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

MINISTRY = "bocongthuong"
OUTSIDER = "canbo.dongthap.lichsu"


def _seed_histories_and_outsider() -> None:
    from thidua.accounts.choices import Role
    from thidua.accounts.services import membership_grant, user_create
    from thidua.devtools.demo_awards import seed_demo_awards
    from thidua.organizations.models import Agency

    seed_demo_awards()
    user = user_create(
        actor=None, username=OUTSIDER, password="thidua-demo", full_name="Cán bộ Đồng Tháp"
    )
    membership_grant(
        actor=None,
        user=user,
        role=Role.AGENCY_OFFICER,
        agency=Agency.objects.get(code="SCT-DT-2025"),
    )


def _revoke_her_2024_title() -> str:
    from thidua.awards.models import CommendationRecord
    from thidua.awards.services import record_revoke

    record = CommendationRecord.objects.get(
        person__code="CN-0101", award__code="chien_si_thi_dua_co_so", year=2024
    )
    record_revoke(
        actor=None, record=record, decision_number="99/QĐ-SCT", revoked_on=dt.date(2026, 5, 4)
    )
    return "99/QĐ-SCT"


def test_search_timeline_eligibility_and_a_flag_after_revocation(
    page: Page, new_page: Callable[..., Page]
) -> None:
    _seed_histories_and_outsider()
    log_in(page, MINISTRY)

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Khen thưởng"
    ).click()
    page.get_by_label(re.compile("Họ tên, tên đơn vị")).fill("lam thi ngoc han")
    page.get_by_label(re.compile("Họ tên, tên đơn vị")).press("Enter")
    page.get_by_role("link", name="Lâm Thị Ngọc Hân").first.click()

    expect(page).to_have_url(re.compile(r"/khen-thuong/ca-nhan/CN-0101/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lâm Thị Ngọc Hân")
    expect(page.get_by_text("Chiến sĩ thi đua cơ sở").first).to_be_visible()

    form = page.locator("form.eligibility-form")
    form.get_by_label("Danh hiệu, hình thức").select_option("chien_si_thi_dua_bo")
    form.get_by_label("Năm xét").fill("2025")
    form.get_by_role("button", name="Xét điều kiện").click()
    expect(page).to_have_url(re.compile(r"/khen-thuong/xet-dieu-kien/\?"))
    page.get_by_label("Ngày xét").fill("16/03/2026")
    page.get_by_role("button", name="Xét", exact=True).click()

    expect(page.locator(".verdict-line")).to_contain_text("Đủ điều kiện")
    chain = page.locator("#rule-chain")
    expect(chain).to_contain_text("Chiến sĩ thi đua cơ sở 2023")
    expect(chain).to_contain_text("Chiến sĩ thi đua cơ sở 2025")
    page.get_by_role("button", name="Lưu kết quả xét").click()
    expect(page.get_by_text(re.compile("Đã lưu kết quả xét"))).to_be_visible()

    decision = _revoke_her_2024_title()
    page.goto("/khen-thuong/ca-nhan/CN-0101/")
    flag = page.locator("tr.check.flagged")
    expect(flag).to_contain_text("Cần xem lại")
    expect(flag).to_contain_text(decision)
    expect(flag).to_contain_text("Không đủ điều kiện")

    page.goto(
        "/khen-thuong/xet-dieu-kien/?recipient=SCT-AG-2025&award=bang_khen_bo&year=2025"
        "&as_of=30/06/2026"
    )
    expect(page.locator(".verdict-line")).to_contain_text("Cần xem xét")
    expect(page.locator("#rule-achievements")).to_contain_text("từ đơn vị trước SCT-AG")

    outsider = new_page()
    log_in(outsider, OUTSIDER)
    response = outsider.goto("/khen-thuong/ca-nhan/CN-0101/")
    assert response is not None
    assert response.status == 404
