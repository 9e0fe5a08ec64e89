"""Forms of the scoring pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TableImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp .xlsx hoặc .csv"),
        help_text=_("Tệp có dòng lỗi sẽ bị từ chối toàn bộ; bảng giữ nguyên như trước."),
    )
