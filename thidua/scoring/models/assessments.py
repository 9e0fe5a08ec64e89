"""Self-assessments (tự chấm điểm): a unit's score and explanation per criterion, with evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.scoring.choices import AssessmentStatus


class SelfAssessment(TimeStampedModel):
    """Bản tự chấm điểm — one member unit's scores against its cluster's table for the year.

    The unit's officers draft it; the unit's leader submits it before the table's deadline;
    after that it is read-only unless the cluster leader reopens it (an audited act with a
    reason).
    """

    table = models.ForeignKey(
        "scoring.ScoringTable",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("bảng chấm điểm"),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="self_assessments",
        verbose_name=_("đơn vị"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nộp"),
    )
    reopened_at = models.DateTimeField(
        _("mở lại lúc"),
        null=True,
        blank=True,
        help_text=_("Bản đã được cụm trưởng mở lại được nộp lại cả khi đã quá hạn."),
    )

    class Meta:
        verbose_name = _("bản tự chấm điểm")
        verbose_name_plural = _("các bản tự chấm điểm")
        ordering = ["table", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "agency"],
                name="scoring_selfassessment_one_per_unit",
                violation_error_message=_("Đơn vị đã có bản tự chấm điểm theo bảng này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.table.group_year}"


class EditedCell(models.Model):
    """A cell of a score grid that people edit: ``version`` grows with every save and a save
    naming an older version is refused (``services.assessments.check_version``)."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class SelfScore(EditedCell):
    """Điểm tự chấm — the unit's points and explanation for one criterion.

    ``version`` grows with every save; a save that names an older version is refused as a
    conflict (optimistic locking), so two people editing the same cell lose nothing.
    """

    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("bản tự chấm điểm"),
    )
    criterion = models.ForeignKey(
        "scoring.Criterion",
        on_delete=models.PROTECT,
        related_name="self_scores",
        verbose_name=_("tiêu chí"),
    )
    points = models.DecimalField(_("điểm tự chấm"), max_digits=7, decimal_places=2, null=True)
    explanation = models.TextField(_("giải trình"), blank=True)

    class Meta:
        verbose_name = _("điểm tự chấm")
        verbose_name_plural = _("các điểm tự chấm")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="scoring_selfscore_one_per_criterion",
                violation_error_message=_("Tiêu chí đã có điểm tự chấm."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0) | Q(points__isnull=True),
                name="scoring_selfscore_points_not_negative",
                violation_error_message=_("Điểm không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Evidence files are stored by table and unit under a generated name (never the user's)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"evidence/{instance.assessment.table_id}/{instance.assessment.agency_id}/"
        f"{instance.sha256[:16]}.{suffix}"
    )


class Evidence(models.Model):
    """Minh chứng — a document supporting a self-assessed score (PDF, image, Word or Excel)."""

    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("bản tự chấm điểm"),
    )
    criterion = models.ForeignKey(
        "scoring.Criterion",
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("tiêu chí"),
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("các minh chứng")
        ordering = ["criterion__order", "uploaded_at"]

    def __str__(self) -> str:
        return self.name
