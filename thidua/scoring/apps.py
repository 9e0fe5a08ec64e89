from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = _("Chấm điểm thi đua")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "scoring.table.created": _("Lập bảng chấm điểm"),
                "scoring.table.copied": _("Sao chép bảng chấm điểm năm trước"),
                "scoring.table.imported": _("Nhập bảng chấm điểm từ tệp"),
                "scoring.table.activated": _("Áp dụng bảng chấm điểm"),
                "scoring.conduct_record.saved": _("Ghi hồ sơ chấp hành"),
            }
        )
