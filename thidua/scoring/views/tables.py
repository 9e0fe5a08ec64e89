"""Pages of a group year's scoring table: the table, setting it up (default or copied from last
year), importing it from a file, putting it into use, and the Excel download; the members'
conduct records (hồ sơ chấp hành) with the disqualifiers they trigger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.audit.selectors import audit_events_for
from thidua.core.errors import DomainError
from thidua.core.tabular import ImportRejected
from thidua.emulation import selectors as emulation_selectors
from thidua.emulation.models import GroupMember, GroupYear
from thidua.scoring import permissions, selectors, services
from thidua.scoring.choices import ConductFact, CriterionKind, TableStatus
from thidua.scoring.exports import scoring_table_xlsx
from thidua.scoring.forms import ConductRecordForm, TableImportForm
from thidua.scoring.imports import scoring_table_import
from thidua.scoring.models import ConductRecord, ScoringTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _conduct_fact_label(name: str) -> str:
    """The label of a disqualifier's automatic basis (``ConductFact``); blank when decided by
    hand, the raw name if a table carries one the code does not know."""
    if not name:
        return ""
    return str(ConductFact(name).label) if name in ConductFact.values else name


def _group_year_or_404(request: HttpRequest, code: str, year: int) -> GroupYear:
    group_year = permissions.visible_group_year(request.user, code, year)
    if group_year is None:
        raise Http404
    return group_year


def _editable_group_year(request: HttpRequest, code: str, year: int) -> GroupYear:
    group_year = _group_year_or_404(request, code, year)
    if not permissions.can_edit_table(request.user, group_year):
        raise PermissionDenied
    return group_year


def _table_or_404(group_year: GroupYear) -> ScoringTable:
    table = ScoringTable.objects.filter(group_year=group_year).first()
    if table is None:
        raise Http404
    return table


def _back(group_year: GroupYear) -> HttpResponse:
    return redirect("scoring:table", code=group_year.group.code, year=group_year.year)


def _detail(
    request: HttpRequest,
    group_year: GroupYear,
    *,
    form: TableImportForm | None = None,
    rejected: ImportRejected | None = None,
    status: int = 200,
) -> HttpResponse:
    table = ScoringTable.objects.filter(group_year=group_year).first()
    can_edit = permissions.can_edit_table(request.user, group_year)
    context: dict[str, Any] = {
        "group_year": group_year,
        "table": table,
        "can_edit": can_edit,
        "previous": selectors.previous_table(group_year) if table is None else None,
    }
    if table is not None:
        rows = selectors.flat_tree(table)
        top = [row.criterion for row in rows if row.depth == 0]
        scored = [c for c in top if c.kind in services.SCORED_KINDS]
        context |= {
            "rows": rows,
            "groups": top,
            "scored_sum": sum((c.max_points for c in scored), Decimal("0")),
            "errors": services.table_errors(table),
            "disqualifiers": [
                (d, _conduct_fact_label(d.conduct_fact))
                for d in table.disqualifiers.order_by("order")
            ],
            "is_draft": table.status == TableStatus.DRAFT,
            "import_form": (form or TableImportForm())
            if can_edit and table.status == TableStatus.DRAFT
            else None,
            "rejected": rejected,
            "history": audit_events_for(table)[:50],
            "kinds": CriterionKind,
        }
    return render(request, "scoring/table_detail.html", context, status=status)


@login_required
@require_GET
def table_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _detail(request, _group_year_or_404(request, code, year))


@login_required
@require_POST
def table_create_default(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _editable_group_year(request, code, year)
    try:
        services.scoring_table_create_default(actor=request.user, group_year=group_year)
        messages.success(request, _("Đã lập bảng chấm điểm mặc định."))
    except DomainError as error:
        messages.error(request, error.message)
    return _back(group_year)


@login_required
@require_POST
def table_copy(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _editable_group_year(request, code, year)
    source = selectors.previous_table(group_year)
    if source is None:
        messages.error(request, _("Chưa có bảng chấm điểm năm trước để sao chép."))
        return _back(group_year)
    try:
        services.scoring_table_copy(actor=request.user, source=source, group_year=group_year)
        messages.success(
            request,
            _("Đã sao chép bảng chấm điểm năm %(year)d.") % {"year": source.group_year.year},
        )
    except DomainError as error:
        messages.error(request, error.message)
    return _back(group_year)


@login_required
@require_POST
def table_activate(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _editable_group_year(request, code, year)
    table = _table_or_404(group_year)
    try:
        services.scoring_table_activate(actor=request.user, table=table)
        messages.success(request, _("Đã áp dụng bảng chấm điểm."))
    except DomainError as error:
        messages.error(request, error.message)
    return _back(group_year)


@login_required
@require_POST
def table_import(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _editable_group_year(request, code, year)
    table = _table_or_404(group_year)
    form = TableImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, group_year, form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = scoring_table_import(
            actor=request.user, table=table, stream=upload, filename=upload.name
        )
    except ImportRejected as error:
        return _detail(request, group_year, form=form, rejected=error, status=400)
    except DomainError as error:
        messages.error(request, error.message)
        return _back(group_year)
    messages.success(
        request,
        _(
            "Đã nhập tệp %(name)s: %(created)d tiêu chí mới, %(updated)d sửa, %(unchanged)d "
            "không đổi, %(deleted)d bỏ; %(disqualifiers)d điểm liệt."
        )
        % {
            "name": upload.name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "deleted": result.deleted,
            "disqualifiers": result.disqualifiers,
        },
    )
    return _back(group_year)


@login_required
@require_GET
def table_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    table = _table_or_404(group_year)
    response = HttpResponse(scoring_table_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bang-cham-diem-{group_year.group.code}-{group_year.year}.xlsx"'
    )
    return response


# --- Conduct records (hồ sơ chấp hành) ---------------------------------------------------------


@dataclass(frozen=True)
class ConductRow:
    """A member of the year with its conduct record and the disqualifiers the record triggers."""

    member: GroupMember
    record: ConductRecord | None
    disqualifications: list[selectors.Disqualification]
    can_edit: bool


def _conduct_group_year_or_404(request: HttpRequest, code: str, year: int) -> GroupYear:
    group_year = emulation_selectors.group_year_get(code, year)
    if group_year is None or not permissions.can_view_conduct(request.user, group_year):
        raise Http404
    return group_year


@login_required
@require_GET
def conduct_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _conduct_group_year_or_404(request, code, year)
    table = ScoringTable.objects.filter(group_year=group_year).first()
    records = selectors.conduct_records(group_year)
    rows = []
    for member in group_year.members.select_related("agency").order_by("rotation_order", "id"):
        record = records.get(member.agency_id)
        rows.append(
            ConductRow(
                member=member,
                record=record,
                disqualifications=(
                    selectors.triggered_disqualifiers(table, record) if table is not None else []
                ),
                can_edit=permissions.can_edit_conduct(request.user, member.agency),
            )
        )
    context = {"group_year": group_year, "table": table, "rows": rows}
    return render(request, "scoring/conduct_list.html", context)


def _conduct_values(data: dict[str, Any]) -> services.ConductValues:
    return services.ConductValues(
        disciplined_staff=data["disciplined_staff"],
        disciplined_party_members=data["disciplined_party_members"],
        traffic_violations=data["traffic_violations"],
        alcohol_violations=data["alcohol_violations"],
        party_rating=data["party_rating"],
        security_standard=data["security_standard"],
        cultural_agency=data["cultural_agency"],
        reference=data["reference"],
    )


def _conduct_initial(record: ConductRecord) -> dict[str, Any]:
    return {
        "disciplined_staff": record.disciplined_staff,
        "disciplined_party_members": record.disciplined_party_members,
        "traffic_violations": record.traffic_violations,
        "alcohol_violations": record.alcohol_violations,
        "party_rating": record.party_rating,
        "security_standard": ConductRecordForm.standard_initial(record.security_standard),
        "cultural_agency": ConductRecordForm.standard_initial(record.cultural_agency),
        "reference": record.reference,
    }


@login_required
def conduct_edit(request: HttpRequest, code: str, year: int, agency_code: str) -> HttpResponse:
    group_year = _conduct_group_year_or_404(request, code, year)
    member = group_year.members.select_related("agency").filter(agency__code=agency_code).first()
    if member is None:
        raise Http404
    agency = member.agency
    if not permissions.can_edit_conduct(request.user, agency):
        raise PermissionDenied
    record = ConductRecord.objects.filter(agency=agency, year=group_year.year).first()
    initial = _conduct_initial(record) if record is not None else None
    form = ConductRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conduct_record_save(
                actor=request.user,
                agency=agency,
                year=group_year.year,
                values=_conduct_values(form.cleaned_data),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Đã lưu hồ sơ chấp hành của %(agency)s.") % {"agency": agency.name}
            )
            return redirect("scoring:conduct", code=group_year.group.code, year=group_year.year)
    context = {
        "group_year": group_year,
        "agency": agency,
        "record": record,
        "form": form,
        "history": audit_events_for(record)[:50] if record is not None else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "scoring/conduct_form.html", context, status=status)


urlpatterns = [
    path("<str:code>/<int:year>/", table_detail, name="table"),
    path("<str:code>/<int:year>/lap-mac-dinh/", table_create_default, name="create_default"),
    path("<str:code>/<int:year>/sao-chep/", table_copy, name="copy"),
    path("<str:code>/<int:year>/ap-dung/", table_activate, name="activate"),
    path("<str:code>/<int:year>/nhap-tu-tep/", table_import, name="import"),
    path("<str:code>/<int:year>/bang-cham-diem.xlsx", table_xlsx, name="xlsx"),
    path("<str:code>/<int:year>/chap-hanh/", conduct_list, name="conduct"),
    path(
        "<str:code>/<int:year>/chap-hanh/<str:agency_code>/",
        conduct_edit,
        name="conduct_edit",
    ),
]
