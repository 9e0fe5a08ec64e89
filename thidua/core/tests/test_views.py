"""The home page and the error pages of the shell, in Vietnamese, for every persona."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from thidua.core import views
from thidua.core.testing import Personas

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


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_home_page_is_open_to_everyone_and_in_vietnamese(
    client_as: ClientAs, personas: Personas, persona: str
) -> None:
    response = client_as(getattr(personas, persona)).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Thi đua" in body
    assert "Thi đua là yêu nước, yêu nước thì phải thi đua" in body
    signed_in = persona != "anonymous"
    assert ("Danh sách đơn vị" in body) is signed_in
    assert ("Đăng xuất" in body) is signed_in
    assert ('href="/tai-khoan/dang-nhap/"' in body) is not signed_in


def test_the_home_page_names_the_signed_in_user(client_as: ClientAs, personas: Personas) -> None:
    body = client_as(personas.agency_leader).get("/").content.decode()
    assert '<span class="who">agency_leader</span>' in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_missing_page_is_the_vietnamese_404_page(
    client_as: ClientAs, personas: Personas, persona: str
) -> None:
    response = client_as(getattr(personas, persona)).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Không tìm thấy trang" in body
    assert "Trang này không tồn tại hoặc bạn không có quyền xem." in body
    assert "Not Found" not in body


def test_an_unknown_object_is_the_vietnamese_404_page(
    client_as: ClientAs, personas: Personas
) -> None:
    response = client_as(personas.viewer).get("/don-vi/KHONG-CO/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/don-vi/them/", "/don-vi/nhap-du-lieu/", "/don-vi/P-SCT-AG/sua/", "/nhat-ky/"]
)
def test_a_refusal_is_the_vietnamese_403_page(
    client_as: ClientAs, personas: Personas, url: str
) -> None:
    response = client_as(personas.member_officer).get(url)
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Bạn không có quyền thực hiện thao tác này" in body
    assert "Forbidden" not in body


def test_the_500_page_is_in_vietnamese(rf: RequestFactory, db: None) -> None:
    request = rf.get("/")
    request.user = AnonymousUser()
    response = views.server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đã xảy ra lỗi hệ thống" in body


def test_the_error_handlers_are_the_project_ones() -> None:
    from config import urls

    assert urls.handler403 == "thidua.core.views.permission_denied"
    assert urls.handler404 == "thidua.core.views.page_not_found"
    assert urls.handler500 == "thidua.core.views.server_error"


def test_a_visitor_asking_for_english_gets_english_pages(client: Client, db: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
