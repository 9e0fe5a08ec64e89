"""Proposals to the ministry (tờ trình đề nghị khen thưởng): their rounds, nominees and dossier.

The states and the allowed moves are here too (``PROPOSAL_TRANSITIONS``), beside the model they
govern; ``services.proposals.transition`` is the one place that applies them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.models.checks import EligibilityCheck
from thidua.awards.models.history import AwardTitle
from thidua.core.models import TimeStampedModel
from thidua.organizations.models import Agency, Person


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    SENT = "sent", _("Đã gửi Bộ")
    RETURNED = "returned", _("Bị trả lại để bổ sung, sửa")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    DECIDED = "decided", _("Đã có quyết định khen thưởng")


# The one place that says which moves a proposal may make.
PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    ProposalState.DRAFT: {ProposalState.SENT},
    ProposalState.SENT: {ProposalState.RETURNED, ProposalState.ACCEPTED},
    ProposalState.RETURNED: {ProposalState.SENT},
    ProposalState.ACCEPTED: {ProposalState.DECIDED},
    ProposalState.DECIDED: set(),
}

EDITABLE_STATES = {ProposalState.DRAFT, ProposalState.RETURNED}


class RoundAction(models.TextChoices):
    SENT = "sent", _("Gửi tờ trình")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Tiếp nhận")


class DocumentKind(models.TextChoices):
    MEETING_MINUTES = "meeting_minutes", _("Biên bản họp")
    COUNT_MINUTES = "count_minutes", _("Biên bản kiểm phiếu")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    OTHER = "other", _("Tài liệu khác")


class Proposal(TimeStampedModel):
    """Tờ trình đề nghị khen thưởng — a cluster's proposal for one year, from its leading member
    to the ministry, built from the published result of the cluster's ballot session.

    It moves draft → sent → (returned → sent …) → accepted → decided; every send, return and
    acceptance is kept as a ``ProposalRound``. After acceptance the council's vote is a ballot
    session of its own (``council_session``).
    """

    group_year = models.ForeignKey(
        "emulation.GroupYear",
        on_delete=models.PROTECT,
        related_name="award_proposals",
        verbose_name=_("khối, cụm thi đua của năm"),
    )
    proposer = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="award_proposals_sent",
        verbose_name=_("đơn vị trình"),
    )
    recipient = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="award_proposals_received",
        verbose_name=_("cơ quan nhận"),
    )
    ballot_session = models.ForeignKey(
        "voting.BallotSession",
        on_delete=models.PROTECT,
        related_name="award_proposals",
        verbose_name=_("phiên bình xét của khối, cụm"),
    )
    council_session = models.ForeignKey(
        "voting.BallotSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_award_proposals",
        verbose_name=_("phiên bỏ phiếu của Hội đồng"),
    )
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
    )

    class Meta:
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("các tờ trình đề nghị khen thưởng")
        ordering = ["-group_year__year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_year"],
                name="awards_proposal_one_per_group_year",
                violation_error_message=_("Khối, cụm đã có tờ trình đề nghị khen thưởng năm này."),
            ),
        ]

    def __str__(self) -> str:
        label = self.number or str(_("Tờ trình (dự thảo)"))
        return f"{label} — {self.group_year}"


class ProposalRound(models.Model):
    """Lượt trình, trả lại, tiếp nhận — one hand-over of a proposal, kept for good."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("tờ trình")
    )
    number = models.PositiveSmallIntegerField(_("lần trình"))
    action = models.CharField(_("việc"), max_length=12, choices=RoundAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời điểm"))
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("lượt xử lý tờ trình")
        verbose_name_plural = _("các lượt xử lý tờ trình")
        ordering = ["proposal", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=RoundAction.RETURNED) | ~Q(reason=""),
                name="awards_proposalround_return_has_reason",
                violation_error_message=_("Trả lại tờ trình phải ghi lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.get_action_display()} ({self.number})"


class Nomination(models.Model):
    """Đề nghị khen thưởng một đối tượng — one nominee of a proposal: a unit or a person, the
    title or form proposed, the ballot candidacy it came from and whether it passed that vote,
    its achievement report and the eligibility verdict kept when the proposal was sent."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("tờ trình")
    )
    award = models.ForeignKey(
        AwardTitle,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("danh hiệu, hình thức đề nghị"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("tập thể"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("cá nhân"),
    )
    name = models.CharField(_("tên đối tượng"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    candidate = models.ForeignKey(
        "voting.BallotCandidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("ứng viên trong phiên bình xét"),
    )
    passed_vote = models.BooleanField(_("đạt khi bình xét"), default=False)
    approvals = models.PositiveIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    eligibility_check = models.ForeignKey(
        EligibilityCheck,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("kết quả xét điều kiện khi gửi"),
    )
    justification = models.TextField(_("giải trình khi cần xem xét"), blank=True)
    report_text = models.TextField(_("báo cáo thành tích"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đối tượng đề nghị khen thưởng")
        verbose_name_plural = _("các đối tượng đề nghị khen thưởng")
        ordering = ["proposal", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, person__isnull=True)
                | Q(agency__isnull=True, person__isnull=False),
                name="awards_nomination_one_recipient",
                violation_error_message=_("Đối tượng đề nghị là một tập thể hoặc một cá nhân."),
            ),
            models.UniqueConstraint(
                fields=["proposal", "award", "agency"],
                condition=Q(agency__isnull=False),
                name="awards_nomination_agency_once",
                violation_error_message=_("Tập thể đã được đề nghị danh hiệu này trong tờ trình."),
            ),
            models.UniqueConstraint(
                fields=["proposal", "award", "person"],
                condition=Q(person__isnull=False),
                name="awards_nomination_person_once",
                violation_error_message=_("Cá nhân đã được đề nghị danh hiệu này trong tờ trình."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.award}"

    @property
    def recipient(self) -> Agency | Person:
        recipient = self.agency if self.agency_id else self.person
        assert recipient is not None
        return recipient


def dossier_path(instance: DossierDocument, filename: str) -> str:
    """Dossier files are stored by proposal under a generated name (never the user's)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dossiers/{instance.proposal_id}/{instance.kind}-{instance.sha256[:16]}.{suffix}"


class DossierDocument(models.Model):
    """Hồ sơ kèm theo — a document of a proposal's dossier: the meeting minutes, the vote-count
    minutes, a nominee's achievement report or another paper. Read only through a
    permission-checked download."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="documents", verbose_name=_("tờ trình")
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=DocumentKind.choices)
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("đối tượng đề nghị"),
    )
    file = models.FileField(_("tệp"), upload_to=dossier_path, max_length=300)
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
        verbose_name = _("tài liệu trong hồ sơ")
        verbose_name_plural = _("các tài liệu trong hồ sơ")
        ordering = ["proposal", "kind", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.ACHIEVEMENT_REPORT, nomination__isnull=False)
                | (~Q(kind=DocumentKind.ACHIEVEMENT_REPORT) & Q(nomination__isnull=True)),
                name="awards_dossierdocument_report_has_nominee",
                violation_error_message=_(
                    "Báo cáo thành tích phải gắn với một đối tượng đề nghị; "
                    "tài liệu khác thì không."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
