"""Forms of the commendation history pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import RecipientType
from thidua.awards.models import AwardTitle
from thidua.core.dates import DATE_INPUT_FORMATS


class EligibilityQueryForm(forms.Form):
    """Who, for which title, for which year, on which date (today when blank)."""

    recipient = forms.CharField(label=_("Mã cá nhân hoặc đơn vị"), max_length=50)
    recipient_type = forms.ChoiceField(
        label=_("Loại đối tượng"),
        choices=[("", _("Tự nhận biết")), *RecipientType.choices],
        required=False,
    )
    award = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức"),
        queryset=AwardTitle.objects.order_by("level", "name"),
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("Năm xét"), min_value=1945, max_value=2200)
    as_of = forms.DateField(
        label=_("Ngày xét"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("Để trống: hôm nay. Chỉ tính các quyết định có đến ngày này."),
    )
