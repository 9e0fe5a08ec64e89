"""Commendation decisions (quyết định khen thưởng) and their lines.

The states and the allowed moves are here (``DECISION_TRANSITIONS``);
``services.decisions.transition`` is the one place that applies them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import AwardType
from thidua.awards.models.history import AwardTitle, CommendationRecord
from thidua.awards.models.proposals import Nomination, Proposal
from thidua.core.models import TimeStampedModel
from thidua.organizations.models import Agency, Person


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    REVOKED = "revoked", _("Đã bị thu hồi, hủy bỏ")


# The one place that says which moves a decision may make.
DECISION_TRANSITIONS: dict[str, set[str]] = {
    DecisionState.DRAFT: {DecisionState.ISSUED},
    DecisionState.ISSUED: {DecisionState.REVOKED},
    DecisionState.REVOKED: set(),
}


class CommendationDecision(TimeStampedModel):
    """Quyết định khen thưởng — the decision that confers titles and forms on the awardees of
    an accepted proposal: number and symbol (``123/QĐ-BCT``), date, signer, legal bases.

    It moves draft → issued (→ revoked by another decision, whose number and date it keeps).
    Issuing writes one ``CommendationRecord`` per line. The number is unique per issuer and
    year (numbering restarts each 1 January).
    """

    issuer = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="commendation_decisions",
        verbose_name=_("cơ quan ban hành"),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("tờ trình"),
    )
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    legal_bases = models.TextField(_("căn cứ pháp lý"), blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=DecisionState.choices,
        default=DecisionState.DRAFT,
    )
    issued_at = models.DateTimeField(_("ghi nhận ban hành lúc"), null=True, blank=True)
    revoked_by_number = models.CharField(
        _("quyết định thu hồi, hủy bỏ"), max_length=100, blank=True
    )
    revoked_on = models.DateField(_("ngày thu hồi, hủy bỏ"), null=True, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi, hủy bỏ"), blank=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("các quyết định khen thưởng")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=~Q(number=""),
                name="awards_commendationdecision_number_unique_per_issuer_year",
                violation_error_message=_(
                    "Cơ quan ban hành đã có quyết định mang số, ký hiệu này trong năm."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state=DecisionState.ISSUED) | (~Q(number="") & Q(date__isnull=False)),
                name="awards_commendationdecision_issued_has_number",
                violation_error_message=_("Quyết định đã ban hành phải có số và ngày."),
            ),
            models.CheckConstraint(
                condition=~Q(state=DecisionState.REVOKED) | ~Q(revoked_by_number=""),
                name="awards_commendationdecision_revoked_has_decision",
                violation_error_message=_("Quyết định bị thu hồi phải ghi quyết định thu hồi."),
            ),
        ]

    def __str__(self) -> str:
        if not self.number:
            return str(_("Quyết định khen thưởng (dự thảo)"))
        when = f" ngày {self.date:%d/%m/%Y}" if self.date else ""
        return f"{self.number}{when}"


class DecisionAward(models.Model):
    """Danh sách khen thưởng — one awardee of a decision with the title or form conferred and
    its award type; once issued, the history record it created (``record``)."""

    decision = models.ForeignKey(
        CommendationDecision,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("quyết định"),
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_lines",
        verbose_name=_("đối tượng đề nghị"),
    )
    award = models.ForeignKey(
        AwardTitle,
        on_delete=models.PROTECT,
        related_name="decision_lines",
        verbose_name=_("danh hiệu, hình thức"),
    )
    award_type = models.CharField(
        _("loại hình khen thưởng"),
        max_length=12,
        choices=AwardType.choices,
        default=AwardType.CONG_TRANG,
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_lines",
        verbose_name=_("tập thể"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_lines",
        verbose_name=_("cá nhân"),
    )
    name = models.CharField(_("tên đối tượng"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    note = models.TextField(_("thành tích, ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    record = models.OneToOneField(
        CommendationRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_line",
        verbose_name=_("hồ sơ khen thưởng đã ghi"),
    )

    class Meta:
        verbose_name = _("đối tượng được khen thưởng")
        verbose_name_plural = _("danh sách được khen thưởng")
        ordering = ["decision", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, person__isnull=True)
                | Q(agency__isnull=True, person__isnull=False),
                name="awards_decisionaward_one_recipient",
                violation_error_message=_("Đối tượng khen thưởng là một tập thể hoặc một cá nhân."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.award}"
