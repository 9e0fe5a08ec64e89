"""Pages for agencies, lineage and people. Thin: parse, check permission, call, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.audit.selectors import audit_events_for
from thidua.core.errors import DomainError
from thidua.core.http import HtmxHttpRequest
from thidua.core.tabular import ImportRejected
from thidua.organizations import imports, permissions, selectors
from thidua.organizations.filters import AgencyFilter
from thidua.organizations.forms import AgencyForm, ImportForm
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import AgencyValues, agency_create, agency_update

PAGE_SIZE = 50


@login_required
def agency_list(request: HtmxHttpRequest) -> HttpResponse:
    agency_filter = AgencyFilter(request.GET or None, queryset=Agency.objects.all())
    page = Paginator(agency_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": agency_filter,
        "page": page,
        "can_manage": permissions.can_manage_agencies(request.user),
    }
    template = "organizations/agency_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("province", "parent"), code=code)
    if not permissions.can_view_agency(request.user, agency):
        raise Http404
    today = dt.date.today()
    can_see_people = permissions.can_view_agency_people(request.user, agency)
    context = {
        "agency": agency,
        "children": agency.children.order_by("name"),
        "events": selectors.agency_lineage_events(agency),
        "predecessors": selectors.agency_predecessors(agency).order_by("name"),
        "successors": selectors.agency_successors(agency).order_by("name"),
        "today_agencies": selectors.agency_as_of(agency, today),
        "is_active_today": agency.is_active_on(today),
        "positions": selectors.agency_positions(agency) if can_see_people else None,
        "history": audit_events_for(agency, in_agency=True)[:50]
        if permissions.can_view_agency_history(request.user, agency)
        else None,
        "can_manage": permissions.can_manage_agencies(request.user),
    }
    return render(request, "organizations/agency_detail.html", context)


def _values(data: dict[str, object]) -> AgencyValues:
    return AgencyValues(
        code=str(data["code"]).strip(),
        name=str(data["name"]).strip(),
        short_name=str(data.get("short_name") or "").strip(),
        kind=str(data["kind"]),
        province=data.get("province"),  # type: ignore[arg-type]
        parent=data.get("parent"),  # type: ignore[arg-type]
        valid_from=data.get("valid_from"),  # type: ignore[arg-type]
        valid_to=data.get("valid_to"),  # type: ignore[arg-type]
        note=str(data.get("note") or ""),
    )


@login_required
def agency_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    if not permissions.can_manage_agencies(request.user):
        raise PermissionDenied
    agency = get_object_or_404(Agency, code=code) if code else None
    initial = (
        {f: getattr(agency, f) for f in AgencyForm.base_fields} if agency is not None else None
    )
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if agency is None:
                agency = agency_create(actor=request.user, values=_values(form.cleaned_data))
                messages.success(request, _("Đã tạo đơn vị."))
            else:
                agency = agency_update(
                    actor=request.user, agency=agency, values=_values(form.cleaned_data)
                )
                messages.success(request, _("Đã lưu thay đổi."))
            return redirect("organizations:agency_detail", code=agency.code)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "organizations/agency_form.html", {"form": form, "agency": agency})


@login_required
def data_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_agencies(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = rejected = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = {
            "agencies": imports.agencies_import,
            "lineage": imports.lineage_import,
            "people": imports.people_import,
        }[form.cleaned_data["kind"]]
        try:
            result = run(actor=request.user, stream=upload, filename=upload.name)
        except ImportRejected as error:
            rejected = error
    status = 400 if rejected else 200
    return render(
        request,
        "organizations/import.html",
        {"form": form, "result": result, "rejected": rejected},
        status=status,
    )


@login_required
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "")  # PostgreSQL refuses NUL in text
    people = permissions.people_visible_to(request.user, query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "organizations/person_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, {"page": page, "q": query})


@login_required
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = get_object_or_404(Person, code=code)
    if not permissions.can_view_person(request.user, person):
        raise Http404
    positions = person.positions.select_related("agency").order_by("from_date")
    return render(
        request,
        "organizations/person_detail.html",
        {
            "person": person,
            "positions": positions,
            "history": audit_events_for(person)[:50]
            if permissions.can_manage_agencies(request.user)
            else None,
        },
    )
