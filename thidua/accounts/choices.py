from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles a membership gives; each is scoped to an agency but the system administrator."""

    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    MINISTRY_OFFICER = "ministry_officer", _("Cán bộ thi đua cấp bộ")
    AGENCY_OFFICER = "agency_officer", _("Cán bộ thi đua đơn vị")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng Thi đua – Khen thưởng")
    VIEWER = "viewer", _("Người xem")
