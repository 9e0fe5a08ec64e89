"""Pages of the members' self-assessments (tự chấm điểm): the list of the cluster's members with
the state of each one's self-assessment and the deadline; a unit's self-assessment, where each
criterion's points and explanation save as they are typed (one small form per criterion, posted
with HTMX or, without JavaScript, by its button), with evidence files; submission by the unit's
leader and reopening by the cluster leader.

Whoever may see the group's year sees every member's self-assessment (404 for the others); the
unit's officers and leader edit it, its leader submits it, the cluster leader sets the deadline
and reopens a submitted one (403 for the others). The same predicate guards a page and its HTMX
partial.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reselect, reswap, retarget

from thidua.audit.selectors import audit_events_for
from thidua.core.errors import DomainError, EditConflict
from thidua.core.http import HtmxHttpRequest
from thidua.emulation import selectors as emulation_selectors
from thidua.emulation.models import GroupMember, GroupYear
from thidua.organizations.models import Agency
from thidua.scoring import permissions, selectors, services
from thidua.scoring.choices import AssessmentStatus, CriterionKind, TableStatus
from thidua.scoring.forms_assessment import (
    EVIDENCE_ACCEPT,
    DeadlineForm,
    EvidenceForm,
    ReopenForm,
    ScoreForm,
)
from thidua.scoring.models import Criterion, Evidence, ScoringTable, SelfAssessment, SelfScore
from thidua.scoring.results import compute_results
from thidua.scoring.services.assessments import submission_problems
from thidua.scoring.views.tables import _group_year_or_404

ZERO = Decimal("0")


# --- Where a request points ----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A member of a group's year and its self-assessment against the year's table (``None``
    until the unit starts it)."""

    group_year: GroupYear
    table: ScoringTable
    agency: Agency
    assessment: SelfAssessment | None

    @property
    def subject(self) -> SelfAssessment:
        """What the permission predicates are asked about: the assessment, or the one the unit
        would open (unsaved)."""
        return self.assessment or SelfAssessment(table=self.table, agency=self.agency)

    @property
    def url(self) -> str:
        return reverse(
            "scoring:assessment",
            args=[self.group_year.group.code, self.group_year.year, self.agency.code],
        )


def _place_or_404(request: HttpRequest, code: str, year: int, agency_code: str) -> Place:
    group_year = emulation_selectors.group_year_get(code, year)
    if group_year is None:
        raise Http404
    table = ScoringTable.objects.select_related("group_year").filter(group_year=group_year).first()
    member = group_year.members.select_related("agency").filter(agency__code=agency_code).first()
    if table is None or member is None:
        raise Http404
    assessment = (
        SelfAssessment.objects.select_related("table__group_year", "agency", "submitted_by")
        .filter(table=table, agency=member.agency)
        .first()
    )
    place = Place(group_year, table, member.agency, assessment)
    if not permissions.can_view_assessment(request.user, place.subject):
        raise Http404
    return place


def _existing(place: Place) -> SelfAssessment:
    if place.assessment is None:
        raise Http404
    return place.assessment


def _editable(request: HttpRequest, place: Place) -> SelfAssessment:
    assessment = _existing(place)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise PermissionDenied
    return assessment


def _criterion_or_404(place: Place, criterion_id: int) -> Criterion:
    criterion = place.table.criteria.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404
    return criterion


def _back(place: Place, criterion_id: int | None = None) -> HttpResponse:
    anchor = f"#tieu-chi-{criterion_id}" if criterion_id is not None else ""
    return redirect(place.url + anchor)


# --- What a criterion's row shows ----------------------------------------------------------------


def _points_text(points: Decimal | None) -> str:
    return "" if points is None else f"{points.normalize():f}"


@dataclass
class Entry:
    """The inputs of one criterion's small form: the saved values, or what the user typed when
    the save was refused (so nothing is lost); on a conflict the saved values and, apart, what
    the user typed."""

    criterion: Criterion
    score: SelfScore | None
    points: str
    explanation: str
    version: str
    saved: bool = False
    error: str = ""
    error_field: str = ""
    conflict: bool = False
    typed_points: str = ""
    typed_explanation: str = ""

    @classmethod
    def of(cls, criterion: Criterion, score: SelfScore | None, *, saved: bool = False) -> Entry:
        if score is None:
            return cls(criterion, None, "", "", "", saved=saved)
        return cls(
            criterion,
            score,
            _points_text(score.points),
            score.explanation,
            str(score.version),
            saved=saved,
        )

    @classmethod
    def typed(
        cls, criterion: Criterion, score: SelfScore | None, data: Any, error: str, error_field: str
    ) -> Entry:
        return cls(
            criterion,
            score,
            str(data.get("points", "")).strip(),
            str(data.get("explanation", "")),
            str(data.get("version", "")),
            error=error,
            error_field=error_field,
        )


@dataclass
class Row:
    """A line of the criteria tree: a group with the sum of the points below it, or a leaf with
    its entry and evidence files."""

    depth: int
    criterion: Criterion
    is_group: bool
    points_sum: Decimal = ZERO
    entry: Entry | None = None
    evidence: list[Evidence] = field(default_factory=list)
    upload_error: str = ""


def _rows(
    table: ScoringTable,
    assessment: SelfAssessment | None,
    *,
    entry: Entry | None = None,
    upload_error: tuple[int, str] | None = None,
) -> list[Row]:
    scores: dict[int, SelfScore] = {}
    files: dict[int, list[Evidence]] = defaultdict(list)
    if assessment is not None:
        scores = {s.criterion_id: s for s in assessment.scores.select_related("updated_by")}
        for evidence in assessment.evidence.all():
            files[evidence.criterion_id].append(evidence)

    def points_below(node: selectors.Node) -> Decimal:
        if not node.children:
            score = scores.get(node.criterion.pk)
            return score.points if score is not None and score.points is not None else ZERO
        return sum((points_below(child) for child in node.children), ZERO)

    rows = []
    for node in selectors.flat_tree(table):
        pk = node.criterion.pk
        if node.children:
            rows.append(Row(node.depth, node.criterion, True, points_sum=points_below(node)))
            continue
        row_entry = entry if entry is not None and entry.criterion.pk == pk else None
        rows.append(
            Row(
                node.depth,
                node.criterion,
                False,
                entry=row_entry or Entry.of(node.criterion, scores.get(pk)),
                evidence=files[pk],
                upload_error=upload_error[1] if upload_error and upload_error[0] == pk else "",
            )
        )
    return rows


def _self_total(table: ScoringTable, assessment: SelfAssessment | None) -> Decimal:
    if assessment is None:
        return ZERO
    for unit in compute_results([table]).get(table.pk, []):
        if unit.assessment_id == assessment.pk:
            return unit.self_total
    return ZERO


def _can_edit_now(request: HttpRequest, place: Place) -> bool:
    assessment = place.assessment
    return (
        assessment is not None
        and assessment.status == AssessmentStatus.DRAFT
        and permissions.can_edit_assessment(request.user, assessment)
    )


def _page(
    request: HttpRequest,
    place: Place,
    *,
    entry: Entry | None = None,
    upload_error: tuple[int, str] | None = None,
    submit_error: str = "",
    reopen_form: ReopenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    assessment = place.assessment
    subject = place.subject
    draft = assessment is not None and assessment.status == AssessmentStatus.DRAFT
    submitted = assessment is not None and assessment.status == AssessmentStatus.SUBMITTED
    can_edit = permissions.can_edit_assessment(user, subject)
    can_lead = permissions.can_lead_scoring(user, place.group_year)
    context: dict[str, Any] = {
        "group_year": place.group_year,
        "table": place.table,
        "agency": place.agency,
        "assessment": assessment,
        "is_active": place.table.status == TableStatus.ACTIVE,
        "can_open": assessment is None and can_edit,
        "editable": draft and can_edit,
        "can_submit": draft and permissions.can_submit_assessment(user, subject),
        "can_reopen": submitted and can_lead,
        "rows": _rows(place.table, assessment, entry=entry, upload_error=upload_error),
        "self_total": _self_total(place.table, assessment),
        "problems": submission_problems(assessment) if draft and assessment and can_edit else [],
        "submit_error": submit_error,
        "reopen_form": reopen_form or ReopenForm(),
        "accept": EVIDENCE_ACCEPT,
        "max_mb": settings.THIDUA_EVIDENCE_MAX_MB,
        "kinds": CriterionKind,
        "history": audit_events_for(assessment)[:50] if assessment is not None else [],
    }
    return render(request, "scoring/assessment_form.html", context, status=status)


# --- The members' list and the deadline ----------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    member: GroupMember
    assessment: SelfAssessment | None
    self_total: Decimal | None


@login_required
@require_http_methods(["GET", "POST"])
def assessment_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    table = ScoringTable.objects.filter(group_year=group_year).first()
    can_lead = permissions.can_lead_scoring(request.user, group_year)
    form: DeadlineForm | None = None
    status = 200
    if request.method == "POST":
        if not can_lead:
            raise PermissionDenied
        if table is None:
            raise Http404
        form = DeadlineForm(request.POST)
        if form.is_valid():
            try:
                services.scoring_table_schedule(
                    actor=request.user,
                    table=table,
                    deadline=form.cleaned_data["deadline"],
                    # Setting the deadline keeps the ranking rule the cluster chose.
                    ranking_rule=table.ranking_rule,
                )
            except DomainError as error:
                form.add_error("deadline" if error.field == "deadline" else None, error.message)
            else:
                messages.success(request, _("Đã lưu hạn nộp bản tự chấm điểm."))
                return redirect("scoring:assessments", code=code, year=year)
        status = 400
    rows: list[MemberRow] = []
    if table is not None:
        assessments = {a.agency_id: a for a in table.assessments.select_related("submitted_by")}
        totals = {u.agency_id: u.self_total for u in compute_results([table]).get(table.pk, [])}
        for member in group_year.members.select_related("agency").order_by("rotation_order", "id"):
            rows.append(
                MemberRow(member, assessments.get(member.agency_id), totals.get(member.agency_id))
            )
    if can_lead and table is not None and form is None:
        form = DeadlineForm(initial={"deadline": table.self_assessment_deadline})
    context = {
        "group_year": group_year,
        "table": table,
        "is_active": table is not None and table.status == TableStatus.ACTIVE,
        "rows": rows,
        "deadline_form": form if can_lead else None,
    }
    return render(request, "scoring/assessment_list.html", context, status=status)


# --- A unit's self-assessment --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, code: str, year: int, agency_code: str) -> HttpResponse:
    """GET: the self-assessment; POST: the unit starts it (“Bắt đầu tự chấm”)."""
    place = _place_or_404(request, code, year, agency_code)
    if request.method == "GET":
        return _page(request, place)
    if not permissions.can_edit_assessment(request.user, place.subject):
        raise PermissionDenied
    if place.assessment is None:
        try:
            services.self_assessment_open(
                actor=request.user, table=place.table, agency=place.agency
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã lập bản tự chấm điểm; điểm được lưu ngay khi nhập."))
    return _back(place)


def _entry_response(
    request: HtmxHttpRequest, place: Place, assessment: SelfAssessment, entry: Entry, status: int
) -> HttpResponse:
    """The criterion's row partial. A successful save replaces only the row's status and version
    (``HX-Retarget``/``HX-Reselect``), so that what the user types meanwhile is kept, and
    updates the sums out of band; a refused one replaces the whole row."""
    pk = entry.criterion.pk
    context: dict[str, Any] = {
        "group_year": place.group_year,
        "agency": place.agency,
        "entry": entry,
        "editable": assessment.status == AssessmentStatus.DRAFT,
    }
    html = render_to_string("scoring/assessment_row.html", context, request=request)
    if status == 200:
        context = {
            "rows": [r for r in _rows(place.table, assessment) if r.is_group],
            "self_total": _self_total(place.table, assessment),
            "table": place.table,
        }
        html += render_to_string("scoring/assessment_totals.html", context, request=request)
    response = HttpResponse(html, status=status)
    if status == 200:
        retarget(response, f"#score-{pk}-meta")
        reselect(response, f"#score-{pk}-meta")
        reswap(response, "outerHTML")
    return response


@login_required
@require_POST
def assessment_score(
    request: HtmxHttpRequest, code: str, year: int, agency_code: str, criterion_id: int
) -> HttpResponse:
    """Save one criterion's points and explanation (a draft, saved as it goes)."""
    place = _place_or_404(request, code, year, agency_code)
    assessment = _editable(request, place)
    criterion = _criterion_or_404(place, criterion_id)
    saved = assessment.scores.filter(criterion=criterion).first()
    form = ScoreForm(request.POST)
    status = 200
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        entry = Entry.typed(criterion, saved, request.POST, str(errors[0]), name)
        status = 422
    else:
        data = form.cleaned_data
        try:
            score = services.self_score_save(
                actor=request.user,
                assessment=assessment,
                criterion=criterion,
                points=data["points"],
                explanation=data["explanation"],
                version=data["version"],
            )
        except EditConflict as conflict:
            current = conflict.current
            assert isinstance(current, SelfScore)
            entry = Entry.of(criterion, current)
            entry.error, entry.conflict = conflict.message, True
            entry.typed_points = str(request.POST.get("points", "")).strip()
            entry.typed_explanation = str(request.POST.get("explanation", ""))
            status = 409
        except DomainError as error:
            entry = Entry.typed(criterion, saved, request.POST, error.message, error.field or "")
            status = 422
        else:
            entry = Entry.of(criterion, score, saved=True)
    if request.htmx:
        return _entry_response(request, place, assessment, entry, status)
    if status == 200:
        messages.success(request, _("Đã lưu điểm tiêu chí %(code)s.") % {"code": criterion.code})
        return _back(place, criterion.pk)
    # Without JavaScript the page comes back with the row as typed and the reason beside it.
    messages.error(request, entry.error)
    return _page(request, place, entry=entry, status=status)


# --- Evidence (minh chứng) ------------------------------------------------------------------------


def _evidence_or_404(place: Place, evidence_id: int) -> Evidence:
    evidence = (
        _existing(place).evidence.select_related("criterion", "assessment").filter(pk=evidence_id)
    ).first()
    if evidence is None:
        raise Http404
    return evidence


@login_required
@require_POST
def evidence_upload(
    request: HttpRequest, code: str, year: int, agency_code: str, criterion_id: int
) -> HttpResponse:
    place = _place_or_404(request, code, year, agency_code)
    assessment = _editable(request, place)
    criterion = _criterion_or_404(place, criterion_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        error = str(form.errors["file"][0])
        return _page(request, place, upload_error=(criterion.pk, error), status=400)
    upload = form.cleaned_data["file"]
    try:
        evidence = services.evidence_attach(
            actor=request.user, assessment=assessment, criterion=criterion, upload=upload
        )
    except DomainError as error:
        return _page(request, place, upload_error=(criterion.pk, error.message), status=400)
    messages.success(
        request,
        _("Đã tải lên minh chứng %(name)s cho tiêu chí %(code)s.")
        % {"name": evidence.name, "code": criterion.code},
    )
    return _back(place, criterion.pk)


@login_required
@require_POST
def evidence_remove(
    request: HttpRequest, code: str, year: int, agency_code: str, evidence_id: int
) -> HttpResponse:
    place = _place_or_404(request, code, year, agency_code)
    evidence = _evidence_or_404(place, evidence_id)
    if not permissions.can_edit_assessment(request.user, evidence.assessment):
        raise PermissionDenied
    name, criterion_id = evidence.name, evidence.criterion_id
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa minh chứng %(name)s.") % {"name": name})
    return _back(place, criterion_id)


@login_required
@require_GET
def evidence_download(
    request: HttpRequest, code: str, year: int, agency_code: str, evidence_id: int
) -> FileResponse:
    """The file through the storage (never a public media URL), to those who see the
    self-assessment."""
    place = _place_or_404(request, code, year, agency_code)
    evidence = _evidence_or_404(place, evidence_id)
    try:
        handle = evidence.file.storage.open(evidence.file.name or "", "rb")
    except OSError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )


# --- Submission and reopening --------------------------------------------------------------------


@login_required
@require_POST
def assessment_submit(request: HttpRequest, code: str, year: int, agency_code: str) -> HttpResponse:
    place = _place_or_404(request, code, year, agency_code)
    assessment = _existing(place)
    if not permissions.can_submit_assessment(request.user, assessment):
        raise PermissionDenied
    try:
        services.self_assessment_submit(actor=request.user, assessment=assessment)
    except DomainError as error:
        return _page(request, place, submit_error=error.message, status=400)
    messages.success(request, _("Đã nộp bản tự chấm điểm."))
    return _back(place)


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, code: str, year: int, agency_code: str) -> HttpResponse:
    place = _place_or_404(request, code, year, agency_code)
    assessment = _existing(place)
    if not permissions.can_lead_scoring(request.user, place.group_year):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    form.is_valid()  # a text field: always valid; the service judges the reason
    try:
        services.self_assessment_reopen(
            actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        if error.field == "reason":
            form.add_error("reason", error.message)
            return _page(request, place, reopen_form=form, status=400)
        messages.error(request, error.message)
        return _back(place)
    messages.success(request, _("Đã mở lại bản tự chấm điểm để đơn vị sửa và nộp lại."))
    return _back(place)


_UNIT = "<str:code>/<int:year>/tu-cham/<str:agency_code>/"

urlpatterns = [
    path("<str:code>/<int:year>/tu-cham/", assessment_list, name="assessments"),
    path(_UNIT, assessment_detail, name="assessment"),
    path(_UNIT + "tieu-chi/<int:criterion_id>/", assessment_score, name="assessment_score"),
    path(
        _UNIT + "tieu-chi/<int:criterion_id>/minh-chung/",
        evidence_upload,
        name="evidence_upload",
    ),
    path(_UNIT + "minh-chung/<int:evidence_id>/", evidence_download, name="evidence_download"),
    path(_UNIT + "minh-chung/<int:evidence_id>/xoa/", evidence_remove, name="evidence_remove"),
    path(_UNIT + "nop/", assessment_submit, name="assessment_submit"),
    path(_UNIT + "mo-lai/", assessment_reopen, name="assessment_reopen"),
]
