from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "thidua.organizations"
    label = "organizations"
    verbose_name = _("Đơn vị và cá nhân")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "organizations.agency.created": _("Tạo đơn vị"),
                "organizations.agency.updated": _("Sửa thông tin đơn vị"),
                "organizations.lineage_event.recorded": _("Ghi sự kiện tổ chức"),
                "organizations.person.created": _("Tạo cá nhân"),
                "organizations.position.added": _("Thêm chức vụ công tác"),
                "organizations.agencies.imported": _("Nhập danh sách đơn vị từ tệp"),
                "organizations.lineage.imported": _("Nhập sự kiện tổ chức từ tệp"),
                "organizations.people.imported": _("Nhập cá nhân từ tệp"),
            }
        )
