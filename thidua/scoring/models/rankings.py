"""Ranking (xếp hạng) and its rule data; a published ranking is frozen, a correction is a new
version that points to the one it corrects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class RankingRule(TimeStampedModel):
    """Quy tắc xếp hạng, xếp loại — dated rule data: the tie-break order and the
    classification bands a ranking applies.

    ``tie_breaks`` lists ``TieBreak`` values in the order they are tried; units still equal
    after all of them share a rank (1, 1, 3). ``bands`` lists ``{"code", "label",
    "min_percent", "qualified_only"}`` from the highest: a unit gets the first band whose
    ``min_percent`` of the table's total it reaches (and, where ``qualified_only``, that no
    disqualifier bars). A rule a ranking has used is never edited; a new dated rule replaces
    it.
    """

    code = models.CharField(_("mã"), max_length=50)
    name = models.CharField(_("tên"), max_length=300)
    legal_basis = models.TextField(_("căn cứ"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    tie_breaks = models.JSONField(_("thứ tự xét khi bằng điểm"), default=list, blank=True)
    bands = models.JSONField(_("các mức xếp loại"), default=list)

    class Meta:
        verbose_name = _("quy tắc xếp hạng, xếp loại")
        verbose_name_plural = _("các quy tắc xếp hạng, xếp loại")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                name="scoring_rankingrule_code_from_unique",
                violation_error_message=_("Quy tắc đã có phiên bản hiệu lực từ ngày này."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Ranking(models.Model):
    """Kết quả xếp hạng — the published ranking of a table's units; frozen once written.

    Version 1 is the first publication; a correction is version n + 1 with its reason and a
    link to the version it corrects. The latest version is the one in force.
    """

    table = models.ForeignKey(
        "scoring.ScoringTable",
        on_delete=models.PROTECT,
        related_name="rankings",
        verbose_name=_("bảng chấm điểm"),
    )
    version = models.PositiveSmallIntegerField(_("lần công bố"))
    rule = models.ForeignKey(
        RankingRule,
        on_delete=models.PROTECT,
        related_name="rankings",
        verbose_name=_("quy tắc xếp hạng"),
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("đính chính cho"),
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    published_at = models.DateTimeField(_("công bố lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người công bố"),
    )

    class Meta:
        verbose_name = _("kết quả xếp hạng")
        verbose_name_plural = _("các kết quả xếp hạng")
        ordering = ["table", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "version"],
                name="scoring_ranking_version_unique",
                violation_error_message=_("Lần công bố này đã có."),
            ),
            models.CheckConstraint(
                condition=Q(version=1, corrects__isnull=True)
                | Q(version__gt=1, corrects__isnull=False),
                name="scoring_ranking_correction_links_previous",
                violation_error_message=_("Bản đính chính phải dẫn tới kết quả được đính chính."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table.group_year} — {self.version}"


class RankingEntry(models.Model):
    """Kết quả của một đơn vị — a unit's line in a published ranking, with the name and code it
    had that year and its points by group."""

    ranking = models.ForeignKey(
        Ranking, on_delete=models.CASCADE, related_name="entries", verbose_name=_("kết quả")
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="ranking_entries",
        verbose_name=_("đơn vị"),
    )
    agency_code = models.CharField(_("mã đơn vị"), max_length=50)
    agency_name = models.CharField(_("tên đơn vị"), max_length=300)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    rank = models.PositiveSmallIntegerField(_("xếp hạng"))
    total = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=2)
    self_total = models.DecimalField(_("tổng điểm tự chấm"), max_digits=8, decimal_places=2)
    bonus = models.DecimalField(_("điểm thưởng"), max_digits=7, decimal_places=2)
    penalty = models.DecimalField(_("điểm trừ"), max_digits=7, decimal_places=2)
    group_points = models.JSONField(_("điểm theo nhóm"), default=dict)
    disqualified = models.BooleanField(_("vướng điểm liệt"))
    disqualifications = models.JSONField(_("các điểm liệt"), default=list)
    band = models.CharField(_("xếp loại"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("kết quả của đơn vị")
        verbose_name_plural = _("kết quả của các đơn vị")
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "agency"],
                name="scoring_rankingentry_once",
                violation_error_message=_("Đơn vị đã có trong kết quả."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.agency_name}"
