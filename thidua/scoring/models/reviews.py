"""Cross-review (chấm chéo, thẩm định): assignments, reviewers' proposals, the final scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.scoring.models.assessments import EditedCell


class ReviewAssignment(models.Model):
    """Phân công chấm chéo — a member unit (or a review-team member) assigned to check one
    unit's self-assessment. A unit never reviews itself."""

    assessment = models.ForeignKey(
        "scoring.SelfAssessment",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("bản tự chấm điểm được chấm"),
    )
    reviewer = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("đơn vị chấm"),
    )

    class Meta:
        verbose_name = _("phân công chấm chéo")
        verbose_name_plural = _("các phân công chấm chéo")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "reviewer"],
                name="scoring_reviewassignment_once",
                violation_error_message=_("Đơn vị đã được phân công chấm bản này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.assessment.agency}"


class ReviewScore(EditedCell):
    """Điểm chấm chéo — a reviewer's proposed points for one criterion, with the mandatory
    reason, and the reviewed unit's response. ``version`` is the optimistic lock."""

    assignment = models.ForeignKey(
        ReviewAssignment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("phân công"),
    )
    criterion = models.ForeignKey(
        "scoring.Criterion",
        on_delete=models.PROTECT,
        related_name="review_scores",
        verbose_name=_("tiêu chí"),
    )
    points = models.DecimalField(_("điểm đề xuất"), max_digits=7, decimal_places=2)
    reason = models.TextField(_("lý do"))
    response = models.TextField(_("ý kiến của đơn vị được chấm"), blank=True)

    class Meta:
        verbose_name = _("điểm chấm chéo")
        verbose_name_plural = _("các điểm chấm chéo")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"],
                name="scoring_reviewscore_one_per_criterion",
                violation_error_message=_("Tiêu chí đã có điểm đề xuất của đơn vị chấm."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="scoring_reviewscore_points_not_negative",
                violation_error_message=_("Điểm không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


class FinalScore(EditedCell):
    """Điểm thống nhất — the cluster leader's consolidated points for one unit and criterion.
    Where none is set, the unit's own score stands. ``version`` is the optimistic lock."""

    assessment = models.ForeignKey(
        "scoring.SelfAssessment",
        on_delete=models.CASCADE,
        related_name="final_scores",
        verbose_name=_("bản tự chấm điểm"),
    )
    criterion = models.ForeignKey(
        "scoring.Criterion",
        on_delete=models.PROTECT,
        related_name="final_scores",
        verbose_name=_("tiêu chí"),
    )
    points = models.DecimalField(_("điểm thống nhất"), max_digits=7, decimal_places=2)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("điểm thống nhất")
        verbose_name_plural = _("các điểm thống nhất")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="scoring_finalscore_one_per_criterion",
                violation_error_message=_("Tiêu chí đã có điểm thống nhất."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="scoring_finalscore_points_not_negative",
                violation_error_message=_("Điểm không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


class DisqualifierFinding(models.Model):
    """Kết luận điểm liệt — the cluster's finding that a disqualifier decided by hand applies to
    a unit (those with an automatic basis come from its conduct record)."""

    assessment = models.ForeignKey(
        "scoring.SelfAssessment",
        on_delete=models.CASCADE,
        related_name="disqualifier_findings",
        verbose_name=_("bản tự chấm điểm"),
    )
    disqualifier = models.ForeignKey(
        "scoring.Disqualifier",
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("điểm liệt"),
    )
    reason = models.TextField(_("căn cứ, lý do"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người kết luận"),
    )
    decided_at = models.DateTimeField(_("kết luận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kết luận điểm liệt")
        verbose_name_plural = _("các kết luận điểm liệt")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "disqualifier"],
                name="scoring_disqualifierfinding_once",
                violation_error_message=_("Điểm liệt này đã được kết luận cho đơn vị."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment.agency}: {self.disqualifier}"
