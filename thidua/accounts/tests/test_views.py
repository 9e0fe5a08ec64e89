"""Log-in (throttled), log-out and password change pages, for every persona."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from thidua.accounts.models import LoginFailure
from thidua.audit.models import AuditEvent
from thidua.core.testing import PASSWORD, Personas

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
LOGIN = "/tai-khoan/dang-nhap/"
SIGNED_IN_ONLY = dict.fromkeys(PERSONAS, 200) | {"anonymous": 302}
PAGES: dict[str, tuple[str, dict[str, int]]] = {
    # A signed-in user who opens the log-in page is sent on to the home page.
    "log-in": (LOGIN, dict.fromkeys(PERSONAS, 302) | {"anonymous": 200}),
    "password change": ("/tai-khoan/doi-mat-khau/", SIGNED_IN_ONLY),
    "password changed": ("/tai-khoan/doi-mat-khau/xong/", SIGNED_IN_ONLY),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_account_page_answers_each_persona(
    client_as: ClientAs, personas: Personas, page: str, persona: str
) -> None:
    url, expected = PAGES[page]
    response = client_as(getattr(personas, persona)).get(url)
    assert response.status_code == expected[persona]
    if expected[persona] == 302 and persona == "anonymous":
        assert response["Location"] == f"{LOGIN}?next={url}"
    if expected[persona] == 302 and persona != "anonymous":
        assert response["Location"] == "/"


def test_the_log_in_page_has_vietnamese_labels(client: Client) -> None:
    body = client.get(LOGIN).content.decode()
    assert '<html lang="vi">' in body
    assert "Tên đăng nhập" in body
    assert "Mật khẩu" in body
    assert ">Đăng nhập</button>" in body


def _log_in(client: Client, username: str, password: str, **extra: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_a_failed_log_in_shows_a_vietnamese_error_and_is_counted(
    client: Client, personas: Personas
) -> None:
    response = _log_in(client, "viewer", "wrong-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "mật khẩu chính xác" in body
    assert "Please enter" not in body
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username="viewer").count() == 1
    assert AuditEvent.objects.filter(action="accounts.login.failed").count() == 1


def test_a_failed_log_in_does_not_echo_the_password(client: Client, personas: Personas) -> None:
    response = _log_in(client, "viewer", "secret-guess-123")
    assert "secret-guess-123" not in response.content.decode()


def test_repeated_failures_are_throttled_with_a_429_and_a_vietnamese_message(
    client: Client, personas: Personas, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    for _attempt in range(3):
        assert _log_in(client, "viewer", "wrong").status_code == 200
    response = _log_in(client, "viewer", "wrong")
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút." in (
        response.content.decode()
    )


def test_a_throttled_username_cannot_log_in_even_with_the_right_password(
    client: Client, personas: Personas, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    _log_in(client, "viewer", "wrong")
    _log_in(client, "viewer", "wrong")
    response = _log_in(client, "viewer", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_throttle_counts_a_username_whatever_its_case(
    client: Client, personas: Personas, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    _log_in(client, "viewer", "wrong")
    _log_in(client, "VIEWER", "wrong")
    assert _log_in(client, "Viewer", "wrong").status_code == 429


def test_the_throttle_of_one_username_does_not_lock_out_another(
    client: Client, personas: Personas, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    _log_in(client, "viewer", "wrong")
    _log_in(client, "viewer", "wrong")
    response = _log_in(client, "outsider", PASSWORD)
    assert response.status_code == 302


def test_too_many_failures_from_one_address_are_throttled(
    client: Client, personas: Personas, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 1
    for name in ("a", "b", "c", "d"):
        _log_in(client, name, "wrong")
    assert _log_in(client, "outsider", PASSWORD).status_code == 429


def test_a_successful_log_in_redirects_home_and_clears_the_failures(
    client: Client, personas: Personas
) -> None:
    _log_in(client, "viewer", "wrong")
    response = _log_in(client, "viewer", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(personas.viewer.pk)
    assert not LoginFailure.objects.filter(username="viewer").exists()
    event = AuditEvent.objects.filter(action="accounts.login.succeeded").get()
    assert event.actor == personas.viewer


def test_a_successful_log_in_goes_on_to_the_page_asked_for(
    client: Client, personas: Personas
) -> None:
    first = client.get("/don-vi/")
    assert first["Location"] == f"{LOGIN}?next=/don-vi/"
    response = _log_in(client, "member_officer", PASSWORD, next="/don-vi/")
    assert response["Location"] == "/don-vi/"
    assert client.get("/don-vi/").status_code == 200


def test_a_log_in_does_not_redirect_to_another_site(client: Client, personas: Personas) -> None:
    response = _log_in(client, "viewer", PASSWORD, next="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_log_out_by_post_signs_the_user_out(
    client_as: ClientAs, personas: Personas, persona: str
) -> None:
    client = client_as(getattr(personas, persona))
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/don-vi/").status_code == 302


def test_log_out_by_get_is_not_allowed(client_as: ClientAs, personas: Personas) -> None:
    client = client_as(personas.viewer)
    assert client.get("/tai-khoan/dang-xuat/").status_code == 405
    assert client.session["_auth_user_id"] == str(personas.viewer.pk)


def test_the_password_change_page_is_in_vietnamese(client_as: ClientAs, personas: Personas) -> None:
    body = client_as(personas.viewer).get("/tai-khoan/doi-mat-khau/").content.decode()
    assert "<h1>Đổi mật khẩu</h1>" in body
    assert "Mật khẩu cũ" in body


def test_a_signed_in_user_can_change_their_password(
    client_as: ClientAs, personas: Personas
) -> None:
    client = client_as(personas.agency_leader)
    new = "mat-khau-moi-rat-dai-2025"
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/doi-mat-khau/xong/"
    done = client.get(response["Location"])
    assert "Đã đổi mật khẩu" in done.content.decode()
    personas.agency_leader.refresh_from_db()
    assert personas.agency_leader.check_password(new)
    assert client.session["_auth_user_id"] == str(personas.agency_leader.pk)


def test_a_wrong_old_password_is_refused_in_vietnamese(
    client_as: ClientAs, personas: Personas
) -> None:
    client = client_as(personas.agency_leader)
    new = "mat-khau-moi-rat-dai-2025"
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    personas.agency_leader.refresh_from_db()
    assert personas.agency_leader.check_password(PASSWORD)


def test_anonymous_cannot_post_a_password_change(client: Client, personas: Personas) -> None:
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "x1y2z3w4v5", "new_password2": "x1y2z3w4v5"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_home_page_sends_a_signed_in_user_to_log_out_by_a_post_form(
    client_as: ClientAs, personas: Personas
) -> None:
    body = client_as(personas.viewer).get(reverse("core:home")).content.decode()
    assert 'method="post" action="/tai-khoan/dang-xuat/"' in body


@pytest.mark.parametrize("username", ["vie\x00wer", "x" * 300], ids=["nul byte", "overlong"])
def test_a_log_in_with_a_username_the_database_cannot_store_is_a_plain_failure(
    client: Client, personas: Personas, username: str
) -> None:
    response = _log_in(client, username, "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.count() == 1
