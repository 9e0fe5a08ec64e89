from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "awards.records.imported": _("Nhập quá trình khen thưởng, kỷ luật từ tệp"),
            }
        )
