"""Admin for the strategy's definitions: managers add, rename and retire focus areas, adjust
indicators and their targets. Measurements are read-only here (computed ones come from the
snapshots, manual ones are entered through the form or the API with validation)."""

from django.contrib import admin

from .models import FocusArea, Indicator, Measurement, Target


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TargetInline(admin.TabularInline):
    model = Target
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "focus_area", "unit", "direction", "source", "is_key_figure", "active"]
    list_filter = ["focus_area", "source", "is_key_figure", "active"]
    readonly_fields = ["key", "source", "computation"]
    inlines = [TargetInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_kind", "period_start", "team", "value", "source"]
    list_filter = ["indicator__focus_area", "source", "period_kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
