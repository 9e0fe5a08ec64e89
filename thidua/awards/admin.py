from django.contrib import admin

from thidua.awards.models import AwardTitle, CommendationRecord


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
