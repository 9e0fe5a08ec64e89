"""The award catalogue and the commendation history (DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import (
    AwardKind,
    AwardLevel,
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    Rating,
    Recipients,
    RecordKind,
)
from thidua.core.models import TimeStampedModel
from thidua.core.text import fold
from thidua.organizations.models import Agency, Person


class AwardTitle(models.Model):
    """Danh hiệu thi đua, hình thức khen thưởng — one entry of the award catalogue.

    Reference data shipped by the data migration ``0002_award_catalogue`` with the codes of
    DOMAIN.md §4; imports and the API name an entry by its ``code``. The conditions of
    eligibility (prerequisites, chains, ratings, initiatives, quotas, attested conditions) are
    not part of this model: they come as dated rule data with the eligibility engine.
    """

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=8, choices=AwardKind.choices)
    recipients = models.CharField(_("đối tượng"), max_length=12, choices=Recipients.choices)
    conferred_by = models.CharField(_("thẩm quyền tặng"), max_length=300)
    level = models.CharField(_("cấp"), max_length=20, choices=AwardLevel.choices)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="awards_awardtitle_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def allows(self, recipient_type: str) -> bool:
        """Whether a recipient of ``recipient_type`` (``person``/``collective``) may receive it."""
        return self.recipients in (Recipients.BOTH, recipient_type)


_PERIOD_KINDS = [RecordKind.DISCIPLINE, RecordKind.BLOCKER]


def _only_for(kind: RecordKind, filled: Q) -> Q:
    """The record is of ``kind`` exactly when ``filled`` holds."""
    return (Q(record_kind=kind) & filled) | (~Q(record_kind=kind) & ~filled)


class CommendationRecord(TimeStampedModel):
    """Hồ sơ khen thưởng — one line of a recipient's history of awards, ratings and sanctions.

    The quá trình khen thưởng, kỷ luật: an award, an annual rating, a recognised initiative, a
    discipline (a person's sanction, with its period) or a blocker (under investigation,
    inspection, complaint or a discipline process, with its period). The recipient is an agency
    (a collective) or a person, never both. A revoked record stays, with the revoking decision.
    ``identity`` (kind, recipient, value, year, decision number) names the record once: an
    import of the same row finds it instead of adding another.
    """

    record_kind = models.CharField(_("loại hồ sơ"), max_length=12, choices=RecordKind.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendation_records",
        verbose_name=_("tập thể"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendation_records",
        verbose_name=_("cá nhân"),
    )
    award = models.ForeignKey(
        AwardTitle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("danh hiệu, hình thức"),
    )
    rating = models.CharField(
        _("xếp loại chất lượng"), max_length=8, choices=Rating.choices, blank=True
    )
    scope = models.CharField(
        _("phạm vi sáng kiến"), max_length=12, choices=InitiativeScope.choices, blank=True
    )
    discipline_level = models.CharField(
        _("hình thức kỷ luật"), max_length=16, choices=DisciplineLevel.choices, blank=True
    )
    award_type = models.CharField(
        _("loại hình khen thưởng"),
        max_length=12,
        choices=AwardType.choices,
        default=AwardType.CONG_TRANG,
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=300, blank=True)
    revoked_by_decision = models.CharField(
        _("quyết định thu hồi, hủy bỏ"), max_length=100, blank=True
    )
    revoked_on = models.DateField(_("ngày thu hồi, hủy bỏ"), null=True, blank=True)
    note = models.TextField(_("lý do, ghi chú"), blank=True)
    search_key = models.CharField(
        _("khóa tìm kiếm"),
        max_length=600,
        editable=False,
        blank=True,
        help_text=_("Số quyết định, cơ quan ban hành và lý do, bỏ dấu (core.text.fold)."),
    )
    identity = models.CharField(
        _("khóa nhận diện"),
        max_length=400,
        unique=True,
        editable=False,
        help_text=_(
            "Loại, đối tượng, giá trị, năm và số quyết định: một hồ sơ chỉ được ghi một lần."
        ),
    )

    class Meta:
        verbose_name = _("hồ sơ khen thưởng, kỷ luật")
        verbose_name_plural = _("hồ sơ khen thưởng, kỷ luật")
        ordering = ["year", "start_date", "id"]
        indexes = [
            models.Index(
                fields=["person", "record_kind", "year"], name="awards_rec_person_kind_year"
            ),
            models.Index(
                fields=["agency", "record_kind", "year"], name="awards_rec_agency_kind_year"
            ),
            models.Index(fields=["award", "year"], name="awards_rec_award_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(person__isnull=True))
                | (Q(agency__isnull=True) & Q(person__isnull=False)),
                name="awards_commendationrecord_one_recipient",
                violation_error_message=_(
                    "Hồ sơ phải thuộc về đúng một đối tượng: một tập thể hoặc một cá nhân."
                ),
            ),
            models.CheckConstraint(
                condition=_only_for(RecordKind.AWARD, Q(award__isnull=False)),
                name="awards_commendationrecord_award_has_title",
                violation_error_message=_(
                    "Hồ sơ khen thưởng phải có danh hiệu, hình thức; loại hồ sơ khác thì không."
                ),
            ),
            models.CheckConstraint(
                condition=_only_for(RecordKind.RATING, ~Q(rating="")),
                name="awards_commendationrecord_rating_has_value",
                violation_error_message=_(
                    "Hồ sơ xếp loại phải có mức xếp loại; loại hồ sơ khác thì không."
                ),
            ),
            models.CheckConstraint(
                condition=_only_for(RecordKind.INITIATIVE, ~Q(scope="")),
                name="awards_commendationrecord_initiative_has_scope",
                violation_error_message=_(
                    "Hồ sơ sáng kiến phải có phạm vi công nhận; loại hồ sơ khác thì không."
                ),
            ),
            models.CheckConstraint(
                condition=_only_for(RecordKind.DISCIPLINE, ~Q(discipline_level="")),
                name="awards_commendationrecord_discipline_has_level",
                violation_error_message=_(
                    "Hồ sơ kỷ luật phải có hình thức kỷ luật; loại hồ sơ khác thì không."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(record_kind=RecordKind.DISCIPLINE) | Q(person__isnull=False),
                name="awards_commendationrecord_discipline_of_person",
                violation_error_message=_("Kỷ luật chỉ ghi cho cá nhân."),
            ),
            models.CheckConstraint(
                condition=Q(record_kind__in=_PERIOD_KINDS) | Q(year__isnull=False),
                name="awards_commendationrecord_year_required",
                violation_error_message=_("Hồ sơ khen thưởng, xếp loại, sáng kiến phải có năm."),
            ),
            models.CheckConstraint(
                condition=~Q(record_kind__in=_PERIOD_KINDS) | Q(start_date__isnull=False),
                name="awards_commendationrecord_period_has_start",
                violation_error_message=_("Kỷ luật và vướng mắc phải có ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="awards_commendationrecord_period_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revoked_by_decision=""),
                name="awards_commendationrecord_revocation_has_decision",
                violation_error_message=_("Ngày thu hồi phải đi kèm quyết định thu hồi."),
            ),
        ]

    def __str__(self) -> str:
        recipient = self.person if self.person_id else self.agency
        when = (
            str(self.year)
            if self.year
            else (f"{self.start_date:%d/%m/%Y}" if self.start_date else "")
        )
        parts = [self.value_label, when, str(recipient)]
        return " — ".join(p for p in parts if p)

    @property
    def value(self) -> str:
        """The record's value code: the award code, rating, initiative scope or discipline level."""
        if self.record_kind == RecordKind.AWARD:
            return self.award.code if self.award is not None else ""
        return {
            RecordKind.RATING: self.rating,
            RecordKind.INITIATIVE: self.scope,
            RecordKind.DISCIPLINE: self.discipline_level,
        }.get(RecordKind(self.record_kind), "")

    @property
    def value_label(self) -> str:
        if self.record_kind == RecordKind.AWARD:
            return str(self.award) if self.award is not None else ""
        if self.record_kind == RecordKind.RATING:
            return str(self.get_rating_display())
        if self.record_kind == RecordKind.INITIATIVE:
            return f"{RecordKind.INITIATIVE.label} {self.get_scope_display()}"
        if self.record_kind == RecordKind.DISCIPLINE:
            return f"{RecordKind.DISCIPLINE.label}: {self.get_discipline_level_display()}"
        return str(RecordKind.BLOCKER.label)

    @property
    def is_revoked(self) -> bool:
        """Whether a revoking decision is recorded (whatever its date)."""
        return bool(self.revoked_by_decision)

    def revoked_as_of(self, day: dt.date) -> bool:
        """Whether the record counts as revoked on ``day`` (DOMAIN.md §5 "Time").

        A revocation counts from its ``revoked_on`` date; one without a date counts always.
        """
        return self.is_revoked and (self.revoked_on is None or self.revoked_on <= day)

    @staticmethod
    def make_identity(
        record_kind: str,
        recipient_type: str,
        recipient_id: int,
        value: str,
        year: int | None,
        decision_number: str,
    ) -> str:
        """The key that names a record once: kind, recipient, value, year, decision number."""
        return "|".join(
            [
                record_kind,
                f"{recipient_type}:{recipient_id}",
                value,
                "" if year is None else str(year),
                decision_number,
            ]
        )

    @staticmethod
    def make_search_key(decision_number: str, issuer: str, note: str) -> str:
        """The folded text that search matches: decision number, issuer and reason."""
        return fold(" ".join(p for p in (decision_number, issuer, note) if p))[:600]
