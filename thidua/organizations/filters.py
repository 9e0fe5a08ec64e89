"""Filters shared by the agency list page, its API and exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.collation import vietnamese_order
from thidua.core.text import fold
from thidua.organizations.choices import AgencyKind
from thidua.organizations.models import Agency, Province


class AgencyFilter(django_filters.FilterSet):
    """Search (diacritic-insensitive), kind, province and whether the agency exists on a date."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_query")
    kind = django_filters.ChoiceFilter(label=_("Loại đơn vị"), choices=AgencyKind.choices)
    province = django_filters.ModelChoiceFilter(
        label=_("Tỉnh, thành phố"), queryset=Province.objects.order_by("name", "valid_from")
    )
    on = django_filters.DateFilter(
        label=_("Đang hoạt động vào ngày"),
        method="filter_on",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    class Meta:
        model = Agency
        fields = ["q", "kind", "province", "on"]

    def filter_query(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        for word in fold(value).split():
            queryset = queryset.filter(search_key__contains=word)
        return queryset

    def filter_on(self, queryset: QuerySet[Agency], name: str, value: dt.date) -> QuerySet[Agency]:
        return queryset.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=value),
            Q(valid_to__isnull=True) | Q(valid_to__gte=value),
        )

    @property
    def qs(self) -> Any:
        return (
            super()
            .qs.select_related("province", "parent")
            .order_by(vietnamese_order("name"), "code")
        )
