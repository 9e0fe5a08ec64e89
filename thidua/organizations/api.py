"""Read API for agencies and their lineage (same filters as the list page)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from thidua.organizations import selectors
from thidua.organizations.choices import AgencyKind
from thidua.organizations.filters import AgencyFilter
from thidua.organizations.models import Agency

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    province_code: str | None
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_province_code(obj: Agency) -> str | None:
        return obj.province.code if obj.province else None

    @staticmethod
    def resolve_parent_code(obj: Agency) -> str | None:
        return obj.parent.code if obj.parent else None


class AgencyDetailOut(AgencyOut):
    predecessors: list[str]
    successors: list[str]

    @staticmethod
    def resolve_predecessors(obj: Agency) -> list[str]:
        return sorted(a.code for a in selectors.agency_predecessors(obj))

    @staticmethod
    def resolve_successors(obj: Agency) -> list[str]:
        return sorted(a.code for a in selectors.agency_successors(obj))


class AgencyQuery(Schema):
    q: str | None = None
    kind: AgencyKind | None = None
    on: dt.date | None = None
    limit: int = 50
    offset: int = Field(0, ge=0)


@router.get("/", response=list[AgencyOut])
def agency_list(request: HttpRequest, params: Query[AgencyQuery]) -> list[Agency]:
    data = {k: v for k, v in params.dict().items() if v not in (None, "")}
    agencies = AgencyFilter(data, queryset=Agency.objects.all()).qs
    limit = max(1, min(params.limit, 500))
    return list(agencies[params.offset : params.offset + limit])


@router.get("/{code}", response=AgencyDetailOut)
def agency_detail(request: HttpRequest, code: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("province", "parent"), code=code)
