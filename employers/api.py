"""REST API of the employers' side, registered in ballerup_jobcenter/api_urls.py:
/api/v1/employers/ (+ samarbejdsgrad/), /api/v1/workplaces/, /api/v1/openings/,
/api/v1/employer-contacts/, /api/v1/placements/ (+ {id}/end/).

Thin: rows come from employers.selectors (what the user may read, counts annotated in the same
query), writes go through employers.services via the serializers. RolePermission grants each
role its model permissions (view to read, add to create, change to update); nothing is deleted.
"""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import ERROR, FIELD_ERRORS

from . import selectors, services
from .filters import (
    EmployerContactFilter,
    EmployerFilter,
    OpeningFilter,
    PlacementFilter,
    WorkplaceFilter,
)
from .models import Employer, EmployerContact, Opening, Placement, Workplace
from .serializers import (
    EmployerContactSerializer,
    EmployerSerializer,
    OpeningSerializer,
    PlacementEndSerializer,
    PlacementSerializer,
    SamarbejdsgradQuerySerializer,
    SamarbejdsgradSerializer,
    WorkplaceSerializer,
    call_service,
)

READ_ERRORS = {401: ERROR, 403: ERROR}
WRITE_ERRORS = {400: FIELD_ERRORS, 401: ERROR, 403: ERROR}
CONFLICT = OpenApiResponse(
    response=ERROR.response,
    description="Refused (no free seat, the rimelighedskrav, ...): `detail` gives the reason.",
)


class _ReadCreateUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update; no role may delete."""


@extend_schema_view(
    list=extend_schema(responses={200: EmployerSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: EmployerSerializer, 404: ERROR, **READ_ERRORS}),
    create=extend_schema(responses={201: EmployerSerializer, **WRITE_ERRORS}),
    update=extend_schema(responses={200: EmployerSerializer, 404: ERROR, **WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: EmployerSerializer, 404: ERROR, **WRITE_ERRORS}),
)
class EmployerViewSet(_ReadCreateUpdateViewSet):
    """Companies (virksomheder), with open openings, active placements and the last contact."""

    queryset = Employer.objects.none()
    serializer_class = EmployerSerializer
    filterset_class = EmployerFilter

    def get_queryset(self):
        return selectors.employer_list(user=self.request.user).order_by("name", "id")

    @extend_schema(
        parameters=[SamarbejdsgradQuerySerializer],
        responses={200: SamarbejdsgradSerializer, 400: FIELD_ERRORS, **READ_ERRORS},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def samarbejdsgrad(self, request: Request) -> Response:
        """The share of the municipality's workplaces with cooperation (a placement, a visit or
        a meeting) in the 12 months up to `on` (default today) over the yearly manual figure,
        and the target from the rule table."""
        query = SamarbejdsgradQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = selectors.samarbejdsgrad(on=query.validated_data.get("on"))
        data = {
            "on": result.on,
            "window_start": result.window_start,
            "numerator": result.numerator,
            "denominator": result.denominator,
            "percent": result.percent,
            "target": result.target,
            "met": result.met,
        }
        return Response(SamarbejdsgradSerializer(data).data)


@extend_schema_view(
    list=extend_schema(responses={200: WorkplaceSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: WorkplaceSerializer, 404: ERROR, **READ_ERRORS}),
    create=extend_schema(responses={201: WorkplaceSerializer, **WRITE_ERRORS}),
    update=extend_schema(responses={200: WorkplaceSerializer, 404: ERROR, **WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: WorkplaceSerializer, 404: ERROR, **WRITE_ERRORS}),
)
class WorkplaceViewSet(_ReadCreateUpdateViewSet):
    """Workplaces (produktionsenheder, P-nummer) and their ordinary headcount."""

    queryset = Workplace.objects.none()
    serializer_class = WorkplaceSerializer
    filterset_class = WorkplaceFilter

    def get_queryset(self):
        return selectors.workplace_list(user=self.request.user).order_by("p_number", "id")


@extend_schema_view(
    list=extend_schema(responses={200: OpeningSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: OpeningSerializer, 404: ERROR, **READ_ERRORS}),
    create=extend_schema(responses={201: OpeningSerializer, **WRITE_ERRORS}),
    update=extend_schema(responses={200: OpeningSerializer, 404: ERROR, **WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: OpeningSerializer, 404: ERROR, **WRITE_ERRORS}),
)
class OpeningViewSet(_ReadCreateUpdateViewSet):
    """Openings: needs and offers (ordinært job, praktik, løntilskud, ...) with seats in use."""

    queryset = Opening.objects.none()
    serializer_class = OpeningSerializer
    filterset_class = OpeningFilter

    def get_queryset(self):
        return selectors.opening_list(user=self.request.user).order_by("-start", "title", "id")


@extend_schema_view(
    list=extend_schema(responses={200: EmployerContactSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: EmployerContactSerializer, 404: ERROR, **READ_ERRORS}),
    create=extend_schema(responses={201: EmployerContactSerializer, **WRITE_ERRORS}),
)
class EmployerContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The contact log (virksomhedskontakter): the basis of samarbejdsgrad."""

    queryset = EmployerContact.objects.none()
    serializer_class = EmployerContactSerializer
    filterset_class = EmployerContactFilter

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user).order_by("-date", "-id")


@extend_schema_view(
    list=extend_schema(responses={200: PlacementSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: PlacementSerializer, 404: ERROR, **READ_ERRORS}),
    create=extend_schema(
        responses={201: PlacementSerializer, 409: CONFLICT, **WRITE_ERRORS},
    ),
)
class PlacementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Placements: seats taken in openings. Creating one checks the free seats and the
    rimelighedskrav (refused: 409 with the reason). No citizen data here."""

    queryset = Placement.objects.none()
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter

    def get_queryset(self):
        return selectors.placement_list(user=self.request.user).order_by("-start", "-id")

    @extend_schema(
        request=PlacementEndSerializer,
        responses={200: PlacementSerializer, 404: ERROR, 409: ERROR, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """End the placement early (`end`, default today) or cancel it (`cancel`: true)."""
        placement = self.get_object()
        body = PlacementEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        placement = call_service(
            services.placement_end,
            actor=request.user,
            placement=placement,
            end=body.validated_data.get("end"),
            cancel=body.validated_data["cancel"],
        )
        return Response(PlacementSerializer(placement, context={"request": request}).data)
