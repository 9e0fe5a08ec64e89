"""Pages of a group year's results (kết quả chấm điểm, xếp hạng): the ranking with its chart and
its versions, publication and correction by the cluster leader, a unit's breakdown, and the
published ranking as a spreadsheet and as the leading unit's report (PDF, .docx).

Before publication only the cluster leader sees the live preview (marked "Dự kiến, chưa công
bố"); everyone else who may see the year is told the results are not published. After it,
everyone who may see the year sees the version in force, and older versions by ``?lan=<n>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import DomainError
from thidua.emulation.models import GroupYear
from thidua.scoring import permissions, services
from thidua.scoring.charts import results_chart
from thidua.scoring.choices import AssessmentStatus, CriterionKind, TableStatus
from thidua.scoring.forms import RankingCorrectionForm
from thidua.scoring.models import (
    Ranking,
    RankingEntry,
    ScoringTable,
    SelfAssessment,
)
from thidua.scoring.result_documents import DOCX, XLSX, results_docx, results_pdf, results_xlsx
from thidua.scoring.results import (
    UnitResult,
    changes_since,
    ranked_results,
    unit_breakdown,
)
from thidua.scoring.selectors import (
    ranking_entries,
    rankings_of,
    table_of,
    top_criteria,
)
from thidua.scoring.views.tables import _group_year_or_404

ZERO = Decimal("0")
CHART_ID = "bieu-do-ket-qua"


@dataclass(frozen=True)
class ResultRow:
    """A line of the results table: a published entry or a unit of the preview."""

    position: int
    rank: int
    agency_code: str
    agency_name: str
    self_total: Decimal
    total: Decimal
    bonus: Decimal
    penalty: Decimal
    disqualifications: list[str]
    band: str
    submitted: bool = True

    @property
    def disqualified(self) -> bool:
        return bool(self.disqualifications)


def _row(unit: RankingEntry | UnitResult) -> ResultRow:
    return ResultRow(
        position=unit.position,
        rank=unit.rank,
        agency_code=unit.agency_code,
        agency_name=unit.agency_name,
        self_total=unit.self_total,
        total=unit.total,
        bonus=unit.bonus,
        penalty=unit.penalty,
        disqualifications=list(unit.disqualifications),
        band=unit.band,
        submitted=unit.submitted if isinstance(unit, UnitResult) else True,
    )


# --- Helpers ----------------------------------------------------------------------------------


def _leading_group_year(request: HttpRequest, code: str, year: int) -> GroupYear:
    group_year = _group_year_or_404(request, code, year)
    if not permissions.can_lead_scoring(request.user, group_year):
        raise PermissionDenied
    return group_year


def _table_or_404(group_year: GroupYear) -> ScoringTable:
    table = table_of(group_year)
    if table is None:
        raise Http404
    return table


def _requested_version(request: HttpRequest) -> int | None:
    raw = request.GET.get("lan")
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


def _shown(rankings: list[Ranking], version: int | None) -> Ranking | None:
    """The version asked for (404 if there is none such), else the latest."""
    if version is None:
        return rankings[0] if rankings else None
    for ranking in rankings:
        if ranking.version == version:
            return ranking
    raise Http404


def _back(group_year: GroupYear) -> HttpResponse:
    return redirect("scoring:results", code=group_year.group.code, year=group_year.year)


def _chart(
    table: ScoringTable, rows: Sequence[RankingEntry] | Sequence[UnitResult], year: int
) -> SafeString:
    return results_chart(
        top_criteria(table),
        rows,
        chart_id=CHART_ID,
        title=_("Điểm theo nhóm tiêu chí của các đơn vị, năm %(year)d") % {"year": year},
        description=_(
            "Biểu đồ cột nhóm: mỗi nhóm tiêu chí, điểm thưởng và điểm trừ có một cột cho mỗi "
            "đơn vị; chiều cao cột là tỉ lệ điểm đạt so với điểm tối đa của nhóm. Số liệu đầy "
            "đủ ở bảng kết quả."
        ),
    )


# --- The results page -------------------------------------------------------------------------


def _results_page(
    request: HttpRequest,
    group_year: GroupYear,
    *,
    correct_form: RankingCorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    table = table_of(group_year)
    leads = permissions.can_lead_scoring(request.user, group_year)
    context: dict[str, Any] = {"group_year": group_year, "table": table, "leads": leads}
    if table is None:
        return render(request, "scoring/results.html", context, status=status)
    rankings = rankings_of(table)
    shown = _shown(rankings, _requested_version(request))
    context |= {"rankings": rankings, "shown": shown, "latest": rankings[0] if rankings else None}
    if shown is not None:
        entries = ranking_entries(shown)
        is_latest = shown.pk == rankings[0].pk
        context |= {
            "rows": [_row(entry) for entry in entries],
            "chart": _chart(table, entries, group_year.year) if entries else None,
            "is_latest": is_latest,
            "lan": "" if is_latest else f"?lan={shown.version}",
        }
        if leads and is_latest:
            try:
                now = ranked_results(table, on=timezone.localdate())
            except DomainError as error:
                messages.error(request, error.message)
                now = []
            context |= {
                "changes": changes_since(entries, now),
                "correct_form": correct_form
                or RankingCorrectionForm(initial={"version": shown.version}),
            }
    elif leads and table.status == TableStatus.ACTIVE:
        try:
            preview = ranked_results(table, on=timezone.localdate())
        except DomainError as error:
            messages.error(request, error.message)
            preview = []
        submitted = {unit.agency_id for unit in preview if unit.submitted}
        waiting = [
            member.agency
            for member in group_year.members.select_related("agency").order_by(
                "rotation_order", "id"
            )
            if member.agency_id not in submitted
        ]
        context |= {
            "preview": True,
            "rows": [_row(unit) for unit in preview],
            "chart": _chart(table, preview, group_year.year) if preview else None,
            "waiting": waiting,
            "lan": "",
        }
    return render(request, "scoring/results.html", context, status=status)


@login_required
@require_GET
def results(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _results_page(request, _group_year_or_404(request, code, year))


@login_required
@require_POST
def results_publish(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _leading_group_year(request, code, year)
    table = _table_or_404(group_year)
    try:
        ranking = services.ranking_publish(actor=request.user, table=table)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã công bố kết quả xếp hạng của %(count)d đơn vị.")
            % {"count": ranking.entries.count()},
        )
    return _back(group_year)


@login_required
@require_POST
def results_correct(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year = _leading_group_year(request, code, year)
    table = _table_or_404(group_year)
    form = RankingCorrectionForm(request.POST)
    if not form.is_valid():
        return _results_page(request, group_year, correct_form=form, status=400)
    ranking = Ranking.objects.filter(table=table, version=form.cleaned_data["version"]).first()
    if ranking is None:
        raise Http404
    try:
        correction = services.ranking_correct(
            actor=request.user, ranking=ranking, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
            return _results_page(request, group_year, correct_form=form, status=400)
        messages.error(request, error.message)
        return _back(group_year)
    messages.success(
        request,
        _("Đã công bố bản đính chính (lần công bố thứ %(version)d).")
        % {"version": correction.version},
    )
    return _back(group_year)


# --- A unit's breakdown -----------------------------------------------------------------------


@login_required
@require_GET
def results_unit(request: HttpRequest, code: str, year: int, agency_code: str) -> HttpResponse:
    group_year = _group_year_or_404(request, code, year)
    table = _table_or_404(group_year)
    leads = permissions.can_lead_scoring(request.user, group_year)
    rankings = rankings_of(table)
    shown = _shown(rankings, _requested_version(request))
    member = group_year.members.select_related("agency").filter(agency__code=agency_code).first()
    entry = (
        shown.entries.select_related("agency").filter(agency_code=agency_code).first()
        if shown is not None
        else None
    )
    if entry is not None:
        agency = entry.agency
    elif member is not None:
        agency = member.agency
    else:
        raise Http404
    row: ResultRow | None = None
    group_points: dict[str, Any] | None = None
    if entry is not None:
        row = _row(entry)
        group_points = dict(entry.group_points)
    elif shown is None and leads and table.status == TableStatus.ACTIVE:
        unit = next(
            (u for u in ranked_results(table, on=timezone.localdate()) if u.agency_id == agency.pk),
            None,
        )
        row = _row(unit) if unit is not None else None
    elif shown is not None:
        raise Http404  # a member that the version shown does not list
    context = {
        "group_year": group_year,
        "table": table,
        "agency": agency,
        "shown": shown,
        "is_latest": shown is None or shown.pk == rankings[0].pk,
        "preview": shown is None,
        "row": row,
        "lines": unit_breakdown(table, agency, group_points) if row is not None else [],
        "lan": f"?lan={shown.version}" if shown is not None and shown != rankings[0] else "",
        "submitted": SelfAssessment.objects.filter(
            table=table, agency=agency, status=AssessmentStatus.SUBMITTED
        ).exists(),
        "kinds": CriterionKind,
    }
    return render(request, "scoring/results_unit.html", context)


# --- Files ------------------------------------------------------------------------------------


def _published_or_404(request: HttpRequest, code: str, year: int) -> tuple[GroupYear, Ranking]:
    group_year = _group_year_or_404(request, code, year)
    table = _table_or_404(group_year)
    ranking = _shown(rankings_of(table), _requested_version(request))
    if ranking is None:
        raise Http404
    return group_year, ranking


def _file(
    data: bytes, content_type: str, group_year: GroupYear, ranking: Ranking, ext: str
) -> HttpResponse:
    name = f"ket-qua-xep-hang-{group_year.group.code}-{group_year.year}"
    if ranking.version > 1:
        name += f"-lan-{ranking.version}"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{ext}")
    return response


@login_required
@require_GET
def results_xlsx_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year, ranking = _published_or_404(request, code, year)
    return _file(results_xlsx(ranking), XLSX, group_year, ranking, "xlsx")


@login_required
@require_GET
def results_pdf_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year, ranking = _published_or_404(request, code, year)
    return _file(results_pdf(ranking), "application/pdf", group_year, ranking, "pdf")


@login_required
@require_GET
def results_docx_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    group_year, ranking = _published_or_404(request, code, year)
    return _file(results_docx(ranking), DOCX, group_year, ranking, "docx")


urlpatterns = [
    path("<str:code>/<int:year>/ket-qua/", results, name="results"),
    path("<str:code>/<int:year>/ket-qua/cong-bo/", results_publish, name="results_publish"),
    path("<str:code>/<int:year>/ket-qua/dinh-chinh/", results_correct, name="results_correct"),
    path("<str:code>/<int:year>/ket-qua/ket-qua.xlsx", results_xlsx_view, name="results_xlsx"),
    path("<str:code>/<int:year>/ket-qua/ket-qua.pdf", results_pdf_view, name="results_pdf"),
    path("<str:code>/<int:year>/ket-qua/ket-qua.docx", results_docx_view, name="results_docx"),
    path(
        "<str:code>/<int:year>/ket-qua/<str:agency_code>/",
        results_unit,
        name="results_unit",
    ),
]
