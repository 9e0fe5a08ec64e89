from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionKind(models.TextChoices):
    """A node of the scoring table's tree.

    ``group`` (nhóm tiêu chí) and ``criterion`` (tiêu chí, at any depth) carry the points that
    add up to the table's total; ``bonus`` (điểm thưởng) items sit under a bonus group whose
    maximum is the cap; ``penalty`` (điểm trừ) items deduct up to their maximum.
    """

    GROUP = "group", _("Nhóm tiêu chí")
    CRITERION = "criterion", _("Tiêu chí")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class TableStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    ACTIVE = "active", _("Đang áp dụng")


class PartyRating(models.TextChoices):
    """The party organisation's yearly rating (xếp loại tổ chức cơ sở đảng)."""

    EXCELLENT = "htxsnv", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "httnv", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "htnv", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "khtnv", _("Không hoàn thành nhiệm vụ")


class ConductFact(models.TextChoices):
    """Conduct-record facts that trigger a disqualifier (``Disqualifier.conduct_fact``)."""

    TRAFFIC_VIOLATIONS = "traffic_violations", _("Số vụ vi phạm Luật Giao thông đường bộ")
    ALCOHOL_VIOLATIONS = (
        "alcohol_violations",
        _("Số vụ vi phạm Luật Phòng, chống tác hại của rượu, bia"),
    )
    DISCIPLINED_PARTY_MEMBERS = "disciplined_party_members", _("Số đảng viên bị kỷ luật")
    PARTY_RATING_BELOW_GOOD = (
        "party_rating_below_good",
        _("Tổ chức cơ sở đảng xếp loại dưới mức “Hoàn thành tốt nhiệm vụ”"),
    )
    DISCIPLINED_STAFF = "disciplined_staff", _("Số cán bộ, công chức, viên chức bị kỷ luật")
