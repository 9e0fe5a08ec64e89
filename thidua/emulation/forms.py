from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import DATE_INPUT_FORMATS
from thidua.emulation.choices import GroupKind, MovementKind
from thidua.emulation.models import Decision, EmulationGroup
from thidua.organizations.choices import AgencyKind
from thidua.organizations.forms import AgencyChoiceField, AgencyMultipleChoiceField
from thidua.organizations.models import Agency

DATE_FORMATS = DATE_INPUT_FORMATS


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class DecisionForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 309/QĐ-BCT")
    )
    issued_on = _date_field(_("Ngày ban hành"))
    issuer = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=Agency.objects.filter(
            kind__in=[
                AgencyKind.MINISTRY,
                AgencyKind.MINISTRY_UNIT,
                AgencyKind.PROVINCIAL_COMMITTEE,
            ]
        ),
    )
    summary = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp quyết định (PDF, Word, ảnh)"), required=False)


class GroupYearForm(forms.Form):
    """A group's year: the group (by code), members, leader, deputy and decisions."""

    code = forms.CharField(label=_("Mã khối, cụm"), max_length=50, help_text=_("Ví dụ: CUM-XI"))
    name = forms.CharField(label=_("Tên khối, cụm"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=GroupKind.choices, initial=GroupKind.CLUSTER)
    organiser = forms.ModelChoiceField(
        label=_("Bộ, ngành tổ chức"), queryset=Agency.objects.filter(kind=AgencyKind.MINISTRY)
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    decision = forms.ModelChoiceField(
        label=_("Quyết định phân chia khối, cụm"), queryset=Decision.objects.all(), required=False
    )
    leadership_decision = forms.ModelChoiceField(
        label=_("Quyết định công nhận cụm trưởng, cụm phó"),
        queryset=Decision.objects.all(),
        required=False,
    )
    members = AgencyMultipleChoiceField(
        label=_("Thành viên"),
        queryset=Agency.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các đơn vị đang hoạt động trong năm."),
    )
    leader = AgencyChoiceField(label=_("Cụm trưởng"), queryset=Agency.objects.all(), required=False)
    deputy = AgencyChoiceField(label=_("Cụm phó"), queryset=Agency.objects.all(), required=False)

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = year or dt.date.today().year
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        active = (
            Agency.objects.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=end),
                Q(valid_to__isnull=True) | Q(valid_to__gte=start),
            )
            .exclude(kind=AgencyKind.MINISTRY)
            .order_by("name", "code")
        )
        for name in ("members", "leader", "deputy"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = active
        decisions = Decision.objects.filter(year__lte=year).order_by("-issued_on")
        for name in ("decision", "leadership_decision"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = decisions


class RotationForm(forms.Form):
    next_leader = AgencyChoiceField(label=_("Cụm trưởng năm sau"), queryset=Agency.objects.none())
    next_deputy = AgencyChoiceField(label=_("Cụm phó năm sau"), queryset=Agency.objects.none())

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("next_leader", "next_deputy"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = members if members is not None else Agency.objects.none()


class MovementForm(forms.Form):
    name = forms.CharField(label=_("Tên phong trào"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=MovementKind.choices)
    organiser = forms.ModelChoiceField(label=_("Cơ quan phát động"), queryset=Agency.objects.all())
    starts_on = _date_field(_("Từ ngày"))
    ends_on = _date_field(_("Đến ngày"), required=False)
    theme = forms.CharField(label=_("Chủ đề, khẩu hiệu"), max_length=500, required=False)
    launching_decision = forms.ModelChoiceField(
        label=_("Quyết định, kế hoạch phát động"), queryset=Decision.objects.all(), required=False
    )
    targets = forms.CharField(
        label=_("Chỉ tiêu, nội dung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Khối, cụm tham gia"),
        queryset=EmulationGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
