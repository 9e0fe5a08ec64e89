"""Forms of the voting pages. The ballot form is built from the session's questions and the
candidates the token allows; it carries the token, never the voter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardTitle
from thidua.organizations.models import Agency, Person
from thidua.voting.choices import Mode
from thidua.voting.models import BallotCandidate, Question, Voter


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Tên phiên"), max_length=300)
    meeting_date = forms.DateField(
        label=_("Ngày họp"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    mode = forms.ChoiceField(label=_("Hình thức"), choices=Mode.choices, initial=Mode.ELECTRONIC)


class CouncilSessionForm(SessionForm):
    council = forms.ModelChoiceField(
        label=_("Cơ quan của Hội đồng"),
        queryset=Agency.objects.filter(kind__in=["ministry", "provincial_committee"]).order_by(
            "name"
        ),
    )


class QuestionForm(forms.Form):
    award = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng"), queryset=AwardTitle.objects.order_by("name")
    )
    max_choices = forms.IntegerField(
        label=_("Số được chọn tối đa"), initial=1, widget=forms.NumberInput(attrs={"min": 1})
    )
    text = forms.CharField(
        label=_("Nội dung (để trống: tên danh hiệu)"), max_length=500, required=False
    )


class RankingForm(forms.Form):
    top = forms.IntegerField(
        label=_("Số đơn vị đứng đầu"), initial=1, widget=forms.NumberInput(attrs={"min": 1})
    )


class CandidateForm(forms.Form):
    """A unit, or a person: chosen among the people holding a position in a member unit that
    year (a cluster's session), or by code (checked by the service)."""

    agency = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Agency.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("hoặc cá nhân (giữ chức vụ tại đơn vị thành viên trong năm)"),
        queryset=Person.objects.none(),
        required=False,
    )
    person_code = forms.CharField(label=_("hoặc mã cá nhân"), max_length=50, required=False)
    reason = forms.CharField(label=_("Lý do bổ sung"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        people: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agencies
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        if people is None:
            del self.fields["person"]
        else:
            person_field.queryset = people


class _QuestionChoices(forms.Form):
    """A form with one check-box field ``q<pk>`` per question of ``self.questions``."""

    questions: list[Question]

    def choices(self) -> dict[int, list[int]]:
        return {
            q.pk: [int(pk) for pk in self.cleaned_data.get(f"q{q.pk}", [])] for q in self.questions
        }

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{q.pk}"] for q in self.questions]


class BallotForm(_QuestionChoices):
    """Phiếu bầu: one group of check boxes per question. ``excluded`` candidates (the voter's
    own unit where the rule forbids it) are not offered."""

    token = forms.CharField(
        label=_("Mã phiếu"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        excluded: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.MultipleChoiceField(
                label=str(question),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (str(c.pk), c.name)
                    for c in question.candidates.all()
                    if c.pk not in excluded or question.rule.self_vote_allowed
                ],
                help_text=_("Chọn tối đa %(n)d.") % {"n": question.max_choices},
            )


class TellerForm(forms.Form):
    """Một lần nhập kết quả kiểm phiếu: the valid and invalid ballots and each candidate's
    approvals."""

    slot = forms.TypedChoiceField(
        label=_("Lần nhập"),
        choices=[(1, _("Kiểm phiếu viên số 1")), (2, _("Kiểm phiếu viên số 2"))],
        coerce=int,
    )
    ballots = forms.IntegerField(label=_("Số phiếu hợp lệ"), min_value=0)
    invalid = forms.IntegerField(label=_("Số phiếu không hợp lệ"), min_value=0, initial=0)

    def __init__(self, *args: Any, candidates: list[BallotCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            self.fields[f"c{candidate.pk}"] = forms.IntegerField(
                label=candidate.name, min_value=0, widget=forms.NumberInput(attrs={"min": 0})
            )

    def approvals(self) -> dict[int, int]:
        return {c.pk: int(self.cleaned_data[f"c{c.pk}"]) for c in self.candidates}

    def candidate_fields(self) -> list[forms.BoundField]:
        return [self[f"c{c.pk}"] for c in self.candidates]


class PublishForm(forms.Form):
    disclose_counts = forms.BooleanField(
        label=_("Chủ trì cuộc họp đồng ý công bố số phiếu của từng ứng viên"), required=False
    )


class TieForm(forms.Form):
    chosen = forms.ModelMultipleChoiceField(
        label=_("Ứng viên được chủ trì chọn"),
        queryset=BallotCandidate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Ý kiến, ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, tied: QuerySet[BallotCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.fields["chosen"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)
        chosen.queryset = tied


class WrittenVoteForm(_QuestionChoices):
    """Ý kiến bằng văn bản: the absent voter, the candidates approved per question (checked
    as a ballot is by the service), the scanned letter and a note."""

    voter = forms.ModelChoiceField(label=_("Cử tri vắng mặt"), queryset=Voter.objects.none())
    letter = forms.FileField(label=_("Văn bản quét (không bắt buộc)"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(
        self, *args: Any, voters: QuerySet[Voter], questions: list[Question], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        voter_field = self.fields["voter"]
        assert isinstance(voter_field, forms.ModelChoiceField)
        voter_field.queryset = voters
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.MultipleChoiceField(
                label=str(question),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(str(c.pk), c.name) for c in question.candidates.all()],
                help_text=_("Chọn tối đa %(n)d.") % {"n": question.max_choices},
            )
