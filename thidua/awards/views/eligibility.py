"""The eligibility explanation page (xét điều kiện khen thưởng) and keeping a verdict.

GET with ``recipient``, ``award``, ``year`` (and optionally ``recipient_type``, ``as_of``)
shows the verdict with one line per condition and the exact records behind it; a proposer may
keep the verdict (POST), which is then re-evaluated if a record it used is revoked. A recipient
the user may not see is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.awards import permissions
from thidua.awards.choices import (
    DisciplineLevel,
    InitiativeScope,
    Rating,
    RecipientType,
    RecordKind,
)
from thidua.awards.eligibility import Result, evaluate_one
from thidua.awards.eligibility.engine import EligibilityError, find_recipient
from thidua.awards.eligibility.rules import rule_set_in_force
from thidua.awards.forms import EligibilityQueryForm
from thidua.awards.models import AwardTitle
from thidua.awards.services import eligibility_check_save
from thidua.core.errors import DomainError
from thidua.organizations.models import Agency, Person


@login_required
@require_http_methods(["GET", "POST"])
def eligibility(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    form = EligibilityQueryForm(data or None)
    result: Result | None = None
    recipient: Agency | Person | None = None
    if form.is_bound and form.is_valid():
        award: AwardTitle = form.cleaned_data["award"]
        as_of = form.cleaned_data["as_of"] or timezone.localdate()
        try:
            recipient = find_recipient(
                award, form.cleaned_data["recipient"], form.cleaned_data["recipient_type"] or None
            )
        except EligibilityError as error:
            if error.field == "recipient":
                raise Http404 from None
            form.add_error(error.field if error.field in form.fields else None, error.message)
        if recipient is not None:
            if not permissions.can_view_history_of(request.user, recipient):
                raise Http404
            if request.method == "POST":
                return _keep(request, recipient, award, form.cleaned_data["year"], as_of)
            try:
                result = evaluate_one(
                    award=award, year=form.cleaned_data["year"], recipient=recipient, as_of=as_of
                )
            except DomainError as error:
                form.add_error(None, error.message)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "awards/eligibility.html",
        {
            "form": form,
            "result": result,
            "recipient": recipient,
            "is_person": isinstance(recipient, Person),
            "lines": _lines(result) if result else [],
            "rule_set": _rule_set(result),
            "can_keep": recipient is not None
            and result is not None
            and permissions.can_save_check(request.user, recipient),
        },
    )


def _keep(
    request: HttpRequest,
    recipient: Agency | Person,
    award: AwardTitle,
    year: int,
    as_of: dt.date,
) -> HttpResponse:
    if not permissions.can_save_check(request.user, recipient):
        raise PermissionDenied
    check = eligibility_check_save(
        actor=request.user,
        recipient=recipient,
        award=award,
        year=year,
        as_of=as_of,
    )
    messages.success(
        request,
        _("Đã lưu kết quả xét: %(verdict)s.") % {"verdict": check.get_verdict_display()},
    )
    recipient_type = (
        RecipientType.PERSON if isinstance(recipient, Person) else RecipientType.COLLECTIVE
    )
    query: dict[str, str | int] = {
        "recipient": recipient.code,
        "recipient_type": recipient_type.value,
        "award": award.code,
        "year": year,
        "as_of": f"{check.as_of:%d/%m/%Y}",
    }
    return redirect(f"{request.path}?{urlencode(query)}")


def _rule_set(result: Result | None) -> object:
    if result is None:
        return None
    return rule_set_in_force(result.as_of)


def _lines(result: Result) -> list[dict[str, object]]:
    """The verdict's lines with each record's label, for the template."""
    names = dict(AwardTitle.objects.values_list("code", "name"))
    return [
        {
            "line": line,
            "records": [
                {"fact": fact, "label": fact_label(fact.kind, fact.value, names)}
                for fact in line.records
            ],
        }
        for line in result.conditions
    ]


def fact_label(kind: str, value: str, names: dict[str, str]) -> str:
    """A record's value in words: the title's name, the rating, the initiative's scope…"""
    if kind == RecordKind.AWARD:
        return names.get(value, value)
    if kind == RecordKind.RATING:
        return str(Rating(value).label) if value in Rating.values else value
    if kind == RecordKind.INITIATIVE:
        scope = InitiativeScope(value).label if value in InitiativeScope.values else value
        return _("Sáng kiến %(scope)s") % {"scope": str(scope).lower()}
    if kind == RecordKind.DISCIPLINE:
        level = DisciplineLevel(value).label if value in DisciplineLevel.values else value
        return _("Kỷ luật: %(level)s") % {"level": level}
    if kind == RecordKind.BLOCKER:
        return str(RecordKind.BLOCKER.label)
    if kind == "ranking":
        return _("Xếp thứ nhất, khối/cụm %(group)s") % {"group": value}
    return value


urlpatterns: list[URLPattern] = [
    path("xet-dieu-kien/", eligibility, name="eligibility"),
]
