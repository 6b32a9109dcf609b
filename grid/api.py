"""The GRID's REST API, registered in ballerup_jobcenter/api_urls.py:

- /api/v1/match-runs/ (GET list; POST starts a run → 202 with the run; an optional `citizen`,
  `opening` or `team` id narrows the scope) and /api/v1/match-runs/{id}/;
- /api/v1/matches/ (filters `run`, `citizen`, `opening`, `status`), /{id}/ with the reasons, and
  POST /{id}/propose/ (the citizen's caseworker), /{id}/accept/ and /{id}/reject/ (`reason`) by
  the consultant of the opening's company (409 with the reason when the opening is full or the
  rimelighedskrav is used up);
- /api/v1/grid/supply-demand/ (leder and consultants; `level`, `parent`, `kind`, `postcode`),
  /api/v1/grid/plan/ (managers) and /api/v1/grid/exclusions/?citizen= (why each opening is not a
  match, for users who may see the citizen; logged).

Thin: rows come from grid.selectors (a caseworker sees the matches of their own team's citizens, a
consultant only proposed/decided candidates of their own companies' openings, with name and
functional needs only), writes go through grid.services. Every citizen returned is logged
(core.access).
"""

from typing import Any

import django_filters
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from citizens.models import Citizen
from core.access import shown
from core.api.pagination import StandardPagination
from core.api.schema import ERROR, FIELD_ERRORS
from core.models import AccessLog
from employers.serializers import call_service

from . import selectors, services
from .models import Match, MatchRun
from .reasons import match_reasons, occupation_titles
from .serializers import (
    CandidateSerializer,
    ExclusionQuerySerializer,
    ExclusionSerializer,
    MatchAcceptSerializer,
    MatchRejectSerializer,
    MatchRunSerializer,
    MatchRunStartSerializer,
    MatchSerializer,
    PlanComparisonSerializer,
    PlanQuerySerializer,
    SupplyDemandQuerySerializer,
    SupplyDemandSerializer,
    plan_data,
)

READ_ERRORS = {401: ERROR, 403: ERROR}
CONFLICT = OpenApiResponse(
    response=ERROR.response,
    description="Refused by the current state (the opening is full, the rimelighedskrav is "
    "used up, the match was already decided): `detail` gives the reason.",
)


class ActionPermission(BasePermission):
    """The permissions each action needs, from the view's `action_permissions`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        action_name = getattr(view, "action", None) or ""
        perms = view.action_permissions.get(action_name, view.action_permissions["*"])
        return user.has_perms(perms)


# --- Runs --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List match runs",
        responses={200: MatchRunSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a match run",
        description="Status, progress 0-100, counts (pairs considered, excluded per reason, "
        "matches kept), timings per phase, scope, who started it, created and finished.",
        responses={200: MatchRunSerializer, 404: ERROR, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Start a match run",
        description="All active citizens × all open openings, or one `citizen`, `opening` or "
        "`team`. Runs in the background: 202 with the queued run; poll it for progress.",
        request=MatchRunStartSerializer,
        responses={202: MatchRunSerializer, 400: FIELD_ERRORS, **READ_ERRORS},
    ),
)
class MatchRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Match runs of the GRID (RolePermission: view_matchrun to read, add_matchrun to start)."""

    queryset = MatchRun.objects.none()
    serializer_class = MatchRunSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[MatchRun]:
        return selectors.match_runs_visible_to(self.request.user).order_by("-created_at", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = MatchRunStartSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        run = call_service(
            services.match_run_start,
            actor=request.user,
            scope=data["scope"],
            citizen=data.get("citizen"),
            opening=data.get("opening"),
            team=data.get("team"),
        )
        run = self.get_queryset().get(pk=run.pk)
        return Response(
            MatchRunSerializer(run, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


# --- Matches -----------------------------------------------------------------------------------


class MatchFilter(django_filters.FilterSet):
    run = django_filters.NumberFilter(
        method="filter_run",
        label=_("Run"),
        help_text="The rows the run produced: a full run's rows, and the rows a scoped run "
        "(citizen, opening or team) merged into the current run or refreshed there.",
    )
    scope = django_filters.ChoiceFilter(
        method="filter_scope",
        choices=[(selectors.MINE, "mine"), (selectors.TEAM, "team")],
        label=_("Scope"),
        help_text="For a caseworker: `mine` (the own caseload; the default unless `run`, "
        "`citizen` or `opening` is given) or `team`.",
    )
    citizen = django_filters.NumberFilter(field_name="citizen_id", label=_("Citizen"))
    opening = django_filters.NumberFilter(field_name="opening_id", label=_("Opening"))
    status = django_filters.ChoiceFilter(choices=Match.Status.choices, label=_("Status"))

    class Meta:
        model = Match
        fields = ["run", "scope", "citizen", "opening", "status"]

    def filter_run(self, queryset: QuerySet[Match], name: str, value: int) -> QuerySet[Match]:
        return selectors.of_run(queryset, value)

    def filter_scope(self, queryset: QuerySet[Match], name: str, value: str) -> QuerySet[Match]:
        return selectors.scoped_to_person(queryset, user=self.request.user, scope=value)


# A consultant gets CandidateSerializer rows, everyone else MatchSerializer rows.
MATCH_OR_CANDIDATE = PolymorphicProxySerializer(
    component_name="MatchOrCandidate",
    serializers=[MatchSerializer, CandidateSerializer],
    resource_type_field_name=None,
)
MATCHES_OR_CANDIDATES = PolymorphicProxySerializer(
    component_name="MatchOrCandidate",
    serializers=[MatchSerializer, CandidateSerializer],
    resource_type_field_name=None,
    many=True,
)


def _with_reasons(rows: list[Match]) -> list[Match]:
    titles = occupation_titles(row.track_occupation for row in rows)
    for row in rows:
        row.reasons = match_reasons(row, titles=titles)
    return rows


class MatchPaginator(Paginator):
    """Django's paginator, counting through selectors.match_count (exact, kept per version)."""

    @cached_property
    def count(self) -> int:
        return selectors.match_count(self.object_list)


class MatchPagination(StandardPagination):
    django_paginator_class = MatchPaginator


@extend_schema_view(
    list=extend_schema(
        summary="List matches",
        description="The matches you may see: a caseworker those of the own team's citizens, a "
        "consultant the proposed, accepted and rejected candidates of the own companies' "
        "openings (name and functional needs only). Every citizen returned is logged.",
        responses={200: MATCHES_OR_CANDIDATES, 400: FIELD_ERRORS, **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a match with its reasons",
        responses={200: MATCH_OR_CANDIDATE, 404: ERROR, **READ_ERRORS},
    ),
)
class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    citizen_access_reason = "GRID"  # core.access logs every citizen a response shows
    queryset = Match.objects.none()
    serializer_class = MatchSerializer
    filterset_class = MatchFilter
    pagination_class = MatchPagination
    permission_classes = [ActionPermission]
    lookup_value_regex = r"\d+"
    action_permissions = {
        "*": ["grid.view_match"],
        "propose": ["grid.view_match", "grid.propose_match"],
        "accept": ["grid.view_match", "grid.decide_match"],
        "reject": ["grid.view_match", "grid.decide_match"],
    }

    def get_queryset(self) -> QuerySet[Match]:
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        queryset = selectors.match_list(user=self.request.user)
        asked = self.request.query_params
        if self.action == "list" and not any(
            k in asked for k in ("scope", "run", "citizen", "opening")
        ):
            # A caseworker's list is the own caseload unless the team (or one run, citizen or
            # opening) is asked for, as on the page.
            queryset = selectors.scoped_to_person(
                queryset, user=self.request.user, scope=selectors.MINE
            )
        return queryset

    def _data(self, rows: list[Match], *, many: bool = True) -> Any:
        """The consultant sees candidates only (CandidateSerializer); everyone else the matches
        with their reasons. (The serializer's own output, so core.access finds the citizens.)"""
        if selectors.consultant_only(self.request.user):
            shown = [selectors.proposed_candidate(row) for row in rows]
            return CandidateSerializer(shown if many else shown[0], many=many).data
        rows = _with_reasons(rows)
        return MatchSerializer(rows if many else rows[0], many=many).data

    def _one(self, request: Request, match: Match, **kwargs: Any) -> Response:
        match = self.get_queryset().select_related("intervention").get(pk=match.pk)
        return Response(self._data([match], many=False), **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset()).select_related("intervention")
        page = self.paginate_queryset(queryset)
        data = self._data(list(page if page is not None else queryset))
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._one(request, self.get_object())

    @extend_schema(
        summary="Propose a match to the opening's consultant",
        request=None,
        responses={200: MatchSerializer, 400: FIELD_ERRORS, 404: ERROR, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def propose(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        match = call_service(services.match_propose, actor=request.user, match=self.get_object())
        return self._one(request, match)

    @extend_schema(
        summary="Accept a proposed match",
        description="Creates the intervention and the placement and takes a seat, in one "
        "transaction. 409 with the reason when the opening is full or the rimelighedskrav of "
        "the workplace is used up; nothing is saved then.",
        request=MatchAcceptSerializer,
        responses={200: MATCH_OR_CANDIDATE, 400: FIELD_ERRORS, 404: ERROR, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        match = self.get_object()
        body = MatchAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        match = call_service(
            services.match_accept, actor=request.user, match=match, **body.validated_data
        )
        return self._one(request, match)

    @extend_schema(
        summary="Reject a proposed match with a reason",
        request=MatchRejectSerializer,
        responses={200: MATCH_OR_CANDIDATE, 400: FIELD_ERRORS, 404: ERROR, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        match = self.get_object()
        body = MatchRejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        match = call_service(
            services.match_reject,
            actor=request.user,
            match=match,
            reason=body.validated_data["reason"],
        )
        return self._one(request, match)


# --- The picture and the explanations ------------------------------------------------------------


class GridViewSet(viewsets.GenericViewSet):
    """/api/v1/grid/…: the supply/demand cells, the optimal plan, the exclusions of a citizen."""

    citizen_access_reason = "GRID"  # core.access logs every citizen a response shows
    queryset = MatchRun.objects.none()
    permission_classes = [ActionPermission]
    pagination_class = None
    filterset_class = None
    action_permissions = {
        "*": ["grid.view_grid_picture"],
        "supply_demand": ["grid.view_supply_demand"],
        "exclusions": ["grid.view_match", "citizens.view_citizen"],
    }

    @extend_schema(
        summary="Supply and demand per occupation group, kind and postcode; campaign suggestions",
        description="At one DISCO-08 `level` (default major groups), under one `parent` group "
        "(drill-down), for one opening `kind` and one `postcode` area. Supply: active citizens, "
        "each once, by the group of their first job track (so the children of a group sum to "
        "it), × segment; per kind the citizens whose benefit may be offered it. Demand: free "
        "seats of open openings by group × kind. Gap: citizens minus free seats, per group, per "
        "group × kind (`cells`) and per postcode (`areas`). `campaigns`: the cells where free "
        "seats exceed citizens, most shortage first. Counts only: leder and consultants.",
        parameters=[SupplyDemandQuerySerializer],
        responses={200: SupplyDemandSerializer, 400: FIELD_ERRORS, **READ_ERRORS},
    )
    @action(detail=False, methods=["get"], url_path="supply-demand")
    def supply_demand(self, request: Request) -> Response:
        from .supply_demand import make_query

        query = SupplyDemandQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cells = selectors.supply_demand(user=request.user, query=make_query(**query.validated_data))
        return Response(SupplyDemandSerializer(cells).data)

    @extend_schema(
        summary="The optimal plan against the greedy one",
        description="A capacity-aware assignment of citizens to free seats that maximises the "
        "total score (min-cost flow), beside the greedy one: totals and the assignments. A "
        "suggestion for managers, never carried out. `run` defaults to the current run.",
        parameters=[PlanQuerySerializer],
        responses={200: PlanComparisonSerializer, 400: FIELD_ERRORS, 404: ERROR, **READ_ERRORS},
    )
    @action(detail=False, methods=["get"])
    def plan(self, request: Request) -> Response:
        query = PlanQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        run_id = query.validated_data.get("run")
        stored = selectors.optimal_plan(user=request.user, run_id=run_id)
        if stored is None:
            raise Http404(_("The run has no plan: it has not finished."))
        return Response(PlanComparisonSerializer(plan_data(stored, stored.run_id)).data)

    @extend_schema(
        summary="Why each opening is not a match for one citizen",
        description="Every open opening that is not among the citizen's matches, with the hard "
        "limit (or relevance rule) that excluded it. Only for users who may see the citizen; "
        "the read is logged.",
        parameters=[ExclusionQuerySerializer],
        responses={200: ExclusionSerializer(many=True), 400: FIELD_ERRORS, 404: ERROR},
    )
    @action(detail=False, methods=["get"])
    def exclusions(self, request: Request) -> Response:
        query = ExclusionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        citizen_id = query.validated_data["citizen"]
        rows = selectors.explain_exclusions(user=request.user, citizen_id=citizen_id)
        # The rows are openings; the response is about the citizen (logged by core.access).
        shown(request, [Citizen.objects.get(pk=citizen_id)], action=AccessLog.Action.API_DETAIL)
        return Response(ExclusionSerializer(rows, many=True).data)
