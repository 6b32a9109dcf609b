"""The strategy REST API.

- GET /api/v1/focus-areas/: the active focus areas with their indicators (latest value, target,
  status, trend); POST (add) and PATCH (rename, reorder, retire with `active: false`): leder.
- GET /api/v1/indicators/ (filters: focus_area, source, is_key_figure) and /indicators/{id}/.
- GET /api/v1/indicators/{id}/measurements/: the time series, oldest first (`?team=<id>` for a
  team's series of a team-scoped indicator). POST `period` and `value` (and `comment`) of a manual
  indicator: leder only (others 403); on a computed indicator 400.
- POST /api/v1/indicators/{id}/compute/: leder only; recompute now (optional `period`, default
  the previous and current quarter) -> 200 with the new values.
Every role reads the figures (no personal data); only the leder writes.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.permissions import RolePermission, permission_required
from core.api.schema import ERROR, FIELD_ERRORS
from core.identifiers import is_ascii_digits
from core.models import Team

from . import selectors, services
from .models import FocusArea, Indicator
from .serializers import (
    ComputeInputSerializer,
    FocusAreaSerializer,
    FocusAreaWriteSerializer,
    IndicatorSerializer,
    MeasurementInputSerializer,
    MeasurementSerializer,
)

CanReadFigures = permission_required("strategy.view_indicator", "strategy.view_measurement")
CanEnterValues = permission_required("strategy.view_indicator", "strategy.add_measurement")
CanCompute = permission_required("strategy.view_indicator", "strategy.compute_indicator")


@extend_schema_view(
    create=extend_schema(
        request=FocusAreaWriteSerializer,
        responses={201: FocusAreaSerializer, 400: FIELD_ERRORS, 403: ERROR},
        summary="Add a focus area (leder)",
    ),
    partial_update=extend_schema(
        request=FocusAreaWriteSerializer,
        responses={200: FocusAreaSerializer, 400: FIELD_ERRORS, 403: ERROR, 404: ERROR},
        summary="Rename, reorder or retire a focus area (leder)",
    ),
)
class FocusAreaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Active focus areas with their indicators; a leder adds, renames and retires areas
    (PATCH `active: false`). Nothing is deleted."""

    serializer_class = FocusAreaSerializer
    queryset = FocusArea.objects.none()  # for RolePermission; rows from the selector
    pagination_class = None
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "partial_update":  # a retired area can be brought back
            return FocusArea.objects.all()
        return selectors.focus_area_list(user=self.request.user)

    def _respond(self, area: FocusArea, status_code: int) -> Response:
        area = selectors.focus_area_list(user=self.request.user).filter(pk=area.pk).first() or area
        if not hasattr(area, "active_indicators"):
            area.active_indicators = []
        return Response(FocusAreaSerializer(area).data, status=status_code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = FocusAreaWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("active", None)
        area = services.focus_area_create(actor=request.user, **fields)
        return self._respond(area, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        area = self.get_object()
        data = FocusAreaWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        area = services.focus_area_update(
            actor=request.user, focus_area=area, **data.validated_data
        )
        return self._respond(area, status.HTTP_200_OK)


class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()  # for RolePermission; rows from the selector
    filterset_fields = ["focus_area", "source", "is_key_figure"]

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user)

    def get_permissions(self):
        if self.action == "measurements":
            if self.request.method == "POST":
                return [CanEnterValues()]
            return [CanReadFigures()]
        if self.action == "compute":
            return [CanCompute()]
        return [RolePermission()]

    def _measurement_response(self, rows, indicator: Indicator, **kwargs) -> Response:
        for row in rows:
            row.indicator = indicator  # targets prefetched once
        return Response(MeasurementSerializer(rows, many=True).data, **kwargs)

    @extend_schema(
        methods=["GET"],
        parameters=[
            OpenApiParameter(
                "team", OpenApiTypes.INT, description="A team's series (team-scoped indicators)."
            )
        ],
        responses={200: MeasurementSerializer(many=True), 403: ERROR, 404: ERROR},
        summary="The indicator's time series, oldest first",
    )
    @extend_schema(
        methods=["POST"],
        request=MeasurementInputSerializer,
        responses={201: MeasurementSerializer, 400: FIELD_ERRORS, 403: ERROR, 404: ERROR},
        summary="Enter the value of a manual indicator for a period (leder)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_fields=[])
    def measurements(self, request: Request, pk: str | None = None) -> Response:
        indicator = self.get_object()
        if request.method == "POST":
            data = MeasurementInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            measurement = services.measurement_enter(
                actor=request.user, indicator=indicator, **data.validated_data
            )
            measurement.indicator = indicator
            return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)
        team = None
        if team_id := request.query_params.get("team"):
            if not is_ascii_digits(team_id) or len(team_id) > 18:
                raise NotFound()
            team = get_object_or_404(Team, pk=team_id)
        rows = selectors.measurement_list(user=request.user, indicator=indicator, team=team)
        return self._measurement_response(list(rows), indicator)

    @extend_schema(
        request=ComputeInputSerializer,
        responses={200: MeasurementSerializer(many=True), 400: FIELD_ERRORS, 403: ERROR},
        summary="Recompute a computed indicator now (leder)",
    )
    @action(detail=True, methods=["post"], pagination_class=None, filterset_fields=[])
    def compute(self, request: Request, pk: str | None = None) -> Response:
        indicator = self.get_object()
        data = ComputeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.indicator_compute(
            actor=request.user, indicator=indicator, period=data.validated_data.get("period")
        )
        return self._measurement_response(rows, indicator)
