"""Admin: the rule table of allowed kinds and the score weights are edited here by a manager; runs
and matches are read-only (they are written by the engine and the services)."""

from django.contrib import admin

from .models import GridKindRule, Match, MatchRun, ScoreWeights


@admin.register(GridKindRule)
class GridKindRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "benefit", "valid_from", "valid_to", "reference")
    list_filter = ("kind", "benefit")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(admin.ModelAdmin):
    list_display = (
        "occupation",
        "commute",
        "urgency",
        "language",
        "kind",
        "max_distance_km",
        "top_k",
        "changed_at",
    )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "scope",
        "status",
        "trigger",
        "started_by",
        "shards_done",
        "shards_total",
        "matches_kept",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "scope", "trigger")


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "run", "citizen_id", "opening_id", "score", "rank", "status")
    list_filter = ("status",)
    raw_id_fields = ("run", "citizen", "opening", "intervention")
