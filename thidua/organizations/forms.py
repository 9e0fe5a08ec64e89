from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import DATE_INPUT_FORMATS
from thidua.organizations.choices import AgencyKind
from thidua.organizations.models import Agency, Province

DATE_FORMATS = DATE_INPUT_FORMATS


class AgencyForm(forms.Form):
    """Fields of an agency; the service validates the rules, the form only the types."""

    code = forms.CharField(label=_("Mã đơn vị"), max_length=50)
    name = forms.CharField(label=_("Tên chính thức"), max_length=300)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=AgencyKind.choices)
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=Province.objects.order_by("name"), required=False
    )
    parent = forms.ModelChoiceField(
        label=_("Cơ quan cấp trên"), queryset=Agency.objects.order_by("name"), required=False
    )
    valid_from = forms.DateField(
        label=_("Hoạt động từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
    )
    valid_to = forms.DateField(
        label=_("Hoạt động đến ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy, ngày cuối cùng đơn vị tồn tại"),
    )
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to"):
            self.fields[name].widget.format = "%d/%m/%Y"


class ImportForm(forms.Form):
    KIND_CHOICES = [
        (
            "agencies",
            _(
                "Đơn vị (code, name, short_name, kind, province_code, parent_code, "
                "valid_from, valid_to)"
            ),
        ),
        (
            "lineage",
            _("Sự kiện tổ chức (kind, date, predecessors, successors, decision_number, note)"),
        ),
        (
            "people",
            _(
                "Cá nhân và chức vụ (code, full_name, gender, birth_year, agency_code, "
                "position, from_date, to_date)"
            ),
        ),
    ]
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"), choices=KIND_CHOICES, widget=forms.RadioSelect
    )
    file = forms.FileField(label=_("Tệp .csv hoặc .xlsx"))


class AgencyChoiceField(forms.ModelChoiceField[Agency]):
    """Chooses an agency, labelled with its code so that namesakes (an old and a merged
    department of the same name) can be told apart."""

    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.code})"


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField[Agency]):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.code})"
