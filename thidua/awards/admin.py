from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from thidua.accounts.selectors import is_system_admin
from thidua.audit.services import audit_record
from thidua.awards.eligibility.rules import validate_params
from thidua.awards.models import (
    AwardTitle,
    CommendationDecision,
    CommendationRecord,
    EligibilityCheck,
    EligibilityCondition,
    EligibilityRuleSet,
    Nomination,
    Proposal,
)


@admin.register(AwardTitle)
class AwardTitleAdmin(admin.ModelAdmin[AwardTitle]):
    list_display = ["code", "name", "kind", "recipients", "level", "valid_from", "valid_to"]
    list_filter = ["kind", "recipients", "level"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: object) -> bool:
        return False  # reference data: shipped by data migrations

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(CommendationRecord)
class CommendationRecordAdmin(admin.ModelAdmin[CommendationRecord]):
    list_display = [
        "record_kind",
        "person",
        "agency",
        "award",
        "rating",
        "scope",
        "discipline_level",
        "year",
        "decision_number",
        "revoked_by_decision",
    ]
    list_filter = ["record_kind", "award_type", "year"]
    search_fields = ["decision_number", "person__code", "agency__code"]
    raw_id_fields = ["person", "agency"]

    def has_add_permission(self, request: object) -> bool:
        return False  # records come through the import (audited)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


CONDITION_FIELDS = (
    "award",
    "recipient_type",
    "position",
    "rule_id",
    "label",
    "kind",
    "test",
    "params",
    "legal_basis",
)


class EligibilityConditionForm(forms.ModelForm[EligibilityCondition]):
    class Meta:
        model = EligibilityCondition
        fields = CONDITION_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = validate_params(data.get("test", ""), data.get("params") or {})
        if problems:
            raise forms.ValidationError(problems)
        return data


class EligibilityConditionInline(admin.TabularInline[EligibilityCondition, EligibilityRuleSet]):
    model = EligibilityCondition
    form = EligibilityConditionForm
    extra = 0
    fields = CONDITION_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(request, obj)


def _editable(request: HttpRequest, rule_set: EligibilityRuleSet | None) -> bool:
    """System administrators edit a version no kept verdict has used (DESIGN.md §4.5)."""
    if not is_system_admin(request.user):
        return False
    return rule_set is None or not rule_set.checks.exists()


@admin.register(EligibilityRuleSet)
class EligibilityRuleSetAdmin(admin.ModelAdmin[EligibilityRuleSet]):
    """Versions are added with ``manage.py eligibility_rules_version`` (a copy, audited)."""

    list_display = ["code", "name", "valid_from", "valid_to", "continuity_policy"]
    inlines = [EligibilityConditionInline]
    readonly_fields = ["code", "valid_from", "valid_to"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or _editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: EligibilityRuleSet, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="awards.rule_set.changed", target=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        audit_record(
            actor=request.user,
            action="awards.rule_set.conditions_changed",
            target=form.instance,
        )


@admin.register(EligibilityCheck)
class EligibilityCheckAdmin(admin.ModelAdmin[EligibilityCheck]):
    list_display = ["award", "year", "person", "agency", "verdict", "current_verdict", "flagged_at"]
    list_filter = ["verdict", "award"]
    raw_id_fields = ["person", "agency", "records"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin[M: Model](admin.ModelAdmin[M]):
    """Proposals and decisions change only through their services (audited, with e-mail)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin[Proposal]):
    list_display = ["number", "group_year", "date", "state"]
    list_filter = ["state"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin[Nomination]):
    list_display = ["proposal", "award", "person", "agency", "year", "passed_vote"]
    raw_id_fields = ["person", "agency"]


@admin.register(CommendationDecision)
class CommendationDecisionAdmin(ReadOnlyAdmin[CommendationDecision]):
    list_display = ["number", "issuer", "date", "state"]
    list_filter = ["state"]
