"""Serializers of the GRID's REST API (grid.api). Reads only show what the selectors return; the
citizen is given by id, name and functional needs, never by CPR or notes."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from citizens.models import Citizen
from citizens.selectors import citizens_visible_to
from core.choices import OpeningKind
from core.models import Team
from employers.models import Opening

from .models import Match, MatchRun


class RunCountsSerializer(serializers.Serializer):
    citizens = serializers.IntegerField()
    openings = serializers.IntegerField()
    pairs_considered = serializers.IntegerField()
    excluded = serializers.DictField(
        child=serializers.IntegerField(), help_text="Pairs excluded per hard limit (reason code)."
    )
    matches_kept = serializers.IntegerField()


class MatchRunSerializer(serializers.ModelSerializer):
    """A run: status queued → running → done/failed, progress 0-100, counts and timings."""

    progress = serializers.IntegerField(read_only=True, help_text="0-100.")
    counts = serializers.SerializerMethodField()
    started_by = serializers.SerializerMethodField()
    timings = serializers.DictField(
        child=serializers.FloatField(), read_only=True, help_text="Seconds per phase."
    )
    matches = serializers.SerializerMethodField(
        help_text="The run's results: the matches list filtered on this run."
    )

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "scope",
            "citizen",
            "opening",
            "team",
            "status",
            "failure_reason",
            "progress",
            "shards_total",
            "shards_done",
            "counts",
            "timings",
            "trigger",
            "started_by",
            "top_k",
            "created_at",
            "started_at",
            "finished_at",
            "matches",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_matches(self, run: MatchRun) -> str:
        path = f"{reverse('api:match-list')}?run={run.pk}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(RunCountsSerializer)
    def get_counts(self, run: MatchRun) -> dict[str, Any]:
        return {
            "citizens": run.citizens_count,
            "openings": run.openings_count,
            "pairs_considered": run.pairs_considered,
            "excluded": run.excluded or {},
            "matches_kept": run.matches_kept,
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_started_by(self, run: MatchRun) -> str:
        """The user's name, or empty for runs the system started (nightly, incremental)."""
        return str(run.started_by) if run.started_by_id else ""


class MatchRunStartSerializer(serializers.Serializer):
    """Starting a run: nothing for all active citizens × all open openings, or ONE of `citizen`,
    `opening` or `team` to narrow the scope."""

    citizen = serializers.PrimaryKeyRelatedField(queryset=Citizen.objects.none(), required=False)
    opening = serializers.PrimaryKeyRelatedField(queryset=Opening.objects.all(), required=False)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["citizen"].queryset = citizens_visible_to(request.user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [key for key in ("citizen", "opening", "team") if attrs.get(key) is not None]
        if len(given) > 1:
            raise serializers.ValidationError(_("Give at most one of citizen, opening and team."))
        attrs["scope"] = given[0] if given else MatchRun.Scope.ALL
        return attrs


class MatchSerializer(serializers.ModelSerializer):
    """A match: the citizen (id, name and functional needs only), the opening, score 0-100, the
    rank among the citizen's matches (`rank`) and among the opening's (`opening_rank`; either is
    null when the pair is kept only for the other side), the reasons in the user's language, and
    the proposal workflow."""

    citizen_name = serializers.CharField(source="citizen.full_name", read_only=True)
    accommodations = serializers.SerializerMethodField(
        help_text="The citizen's functional needs (skånebehov codes)."
    )
    max_hours_per_week = serializers.IntegerField(
        source="citizen.max_hours_per_week", read_only=True, allow_null=True
    )
    opening_title = serializers.CharField(source="opening.title", read_only=True)
    employer = serializers.CharField(source="opening.workplace.employer.name", read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = [
            "id",
            "run",
            "citizen",
            "citizen_name",
            "accommodations",
            "max_hours_per_week",
            "opening",
            "opening_title",
            "employer",
            "score",
            "rank",
            "opening_rank",
            "reasons",
            "status",
            "proposed_at",
            "decided_at",
            "reject_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_accommodations(self, match: Match) -> list[str]:
        return list(match.citizen.accommodations or [])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, match: Match) -> list[str]:
        return list(getattr(match, "reasons", []))


class CandidateSerializer(serializers.Serializer):
    """A match as the opening's consultant sees it (grid.selectors.ProposedCandidate): the first
    and last name, the skånebehov the citizen agreed to share, the hours — no citizen id, score,
    rank, reasons, distance, deadlines, job goal or segment."""

    id = serializers.IntegerField(source="match_id")
    opening = serializers.IntegerField(source="opening_id")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    accommodations = serializers.ListField(
        source="accommodation_codes",
        child=serializers.CharField(),
        help_text="The skånebehov codes the citizen agreed to share.",
    )
    max_hours_per_week = serializers.IntegerField(allow_null=True)
    hours_low = serializers.IntegerField(
        allow_null=True, help_text="The fewest hours a week that can be agreed (null: none fit)."
    )
    hours_high = serializers.IntegerField(
        allow_null=True, help_text="The most hours a week that can be agreed (null: none fit)."
    )
    booked_hours = serializers.IntegerField(
        allow_null=True, help_text="Booked hours a week, once accepted."
    )
    status = serializers.CharField()
    proposed_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reject_reason = serializers.CharField(allow_blank=True)


class MatchAcceptSerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False, help_text="Default: today or the opening's start."
    )
    end = serializers.DateField(required=False, help_text="Default: the opening's end.")
    merbeskaeftigelse_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000
    )
    hours = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=37,
        help_text="Agreed hours per week, within the opening's range and the citizen's maximum "
        "(else 400); default the most both allow. 409 when the two don't meet.",
    )


class MatchRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="Why, kept as feedback.")


class SupplyDemandQuerySerializer(serializers.Serializer):
    """The query of /api/v1/grid/supply-demand/ (grid.supply_demand.Query)."""

    level = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=4,
        help_text="DISCO-08 level: 1 major, 2 sub-major, 3 minor, 4 unit group. Default: the "
        "level below `parent` (1 without one).",
    )
    parent = serializers.RegexField(
        r"^\d{1,3}$",
        required=False,
        default="",
        help_text="Drill into this group: only occupations under its code.",
    )
    kind = serializers.ChoiceField(
        choices=OpeningKind.choices,
        required=False,
        default="",
        help_text="One opening kind: its free seats, and the citizens who may be offered it.",
    )
    postcode = serializers.RegexField(
        r"^\d{4}$",
        required=False,
        default="",
        help_text="One postcode area: citizens living there, seats at workplaces there.",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        level = data.get("level")
        if level is not None and level <= len(data["parent"]):
            raise serializers.ValidationError(
                {"level": _("Choose a level below the group you drill into.")}
            )
        return data


class SupplyCellSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="DISCO-08 group code at the level shown.")
    title = serializers.CharField()
    segment = serializers.CharField()
    citizens = serializers.IntegerField(help_text="Active citizens by their first job track.")


class DemandCellSerializer(serializers.Serializer):
    group = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    seats = serializers.IntegerField(help_text="Free seats.")


class GapCellSerializer(serializers.Serializer):
    group = serializers.CharField()
    title = serializers.CharField()
    citizens = serializers.IntegerField(help_text="Active citizens by their first job track.")
    free_seats = serializers.IntegerField()
    gap = serializers.IntegerField(help_text="Citizens minus free seats.")
    specified = serializers.BooleanField(
        help_text="False for a code registered only at a higher level (not further specified)."
    )
    has_children = serializers.BooleanField(help_text="There is a level below to drill into.")
    citizens_later_tracks = serializers.IntegerField(
        help_text="Citizens whose first job track is elsewhere but a later one is here (not "
        "added to `citizens`)."
    )


class KindCellSerializer(serializers.Serializer):
    group = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    citizens = serializers.IntegerField(help_text="Citizens whose benefit may be offered the kind.")
    free_seats = serializers.IntegerField()
    gap = serializers.IntegerField(help_text="Citizens minus free seats.")
    citizens_later_tracks = serializers.IntegerField()


class CampaignSerializer(KindCellSerializer):
    rank = serializers.IntegerField()
    shortage = serializers.IntegerField(help_text="Free seats minus citizens (above 0).")


class AreaSerializer(serializers.Serializer):
    postcode = serializers.CharField()
    name = serializers.CharField()
    citizens = serializers.IntegerField()
    free_seats = serializers.IntegerField()
    gap = serializers.IntegerField()


class GroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    title = serializers.CharField()


class TotalsSerializer(serializers.Serializer):
    citizens = serializers.IntegerField()
    free_seats = serializers.IntegerField()
    gap = serializers.IntegerField()


class SupplyDemandSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    parent = serializers.CharField()
    kind = serializers.CharField()
    postcode = serializers.CharField()
    path = GroupSerializer(many=True, help_text="The groups from the top down to `parent`.")
    kinds = serializers.ListField(child=serializers.CharField())
    supply = SupplyCellSerializer(many=True)
    demand = DemandCellSerializer(many=True)
    gap = GapCellSerializer(many=True)
    cells = KindCellSerializer(many=True, help_text="Per group and opening kind.")
    campaigns = CampaignSerializer(
        many=True, help_text="Kampagneforslag: cells where free seats exceed citizens, ranked."
    )
    areas = AreaSerializer(many=True, help_text="Per postcode (all postcodes, under `parent`).")
    totals = TotalsSerializer()


class AssignmentSerializer(serializers.Serializer):
    citizen = serializers.IntegerField()
    opening = serializers.IntegerField()
    score = serializers.IntegerField()


class GridPlanSerializer(serializers.Serializer):
    placements = serializers.IntegerField()
    total_score = serializers.IntegerField()
    seconds = serializers.FloatField()
    assignments = AssignmentSerializer(many=True)


class PlanComparisonSerializer(serializers.Serializer):
    run = serializers.IntegerField()
    edges = serializers.IntegerField(help_text="Matches considered.")
    more_placements = serializers.IntegerField(help_text="Optimal minus greedy placements.")
    more_score = serializers.IntegerField()
    optimal = GridPlanSerializer()
    greedy = GridPlanSerializer()


class ExclusionSerializer(serializers.Serializer):
    opening = serializers.IntegerField(source="opening_id")
    opening_title = serializers.CharField()
    reason = serializers.CharField(help_text="The code of the hard limit that excluded the pair.")
    text = serializers.CharField()


class ExclusionQuerySerializer(serializers.Serializer):
    citizen = serializers.IntegerField(min_value=1)


class PlanQuerySerializer(serializers.Serializer):
    run = serializers.IntegerField(min_value=1, required=False)


def plan_data(stored: Any, run_id: int) -> dict[str, Any]:
    """A stored plan (grid.models.RunPlan) as the API gives it."""
    return {"run": run_id, **stored.data}
