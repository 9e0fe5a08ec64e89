"""Scoring tables (bảng chấm điểm): a tree of criteria with points, bonus and penalty items,
and disqualifying conditions."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.scoring.choices import CriterionKind, ReviewMode, TableStatus


class ScoringTable(TimeStampedModel):
    """Bảng chấm điểm thi đua — the table a block or cluster scores its members by in a year."""

    group_year = models.OneToOneField(
        "emulation.GroupYear",
        on_delete=models.PROTECT,
        related_name="scoring_table",
        verbose_name=_("khối, cụm của năm"),
    )
    title = models.CharField(_("tên bảng"), max_length=300)
    total_points = models.DecimalField(
        _("tổng điểm"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=TableStatus.choices, default=TableStatus.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sao chép từ"),
    )
    self_assessment_deadline = models.DateTimeField(
        _("hạn nộp bản tự chấm điểm"), null=True, blank=True
    )
    review_mode = models.CharField(
        _("hình thức chấm chéo"), max_length=16, choices=ReviewMode.choices, blank=True
    )
    ranking_rule = models.ForeignKey(
        "scoring.RankingRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quy tắc xếp hạng, xếp loại"),
        help_text=_("Để trống: quy tắc đang có hiệu lực."),
    )

    class Meta:
        verbose_name = _("bảng chấm điểm")
        verbose_name_plural = _("các bảng chấm điểm")
        ordering = ["-group_year__year"]

    def __str__(self) -> str:
        return f"{self.title} — {self.group_year}"


class Criterion(models.Model):
    """Tiêu chí chấm điểm — a group, criterion or sub-criterion, or a bonus or penalty item."""

    table = models.ForeignKey(
        ScoringTable,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("bảng chấm điểm"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc"),
    )
    code = models.CharField(_("mã"), max_length=20, help_text=_("Ví dụ: I, I.1, I.1.a"))
    kind = models.CharField(_("loại"), max_length=16, choices=CriterionKind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.TextField(_("nội dung"))
    max_points = models.DecimalField(
        _("điểm tối đa"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence_required = models.BooleanField(_("bắt buộc có minh chứng"), default=False)
    covenant_items = models.ManyToManyField(
        "covenants.CovenantItem",
        blank=True,
        related_name="criteria",
        verbose_name=_("nội dung giao ước liên quan"),
    )

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("các tiêu chí chấm điểm")
        ordering = ["table", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "code"],
                name="scoring_criterion_code_unique",
                violation_error_message=_("Mã tiêu chí đã có trong bảng."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="scoring_criterion_points_not_negative",
                violation_error_message=_("Điểm tối đa không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"


class Disqualifier(models.Model):
    """Điểm liệt — a condition that bars a unit from the top titles whatever its score.

    ``conduct_fact`` names the conduct-record fact that triggers it automatically (e.g.
    ``traffic_violations``); blank means the cluster decides it by hand.
    """

    table = models.ForeignKey(
        ScoringTable,
        on_delete=models.CASCADE,
        related_name="disqualifiers",
        verbose_name=_("bảng chấm điểm"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    description = models.TextField(_("điều kiện"))
    conduct_fact = models.CharField(_("căn cứ tự động"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("điểm liệt")
        verbose_name_plural = _("các điểm liệt")
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return self.description[:80]
