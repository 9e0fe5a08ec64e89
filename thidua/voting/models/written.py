"""Written votes of absent members (ý kiến bằng văn bản): open by law, kept apart from the
secret ballot box.

DOMAIN.md §6: a council's approval is counted on its total membership, absent members voting
in writing, recorded in the minutes by name. A written vote therefore names its voter; it lives
in its own tables, never in ``Ballot``/``BallotMark``, and the count adds its marks to the
ballots' (``selectors.session_counts``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def written_vote_path(instance: WrittenVote, filename: str) -> str:
    """Scanned letters are stored by session under a generated name (never the user's)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"written_votes/{instance.session_id}/{instance.voter_id}-{instance.sha256[:16]}.{suffix}"
    )


class WrittenVote(models.Model):
    """Ý kiến bằng văn bản — the written vote of a voter absent from the session (never
    checked in), recorded by the organiser while the vote is open, with the scanned letter if
    one is attached. Open: it names the voter, as the minutes do."""

    session = models.ForeignKey(
        "voting.BallotSession",
        on_delete=models.PROTECT,
        related_name="written_votes",
        verbose_name=_("phiên bỏ phiếu"),
    )
    voter = models.ForeignKey(
        "voting.Voter",
        on_delete=models.PROTECT,
        related_name="written_votes",
        verbose_name=_("cử tri vắng mặt"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    file = models.FileField(
        _("văn bản quét"), upload_to=written_vote_path, max_length=300, blank=True
    )
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến bằng văn bản")
        verbose_name_plural = _("các ý kiến bằng văn bản")
        ordering = ["session", "voter__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["voter"],
                name="voting_writtenvote_once",
                violation_error_message=_(
                    "Đã ghi nhận ý kiến bằng văn bản của cử tri này; mỗi cử tri chỉ gửi một lần."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.voter)


class WrittenVoteMark(models.Model):
    """Ô ý kiến — a written vote's answer for one candidate: approve or not. Like a ballot, a
    written vote has one mark for every candidate of every question of its session."""

    written_vote = models.ForeignKey(
        WrittenVote,
        on_delete=models.CASCADE,
        related_name="marks",
        verbose_name=_("ý kiến bằng văn bản"),
    )
    candidate = models.ForeignKey(
        "voting.BallotCandidate",
        on_delete=models.PROTECT,
        related_name="written_marks",
        verbose_name=_("ứng viên"),
    )
    approve = models.BooleanField(_("đồng ý"))

    class Meta:
        verbose_name = _("ô ý kiến bằng văn bản")
        verbose_name_plural = _("các ô ý kiến bằng văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["written_vote", "candidate"],
                name="voting_writtenvotemark_once",
                violation_error_message=_("Ý kiến đã có ô cho ứng viên này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.approve}"
