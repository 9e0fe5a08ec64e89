"""Forms of the cross-review (chấm chéo) and consolidation pages.

The forms only parse; the rules (points within 0 and the maximum, a reason for every
proposal, who reviews whom) live in the services, one place for each rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.organizations.models import Agency
from thidua.scoring.choices import ReviewMode
from thidua.scoring.models import Disqualifier, SelfAssessment


class PointsField(forms.DecimalField):
    """Points typed with a decimal comma or point (``12,5`` or ``12.5``)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        result: Decimal | None = super().to_python(value)
        return result


def _points(label: Any, maximum: Decimal | None) -> PointsField:
    attrs: dict[str, Any] = {"step": "0.01", "min": "0", "inputmode": "decimal"}
    if maximum is not None:
        attrs["max"] = f"{maximum.normalize():f}"
    return PointsField(label=label, widget=forms.NumberInput(attrs=attrs))


def _version() -> forms.IntegerField:
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReviewRoundForm(forms.Form):
    """The cluster leader's choice of how members cross-check each other."""

    mode = forms.ChoiceField(
        label=_("Hình thức chấm chéo"), choices=ReviewMode.choices, widget=forms.RadioSelect
    )
    per_unit = forms.IntegerField(
        label=_("Số đơn vị mỗi đơn vị chấm"),
        initial=2,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_(
            "Chỉ dùng với hình thức phân công: mỗi đơn vị chấm chừng ấy đơn vị và được chừng "
            "ấy đơn vị chấm."
        ),
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Tổ thẩm định"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chỉ dùng với hình thức tổ thẩm định: chọn ít nhất hai đơn vị; thành viên của tổ "
            "không chấm đơn vị mình."
        ),
    )

    def __init__(self, *args: Any, members: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelMultipleChoiceField)
        team.queryset = members


class ReviewScoreForm(forms.Form):
    """A reviewer's proposal for one criterion of one unit."""

    points = PointsField(label=_("Điểm đề xuất"))
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = _version()

    def __init__(self, *args: Any, maximum: Decimal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["points"] = _points(_("Điểm đề xuất"), maximum)


class FinalScoreForm(forms.Form):
    """The cluster leader's consolidated points for one criterion of one unit."""

    points = PointsField(label=_("Điểm thống nhất"))
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = _version()

    def __init__(self, *args: Any, maximum: Decimal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["points"] = _points(_("Điểm thống nhất"), maximum)


class ReviewResponseForm(forms.Form):
    """The reviewed unit's answer to a proposal."""

    response = forms.CharField(
        label=_("Ý kiến của đơn vị được chấm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _AssessmentChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.agency.name)


class _DisqualifierChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.order}. {obj.description}"


class FindingSetForm(forms.Form):
    """The cluster's finding that a disqualifier decided by hand applies to a unit."""

    assessment = _AssessmentChoice(
        label=_("Đơn vị"),
        queryset=SelfAssessment.objects.none(),
        empty_label=_("— Chọn đơn vị —"),
    )
    disqualifier = _DisqualifierChoice(
        label=_("Điểm liệt"),
        queryset=Disqualifier.objects.none(),
        empty_label=_("— Chọn điểm liệt —"),
    )
    reason = forms.CharField(
        label=_("Căn cứ, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        assessments: QuerySet[SelfAssessment],
        disqualifiers: QuerySet[Disqualifier],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        assessment, disqualifier = self.fields["assessment"], self.fields["disqualifier"]
        assert isinstance(assessment, forms.ModelChoiceField)
        assert isinstance(disqualifier, forms.ModelChoiceField)
        assessment.queryset = assessments
        disqualifier.queryset = disqualifiers


class FindingRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
