"""Stored verdicts of the eligibility engine and their re-evaluation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import Verdict
from thidua.awards.models.history import AwardTitle, CommendationRecord
from thidua.awards.models.rules import EligibilityRuleSet
from thidua.organizations.models import Agency, Person


class EligibilityCheck(models.Model):
    """Kết quả xét điều kiện khen thưởng — a verdict kept with its explanation.

    Saved when a proposer records a candidate's verdict (and by proposals once they exist). It
    keeps the rule version it used and the history records that met or broke its conditions:
    when one of those records is revoked, the verdict is evaluated again and, if it changed,
    flagged with the reason.
    """

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eligibility_checks",
        verbose_name=_("tập thể"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eligibility_checks",
        verbose_name=_("cá nhân"),
    )
    award = models.ForeignKey(
        AwardTitle, on_delete=models.PROTECT, related_name="checks", verbose_name=_("danh hiệu")
    )
    year = models.PositiveSmallIntegerField(_("năm xét"))
    as_of = models.DateField(_("ngày xét"))
    rule_set = models.ForeignKey(
        EligibilityRuleSet,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("bộ tiêu chuẩn"),
    )
    verdict = models.CharField(_("kết quả"), max_length=14, choices=Verdict.choices)
    explanation = models.JSONField(_("giải trình"))
    records = models.ManyToManyField(
        CommendationRecord,
        related_name="eligibility_checks",
        blank=True,
        verbose_name=_("hồ sơ đã dùng"),
    )
    created_at = models.DateTimeField(_("thời điểm lưu"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lưu"),
    )
    flagged_at = models.DateTimeField(_("thời điểm cảnh báo"), null=True, blank=True)
    flag_reason = models.TextField(_("lý do cảnh báo"), blank=True)
    current_verdict = models.CharField(
        _("kết quả khi xét lại"), max_length=14, choices=Verdict.choices, blank=True
    )

    class Meta:
        verbose_name = _("kết quả xét điều kiện")
        verbose_name_plural = _("kết quả xét điều kiện")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(person__isnull=True))
                | (Q(agency__isnull=True) & Q(person__isnull=False)),
                name="awards_eligibilitycheck_one_recipient",
                violation_error_message=_("Kết quả xét phải thuộc về đúng một đối tượng."),
            ),
        ]

    def __str__(self) -> str:
        recipient = self.person if self.person_id else self.agency
        return f"{self.award} {self.year} — {recipient}: {self.get_verdict_display()}"
