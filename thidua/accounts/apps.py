from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và vai trò")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "accounts.user.created": _("Tạo tài khoản"),
                "accounts.membership.granted": _("Giao vai trò"),
                "accounts.login.failed": _("Đăng nhập sai"),
                "accounts.login.succeeded": _("Đăng nhập"),
            }
        )
