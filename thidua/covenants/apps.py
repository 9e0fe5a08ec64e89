from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CovenantsConfig(AppConfig):
    name = "thidua.covenants"
    label = "covenants"
    verbose_name = _("Giao ước thi đua")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "covenants.covenant.drafted": _("Soạn dự thảo giao ước"),
                "covenants.version.saved": _("Lưu phiên bản dự thảo"),
                "covenants.comment.added": _("Góp ý dự thảo"),
                "covenants.signing_event.set": _("Thông tin ký kết"),
                "covenants.covenant.finalised": _("Chốt giao ước, mở ký"),
                "covenants.covenant.reopened": _("Mở lại dự thảo"),
                "covenants.signatory.confirmed": _("Xác nhận ký giao ước"),
                "covenants.signatory.signed": _("Ký số giao ước"),
                "covenants.covenant.published": _("Ban hành giao ước"),
                "covenants.signing_key.uploaded": _("Tải lên chứng thư số"),
            }
        )
