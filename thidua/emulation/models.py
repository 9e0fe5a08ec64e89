"""Decisions, emulation blocks and clusters by year, their members and leaders, and movements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.emulation.choices import GroupKind, MemberRole, MovementKind, RotationStatus


class Decision(TimeStampedModel):
    """Quyết định — an act issued by an agency: number and symbol, date, signer, attached file.

    Numbering restarts each 1 January, so a number is unique per issuer and year.
    """

    number = models.CharField(_("số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 309/QĐ-BCT"))
    issued_on = models.DateField(_("ngày ban hành"))
    year = models.PositiveSmallIntegerField(_("năm ban hành"), editable=False)
    issuer = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="decisions_issued",
        verbose_name=_("cơ quan ban hành"),
    )
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    summary = models.TextField(_("trích yếu"))
    file = models.FileField(_("tệp đính kèm"), upload_to="decisions/%Y/", blank=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("các quyết định")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                name="emulation_decision_number_unique_per_issuer_year",
                violation_error_message=_("Cơ quan này đã có quyết định cùng số trong năm."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.issued_on:%d/%m/%Y}"


class EmulationGroup(TimeStampedModel):
    """Khối, cụm thi đua — a grouping that lasts across years; its code is unique per ministry."""

    code = models.CharField(_("mã khối, cụm"), max_length=50)
    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại"), max_length=16, choices=GroupKind.choices)
    organiser = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="emulation_groups",
        verbose_name=_("cơ quan tổ chức"),
    )

    class Meta:
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("các khối, cụm thi đua")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "code"],
                name="emulation_group_code_unique_per_organiser",
                violation_error_message=_("Bộ này đã có khối, cụm với mã này."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupYear(TimeStampedModel):
    """Khối, cụm thi đua của năm — the group in one year: its decisions and members."""

    group = models.ForeignKey(
        EmulationGroup, on_delete=models.PROTECT, related_name="years", verbose_name=_("khối, cụm")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groupings",
        verbose_name=_("quyết định phân chia khối, cụm"),
    )
    leadership_decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leaderships",
        verbose_name=_("quyết định công nhận cụm trưởng, cụm phó"),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("khối, cụm thi đua của năm")
        verbose_name_plural = _("khối, cụm thi đua theo năm")
        ordering = ["-year", "group__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year"],
                name="emulation_group_year_unique",
                violation_error_message=_("Khối, cụm này đã được lập cho năm này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.name} — {self.year}"


class GroupMember(models.Model):
    """Thành viên khối, cụm — a member unit in one year, its role and rotation order."""

    group_year = models.ForeignKey(
        GroupYear, on_delete=models.CASCADE, related_name="members", verbose_name=_("khối, cụm")
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(
        _("vai trò"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    rotation_order = models.PositiveSmallIntegerField(_("thứ tự luân phiên"), default=0)

    class Meta:
        verbose_name = _("thành viên khối, cụm")
        verbose_name_plural = _("thành viên khối, cụm")
        ordering = ["rotation_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_year", "agency"],
                name="emulation_member_unique",
                violation_error_message=_("Đơn vị đã là thành viên của khối, cụm trong năm."),
            ),
            models.UniqueConstraint(
                fields=["group_year"],
                condition=Q(role="leader"),
                name="emulation_member_one_leader",
                violation_error_message=_("Mỗi khối, cụm chỉ có một cụm trưởng trong năm."),
            ),
            models.UniqueConstraint(
                fields=["group_year"],
                condition=Q(role="deputy"),
                name="emulation_member_one_deputy",
                violation_error_message=_("Mỗi khối, cụm chỉ có một cụm phó trong năm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.get_role_display()})"


class RotationProposal(TimeStampedModel):
    """Đề xuất luân phiên — next year's leader and deputy, proposed by the cluster and confirmed
    by the ministry's emulation officer."""

    group_year = models.OneToOneField(
        GroupYear,
        on_delete=models.CASCADE,
        related_name="rotation",
        verbose_name=_("khối, cụm (năm đề xuất)"),
    )
    next_leader = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cụm trưởng năm sau"),
    )
    next_deputy = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cụm phó năm sau"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=RotationStatus.choices,
        default=RotationStatus.PROPOSED,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề xuất luân phiên")
        verbose_name_plural = _("các đề xuất luân phiên")
        constraints = [
            models.CheckConstraint(
                condition=~Q(next_leader=F("next_deputy")),
                name="emulation_rotation_leader_is_not_deputy",
                violation_error_message=_("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_year}: {self.next_leader} / {self.next_deputy}"


class Movement(TimeStampedModel):
    """Phong trào thi đua — a launched emulation drive, regular (yearly) or thematic."""

    name = models.CharField(_("tên phong trào"), max_length=300)
    kind = models.CharField(_("loại"), max_length=16, choices=MovementKind.choices)
    organiser = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=_("cơ quan phát động (phạm vi)"),
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    theme = models.CharField(_("chủ đề, khẩu hiệu"), max_length=500, blank=True)
    launching_decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("quyết định, kế hoạch phát động"),
    )
    targets = models.TextField(_("chỉ tiêu, nội dung"), blank=True)
    groups = models.ManyToManyField(
        EmulationGroup, blank=True, related_name="movements", verbose_name=_("khối, cụm tham gia")
    )

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("các phong trào thi đua")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="emulation_movement_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return self.name
