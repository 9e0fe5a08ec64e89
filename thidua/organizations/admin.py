from django.contrib import admin

from thidua.organizations.models import Agency, LineageEvent, Person, Position, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin[Province]):
    list_display = ["code", "name", "valid_from", "valid_to", "merged_into"]
    search_fields = ["name", "code"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["code", "name", "kind", "province", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "search_key"]
    readonly_fields = ["search_key"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # changes go through the services (audited) on the app's own pages


@admin.register(LineageEvent)
class LineageEventAdmin(admin.ModelAdmin[LineageEvent]):
    list_display = ["kind", "date", "decision_number", "identity"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


class PositionInline(admin.TabularInline[Position, Person]):
    model = Position
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["code", "full_name", "gender", "birth_year"]
    search_fields = ["code", "search_key"]
    inlines = [PositionInline]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
