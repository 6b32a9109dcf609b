"""REST for the consultant's side of a need (grid.candidate_requests):

- POST /api/v1/openings/{id}/candidate-requests/ (`note`): the opening's consultant (any
  consultant while the company has none) or a leder asks for candidates;
- GET /api/v1/candidate-requests/: a consultant their own and unowned companies' requests, a
  caseworker the requests their own citizens fit (with those citizens, `fitting`), a leder all;
- POST /api/v1/candidate-requests/{id}/answers/ (`citizen`, `decision` propose|decline,
  `reason`): a caseworker answers for one of their own fitting citizens.
"""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens.models import Citizen
from core.api.schema import ERROR, FIELD_ERRORS
from employers.models import Opening
from employers.serializers import call_service

from . import candidate_requests as requests_
from .api import CONFLICT, READ_ERRORS, ActionPermission
from .models import CandidateRequest, CandidateRequestAnswer


class AnswerSerializer(serializers.ModelSerializer):
    caseworker = serializers.CharField(source="caseworker.__str__", read_only=True)

    class Meta:
        model = CandidateRequestAnswer
        fields = ["id", "caseworker", "decision", "reason", "answered_at"]
        read_only_fields = fields


class FittingSerializer(serializers.Serializer):
    citizen = serializers.IntegerField(source="citizen_id")
    name = serializers.CharField(source="citizen.full_name")
    match = serializers.IntegerField(source="pk")


class CandidateRequestSerializer(serializers.ModelSerializer):
    """A request with every answer (no citizen named) and, for a caseworker, their own fitting
    citizens still to answer (`fitting`)."""

    opening_title = serializers.CharField(source="opening.title", read_only=True)
    employer = serializers.CharField(source="opening.workplace.employer.name", read_only=True)
    requested_by = serializers.CharField(source="requested_by.__str__", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    fitting = serializers.SerializerMethodField()

    class Meta:
        model = CandidateRequest
        fields = [
            "id",
            "opening",
            "opening_title",
            "employer",
            "requested_by",
            "note",
            "created_at",
            "answers",
            "fitting",
        ]
        read_only_fields = fields

    @extend_schema_field(FittingSerializer(many=True))
    def get_fitting(self, request: CandidateRequest) -> list[dict]:
        fitting = self.context.get("fitting", {}).get(request.pk, [])
        return FittingSerializer(fitting, many=True).data


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=requests_.NOTE_MAX)


class AnswerBodySerializer(serializers.Serializer):
    citizen = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["propose", "decline"])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class OpeningCandidateRequests(APIView):
    citizen_access_reason = "GRID"
    permission_classes = [ActionPermission]
    action_permissions = {"*": ["grid.view_candidaterequest", "grid.add_candidaterequest"]}

    @extend_schema(
        summary="Ask the caseworkers for candidates for an opening",
        request=NoteSerializer,
        responses={201: CandidateRequestSerializer, 400: FIELD_ERRORS, 404: ERROR, 409: CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        opening = get_object_or_404(Opening.objects.select_related("workplace__employer"), pk=pk)
        if not requests_.may_work_opening(request.user, opening):
            raise Http404(_("No such opening."))
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = call_service(
            requests_.candidate_request_create,
            actor=request.user,
            opening=opening,
            note=body.validated_data["note"],
        )
        return Response(CandidateRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class CandidateRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    citizen_access_reason = "GRID"
    queryset = CandidateRequest.objects.none()
    serializer_class = CandidateRequestSerializer
    permission_classes = [ActionPermission]
    lookup_value_regex = r"\d+"
    action_permissions = {
        "*": ["grid.view_candidaterequest"],
        "answers": ["grid.view_candidaterequest", "grid.answer_candidaterequest"],
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CandidateRequest.objects.none()
        return requests_.requests_visible_to(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["fitting"] = {
                item.request.pk: item.open_matches
                for item in requests_.inbox(user=self.request.user)
            }
        return context

    @extend_schema(
        summary="Answer a request for one of your fitting citizens",
        request=AnswerBodySerializer,
        responses={
            201: AnswerSerializer,
            400: FIELD_ERRORS,
            404: ERROR,
            409: CONFLICT,
            **READ_ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidate_request = self.get_object()
        body = AnswerBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        citizen = get_object_or_404(Citizen, pk=body.validated_data["citizen"])
        answer = call_service(
            requests_.candidate_request_answer,
            actor=request.user,
            request=candidate_request,
            citizen=citizen,
            propose=body.validated_data["decision"] == "propose",
            reason=body.validated_data["reason"],
        )
        return Response(AnswerSerializer(answer).data, status=status.HTTP_201_CREATED)
