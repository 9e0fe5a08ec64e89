"""Ballot sessions (phiên bỏ phiếu), their questions and candidates, the voter list and the
participation record, and how a tie was settled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.voting.choices import Body, CandidateSource, Mode, SessionState, TiePolicy


class BallotSession(TimeStampedModel):
    """Phiên bỏ phiếu (bình xét) — a secret ballot held at a cluster's year-end meeting or by an
    emulation council, on one meeting date.

    The meeting date is the only time a ballot inherits. ``state`` moves draft → open → closed
    → published (``choices.TRANSITIONS``). Casting never writes this row, so ``updated_at``
    tells nothing about when a ballot came in. ``result`` is the frozen outcome written on
    publication; ``counts_disclosed`` says whether the per-candidate counts are shown or only
    who passed.
    """

    body = models.CharField(_("cơ quan bỏ phiếu"), max_length=16, choices=Body.choices)
    group_year = models.ForeignKey(
        "emulation.GroupYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_sessions",
        verbose_name=_("khối, cụm thi đua của năm"),
    )
    council = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_ballot_sessions",
        verbose_name=_("cơ quan của Hội đồng"),
    )
    title = models.CharField(_("tên phiên"), max_length=300)
    meeting_date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    mode = models.CharField(_("hình thức"), max_length=16, choices=Mode.choices)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=SessionState.choices, default=SessionState.DRAFT
    )
    paper_accepted = models.BooleanField(_("đã chấp nhận kết quả kiểm phiếu"), default=False)
    counts_disclosed = models.BooleanField(_("công bố số phiếu"), default=False)
    result = models.JSONField(_("kết quả đã công bố"), default=dict, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công bố"),
    )

    class Meta:
        verbose_name = _("phiên bỏ phiếu")
        verbose_name_plural = _("các phiên bỏ phiếu")
        ordering = ["-meeting_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(body=Body.CLUSTER, group_year__isnull=False, council__isnull=True)
                    | Q(body=Body.COUNCIL, council__isnull=False, group_year__isnull=True)
                ),
                name="voting_ballotsession_body_matches",
                violation_error_message=_(
                    "Phiên của khối, cụm phải gắn với khối, cụm của năm; phiên của Hội đồng "
                    "phải gắn với cơ quan của Hội đồng."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_date:%d/%m/%Y})"


class Question(models.Model):
    """Nội dung bỏ phiếu — one award title put to the vote in a session, with how many
    candidates may be chosen and the voting rule in force on the meeting date."""

    session = models.ForeignKey(
        BallotSession,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("phiên bỏ phiếu"),
    )
    award = models.ForeignKey(
        "awards.AwardTitle",
        on_delete=models.PROTECT,
        related_name="ballot_questions",
        verbose_name=_("danh hiệu, hình thức khen thưởng"),
    )
    rule = models.ForeignKey(
        "voting.VotingRule",
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("quy tắc bỏ phiếu"),
    )
    text = models.CharField(_("nội dung"), max_length=500, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("số được chọn tối đa"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nội dung bỏ phiếu")
        verbose_name_plural = _("các nội dung bỏ phiếu")
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "award"],
                name="voting_question_award_once",
                violation_error_message=_("Phiên đã có nội dung bỏ phiếu cho danh hiệu này."),
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1),
                name="voting_question_max_choices_positive",
                violation_error_message=_("Số được chọn tối đa phải từ 1 trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return self.text or str(self.award)


class BallotCandidate(models.Model):
    """Ứng viên — a unit or a person on the ballot for one question: from the published
    ranking, or added with a reason. ``name`` is the name shown on the ballot that day."""

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("nội dung bỏ phiếu"),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_candidacies",
        verbose_name=_("đơn vị"),
    )
    person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_candidacies",
        verbose_name=_("cá nhân"),
    )
    name = models.CharField(_("tên trên phiếu"), max_length=300)
    source = models.CharField(_("nguồn"), max_length=16, choices=CandidateSource.choices)
    ranking_position = models.PositiveSmallIntegerField(
        _("thứ tự trong kết quả xếp hạng"), null=True, blank=True
    )
    reason = models.TextField(_("lý do bổ sung"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ứng viên")
        verbose_name_plural = _("các ứng viên")
        ordering = ["question", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, person__isnull=True)
                | Q(agency__isnull=True, person__isnull=False),
                name="voting_ballotcandidate_one_recipient",
                violation_error_message=_("Ứng viên là một đơn vị hoặc một cá nhân."),
            ),
            models.CheckConstraint(
                condition=~Q(source=CandidateSource.ADDED) | ~Q(reason=""),
                name="voting_ballotcandidate_added_has_reason",
                violation_error_message=_("Ứng viên bổ sung phải có lý do."),
            ),
            models.UniqueConstraint(
                fields=["question", "agency"],
                condition=Q(agency__isnull=False),
                name="voting_ballotcandidate_agency_once",
                violation_error_message=_("Đơn vị đã có trong danh sách ứng viên."),
            ),
            models.UniqueConstraint(
                fields=["question", "person"],
                condition=Q(person__isnull=False),
                name="voting_ballotcandidate_person_once",
                violation_error_message=_("Cá nhân đã có trong danh sách ứng viên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Voter(models.Model):
    """Cử tri — one entry of the voter list: a member unit (one vote per unit, cast by its
    representative) and/or a named user (a council member)."""

    session = models.ForeignKey(
        BallotSession, on_delete=models.CASCADE, related_name="voters", verbose_name=_("phiên")
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_voters",
        verbose_name=_("đơn vị được đại diện"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_voters",
        verbose_name=_("người bỏ phiếu"),
    )
    name = models.CharField(_("tên cử tri"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("cử tri")
        verbose_name_plural = _("danh sách cử tri")
        ordering = ["session", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(user__isnull=False),
                name="voting_voter_is_someone",
                violation_error_message=_("Cử tri phải là một đơn vị hoặc một người dùng."),
            ),
            models.UniqueConstraint(
                fields=["session", "agency"],
                condition=Q(agency__isnull=False),
                name="voting_voter_agency_once",
                violation_error_message=_("Đơn vị đã có trong danh sách cử tri."),
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="voting_voter_user_once",
                violation_error_message=_("Người này đã có trong danh sách cử tri."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """Tham dự — the record that a voter checked in (and, in electronic mode, was given a
    one-time ballot token). Written in its own transaction at check-in; it never says whether,
    when or how the voter then voted."""

    voter = models.ForeignKey(
        Voter,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("cử tri"),
    )
    checked_in = models.BooleanField(_("đã điểm danh"), default=True)
    token_issued = models.BooleanField(_("đã nhận mã phiếu"), default=False)

    class Meta:
        verbose_name = _("tham dự")
        verbose_name_plural = _("danh sách tham dự")
        constraints = [
            models.UniqueConstraint(
                fields=["voter"],
                name="voting_participation_once",
                violation_error_message=_("Cử tri đã điểm danh; mỗi cử tri chỉ nhận một phiếu."),
            )
        ]

    def __str__(self) -> str:
        return str(self.voter)


class TieResolution(TimeStampedModel):
    """Xử lý bằng phiếu — how a tie at the last seat of a question was settled: a run-off
    session among the tied candidates, or the chair's decision (``chosen``) with its note."""

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="tie_resolutions",
        verbose_name=_("nội dung bỏ phiếu"),
    )
    method = models.CharField(_("cách xử lý"), max_length=16, choices=TiePolicy.choices)
    runoff_session = models.ForeignKey(
        BallotSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runoff_for",
        verbose_name=_("phiên bỏ phiếu lại"),
    )
    chosen = models.ManyToManyField(
        BallotCandidate, blank=True, related_name="+", verbose_name=_("ứng viên được chọn")
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("xử lý bằng phiếu")
        verbose_name_plural = _("các lần xử lý bằng phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                name="voting_tieresolution_once",
                violation_error_message=_("Trường hợp bằng phiếu này đã được xử lý."),
            ),
            models.CheckConstraint(
                condition=Q(method=TiePolicy.RUNOFF, runoff_session__isnull=False)
                | Q(method=TiePolicy.CHAIR, runoff_session__isnull=True),
                name="voting_tieresolution_runoff_has_session",
                violation_error_message=_("Bỏ phiếu lại phải gắn với phiên bỏ phiếu lại."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_method_display()}"
