from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = _("Khối, cụm và phong trào thi đua")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "emulation.decision.recorded": _("Ghi quyết định"),
                "emulation.group_year.created": _("Lập khối, cụm thi đua của năm"),
                "emulation.group_year.updated": _("Sửa thành viên, cụm trưởng, cụm phó"),
                "emulation.group_year.copied": _("Chuyển khối, cụm sang năm sau"),
                "emulation.rotation.proposed": _("Đề xuất cụm trưởng, cụm phó năm sau"),
                "emulation.rotation.confirmed": _("Xác nhận cụm trưởng, cụm phó năm sau"),
                "emulation.movement.created": _("Phát động phong trào thi đua"),
            }
        )
