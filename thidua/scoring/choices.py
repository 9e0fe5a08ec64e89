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
