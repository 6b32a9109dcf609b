"""/api/v1/deadlines/: the caseworker's agenda ("Mine frister", citizens.agenda) in the API.

GET only, paginated like every list (`count`, `next`, `previous`, `results`). `?scope=mine` (the
citizens you are the primary contact for; the default for a user in a team) or `?scope=team`
(every citizen you may see). CPR masked; every citizen returned is logged (core.access).
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.permissions import permission_required
from core.api.schema import ERROR, FIELD_ERRORS

from .agenda import SCOPES, AgendaRow, agenda_rows, deadlines
from .models import Alert


class DeadlineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="alert.pk", help_text="The alert's id.")
    code = serializers.ChoiceField(source="alert.code", choices=Alert.Code.choices)
    code_label = serializers.CharField(help_text="The rule, in words.")
    due = serializers.DateField(source="alert.due")
    overdue = serializers.BooleanField()
    message = serializers.CharField(source="alert.message", help_text="The alert's text.")
    legal_reference = serializers.CharField(
        help_text="The legal reference of the rule row that produced the deadline (the row in "
        "force on the day the case was judged by, e.g. the course start); empty when no rule "
        "row produced it."
    )
    citizen = serializers.IntegerField(source="alert.citizen_id")
    citizen_name = serializers.CharField(source="citizen.full_name")
    cpr = serializers.SerializerMethodField(help_text="Masked: `DDMMYY-XXXX`.")
    caseworker = serializers.IntegerField(source="citizen.caseworker_id", allow_null=True)
    caseworker_name = serializers.SerializerMethodField()
    record_url = serializers.CharField(
        source="action_url", help_text="The section of the record where it is handled."
    )

    def get_cpr(self, row: AgendaRow) -> str:
        return row.citizen.masked_cpr

    def get_caseworker_name(self, row: AgendaRow) -> str:
        caseworker = row.citizen.caseworker
        return (caseworker.get_full_name() or caseworker.get_username()) if caseworker else ""


class DeadlineQuerySerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=SCOPES, required=False)


SCOPE = OpenApiParameter(
    "scope",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(SCOPES),
    description="`mine` (default for a user in a team): your own citizens; `team`: every "
    "citizen you may see.",
)


class DeadlineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every deadline due this week or overdue, earliest first."""

    serializer_class = DeadlineSerializer
    permission_classes = [permission_required("citizens.view_citizen")]
    filterset_class = None
    filter_backends: list = []
    queryset = Alert.objects.none()

    @extend_schema(
        summary="My deadlines (Mine frister)",
        description="Every alert due by the end of this week, overdue ones included, of the "
        "citizens you may see, earliest first: the rule (text and legal reference) and the "
        "record section where it is handled. CPR masked; every citizen returned is logged.",
        parameters=[SCOPE],
        responses={
            200: DeadlineSerializer(many=True),
            400: FIELD_ERRORS,
            401: ERROR,
            403: ERROR,
        },
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = DeadlineQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise serializers.ValidationError(
                {"scope": [_("Choose mine or team.")]}, code="invalid"
            )
        queryset = deadlines(user=request.user, scope=query.validated_data.get("scope"))
        page = self.paginate_queryset(queryset)
        rows = agenda_rows(page if page is not None else queryset)
        data = DeadlineSerializer(rows, many=True).data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)
