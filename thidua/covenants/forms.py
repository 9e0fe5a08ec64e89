from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import DATE_INPUT_FORMATS
from thidua.covenants.models import Covenant, SigningKey
from thidua.covenants.services import ItemValues, VersionValues
from thidua.organizations.forms import AgencyChoiceField
from thidua.organizations.models import Agency

DATE_FORMATS = DATE_INPUT_FORMATS


class VersionForm(forms.Form):
    """The covenant text. Content items: one per line; ``text | target`` marks a measurable one."""

    title = forms.CharField(label=_("Tên văn bản"), max_length=300, initial="GIAO ƯỚC THI ĐUA")
    theme = forms.CharField(label=_("Chủ đề"), max_length=500, required=False)
    legal_bases = forms.CharField(
        label=_("Căn cứ (mỗi dòng một căn cứ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    goals = forms.CharField(
        label=_("Mục tiêu"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    items = forms.CharField(
        label=_("Nội dung thi đua (mỗi dòng một nội dung)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Nội dung đo đếm được: ghi chỉ tiêu sau dấu |, ví dụ: "
            "“Giải quyết hồ sơ đúng hạn | 100%”."
        ),
    )
    closing = forms.CharField(
        label=_("Tổ chức thực hiện, cam kết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def initial_from(values: VersionValues) -> dict[str, Any]:
        return {
            "title": values.title,
            "theme": values.theme,
            "legal_bases": values.legal_bases,
            "goals": values.goals,
            "closing": values.closing,
            "items": "\n".join(
                f"{i.text} | {i.target}" if i.is_measurable and i.target else i.text
                for i in values.items
            ),
        }

    def values(self) -> VersionValues:
        data = self.cleaned_data
        items = []
        for line in data["items"].splitlines():
            if not line.strip():
                continue
            text, _sep, target = line.partition("|")
            items.append(ItemValues(text.strip(), bool(target.strip()), target.strip()))
        return VersionValues(
            title=data["title"],
            theme=data["theme"],
            legal_bases=data["legal_bases"],
            goals=data["goals"],
            closing=data["closing"],
            items=tuple(items),
        )


class CommentForm(forms.Form):
    agency = AgencyChoiceField(label=_("Góp ý với tư cách đơn vị"), queryset=Agency.objects.none())
    text = forms.CharField(label=_("Góp ý"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        if agencies.count() == 1:
            field.initial = agencies.first()


class SigningEventForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày ký kết"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=200)

    def __init__(self, *args: Any, covenant: Covenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signatories = list(covenant.signatories.select_related("agency").order_by("order"))
        for s in self.signatories:
            self.fields[f"name_{s.pk}"] = forms.CharField(
                label=_("Người ký — %(agency)s") % {"agency": s.agency.name},
                max_length=200,
                initial=s.name,
                required=False,
            )
            self.fields[f"position_{s.pk}"] = forms.CharField(
                label=_("Chức vụ — %(agency)s") % {"agency": s.agency.name},
                max_length=200,
                initial=s.position or "Giám đốc",
                required=False,
            )


class SignForm(forms.Form):
    """Sign with an uploaded PKCS#12, or with the agency's stored key; the password is typed."""

    key = forms.ModelChoiceField(
        label=_("Chứng thư số đã lưu của đơn vị"),
        queryset=SigningKey.objects.none(),
        required=False,
    )
    pkcs12 = forms.FileField(label=_("Hoặc tải lên tệp chữ ký số (.p12, .pfx)"), required=False)
    password = forms.CharField(
        label=_("Mật khẩu tệp chữ ký số"), strip=False, widget=forms.PasswordInput, required=False
    )

    def __init__(self, *args: Any, keys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["key"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = keys

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("key") and not data.get("pkcs12"):
            raise forms.ValidationError(_("Chọn chứng thư số đã lưu hoặc tải lên tệp chữ ký số."))
        return data


class ExternalSignatureForm(forms.Form):
    signed_pdf = forms.FileField(label=_("Tệp PDF đã ký bằng phần mềm ký số của đơn vị"))


class SigningKeyForm(forms.Form):
    pkcs12 = forms.FileField(label=_("Tệp chữ ký số (.p12, .pfx)"))
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput, required=False
    )
