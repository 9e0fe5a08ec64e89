"""The search page of the commendation history (``/khen-thuong/tim-kiem/``) and its export.

A GET form: the query ``q``, what to find (``kind``: people, agencies, decisions) and the
filters. Results are paginated; ``?format=xlsx`` returns the whole result as a spreadsheet.
The selectors in :mod:`thidua.awards.search` scope everything to what the user may see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards import exports
from thidua.awards.choices import AwardLevel
from thidua.awards.models import AwardTitle
from thidua.awards.permissions import agencies_with_visible_history
from thidua.awards.search import (
    SearchFilters,
    SearchKind,
    SearchText,
    parse_query,
    search,
)
from thidua.core.errors import DomainError
from thidua.core.http import HtmxHttpRequest
from thidua.core.pagination import counted_page
from thidua.organizations.models import Agency

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
"""Rows at most in one exported spreadsheet (an .xlsx sheet holds about a million)."""
FIRST_YEAR, LAST_YEAR = 1945, 2100

_ANY = ("", gettext_lazy("Tất cả"))


class SearchForm(forms.Form):
    """The query, what to find, and the filters; ``clean`` yields the parsed query."""

    q = forms.CharField(label=gettext_lazy("Tìm kiếm"), required=False, strip=True)
    kind = forms.ChoiceField(label=gettext_lazy("Tìm"), choices=SearchKind.choices, required=False)
    award = forms.ModelChoiceField(
        label=gettext_lazy("Danh hiệu, hình thức"),
        queryset=AwardTitle.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_ANY[1],
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Cấp khen thưởng"), choices=[_ANY, *AwardLevel.choices], required=False
    )
    year_from = forms.IntegerField(
        label=gettext_lazy("Từ năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("Đến năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    agency = forms.CharField(
        label=gettext_lazy("Mã đơn vị"),
        required=False,
        strip=True,
        help_text=gettext_lazy("Gồm cả các đơn vị trước sáp nhập, chia tách, đổi tên."),
    )
    revoked = forms.ChoiceField(
        label=gettext_lazy("Thu hồi, hủy bỏ"),
        choices=[
            _ANY,
            ("no", gettext_lazy("Còn hiệu lực")),
            ("yes", gettext_lazy("Đã thu hồi, hủy bỏ")),
        ],
        required=False,
    )

    def clean_q(self) -> SearchText | None:
        try:
            return parse_query(self.cleaned_data.get("q") or "")
        except DomainError as error:
            raise forms.ValidationError(error.message) from error

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or SearchKind.PEOPLE

    def clean_agency(self) -> Agency | None:
        code = self.cleaned_data.get("agency") or ""
        if not code:
            return None
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise forms.ValidationError(_("Không tìm thấy đơn vị mã “%(code)s”.") % {"code": code})
        return agency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error("year_to", _("Năm kết thúc không được trước năm bắt đầu."))
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        revoked = {"yes": True, "no": False}.get(data.get("revoked") or "")
        return SearchFilters(
            award=data.get("award"),
            level=data.get("level") or "",
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            agency=data.get("agency"),
            revoked=revoked,
        )


_WORKBOOKS: dict[SearchKind, Callable[..., bytes]] = {
    SearchKind.PEOPLE: exports.people_workbook,
    SearchKind.AGENCIES: exports.agencies_workbook,
    SearchKind.DECISIONS: exports.records_workbook,
}


def _export(request: HtmxHttpRequest, kind: str, results: QuerySet[Any]) -> HttpResponse:
    """The whole result as .xlsx; a result too large for one file is refused with a message."""
    if results.count() > EXPORT_LIMIT:
        messages.error(
            request,
            _("Kết quả có hơn %(limit)s dòng, quá lớn để xuất một tệp; hãy thu hẹp bộ lọc.")
            % {"limit": f"{EXPORT_LIMIT:,}".replace(",", ".")},
        )
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{request.path}?{query.urlencode()}")
    label = SearchKind(kind).label
    body = _WORKBOOKS[SearchKind(kind)](results, title=_("Tìm kiếm — %(kind)s") % {"kind": label})
    response = HttpResponse(body, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="tim-kiem-{kind}.xlsx"'
    return response


@login_required
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    """The form; with a valid query or a filter, the results (or their spreadsheet)."""
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "page": None, "kind": SearchKind.PEOPLE}
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"]
        text, filters = form.cleaned_data["q"], form.filters()
        context["kind"] = kind
        if text is not None or filters.any:
            results = search(request.user, kind, text, filters)
            if request.GET.get("format") == "xlsx":
                return _export(request, kind, results)
            page = counted_page(results, request.GET.get("page"), PAGE_SIZE)
            context["page"] = page
            if kind == SearchKind.AGENCIES:
                context["history_ids"] = agencies_with_visible_history(request.user, page)
            export = request.GET.copy()
            export.pop("page", None)
            export["format"] = "xlsx"
            context["export_query"] = export.urlencode()
    template = "awards/search.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


urlpatterns: list[URLPattern] = [
    path("tim-kiem/", search_page, name="search"),
]
