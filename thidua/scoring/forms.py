"""Forms of the scoring pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.scoring.choices import ConductFact, PartyRating

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


class TableImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp .xlsx hoặc .csv"),
        help_text=_("Tệp có dòng lỗi sẽ bị từ chối toàn bộ; bảng giữ nguyên như trước."),
    )


def _count(label: StrOrPromise) -> forms.IntegerField:
    # No minimum here: the service refuses a negative count (one place for the rule).
    return forms.IntegerField(label=label, initial=0, widget=forms.NumberInput(attrs={"min": 0}))


class ConductRecordForm(forms.Form):
    """A unit's conduct facts for a year (hồ sơ chấp hành)."""

    STANDARD_CHOICES = [
        ("", _("Chưa có")),
        ("yes", _("Đạt")),
        ("no", _("Không đạt")),
    ]

    disciplined_staff = _count(ConductFact.DISCIPLINED_STAFF.label)
    disciplined_party_members = _count(ConductFact.DISCIPLINED_PARTY_MEMBERS.label)
    traffic_violations = _count(ConductFact.TRAFFIC_VIOLATIONS.label)
    alcohol_violations = _count(ConductFact.ALCOHOL_VIOLATIONS.label)
    party_rating = forms.ChoiceField(
        label=_("Xếp loại tổ chức cơ sở đảng"),
        choices=[("", _("Chưa xếp loại")), *PartyRating.choices],
        required=False,
    )
    security_standard = forms.TypedChoiceField(
        label=_("Đạt chuẩn “An toàn về an ninh trật tự”"),
        choices=STANDARD_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    cultural_agency = forms.TypedChoiceField(
        label=_("Đạt chuẩn “Cơ quan đạt chuẩn văn hóa”"),
        choices=STANDARD_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    reference = forms.CharField(
        label=_("Căn cứ"),
        help_text=_("Văn bản, báo cáo làm căn cứ cho các số liệu trên."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def standard_initial(value: bool | None) -> str:
        return "" if value is None else ("yes" if value else "no")


class RankingCorrectionForm(forms.Form):
    """Đính chính kết quả — the reason is required; ``version`` is the version corrected (a
    correction of a version someone has already corrected is refused)."""

    reason = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kết quả được tính lại từ điểm hiện tại và công bố thành lần mới; lần cũ vẫn được "
            "lưu và xem được."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
