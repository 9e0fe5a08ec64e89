"""API plumbing: one NinjaAPI at /api/v1/, each app adds its own router from its api.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from thidua.core.errors import DomainError

api = NinjaAPI(
    title="thidua API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


api.add_router("/agencies", "thidua.organizations.api.router")
api.add_router("/clusters", "thidua.emulation.api.router")
api.add_router("/covenants", "thidua.covenants.api.router")
api.add_router("/scoring", "thidua.scoring.api.router")
api.add_router("/voting", "thidua.voting.api.router")
api.add_router("/eligibility", "thidua.awards.api.eligibility.router")
api.add_router("/awards/proposals", "thidua.awards.api.proposals.router")
api.add_router("/awards", "thidua.awards.api.history.router")
