"""Conduct records (hồ sơ chấp hành): a unit's yearly conduct facts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.scoring.choices import ConductFact, PartyRating


class ConductRecord(TimeStampedModel):
    """Hồ sơ chấp hành kỷ luật, kỷ cương — a unit's conduct facts for a year, each with its
    reference, feeding the disqualifiers (điểm liệt) automatically.

    The counts are reported by the unit (facts that name no person); once person-level
    discipline records exist, the disciplined-staff count is derived from them.
    """

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="conduct_records",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    disciplined_staff = models.PositiveIntegerField(
        _("cán bộ, công chức, viên chức bị kỷ luật"), default=0
    )
    disciplined_party_members = models.PositiveIntegerField(_("đảng viên bị kỷ luật"), default=0)
    traffic_violations = models.PositiveIntegerField(
        _("vi phạm Luật Giao thông đường bộ"), default=0
    )
    alcohol_violations = models.PositiveIntegerField(
        _("vi phạm Luật Phòng, chống tác hại của rượu, bia"), default=0
    )
    party_rating = models.CharField(
        _("xếp loại tổ chức cơ sở đảng"), max_length=8, choices=PartyRating.choices, blank=True
    )
    security_standard = models.BooleanField(
        _("đạt chuẩn “An toàn về an ninh trật tự”"), null=True, blank=True
    )
    cultural_agency = models.BooleanField(
        _("đạt chuẩn “Cơ quan đạt chuẩn văn hóa”"), null=True, blank=True
    )
    reference = models.TextField(
        _("căn cứ"), help_text=_("Văn bản, báo cáo làm căn cứ cho các số liệu trên.")
    )

    class Meta:
        verbose_name = _("hồ sơ chấp hành")
        verbose_name_plural = _("các hồ sơ chấp hành")
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="scoring_conduct_record_one_per_agency_year",
                violation_error_message=_("Đơn vị đã có hồ sơ chấp hành của năm này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.year}"

    def fact(self, name: str) -> int | bool:
        """The value of a conduct fact (``ConductFact``); true or a positive count triggers."""
        if name == ConductFact.PARTY_RATING_BELOW_GOOD:
            return self.party_rating in (PartyRating.COMPLETED, PartyRating.NOT_COMPLETED)
        value: int = getattr(self, name)
        return value
