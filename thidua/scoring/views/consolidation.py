"""Pages of the leader's consolidation (thống nhất điểm): the consolidated scores edited in
place (``final_cell``, with optimistic locking), the leniency statistics and reciprocal pairs,
and findings on disqualifiers decided by hand (``finding_set``, ``finding_remove``).

Whoever may see the group's year may read the page; only the cluster leader writes (403
otherwise, on the page and its HTMX partials alike). Helpers shared with the review pages come
from ``views.reviews``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError
from thidua.core.http import HtmxHttpRequest
from thidua.emulation.models import GroupYear
from thidua.scoring import grids, permissions, services
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.forms_review import (
    FinalScoreForm,
    FindingRemoveForm,
    FindingSetForm,
)
from thidua.scoring.grids import GridCell, GridUnit
from thidua.scoring.models import (
    Criterion,
    DisqualifierFinding,
    FinalScore,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)
from thidua.scoring.templatetags.scoring_grid import grid_links, points_text
from thidua.scoring.views.cells import CellEditor, edit_cell, field_error, partial_request
from thidua.scoring.views.reviews import (
    _leaf_or_404,
    _prefix,
    _scope,
    _unit_prefix,
    _url,
)


def _consolidation_page(
    request: HtmxHttpRequest,
    group_year: GroupYear,
    table: ScoringTable,
    *,
    finding_form: FindingSetForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_lead = permissions.can_lead_scoring(request.user, group_year)
    grid = grids.review_grid(table)
    manual = table.disqualifiers.filter(conduct_fact="").order_by("order")
    if can_lead and finding_form is None and manual.exists():
        finding_form = _finding_form(table)
    context = {
        "group_year": group_year,
        "table": table,
        "step": "consolidation",
        "can_lead": can_lead,
        "grid": grid,
        "colspan": 1 + 4 * len(grid.units),
        "statistics": grid.statistics,
        "links": grid_links(
            edit_prefix=_prefix("final_cell", group_year) if can_lead else None,
            unit_prefix=_unit_prefix(group_year),
        ),
        "findings": DisqualifierFinding.objects.filter(assessment__table=table)
        .select_related("assessment__agency", "disqualifier", "decided_by")
        .order_by("assessment__agency__name", "disqualifier__order"),
        "manual": list(manual),
        "finding_form": finding_form if can_lead else None,
    }
    return render(request, "scoring/consolidation.html", context, status=status)


def _finding_form(table: ScoringTable, data: Any = None) -> FindingSetForm:
    return FindingSetForm(
        data,
        assessments=SelfAssessment.objects.filter(table=table)
        .select_related("agency")
        .order_by("agency__name"),
        disqualifiers=table.disqualifiers.filter(conduct_fact="").order_by("order"),
    )


@login_required
@require_GET
def consolidation(request: HtmxHttpRequest, code: str, year: int) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    return _consolidation_page(request, group_year, table)


def _final_display(assessment: SelfAssessment, criterion: Criterion, final: Any) -> GridCell:
    unit = GridUnit(
        assessment.pk,
        assessment.agency_id,
        assessment.agency.code,
        assessment.agency.name,
        assessment.status == AssessmentStatus.SUBMITTED,
    )
    return GridCell(
        unit=unit,
        criterion_id=criterion.pk,
        self_points=None,
        final_points=final.points if final is not None else None,
        final_version=final.version if final is not None else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def final_cell(
    request: HtmxHttpRequest, code: str, year: int, assessment_id: int, criterion_id: int
) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    assessment = (
        SelfAssessment.objects.select_related("agency")
        .filter(pk=assessment_id, table=table)
        .first()
    )
    if assessment is None:
        raise Http404
    criterion = _leaf_or_404(table, criterion_id)
    if not permissions.can_lead_scoring(request.user, group_year):
        raise PermissionDenied
    links = grid_links(
        edit_prefix=_prefix("final_cell", group_year), unit_prefix=_unit_prefix(group_year)
    )
    back = f"{_url('consolidation', group_year)}#f-{assessment.pk}-{criterion.pk}"
    current = (
        FinalScore.objects.select_related("updated_by")
        .filter(assessment=assessment, criterion=criterion)
        .first()
    )
    context: dict[str, Any] = {
        "group_year": group_year,
        "table": table,
        "step": "consolidation",
        "assessment": assessment,
        "criterion": criterion,
        "links": links,
        "back_url": back,
        "cell_url": request.path,
        "prefix": f"f-{assessment.pk}-{criterion.pk}",
    }
    editor = CellEditor(
        form_class=FinalScoreForm,
        text_field="note",
        template="scoring/consolidation_cell.html",
        save=lambda data: services.final_score_save(
            actor=request.user,
            assessment=assessment,
            criterion=criterion,
            points=data["points"],
            note=data["note"],
            version=data["version"],
        ),
        display=lambda final: _final_display(assessment, criterion, final),
        form_page=lambda request, context, saved, status: _final_form(
            request, context, saved, status=status
        ),
        back_url=back,
        saved_text=lambda final: (
            _("Đã lưu điểm thống nhất %(code)s của %(unit)s: %(points)s.")
            % {
                "code": criterion.code,
                "unit": assessment.agency.name,
                "points": points_text(final.points, links.sep),
            }
        ),
    )
    return edit_cell(request, editor, context, current)


def _final_form(
    request: HtmxHttpRequest, context: dict[str, Any], saved: FinalScore | None, *, status: int
) -> HttpResponse:
    assessment = context["assessment"]
    criterion = context["criterion"]
    context["saved_score"] = saved
    context["self_score"] = SelfScore.objects.filter(
        assessment=assessment, criterion=criterion
    ).first()
    context["proposals"] = (
        ReviewScore.objects.filter(assignment__assessment=assessment, criterion=criterion)
        .select_related("assignment__reviewer")
        .order_by("assignment__reviewer__name")
    )
    template = "scoring/consolidation_cell.html"
    if partial_request(request):
        template += "#form"
        context["form"].fields["points"].widget.attrs["autofocus"] = True
    return render(request, template, context, status=status)


@login_required
@require_POST
def finding_set(request: HtmxHttpRequest, code: str, year: int) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    if not permissions.can_lead_scoring(request.user, group_year):
        raise PermissionDenied
    form = _finding_form(table, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.disqualifier_finding_set(
                actor=request.user,
                assessment=data["assessment"],
                disqualifier=data["disqualifier"],
                reason=data["reason"],
            )
        except DomainError as error:
            field_error(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi kết luận điểm liệt đối với %(unit)s.")
                % {"unit": data["assessment"].agency.name},
            )
            return redirect(f"{_url('consolidation', group_year)}#diem-liet")
    return _consolidation_page(request, group_year, table, finding_form=form, status=400)


@login_required
@require_POST
def finding_remove(request: HtmxHttpRequest, code: str, year: int, finding_id: int) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    finding = (
        DisqualifierFinding.objects.select_related("assessment__agency", "disqualifier")
        .filter(pk=finding_id, assessment__table=table)
        .first()
    )
    if finding is None:
        raise Http404
    if not permissions.can_lead_scoring(request.user, group_year):
        raise PermissionDenied
    form = FindingRemoveForm(request.POST)
    form.is_valid()
    unit = finding.assessment.agency.name
    try:
        services.disqualifier_finding_remove(
            actor=request.user, finding=finding, reason=form.cleaned_data.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã rút kết luận điểm liệt đối với %(unit)s.") % {"unit": unit})
    return redirect(f"{_url('consolidation', group_year)}#diem-liet")


urlpatterns = [
    path("<str:code>/<int:year>/thong-nhat/", consolidation, name="consolidation"),
    path(
        "<str:code>/<int:year>/thong-nhat/o/<int:assessment_id>/<int:criterion_id>/",
        final_cell,
        name="final_cell",
    ),
    path("<str:code>/<int:year>/thong-nhat/diem-liet/", finding_set, name="finding_set"),
    path(
        "<str:code>/<int:year>/thong-nhat/diem-liet/<int:finding_id>/xoa/",
        finding_remove,
        name="finding_remove",
    ),
]
