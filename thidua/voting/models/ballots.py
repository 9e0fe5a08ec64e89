"""The ballot box: one-time tokens, ballots and their marks.

Secrecy by construction (docs/workflows/voting.md): none of these tables has a column that
names a voter, a user, an agency that voted, a participation or a time. Their keys are random
UUIDs (no sequence to order them by), and a ballot's only link is to its session. A token is
stored as a hash and deleted when it is used; the ballot written in the same transaction does
not refer to it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotToken(models.Model):
    """Mã phiếu — the hash of a one-time ballot token handed to a voter at check-in.

    No voter, no participation, no time: the row only says "a valid unused token of this
    session". Casting deletes it; closing the session deletes those never used.
    """

    id = models.UUIDField(_("mã"), primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        "voting.BallotSession",
        on_delete=models.CASCADE,
        related_name="tokens",
        verbose_name=_("phiên bỏ phiếu"),
    )
    token_hash = models.CharField(_("giá trị băm của mã phiếu"), max_length=64)

    class Meta:
        verbose_name = _("mã phiếu")
        verbose_name_plural = _("các mã phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                name="voting_ballottoken_hash_unique",
                violation_error_message=_("Mã phiếu đã có."),
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class Ballot(models.Model):
    """Phiếu bầu — one ballot in the box: a random key and its session, nothing else.

    No voter, no token, no sequence, no timestamp (the session's meeting date is the only
    time it has). On closing, the ballots are rewritten in random order under new keys.
    """

    id = models.UUIDField(_("mã"), primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        "voting.BallotSession",
        on_delete=models.PROTECT,
        related_name="ballots",
        verbose_name=_("phiên bỏ phiếu"),
    )

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("các phiếu bầu")

    def __str__(self) -> str:
        return str(self.id)


class BallotMark(models.Model):
    """Ô phiếu — a ballot's answer for one candidate: approve or not. Every ballot has one
    mark for every candidate of every question of its session, so all ballots look alike."""

    id = models.UUIDField(_("mã"), primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="marks", verbose_name=_("phiếu bầu")
    )
    candidate = models.ForeignKey(
        "voting.BallotCandidate",
        on_delete=models.PROTECT,
        related_name="marks",
        verbose_name=_("ứng viên"),
    )
    approve = models.BooleanField(_("đồng ý"))

    class Meta:
        verbose_name = _("ô phiếu")
        verbose_name_plural = _("các ô phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "candidate"],
                name="voting_ballotmark_once",
                violation_error_message=_("Phiếu đã có ô cho ứng viên này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.approve}"
