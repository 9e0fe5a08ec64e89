"""Paper ballots: the two tellers' counts (kiểm phiếu), entered separately and reconciled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class TellerCount(TimeStampedModel):
    """Kết quả kiểm phiếu của một thành viên tổ kiểm phiếu — one teller's count of the paper
    ballots: the valid and invalid ballots and, per candidate, the approvals. Two tellers
    (``slot`` 1 and 2, two different people) count apart; the counts are accepted only when
    they agree."""

    session = models.ForeignKey(
        "voting.BallotSession",
        on_delete=models.CASCADE,
        related_name="teller_counts",
        verbose_name=_("phiên bỏ phiếu"),
    )
    slot = models.PositiveSmallIntegerField(_("kiểm phiếu viên số"))
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kiểm phiếu viên"),
    )
    ballots = models.PositiveIntegerField(_("số phiếu hợp lệ"))
    invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"), default=0)

    class Meta:
        verbose_name = _("kết quả kiểm phiếu")
        verbose_name_plural = _("các kết quả kiểm phiếu")
        ordering = ["session", "slot"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slot__in=[1, 2]),
                name="voting_tellercount_two_slots",
                violation_error_message=_("Tổ kiểm phiếu nhập hai lần: số 1 và số 2."),
            ),
            models.UniqueConstraint(
                fields=["session", "slot"],
                name="voting_tellercount_slot_once",
                violation_error_message=_("Lần nhập này đã có."),
            ),
            models.UniqueConstraint(
                fields=["session", "teller"],
                name="voting_tellercount_two_tellers",
                violation_error_message=_("Hai lần nhập phải do hai người khác nhau thực hiện."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.slot}"


class TellerCountLine(models.Model):
    """Số phiếu đồng ý của một ứng viên trong một lần kiểm phiếu."""

    count = models.ForeignKey(
        TellerCount, on_delete=models.CASCADE, related_name="lines", verbose_name=_("lần kiểm")
    )
    candidate = models.ForeignKey(
        "voting.BallotCandidate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ứng viên"),
    )
    approvals = models.PositiveIntegerField(_("số phiếu đồng ý"))

    class Meta:
        verbose_name = _("số phiếu của ứng viên")
        verbose_name_plural = _("số phiếu của các ứng viên")
        constraints = [
            models.UniqueConstraint(
                fields=["count", "candidate"],
                name="voting_tellercountline_once",
                violation_error_message=_("Ứng viên đã có số phiếu trong lần kiểm này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.approvals}"
