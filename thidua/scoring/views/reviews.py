"""Pages of the cross-review (chấm chéo); the leader's consolidation is in ``consolidation``.

* ``reviews``: the leader chooses the mode and the assignments are made; everyone who may see
  the year sees who reviews whom; a member finds the units it must review.
* ``review_grid``: a reviewer's grid (criteria × the units it reviews); each proposal is edited
  in place (``review_cell``: GET the form, POST the save) with optimistic locking.
* ``review_unit`` and ``review_response``: the reviewed unit reads every proposal on it, with
  the reasons, and answers each one.
* ``consolidation``, ``final_cell``, ``finding_set``, ``finding_remove``: the leader's
  consolidated scores, the leniency statistics, and findings on disqualifiers decided by hand.

Whoever may see the group's year may read every page (others get a 404); a write the user may
not make is a 403, on the page and on its HTMX partials alike. An HTMX save answers with the
cell: 200 when saved, 409 on an edit conflict (the saved value shown, the typed one kept), 422
when a rule refused the value. Without JavaScript the same addresses serve whole pages and a
save redirects back to the grid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.selectors import AnyUser, agency_ids_with_role, is_sector_manager
from thidua.core.errors import DomainError
from thidua.core.http import HtmxHttpRequest
from thidua.core.text import fold
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency
from thidua.scoring import grids, permissions, selectors, services
from thidua.scoring.choices import AssessmentStatus, ReviewMode
from thidua.scoring.forms_review import (
    ReviewResponseForm,
    ReviewRoundForm,
    ReviewScoreForm,
)
from thidua.scoring.grids import GridCell, GridProposal, GridUnit
from thidua.scoring.models import (
    Criterion,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)
from thidua.scoring.templatetags.scoring_grid import grid_links, points_text
from thidua.scoring.views.cells import CellEditor, edit_cell, field_error, partial_request

# --- Helpers -----------------------------------------------------------------------------------


def _scope(request: HtmxHttpRequest, code: str, year: int) -> tuple[GroupYear, ScoringTable]:
    """The group's year and its table, or a 404 for whoever may not see the year."""
    group_year = permissions.visible_group_year(request.user, code, year)
    if group_year is None:
        raise Http404
    table = ScoringTable.objects.filter(group_year=group_year).first()
    if table is None:
        raise Http404
    table.group_year = group_year
    return group_year, table


def _leaf_or_404(table: ScoringTable, criterion_id: int) -> Criterion:
    criterion = Criterion.objects.filter(pk=criterion_id, table=table).first()
    if criterion is None or criterion.children.exists():
        raise Http404
    return criterion


def _url(name: str, group_year: GroupYear, *args: Any) -> str:
    return reverse(f"scoring:{name}", args=[group_year.group.code, group_year.year, *args])


def _prefix(name: str, group_year: GroupYear) -> str:
    """The address of a cell route up to its two ids (``…/o/``), to append ids to."""
    return _url(name, group_year, 1, 1).removesuffix("1/1/")


def _unit_prefix(group_year: GroupYear) -> str:
    return _url("review_unit", group_year, "-").removesuffix("-/")


def _reviewer_agencies(user: AnyUser, table: ScoringTable) -> list[Agency]:
    """The agencies on whose behalf ``user`` reviews in ``table`` (by the ``can_review``
    predicate), by name."""
    candidates = ReviewAssignment.objects.filter(
        assessment__table=table, reviewer_id__in=agency_ids_with_role(user)
    ).select_related("reviewer")
    mine = {a.reviewer_id: a.reviewer for a in candidates if permissions.can_review(user, a)}
    return sorted(mine.values(), key=lambda agency: fold(agency.name))


def _overseer(user: AnyUser, group_year: GroupYear) -> bool:
    """The cluster leader and sector managers may look at any reviewer's grid (read-only)."""
    return permissions.can_lead_scoring(user, group_year) or is_sector_manager(user)


# --- The round: mode and assignments -----------------------------------------------------------


def _members(group_year: GroupYear) -> Any:
    return Agency.objects.filter(group_memberships__group_year=group_year).order_by(
        "group_memberships__rotation_order", "name"
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviews(request: HtmxHttpRequest, code: str, year: int) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    can_lead = permissions.can_lead_scoring(request.user, group_year)
    members = list(_members(group_year))
    form: ReviewRoundForm | None = None
    status = 200
    if request.method == "POST":
        if not can_lead:
            raise PermissionDenied
        form = ReviewRoundForm(request.POST, members=_members(group_year))
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.review_round_set(
                    actor=request.user,
                    table=table,
                    mode=data["mode"],
                    team=list(data["team"]),
                    per_unit=data["per_unit"] if data["per_unit"] is not None else 2,
                )
            except DomainError as error:
                field_error(form, error)
            else:
                messages.success(
                    request,
                    _("Đã phân công chấm chéo: %(count)d lượt chấm.") % {"count": len(created)},
                )
                return redirect("scoring:reviews", code=code, year=year)
        status = 400
    locked = ReviewScore.objects.filter(assignment__assessment__table=table).exists()
    if can_lead and form is None and not locked:
        form = ReviewRoundForm(
            members=_members(group_year),
            initial={"mode": table.review_mode or ReviewMode.ASSIGNED, "per_unit": 2},
        )
    entries = grids.assignments(table)
    statuses = dict(SelfAssessment.objects.filter(table=table).values_list("agency_id", "status"))
    waiting = [m for m in members if statuses.get(m.pk) != AssessmentStatus.SUBMITTED]
    by_pair = {(e.reviewer_id, e.agency_id): e for e in entries}
    reviewer_ids = set(grids.reviewer_ids(entries))
    # Reviewers are members (a review team is drawn from them), in the members' order.
    matrix = [
        (
            r,
            [(by_pair.get((r.pk, m.pk)), m.pk == r.pk) for m in members],
            [e.agency_name for e in entries if e.reviewer_id == r.pk],
        )
        for r in members
        if r.pk in reviewer_ids
    ]
    mine = _reviewer_agencies(request.user, table)
    my_work = [(agency, [e for e in entries if e.reviewer_id == agency.pk]) for agency in mine]
    own_ids = agency_ids_with_role(request.user)
    context = {
        "group_year": group_year,
        "table": table,
        "step": "reviews",
        "can_lead": can_lead,
        "form": form,
        "locked": locked,
        "members": members,
        "waiting": waiting,
        "entries": entries,
        "matrix": matrix,
        "leaves": len(selectors.scorable_criteria(table)),
        "my_work": my_work,
        "own_units": [m for m in members if m.pk in own_ids and m.pk in statuses],
        "overseer": _overseer(request.user, group_year),
    }
    return render(request, "scoring/review_list.html", context, status=status)


# --- A reviewer's grid -------------------------------------------------------------------------


@login_required
@require_GET
def review_grid(request: HtmxHttpRequest, code: str, year: int) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    mine = _reviewer_agencies(request.user, table)
    overseer = _overseer(request.user, group_year)
    wanted = request.GET.get("don-vi", "").strip()
    reviewer: Agency | None
    if wanted:
        reviewer = (
            Agency.objects.filter(code=wanted, review_assignments__assessment__table=table)
            .distinct()
            .first()
        )
        if reviewer is None:
            raise Http404
        editable = reviewer in mine
        if not editable and not overseer:
            raise PermissionDenied
    else:
        reviewer = mine[0] if mine else None
        editable = reviewer is not None
    grid = grids.review_grid(table, reviewer=reviewer) if reviewer is not None else None
    only = request.GET.get("duoc-cham", "").strip()
    if grid is not None and only:
        keep = [u for u in grid.units if u.code == only]
        if not keep:
            raise Http404
        grid.units = keep
        for row in grid.rows:
            row.cells = [c for c in row.cells if c.unit.code == only]
    links = grid_links(
        edit_prefix=_prefix("review_cell", group_year) if editable else None,
        unit_prefix=_unit_prefix(group_year),
    )
    others: Iterable[Agency] = (
        Agency.objects.filter(review_assignments__assessment__table=table)
        .distinct()
        .order_by("name")
        if overseer
        else mine
    )
    context = {
        "group_year": group_year,
        "table": table,
        "step": "reviews",
        "reviewer": reviewer,
        "editable": editable,
        "grid": grid,
        "links": links,
        "only": only,
        "colspan": 1 + 2 * len(grid.units) if grid is not None else 1,
        "switch": [a for a in others if reviewer is None or a.pk != reviewer.pk],
    }
    return render(request, "scoring/review_grid.html", context)


def _review_display(
    assignment: ReviewAssignment, criterion: Criterion, score: ReviewScore | None
) -> GridCell:
    assessment = assignment.assessment
    unit = GridUnit(
        assessment.pk,
        assessment.agency_id,
        assessment.agency.code,
        assessment.agency.name,
        assessment.status == AssessmentStatus.SUBMITTED,
        assignment.pk,
    )
    proposals = (
        [
            GridProposal(
                score.pk,
                assignment.reviewer_id,
                score.points,
                score.reason,
                bool(score.response),
                score.version,
            )
        ]
        if score is not None
        else []
    )
    return GridCell(unit=unit, criterion_id=criterion.pk, self_points=None, proposals=proposals)


@login_required
@require_http_methods(["GET", "POST"])
def review_cell(
    request: HtmxHttpRequest, code: str, year: int, assignment_id: int, criterion_id: int
) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    assignment = (
        ReviewAssignment.objects.select_related("assessment__agency", "reviewer")
        .filter(pk=assignment_id, assessment__table=table)
        .first()
    )
    if assignment is None:
        raise Http404
    criterion = _leaf_or_404(table, criterion_id)
    if not permissions.can_review(request.user, assignment):
        raise PermissionDenied
    links = grid_links(
        edit_prefix=_prefix("review_cell", group_year), unit_prefix=_unit_prefix(group_year)
    )
    grid_url = (
        f"{_url('review_grid', group_year)}?don-vi={quote(assignment.reviewer.code)}"
        f"#o-{assignment.assessment_id}-{criterion.pk}"
    )
    current = (
        ReviewScore.objects.select_related("updated_by")
        .filter(assignment=assignment, criterion=criterion)
        .first()
    )
    context: dict[str, Any] = {
        "group_year": group_year,
        "table": table,
        "step": "reviews",
        "assignment": assignment,
        "assessment": assignment.assessment,
        "criterion": criterion,
        "links": links,
        "grid_url": grid_url,
        "cell_url": request.path,
        "prefix": f"o-{assignment.assessment_id}-{criterion.pk}",
    }
    editor = CellEditor(
        form_class=ReviewScoreForm,
        text_field="reason",
        template="scoring/review_cell.html",
        save=lambda data: services.review_score_save(
            actor=request.user,
            assignment=assignment,
            criterion=criterion,
            points=data["points"],
            reason=data["reason"],
            version=data["version"],
        ),
        display=lambda score: _review_display(assignment, criterion, score),
        form_page=lambda request, context, saved, status: _review_form(
            request, context, saved, status=status
        ),
        back_url=grid_url,
        saved_text=lambda score: (
            _("Đã lưu điểm đề xuất %(code)s của %(unit)s: %(points)s.")
            % {
                "code": criterion.code,
                "unit": assignment.assessment.agency.name,
                "points": points_text(score.points, links.sep),
            }
        ),
    )
    return edit_cell(request, editor, context, current)


def _review_form(
    request: HtmxHttpRequest, context: dict[str, Any], saved: ReviewScore | None, *, status: int
) -> HttpResponse:
    assessment = context["assessment"]
    criterion = context["criterion"]
    context["saved_score"] = saved
    context["self_score"] = SelfScore.objects.filter(
        assessment=assessment, criterion=criterion
    ).first()
    template = "scoring/review_cell.html"
    if partial_request(request):
        template += "#form"
        context["form"].fields["points"].widget.attrs["autofocus"] = True
    return render(request, template, context, status=status)


# --- The reviewed unit: every proposal on it, and its answers ---------------------------------


def _unit_page(
    request: HtmxHttpRequest,
    group_year: GroupYear,
    table: ScoringTable,
    assessment: SelfAssessment,
    *,
    errors: dict[int, tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    sections = grids.unit_reviews(assessment)
    sample = next((p.score for s in sections for p in s.proposals), None)
    can_respond = sample is not None and permissions.can_respond(request.user, sample)
    for section in sections:
        for proposal in section.proposals:
            if errors and proposal.score.pk in errors:
                proposal.error, proposal.typed = errors[proposal.score.pk]
    context = {
        "group_year": group_year,
        "table": table,
        "step": "reviews",
        "assessment": assessment,
        "sections": sections,
        "can_respond": can_respond,
        "proposals": sum(len(s.proposals) for s in sections),
    }
    return render(request, "scoring/review_unit.html", context, status=status)


@login_required
@require_GET
def review_unit(request: HtmxHttpRequest, code: str, year: int, agency_code: str) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    assessment = (
        SelfAssessment.objects.select_related("agency")
        .filter(table=table, agency__code=agency_code)
        .first()
    )
    if assessment is None:
        raise Http404
    return _unit_page(request, group_year, table, assessment)


@login_required
@require_POST
def review_response(request: HtmxHttpRequest, code: str, year: int, score_id: int) -> HttpResponse:
    group_year, table = _scope(request, code, year)
    score = (
        ReviewScore.objects.select_related(
            "assignment__assessment__agency", "assignment__reviewer", "criterion"
        )
        .filter(pk=score_id, assignment__assessment__table=table)
        .first()
    )
    if score is None:
        raise Http404
    if not permissions.can_respond(request.user, score):
        raise PermissionDenied
    form = ReviewResponseForm(request.POST)
    text = str(form.cleaned_data["response"]) if form.is_valid() else ""
    error = ""
    try:
        score = services.review_response_save(actor=request.user, score=score, response=text)
    except DomainError as refused:
        error = refused.message
    assessment = score.assignment.assessment
    if not partial_request(request):
        if error:
            errors = {score.pk: (error, text)}
            return _unit_page(request, group_year, table, assessment, errors=errors, status=422)
        messages.success(
            request,
            _("Đã gửi ý kiến về điểm đề xuất %(code)s của %(reviewer)s.")
            % {"code": score.criterion.code, "reviewer": score.assignment.reviewer.name},
        )
        return redirect(
            f"{_url('review_unit', group_year, assessment.agency.code)}#de-xuat-{score.pk}"
        )
    context = {
        "group_year": group_year,
        "p": grids.UnitProposal(score, error=error, typed=text if error else ""),
        "can_respond": True,
        "saved": not error,
    }
    return render(
        request, "scoring/review_unit.html#response", context, status=422 if error else 200
    )


urlpatterns = [
    path("<str:code>/<int:year>/cham-cheo/", reviews, name="reviews"),
    path("<str:code>/<int:year>/cham-cheo/luoi/", review_grid, name="review_grid"),
    path(
        "<str:code>/<int:year>/cham-cheo/o/<int:assignment_id>/<int:criterion_id>/",
        review_cell,
        name="review_cell",
    ),
    path(
        "<str:code>/<int:year>/cham-cheo/don-vi/<str:agency_code>/",
        review_unit,
        name="review_unit",
    ),
    path(
        "<str:code>/<int:year>/cham-cheo/y-kien/<int:score_id>/",
        review_response,
        name="review_response",
    ),
]
