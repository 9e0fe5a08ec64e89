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


class ReviewMode(models.TextChoices):
    """How the cluster cross-checks its members' self-assessments (chấm chéo)."""

    TEAM = "team", _("Tổ thẩm định chấm tất cả các đơn vị")
    ASSIGNED = "assigned", _("Mỗi đơn vị chấm một số đơn vị được phân công")
    ALL = "all", _("Mỗi đơn vị chấm tất cả các đơn vị khác")


class AssessmentStatus(models.TextChoices):
    """A self-assessment is drafted by the unit, then submitted (and only then read-only)."""

    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")


class TieBreak(models.TextChoices):
    """What decides the order of units with equal totals (a ranking rule lists them in order)."""

    FIRST_GROUP = "first_group", _("Điểm nhóm tiêu chí thứ nhất cao hơn")
    FEWER_PENALTY = "fewer_penalty", _("Ít điểm trừ hơn")
    MORE_BONUS = "more_bonus", _("Nhiều điểm thưởng hơn")
