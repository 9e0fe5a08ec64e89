"""The rule catalogue (tiêu chuẩn khen thưởng), read-only for every signed-in user.

``/khen-thuong/tieu-chuan/`` lists the dated versions of the rules (which one is in force today)
and the catalogue of titles and forms; ``/khen-thuong/tieu-chuan/<code>/`` shows one version's
conditions per title and recipient type, with their parameters in words. Versions are added by
a system administrator, never edited here (DESIGN.md §4.5).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from thidua.awards import permissions, selectors
from thidua.awards.models import EligibilityRuleSet


@login_required
@require_GET
def rule_sets(request: HttpRequest) -> HttpResponse:
    """The versions of the rules and the catalogue of titles and forms."""
    if not permissions.can_read_rules(request.user):
        raise Http404
    in_force = selectors.rule_set_in_force(dt.date.today())
    versions = [
        {
            "rule_set": rule_set,
            "in_force": in_force is not None and rule_set.pk == in_force.pk,
            "policy": selectors.describe_policy(rule_set.continuity_policy),
            "counted": selectors.counted_type_labels(rule_set),
        }
        for rule_set in selectors.rule_sets()
    ]
    context = {"versions": versions, "in_force": in_force, "awards": selectors.award_catalogue()}
    return render(request, "awards/rule_sets.html", context)


@login_required
@require_GET
def rule_set(request: HttpRequest, code: str) -> HttpResponse:
    """One version's conditions per title and recipient type."""
    if not permissions.can_read_rules(request.user):
        raise Http404
    version = get_object_or_404(EligibilityRuleSet, code=code)
    in_force = selectors.rule_set_in_force(dt.date.today())
    context = {
        "rule_set": version,
        "in_force": in_force is not None and in_force.pk == version.pk,
        "policy": selectors.describe_policy(version.continuity_policy),
        "counted": selectors.counted_type_labels(version),
        "groups": selectors.rule_set_conditions(version),
    }
    return render(request, "awards/rule_set.html", context)


urlpatterns: list[URLPattern] = [
    path("tieu-chuan/", rule_sets, name="rule_sets"),
    path("tieu-chuan/<str:code>/", rule_set, name="rule_set"),
]
