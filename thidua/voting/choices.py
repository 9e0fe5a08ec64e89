"""States and codes of the ballot sessions (bình xét, bỏ phiếu kín)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    """Who votes: a cluster's (or block's) year-end meeting, or an emulation council."""

    CLUSTER = "cluster", _("Khối, cụm thi đua")
    COUNCIL = "council", _("Hội đồng Thi đua – Khen thưởng")


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc bỏ phiếu")
    PUBLISHED = "published", _("Đã công bố kết quả")


# The one place that says which moves a ballot session may make.
TRANSITIONS: dict[str, set[str]] = {
    SessionState.DRAFT: {SessionState.OPEN},
    SessionState.OPEN: {SessionState.CLOSED},
    SessionState.CLOSED: {SessionState.PUBLISHED},
    SessionState.PUBLISHED: set(),
}


class Mode(models.TextChoices):
    """Electronic ballots with one-time tokens, or paper ballots counted by two tellers."""

    ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")
    PAPER = "paper", _("Phiếu giấy")


class PassBase(models.TextChoices):
    """What the pass threshold is measured against."""

    ALL_VOTERS = "all_voters", _("Tổng số thành viên, kể cả người vắng mặt")
    BALLOTS_CAST = "ballots_cast", _("Số phiếu hợp lệ thu về")


class TiePolicy(models.TextChoices):
    """What happens when candidates tie at the last seat."""

    RUNOFF = "runoff", _("Bỏ phiếu lại giữa các ứng viên bằng phiếu")
    CHAIR = "chair", _("Chủ trì cuộc họp quyết định")


class CandidateSource(models.TextChoices):
    RANKING = "ranking", _("Theo kết quả xếp hạng đã công bố")
    ADDED = "added", _("Bổ sung, có lý do")
    RUNOFF = "runoff", _("Bằng phiếu ở lần bỏ phiếu trước")


class Outcome(models.TextChoices):
    """A candidate's result on one question."""

    ELECTED = "elected", _("Trúng cử")
    NOT_ELECTED = "not_elected", _("Không trúng cử")
    TIED = "tied", _("Bằng phiếu, chưa xử lý")
    RUNOFF = "runoff", _("Bằng phiếu, bỏ phiếu lại")
