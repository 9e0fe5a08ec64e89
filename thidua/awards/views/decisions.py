"""Commendation decision pages (quyết định khen thưởng): drafting one from an accepted
proposal, editing the draft, issuing it into the commendation history, revoking it by another
decision. Sector managers decide; a member of the proposal's cluster reads the decision;
anyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from thidua.awards import permissions, services
from thidua.awards.models import CommendationDecision, DecisionState, Proposal
from thidua.core.errors import DomainError


class DecisionForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Số, ký hiệu"), max_length=100, required=False)
    date = forms.DateField(
        label=gettext_lazy("Ngày ban hành"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    signer_name = forms.CharField(label=gettext_lazy("Người ký"), max_length=200, required=False)
    signer_title = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"), max_length=200, required=False
    )
    legal_bases = forms.CharField(
        label=gettext_lazy("Căn cứ pháp lý"), widget=forms.Textarea, required=False
    )
    summary = forms.CharField(
        label=gettext_lazy("Trích yếu"), widget=forms.Textarea, required=False
    )


class RevokeForm(forms.Form):
    revoking_number = forms.CharField(
        label=gettext_lazy("Số quyết định thu hồi, hủy bỏ"), max_length=100
    )
    revoking_date = forms.DateField(
        label=gettext_lazy("Ngày quyết định thu hồi, hủy bỏ"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea, required=False)


def _decision_or_404(request: HttpRequest, pk: int) -> CommendationDecision:
    decision = get_object_or_404(
        CommendationDecision.objects.select_related("issuer", "proposal__group_year__group"),
        pk=pk,
    )
    if not permissions.can_view_decision(request.user, decision):
        raise Http404
    return decision


def _page(
    request: HttpRequest, decision: CommendationDecision, status: int = 200, **extra: Any
) -> HttpResponse:
    context: dict[str, Any] = {
        "decision": decision,
        "lines": list(decision.lines.select_related("award", "record", "nomination")),
        "can_decide": permissions.can_decide(request.user),
        "form": DecisionForm(
            initial={
                "number": decision.number,
                "date": decision.date,
                "signer_name": decision.signer_name,
                "signer_title": decision.signer_title,
                "legal_bases": decision.legal_bases,
                "summary": decision.summary,
            }
        ),
        "revoke_form": RevokeForm(),
        "states": DecisionState,
    }
    context.update(extra)
    return render(request, "awards/decisions/detail.html", context, status=status)


def _decider(request: HttpRequest, pk: int) -> CommendationDecision:
    decision = _decision_or_404(request, pk)
    if not permissions.can_decide(request.user):
        raise PermissionDenied
    return decision


@login_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_decide(request.user):
        raise Http404
    decisions = CommendationDecision.objects.select_related("issuer", "proposal")
    return render(request, "awards/decisions/list.html", {"decisions": decisions})


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _decision_or_404(request, pk))


@login_required
@require_POST
def decision_draft(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=proposal_pk)
    if not permissions.can_view_proposal(request.user, proposal):
        raise Http404
    if not permissions.can_decide(request.user):
        raise PermissionDenied
    try:
        decision = services.decision_draft(actor=request.user, proposal=proposal)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("awards:proposal", pk=proposal.pk)
    messages.success(request, _("Đã lập dự thảo quyết định."))
    return redirect("awards:decision", pk=decision.pk)


@login_required
@require_POST
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decider(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, decision, status=400, form=form)
    try:
        services.decision_update(actor=request.user, decision=decision, **form.cleaned_data)
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)
        return _page(request, decision, status=400, form=form, error=error.message)
    messages.success(request, _("Đã lưu dự thảo quyết định."))
    return redirect("awards:decision", pk=pk)


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decider(request, pk)
    try:
        services.decision_issue(actor=request.user, decision=decision)
    except DomainError as error:
        return _page(request, decision, status=400, error=error.message)
    messages.success(request, _("Đã ban hành quyết định; quá trình khen thưởng đã được ghi."))
    return redirect("awards:decision", pk=pk)


@login_required
@require_POST
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decider(request, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _page(request, decision, status=400, revoke_form=form)
    try:
        services.decision_revoke(actor=request.user, decision=decision, **form.cleaned_data)
    except DomainError as error:
        return _page(request, decision, status=400, revoke_form=form, error=error.message)
    messages.success(request, _("Đã thu hồi, hủy bỏ quyết định."))
    return redirect("awards:decision", pk=pk)


urlpatterns: list[URLPattern] = [
    path("quyet-dinh/", decision_list, name="decisions"),
    path("quyet-dinh/<int:pk>/", decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/sua/", decision_edit, name="decision_edit"),
    path("quyet-dinh/<int:pk>/ban-hanh/", decision_issue, name="decision_issue"),
    path("quyet-dinh/<int:pk>/thu-hoi/", decision_revoke, name="decision_revoke"),
    path("to-trinh/<int:proposal_pk>/quyet-dinh/", decision_draft, name="decision_draft"),
]
