"""Log-in (throttled), log-out and password change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from thidua.accounts import services


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _username(request: HttpRequest) -> str:
    """The username tried, as it can be stored: no NUL bytes (PostgreSQL refuses them in text),
    at most the 150 characters of ``LoginFailure.username``."""
    return request.POST.get("username", "").replace("\x00", "")[:150]


class ThrottledLoginView(auth_views.LoginView):
    """Refuses log-ins for a username or address after repeated failures."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = _username(request)
        if services.login_is_throttled(username=username, ip_address=_client_ip(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."),
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        services.login_failure_record(
            username=_username(self.request), ip_address=_client_ip(self.request)
        )
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        services.login_success_record(user=form.get_user(), ip_address=_client_ip(self.request))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/tai-khoan/doi-mat-khau/xong/"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
