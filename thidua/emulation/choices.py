from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    """Khối groups units of similar function; cụm groups them by region."""

    BLOCK = "block", _("Khối thi đua")
    CLUSTER = "cluster", _("Cụm thi đua")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Cụm trưởng")
    DEPUTY = "deputy", _("Cụm phó")
    MEMBER = "member", _("Thành viên")


class RotationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề xuất")
    CONFIRMED = "confirmed", _("Bộ đã xác nhận")


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên (hằng năm)")
    THEMATIC = "thematic", _("Chuyên đề")
