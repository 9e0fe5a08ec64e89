"""Provinces, agencies, their lineage, and people with their positions over time."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.organizations.choices import AgencyKind, Gender, LineageKind


class Province(models.Model):
    """Tỉnh, thành phố trực thuộc trung ương — a provincial unit, with the dates it existed.

    The official two-digit code can be reused by a later unit (after 01/07/2025 a merged
    province took one predecessor's code), so a code is unique only with its start date.
    """

    code = models.CharField(_("mã tỉnh"), max_length=2)
    name = models.CharField(_("tên"), max_length=100)
    is_city = models.BooleanField(_("thành phố trực thuộc trung ương"), default=False)
    valid_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("sáp nhập vào"),
    )

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                name="organizations_province_code_period_unique",
                violation_error_message=_("Đã có tỉnh với mã này bắt đầu cùng ngày."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Agency(TimeStampedModel):
    """Cơ quan, đơn vị — an agency; its validity dates are inclusive."""

    code = models.CharField(_("mã đơn vị"), max_length=50, unique=True)
    name = models.CharField(_("tên chính thức"), max_length=300)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=AgencyKind.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("tỉnh, thành phố"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    valid_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=500, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="organizations_agency_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="organizations_agency_not_own_parent",
                violation_error_message=_("Đơn vị không thể là cấp trên của chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class LineageEvent(TimeStampedModel):
    """Sự kiện tổ chức — a merge, split, rename or transfer, with its date and decision.

    A merge or split links predecessors that end the day before ``date`` to new successor
    agencies that start on it; a rename or transfer links one agency's old code to its new one
    (or, where the code stays, is recorded with the same agency on both sides).
    """

    kind = models.CharField(_("loại sự kiện"), max_length=16, choices=LineageKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    identity = models.CharField(
        _("khóa nhận diện"),
        max_length=1000,
        unique=True,
        editable=False,
        help_text=_("Loại, ngày và các mã đơn vị: một sự kiện chỉ được ghi một lần."),
    )
    predecessors = models.ManyToManyField(
        Agency, related_name="lineage_as_predecessor", verbose_name=_("đơn vị trước")
    )
    successors = models.ManyToManyField(
        Agency, related_name="lineage_as_successor", verbose_name=_("đơn vị sau")
    )

    class Meta:
        verbose_name = _("sự kiện tổ chức")
        verbose_name_plural = _("sự kiện tổ chức")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    @staticmethod
    def make_identity(
        kind: str, date: dt.date, predecessors: list[str], successors: list[str]
    ) -> str:
        return "|".join(
            [kind, date.isoformat(), ";".join(sorted(predecessors)), ";".join(sorted(successors))]
        )


class Person(TimeStampedModel):
    """Cá nhân — a person whose positions and commendation history follow them across agencies."""

    code = models.CharField(_("mã cá nhân"), max_length=50, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    gender = models.CharField(_("giới tính"), max_length=3, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["full_name", "code"]

    def __str__(self) -> str:
        return self.full_name


class Position(models.Model):
    """Chức vụ công tác — a position a person held in an agency over a period (dates inclusive)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("cá nhân")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="positions", verbose_name=_("đơn vị")
    )
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    from_date = models.DateField(_("từ ngày"))
    to_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("chức vụ công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person", "from_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
                name="organizations_position_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["person", "agency", "from_date"],
                name="organizations_position_unique_start",
                violation_error_message=_(
                    "Cá nhân đã có chức vụ bắt đầu cùng ngày tại đơn vị này."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} ({self.agency})"

    def covers(self, day: dt.date) -> bool:
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)
