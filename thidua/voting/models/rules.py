"""Voting rules (quy tắc bỏ phiếu): dated rule data with their legal basis."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.voting.choices import Body, PassBase, TiePolicy


class VotingRule(TimeStampedModel):
    """Quy tắc bỏ phiếu — dated rule data: the quorum, the pass threshold, what the threshold
    is measured against, self-votes and ties, for one body and some award titles.

    Fractions are stored as integers (``quorum_num / quorum_den``) and compared exactly
    (``present × den ≥ num × total``), never through a float. The quorum is always "at least";
    the pass threshold is "more than" when ``pass_strict`` (> 50 %), else "at least" (≥ 80 %).
    ``award_codes`` lists the catalogue codes the rule governs; an empty list is the body's
    general rule, used for titles no other rule of the body names. A rule that a session has
    used is never edited: a new version with a later ``valid_from`` replaces it.
    ``disclosure_group_size``: with at most this many ballots, a per-candidate count of 0 or of
    every ballot would reveal how each voter voted, so publishing it needs the chair's consent.
    """

    code = models.CharField(_("mã"), max_length=50)
    name = models.CharField(_("tên"), max_length=300)
    legal_basis = models.TextField(_("căn cứ"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    body = models.CharField(_("cơ quan bỏ phiếu"), max_length=16, choices=Body.choices)
    award_codes = models.JSONField(_("áp dụng cho danh hiệu"), default=list, blank=True)
    quorum_num = models.PositiveSmallIntegerField(_("tỉ lệ có mặt tối thiểu (tử số)"))
    quorum_den = models.PositiveSmallIntegerField(_("tỉ lệ có mặt tối thiểu (mẫu số)"))
    pass_num = models.PositiveSmallIntegerField(_("tỉ lệ đồng ý (tử số)"))
    pass_den = models.PositiveSmallIntegerField(_("tỉ lệ đồng ý (mẫu số)"))
    pass_base = models.CharField(
        _("tỉ lệ đồng ý tính trên"), max_length=16, choices=PassBase.choices
    )
    pass_strict = models.BooleanField(
        _("phải vượt tỉ lệ"), help_text=_("Có: phải hơn tỉ lệ (> 50 %). Không: từ tỉ lệ trở lên.")
    )
    self_vote_allowed = models.BooleanField(_("được bỏ phiếu cho chính đơn vị mình"))
    tie_policy = models.CharField(_("khi bằng phiếu"), max_length=16, choices=TiePolicy.choices)
    disclosure_group_size = models.PositiveSmallIntegerField(
        _("cảnh báo lộ phiếu khi số phiếu không quá"), default=10
    )

    class Meta:
        verbose_name = _("quy tắc bỏ phiếu")
        verbose_name_plural = _("các quy tắc bỏ phiếu")
        ordering = ["body", "code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                name="voting_votingrule_code_from_unique",
                violation_error_message=_("Quy tắc đã có phiên bản hiệu lực từ ngày này."),
            ),
            models.CheckConstraint(
                condition=Q(quorum_den__gt=0) & Q(quorum_num__lte=F("quorum_den")),
                name="voting_votingrule_quorum_is_a_fraction",
                violation_error_message=_("Tỉ lệ có mặt phải là một phân số từ 0 đến 1."),
            ),
            models.CheckConstraint(
                condition=Q(pass_den__gt=0) & Q(pass_num__lte=F("pass_den")),
                name="voting_votingrule_pass_is_a_fraction",
                violation_error_message=_("Tỉ lệ đồng ý phải là một phân số từ 0 đến 1."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="voting_votingrule_dates_ordered",
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def governs(self, award_code: str) -> bool:
        return not self.award_codes or award_code in self.award_codes
