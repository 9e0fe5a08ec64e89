"""The eligibility rules as dated rule data (DOMAIN.md §5; DESIGN.md §4.5)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import ConditionKind, ConditionTest, ContinuityPolicy, RecipientType
from thidua.awards.models.history import AwardTitle


class EligibilityRuleSet(models.Model):
    """Bộ tiêu chuẩn xét khen thưởng — one dated version of the eligibility rules.

    A case is judged under the version in force on its evaluation date. A version that a stored
    verdict (:class:`~thidua.awards.models.EligibilityCheck`) has used is never edited: when the
    law changes, a system administrator adds a new version with its dates and legal basis.
    """

    code = models.CharField(_("mã phiên bản"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    continuity_policy = models.CharField(
        _("kế thừa thành tích khi sáp nhập, chia tách"),
        max_length=20,
        choices=ContinuityPolicy.choices,
        default=ContinuityPolicy.REVIEW,
    )
    counted_award_types = models.JSONField(
        _("loại hình khen thưởng được tính cho danh hiệu cao hơn"),
        default=list,
        help_text=_("Khen thưởng đột xuất, theo chuyên đề không được tính (DOMAIN.md §5)."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ tiêu chuẩn xét khen thưởng")
        verbose_name_plural = _("bộ tiêu chuẩn xét khen thưởng")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="awards_eligibilityruleset_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EligibilityCondition(models.Model):
    """Điều kiện, tiêu chuẩn — one condition of one title in one version of the rules.

    ``test`` names the reading the engine applies (one function each in
    ``thidua.awards.eligibility.conditions``) and ``params`` its numbers: the years it looks at,
    the values that satisfy it, a share or a count. ``rule_id`` is the stable name a verdict's
    explanation, the command line and the API report.
    """

    rule_set = models.ForeignKey(
        EligibilityRuleSet,
        on_delete=models.CASCADE,
        related_name="conditions",
        verbose_name=_("bộ tiêu chuẩn"),
    )
    award = models.ForeignKey(
        AwardTitle,
        on_delete=models.PROTECT,
        related_name="conditions",
        verbose_name=_("danh hiệu, hình thức"),
    )
    recipient_type = models.CharField(_("đối tượng"), max_length=12, choices=RecipientType.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    rule_id = models.CharField(_("mã điều kiện"), max_length=80)
    label = models.CharField(_("nội dung"), max_length=500)
    kind = models.CharField(_("cách xác định"), max_length=10, choices=ConditionKind.choices)
    test = models.CharField(_("cách đọc"), max_length=30, choices=ConditionTest.choices)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500)

    class Meta:
        verbose_name = _("điều kiện xét khen thưởng")
        verbose_name_plural = _("điều kiện xét khen thưởng")
        ordering = ["rule_set", "award", "recipient_type", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award", "recipient_type", "rule_id"],
                name="awards_eligibilitycondition_unique_rule",
                violation_error_message=_("Điều kiện này đã có trong bộ tiêu chuẩn."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ConditionKind.ATTESTED) | ~Q(test=ConditionTest.ATTESTED),
                name="awards_eligibilitycondition_attested_kind",
                violation_error_message=_("Điều kiện xác nhận phải thuộc loại “xác nhận”."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.label}"
