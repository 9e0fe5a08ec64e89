"""Forms of the self-assessment pages (tự chấm điểm).

The forms only parse what was typed; the rules (a score between 0 and the criterion's maximum
with at most two decimals, the kinds of evidence files, a reason to reopen) live in the
services, which answer with a ``DomainError`` naming the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import DATE_INPUT_FORMATS

DATETIME_INPUT_FORMATS = [
    *(f"{date} %H:%M" for date in DATE_INPUT_FORMATS),
    "%Y-%m-%dT%H:%M",  # what a browser's datetime-local input sends
]
"""dd/mm/yyyy HH:MM first, ISO too."""

EVIDENCE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx"


class PointsField(forms.DecimalField):
    """A number of points; a decimal comma (“12,5”) is read as a decimal point."""

    def clean(self, value: Any) -> Decimal | None:
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        result: Decimal | None = super().clean(value)
        return result


class ScoreForm(forms.Form):
    """One criterion's points and explanation, with the version the editor loaded."""

    points = PointsField(label=_("Điểm tự chấm"), required=False)
    explanation = forms.CharField(label=_("Giải trình"), required=False)
    version = forms.IntegerField(label=_("Phiên bản"), required=False, min_value=0)


class EvidenceForm(forms.Form):
    # An empty file reaches the service, which refuses it in its own words.
    file = forms.FileField(label=_("Tệp minh chứng"), allow_empty_file=True)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        required=False,  # the service refuses a blank reason (one place for the rule)
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Hạn nộp bản tự chấm điểm"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        help_text=_(
            "Ngày giờ theo dạng dd/mm/yyyy HH:MM, ví dụ 15/12/2026 17:00; để trống: không có hạn."
        ),
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M",
            attrs={"placeholder": "dd/mm/yyyy HH:MM", "autocomplete": "off"},
        ),
    )
