"""What a user sees in a real browser: the issue's "must show" list."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_the_home_page_is_in_vietnamese(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thi đua là yêu nước")
    expect(page.locator("main").get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(page).to_have_title(re.compile("Trang chủ"))


def test_the_ministry_officer_logs_in_and_sees_the_agencies(page: Page) -> None:
    log_in(page, "bocongthuong")
    expect(page.locator(".site-header")).to_contain_text("Cán bộ thi đua Bộ Công Thương")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đơn vị"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị")
    expect(page.locator("#results")).to_contain_text("Sở Công Thương tỉnh Cà Mau")


def test_a_wrong_password_is_refused_in_vietnamese(page: Page) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    form = page.locator("main form")
    form.get_by_label("Tên đăng nhập").fill("bocongthuong")
    form.get_by_label("Mật khẩu").fill("not-the-password")
    form.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa lưu được")
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))


def test_searching_without_tone_marks_finds_kien_giang_without_a_reload(
    log_in_as: Callable[[str], Page],
) -> None:
    page = log_in_as("bocongthuong")
    page.goto("/don-vi/")
    page.evaluate("window.__stillThisPage = true")
    page.get_by_label("Tìm theo tên hoặc mã").fill("kien giang")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Sở Công Thương tỉnh Kiên Giang")).to_be_visible()
    expect(results.get_by_role("link", name="Sở Công Thương tỉnh Cà Mau")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"q=kien(\+|%20)giang"))
    assert page.evaluate("window.__stillThisPage === true"), "the search reloaded the page"


def test_kien_giang_shows_its_merger_into_an_giang(log_in_as: Callable[[str], Page]) -> None:
    page = log_in_as("bocongthuong")
    page.goto("/don-vi/SCT-KG/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sở Công Thương tỉnh Kiên Giang")
    expect(page.locator(".notice")).to_contain_text("đã kết thúc hoạt động ngày 30/06/2025")
    timeline = page.locator(".timeline")
    event = timeline.locator("li", has=page.locator("time", has_text="01/07/2025"))
    expect(event).to_contain_text(re.compile("sáp nhập", re.IGNORECASE))
    expect(event.locator('a[aria-current="page"]')).to_have_text(
        re.compile("Sở Công Thương tỉnh Kiên Giang")
    )
    # The old and the merged An Giang departments share a name: their codes tell them apart.
    expect(event.get_by_text("SCT-AG", exact=True)).to_be_visible()
    expect(event.get_by_text("SCT-AG-2025", exact=True)).to_be_visible()
    successor = event.locator('a[href$="/don-vi/SCT-AG-2025/"]')
    expect(successor).to_contain_text("Sở Công Thương tỉnh An Giang")
    successor.click()
    expect(page).to_have_url(re.compile(r"/don-vi/SCT-AG-2025/$"))
    expect(page.locator(".facts")).to_contain_text("SCT-AG-2025")


def test_an_outsider_gets_the_vietnamese_not_found_page_for_an_giang_people(
    log_in_as: Callable[[str], Page],
) -> None:
    page = log_in_as("canbo.camau")
    response = page.goto("/don-vi/ca-nhan/CN-0001/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    expect(page.locator("main")).not_to_contain_text("Nguyễn Minh Hùng")


def test_the_language_switch_goes_to_english_and_back(page: Page) -> None:
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "vi")
    page.locator(".site-header").get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    page.locator(".site-header").get_by_role("button", name="Tiếng Việt").click()
    expect(html).to_have_attribute("lang", "vi")


@pytest.mark.parametrize("path", ["/don-vi/", "/don-vi/?q=kien+giang", "/don-vi/SCT-AG-2025/"])
def test_a_phone_shows_the_pages_without_sideways_scrolling(
    new_page: Callable[..., Page], path: str
) -> None:
    page = new_page(width=390, height=844)
    log_in(page, "bocongthuong")
    page.goto(path)
    expect(page.locator("main h1")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"


def test_the_skip_link_comes_first_and_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
