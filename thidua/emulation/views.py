"""Pages for decisions, blocks and clusters by year, rotation and movements."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.audit.selectors import audit_events_for
from thidua.core.errors import DomainError
from thidua.emulation import permissions, selectors, services
from thidua.emulation.choices import MemberRole
from thidua.emulation.forms import DecisionForm, GroupYearForm, MovementForm, RotationForm
from thidua.emulation.models import GroupYear


def _group_year_or_404(request: HttpRequest, code: str, year: int) -> GroupYear:
    group_year = selectors.group_year_get(code, year)
    if group_year is None or not permissions.can_view_group_year(request.user, group_year):
        raise Http404
    return group_year


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "").strip()
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return render(
        request,
        "emulation/group_list.html",
        {
            "group_years": permissions.group_years_visible_to(request.user, year=year),
            "year": year,
            "can_manage": permissions.can_manage_groups(request.user),
        },
    )


@login_required
def group_year_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    rotation = getattr(group_year, "rotation", None)
    can_propose = permissions.can_propose_rotation(request.user, group_year)
    rotation_form = None
    if can_propose and (rotation is None or rotation.status != "confirmed"):
        leader, deputy = (
            (rotation.next_leader, rotation.next_deputy)
            if rotation
            else selectors.default_rotation(group_year)
        )
        rotation_form = RotationForm(
            initial={"next_leader": leader, "next_deputy": deputy},
            members=_member_agencies(group_year),
        )
    context = {
        "group_year": group_year,
        "members": selectors.group_members(group_year),
        "leader": selectors.group_role(group_year, MemberRole.LEADER),
        "deputy": selectors.group_role(group_year, MemberRole.DEPUTY),
        "rotation": rotation,
        "rotation_form": rotation_form,
        "can_confirm": permissions.can_confirm_rotation(request.user),
        "can_manage": permissions.can_manage_groups(request.user),
        "next_exists": GroupYear.objects.filter(group=group_year.group, year=year + 1).exists(),
        "other_years": group_year.group.years.order_by("-year"),
        "movements": group_year.group.movements.order_by("-starts_on"),
        "history": audit_events_for(group_year)[:50],
    }
    return render(request, "emulation/group_year_detail.html", context)


def _member_agencies(group_year: GroupYear) -> Any:
    from thidua.organizations.models import Agency

    return Agency.objects.filter(group_memberships__group_year=group_year).order_by(
        "group_memberships__rotation_order"
    )


def _values(data: dict[str, Any]) -> services.GroupYearValues:
    return services.GroupYearValues(
        year=data["year"],
        members=list(data["members"]),
        leader=data.get("leader"),
        deputy=data.get("deputy"),
        decision=data.get("decision"),
        leadership_decision=data.get("leadership_decision"),
    )


@login_required
def group_year_edit(
    request: HttpRequest, code: str | None = None, year: int | None = None
) -> HttpResponse:
    if not permissions.can_manage_groups(request.user):
        raise PermissionDenied
    group_year = _group_year_or_404(request, code, year) if code and year else None
    initial: dict[str, Any] | None = None
    if group_year is not None:
        initial = {
            "code": group_year.group.code,
            "name": group_year.group.name,
            "kind": group_year.group.kind,
            "organiser": group_year.group.organiser,
            "year": group_year.year,
            "decision": group_year.decision,
            "leadership_decision": group_year.leadership_decision,
            "members": list(_member_agencies(group_year)),
            "leader": selectors.group_role(group_year, MemberRole.LEADER),
            "deputy": selectors.group_role(group_year, MemberRole.DEPUTY),
        }
    posted_year = request.POST.get("year", "")
    # The member choices are the agencies active in the year being set up: the posted year, the
    # edited year, or (a new year from the list filtered by year) ``?year=``; else this year.
    form_year = int(posted_year) if posted_year.isdigit() else (year or _year(request))
    if group_year is None and form_year is not None:
        initial = {"year": form_year}
    form = GroupYearForm(request.POST or None, initial=initial, year=form_year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if group_year is None:
                group_year = services.group_year_create(
                    actor=request.user,
                    organiser=data["organiser"],
                    code=data["code"],
                    name=data["name"],
                    kind=data["kind"],
                    values=_values(data),
                )
                messages.success(request, _("Đã lập khối, cụm thi đua."))
            else:
                services.group_year_update(
                    actor=request.user, group_year=group_year, values=_values(data)
                )
                messages.success(request, _("Đã lưu thay đổi."))
            return redirect(
                "emulation:group_year", code=group_year.group.code, year=group_year.year
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request, "emulation/group_year_form.html", {"form": form, "group_year": group_year}
    )


@login_required
@require_POST
def rotation_propose(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    if not permissions.can_propose_rotation(request.user, group_year):
        raise PermissionDenied
    form = RotationForm(request.POST, members=_member_agencies(group_year))
    if form.is_valid():
        try:
            services.rotation_propose(
                actor=request.user,
                group_year=group_year,
                next_leader=form.cleaned_data["next_leader"],
                next_deputy=form.cleaned_data["next_deputy"],
            )
            messages.success(request, _("Đã gửi đề xuất luân phiên."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Đề xuất luân phiên không hợp lệ."))
    return redirect("emulation:group_year", code=code, year=year)


@login_required
@require_POST
def rotation_confirm(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    if not permissions.can_confirm_rotation(request.user):
        raise PermissionDenied
    try:
        services.rotation_confirm(actor=request.user, group_year=group_year)
        messages.success(request, _("Đã xác nhận cụm trưởng, cụm phó năm sau."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("emulation:group_year", code=code, year=year)


@login_required
@require_POST
def group_year_copy(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    if not permissions.can_manage_groups(request.user):
        raise PermissionDenied
    try:
        report = services.group_year_copy(actor=request.user, group_year=group_year)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("emulation:group_year", code=code, year=year)
    messages.success(request, _("Đã chuyển sang năm %(year)d.") % {"year": report.group_year.year})
    for change in report.changes:
        messages.warning(request, change)
    return redirect("emulation:group_year", code=code, year=report.group_year.year)


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_groups(request.user):
        raise PermissionDenied
    return render(
        request, "emulation/decision_list.html", {"decisions": selectors.decisions_for_choice()}
    )


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_groups(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(actor=request.user, **data)
            messages.success(request, _("Đã ghi quyết định."))
            return redirect("emulation:decision_list")
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "emulation/decision_form.html", {"form": form})


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "emulation/movement_list.html",
        {
            "movements": selectors.movements_list(),
            "can_manage": permissions.can_manage_groups(request.user),
        },
    )


@login_required
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = get_object_or_404(selectors.movements_list(), pk=pk)
    return render(request, "emulation/movement_detail.html", {"movement": movement})


@login_required
def movement_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_groups(request.user):
        raise PermissionDenied
    form = MovementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movement = services.movement_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                organiser=data["organiser"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                theme=data["theme"],
                launching_decision=data["launching_decision"],
                targets=data["targets"],
                groups=list(data["groups"]),
            )
            messages.success(request, _("Đã phát động phong trào."))
            return redirect("emulation:movement_detail", pk=movement.pk)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "emulation/movement_form.html", {"form": form})
