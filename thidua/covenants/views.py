"""Pages of the covenant workflow: draft, edit, comment, signing event, sign, verify, publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.audit.selectors import audit_events_for
from thidua.core.errors import DomainError
from thidua.covenants import permissions, selectors, services
from thidua.covenants.choices import CovenantStatus
from thidua.covenants.forms import (
    CommentForm,
    ExternalSignatureForm,
    SignForm,
    SigningEventForm,
    VersionForm,
)
from thidua.covenants.models import Covenant, Signatory
from thidua.emulation import selectors as emulation_selectors
from thidua.emulation.permissions import can_view_group_year


def _covenant_or_404(request: HttpRequest, pk: int) -> Covenant:
    covenant = get_object_or_404(Covenant.objects.select_related("group_year__group"), pk=pk)
    if not permissions.can_view_covenant(request.user, covenant):
        raise Http404
    return covenant


def _require_leader(request: HttpRequest, covenant: Covenant) -> None:
    if not permissions.is_cluster_leader(request.user, covenant.group_year):
        raise PermissionDenied


@login_required
def covenant_of_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = emulation_selectors.group_year_get(code, year)
    if group_year is None or not can_view_group_year(request.user, group_year):
        raise Http404
    if request.method == "POST":
        if not permissions.is_cluster_leader(request.user, group_year):
            raise PermissionDenied
        source = None
        if request.POST.get("from") == "previous":
            source = selectors.previous_covenant(group_year)
        try:
            covenant = services.covenant_draft(
                actor=request.user, group_year=group_year, from_covenant=source
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("covenant_of_year", code=code, year=year)
        messages.success(request, _("Đã tạo dự thảo giao ước."))
        return redirect("covenants:edit", pk=covenant.pk)
    return render(
        request,
        "covenants/of_year.html",
        {
            "group_year": group_year,
            "covenants": group_year.covenants.order_by("-id"),
            "previous": selectors.previous_covenant(group_year),
            "can_draft": permissions.is_cluster_leader(request.user, group_year),
        },
    )


@login_required
def covenant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    version = covenant.current_version
    agencies = permissions.commenting_agencies(request.user, covenant)
    comment_form = None
    if covenant.status == CovenantStatus.DRAFT and agencies.exists():
        comment_form = CommentForm(request.POST or None, agencies=agencies)
        if request.method == "POST" and comment_form.is_valid():
            try:
                services.covenant_comment_add(
                    actor=request.user,
                    covenant=covenant,
                    agency=comment_form.cleaned_data["agency"],
                    text=comment_form.cleaned_data["text"],
                )
                messages.success(request, _("Đã gửi góp ý."))
                return redirect("covenants:detail", pk=pk)
            except DomainError as error:
                comment_form.add_error(None, error.message)
    elif request.method == "POST":
        raise PermissionDenied
    signatories = list(covenant.signatories.select_related("agency").order_by("order"))
    return render(
        request,
        "covenants/detail.html",
        {
            "covenant": covenant,
            "version": version,
            "items": version.items.order_by("order") if version else [],
            "versions": covenant.versions.order_by("-number").prefetch_related(
                "comments__agency", "comments__author"
            ),
            "comment_form": comment_form,
            "signatories": signatories,
            "my_signatories": [s for s in signatories if permissions.can_sign(request.user, s)],
            "is_leader": permissions.is_cluster_leader(request.user, covenant.group_year),
            "all_signed": all(s.signed_at and s.confirmed_at for s in signatories),
            "history": audit_events_for(covenant)[:50],
        },
    )


@login_required
def covenant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    _require_leader(request, covenant)
    if covenant.status != CovenantStatus.DRAFT:
        messages.error(request, _("Chỉ sửa được giao ước đang ở dạng dự thảo."))
        return redirect("covenants:detail", pk=pk)
    version = covenant.current_version
    assert version is not None
    form = VersionForm(
        request.POST or None, initial=VersionForm.initial_from(selectors.version_values(version))
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.covenant_version_save(
                actor=request.user, covenant=covenant, values=form.values()
            )
            messages.success(request, _("Đã lưu phiên bản %(n)d.") % {"n": saved.number})
            return redirect("covenants:detail", pk=pk)
        except DomainError as error:
            form.add_error(None, error.message)
    return render(
        request, "covenants/edit.html", {"covenant": covenant, "version": version, "form": form}
    )


@login_required
def signing_event(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    _require_leader(request, covenant)
    form = SigningEventForm(
        request.POST or None,
        covenant=covenant,
        initial={"date": covenant.signing_date, "place": covenant.signing_place},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signing_event_set(
                actor=request.user,
                covenant=covenant,
                date=data["date"],
                place=data["place"],
                signatories=[
                    services.SignatoryValues(
                        s.agency, data[f"name_{s.pk}"], data[f"position_{s.pk}"]
                    )
                    for s in form.signatories
                ],
            )
            messages.success(request, _("Đã lưu thông tin ký kết."))
            return redirect("covenants:detail", pk=pk)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "covenants/signing_event.html", {"covenant": covenant, "form": form})


@login_required
@require_POST
def covenant_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    _require_leader(request, covenant)
    run = {
        "chot": (services.covenant_finalise, _("Đã chốt giao ước; các đơn vị có thể ký.")),
        "mo-lai": (services.covenant_reopen, _("Đã mở lại dự thảo.")),
        "ban-hanh": (services.covenant_publish, _("Đã ban hành giao ước.")),
    }.get(action)
    if run is None:
        raise Http404
    try:
        run[0](actor=request.user, covenant=covenant)
        messages.success(request, run[1])
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("covenants:detail", pk=pk)


@login_required
def sign(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    signatory = get_object_or_404(
        Signatory.objects.select_related("agency"), pk=signatory_pk, covenant=covenant
    )
    if not permissions.can_sign(request.user, signatory):
        raise PermissionDenied
    if covenant.status != CovenantStatus.FINALISED:
        messages.error(request, _("Giao ước chưa được chốt để ký, hoặc đã ban hành."))
        return redirect("covenants:detail", pk=pk)
    keys = selectors.signing_keys(signatory.agency)
    form = SignForm(None, keys=keys)
    external = ExternalSignatureForm()
    if request.method == "POST":
        try:
            if request.POST.get("step") == "confirm":
                services.signatory_confirm(actor=request.user, signatory=signatory)
                messages.success(request, _("Đã xác nhận ký."))
                return redirect("covenants:sign", pk=pk, signatory_pk=signatory_pk)
            if request.POST.get("step") == "external":
                external = ExternalSignatureForm(request.POST, request.FILES)
                if external.is_valid():
                    services.signatory_sign_external(
                        actor=request.user,
                        signatory=signatory,
                        signed_pdf=external.cleaned_data["signed_pdf"].read(),
                    )
                    messages.success(request, _("Đã nhận bản ký số."))
                    return redirect("covenants:detail", pk=pk)
            else:
                form = SignForm(request.POST, request.FILES, keys=keys)
                if form.is_valid():
                    password = form.cleaned_data["password"].encode()
                    if form.cleaned_data["pkcs12"]:
                        services.signatory_sign(
                            actor=request.user,
                            signatory=signatory,
                            pkcs12=form.cleaned_data["pkcs12"].read(),
                            password=password,
                        )
                    else:
                        services.signatory_sign_with_key(
                            actor=request.user,
                            signatory=signatory,
                            key=form.cleaned_data["key"],
                            password=password,
                        )
                    messages.success(request, _("Đã ký số giao ước."))
                    return redirect("covenants:detail", pk=pk)
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "covenants/sign.html",
        {
            "covenant": covenant,
            "signatory": signatory,
            "form": form,
            "external": external,
        },
    )


@login_required
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    if not covenant.document:
        raise Http404
    return render(
        request,
        "covenants/verify.html",
        {
            "covenant": covenant,
            "reports": selectors.verification(covenant),
        },
    )


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    data = selectors.covenant_pdf(covenant)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="giao-uoc-{covenant.group_year.group.code}-'
        f'{covenant.group_year.year}.pdf"'
    )
    return response


@login_required
def docx(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant_or_404(request, pk)
    response = HttpResponse(
        selectors.covenant_docx(covenant),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="giao-uoc-{covenant.group_year.group.code}-'
        f'{covenant.group_year.year}.docx"'
    )
    return response
