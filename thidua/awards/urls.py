from django.urls import URLPattern

from thidua.awards.views import (
    decisions,
    documents,
    eligibility,
    history,
    nominations,
    proposals,
    rules,
    search,
)

app_name = "awards"

urlpatterns: list[URLPattern] = [
    *search.urlpatterns,
    *history.urlpatterns,
    *eligibility.urlpatterns,
    *rules.urlpatterns,
    *proposals.urlpatterns,
    *nominations.urlpatterns,
    *decisions.urlpatterns,
    *documents.urlpatterns,
]
