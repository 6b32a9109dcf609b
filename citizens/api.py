"""The citizens REST API: /api/v1/citizens/ and its sub-resources.

Thin views: need to know comes from citizens.selectors (citizens_visible_to, citizen_get), the
access log from core.access (every citizen behind a response's serializer output), writes go
through citizens.services, and one request is one transaction (invalid input -> 400 with a
message per field, nothing half-saved; a refused placement -> 409, through core.api.errors).

Access:
- a caseworker reads and writes the citizens of their own team; a citizen of another team only
  with `?access_reason=...` (break-glass: the reason is logged), otherwise 403;
- a manager and the API client read every team and write nothing (403);
- an employer consultant gets 403 on everything here; an anonymous client 401;
- every read is logged: one access-log row per citizen on a list page (api_list), and one per
  record or sub-resource read (api_detail, or break_glass with the reason).
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from core.access import shown
from core.api.errors import field_errors
from core.api.schema import ERROR, FIELD_ERRORS
from core.models import AccessLog, User
from core.web import cpr_in_address_message

from . import services
from .filters import CitizenFilter
from .models import Citizen, CitizenLanguage, SickFrom
from .rules.intervention_max import annotate_last_allowed_day
from .selectors import (
    citizen_detail_queryset,
    citizen_find_by_cpr,
    citizen_get,
    citizen_get_for_change,
    citizen_list,
    citizen_timeline,
    distinct_staff_count,
)
from .serializers import (
    AccommodationsSerializer,
    CitizenDetailSerializer,
    CitizenListSerializer,
    CitizenWriteSerializer,
    CompetencesSerializer,
    ConversationSerializer,
    FindByCprSerializer,
    InterventionSerializer,
    JobTracksSerializer,
    PaidHoursSerializer,
    PlanRevisionSerializer,
    PlanSerializer,
    TimelineEntrySerializer,
    TransferResultSerializer,
    TransferSerializer,
)

# A language added through the citizen's `languages` list (codes only) gets this level until it is
# set in the competences sub-resource: the most modest claim.
DEFAULT_LANGUAGE_LEVEL = CitizenLanguage.Level.BASIC

METHOD_VERBS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}

# The models whose permissions each action needs (verb from the HTTP method).
ACTION_MODELS: dict[str, tuple[str, ...]] = {
    "conversations": ("conversation",),
    "interventions": ("intervention",),
    "plan": ("planrevision",),
    "job_tracks": ("jobtrack",),
    "competences": ("citizen", "citizenlanguage"),
    "paid_hours": ("paidhours",),
}
# Writes that change the citizen's own row, whatever the method.
CHANGE_CITIZEN_ACTIONS = {"accommodations"}

ACCESS_REASON = OpenApiParameter(
    "access_reason",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Break-glass: why you open a citizen of another team (logged). Without it such a "
    "citizen is a 403.",
)
READ_ERRORS = {401: ERROR, 403: ERROR, 404: ERROR}
WRITE_ERRORS = {400: FIELD_ERRORS, 401: ERROR, 403: ERROR, 404: ERROR}


class CitizenPermission(BasePermission):
    """Django model permissions per action: `view_`/`add_`/`change_` of the model the action
    reads or writes (citizens.apps.CitizensConfig.role_permissions), `transfer_citizen` for a
    transfer. Which citizens a user may see is the selector's job."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.has_perms(view.required_permissions(request.method))


def _today() -> date:
    return timezone.localdate()


@extend_schema_view(
    list=extend_schema(
        summary="List citizens",
        description="The citizens you may see (a caseworker: own team), with filters. The CPR "
        "number is masked. Every row returned is written to the access log.",
        responses={
            200: CitizenListSerializer(many=True),
            400: FIELD_ERRORS,
            401: ERROR,
            403: ERROR,
        },
    ),
)
class CitizenViewSet(viewsets.GenericViewSet):
    queryset = Citizen.objects.none()  # for the schema; the rows come from the selectors
    serializer_class = CitizenListSerializer
    permission_classes = [CitizenPermission]
    filterset_class = CitizenFilter
    lookup_value_regex = r"\d+"

    # --- Permissions and access --------------------------------------------------------------

    def required_permissions(self, method: str) -> list[str]:
        if self.action == "transfer":
            return ["citizens.transfer_citizen"]
        if self.action == "find":
            return ["citizens.view_citizen"]
        verb = METHOD_VERBS.get(method, "change")
        if self.action in CHANGE_CITIZEN_ACTIONS and verb != "view":
            return ["citizens.change_citizen"]
        models = ACTION_MODELS.get(self.action or "", ("citizen",))
        perms = [f"citizens.{verb}_{model}" for model in models]
        if verb != "view":
            perms.append("citizens.view_citizen")
        return perms

    def get_queryset(self) -> QuerySet[Citizen]:
        if getattr(self, "swagger_fake_view", False):
            return Citizen.objects.none()
        return citizen_list(user=self.request.user).prefetch_related("job_tracks", "languages")

    def _open(self, request: Request, pk: Any) -> Citizen:
        """The citizen, if the user may open it. The response is about this citizen even when
        a sub-resource is empty, so it is declared shown (core.access logs it: api_detail, or
        break_glass with the reason). Changes need the citizen in the user's own team."""
        if request.method not in SAFE_METHODS:
            citizen = citizen_get_for_change(user=request.user, citizen_id=int(pk))
        else:
            citizen = citizen_get(
                user=request.user,
                citizen_id=int(pk),
                reason=request.query_params.get("access_reason", ""),
            )
        shown(request, [citizen])
        return citizen

    def _detail(self, citizen: Citizen, request: Request, **kwargs: Any) -> Response:
        serializer = CitizenDetailSerializer(
            citizen,
            context={
                "request": request,
                "distinct_staff_90_days": distinct_staff_count(citizen=citizen),
            },
        )
        return Response(serializer.data, **kwargs)

    # --- The citizen ----------------------------------------------------------------------------

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        data = CitizenListSerializer(rows, many=True, context={"request": request}).data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Read a citizen",
        parameters=[ACCESS_REASON],
        responses={200: CitizenDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._detail(self._open(request, pk), request)

    @extend_schema(
        summary="Register a citizen",
        description="Registers the citizen with the course they start on (`benefit`, "
        "`readiness`, `integration_programme`, `course_start`). An invalid CPR number is a 400 "
        "saying why.",
        request=CitizenWriteSerializer,
        responses={201: CitizenDetailSerializer, 400: FIELD_ERRORS, 401: ERROR, 403: ERROR},
    )
    def create(self, request: Request) -> Response:
        serializer = CitizenWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = request.user
        team = data.pop("team", None) or user.team
        if team is None:
            raise serializers.ValidationError({"team": [_("Choose the citizen's team.")]})
        lists = {key: data.pop(key) for key in _LIST_FIELDS if key in data}
        closing = {key: data.pop(key) for key in ("course_end", "outcome") if key in data}
        sick_pay = {key: data.pop(key) for key in services.SICK_PAY_FIELDS if key in data}
        data.pop("reason", None)
        with transaction.atomic():
            citizen = services.citizen_create(
                actor=user,
                team=team,
                course_start=data.pop("course_start", None) or _today(),
                **data,
            )
            _set_sick_pay(actor=user, citizen=citizen, data=sick_pay)
            _set_lists(actor=user, citizen=citizen, lists=lists)
            _close_course(actor=user, citizen=citizen, data=closing)
        citizen = self._open(request, citizen.pk)
        return self._detail(citizen, request, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a citizen",
        description="Identity and competence fields change the record; `benefit`, `readiness` "
        "and `integration_programme` change the open course from `effective` (default today), "
        "or open a new course when the last one has ended; `course_end` with `outcome` ends the "
        "open course; `job_tracks`, `accommodations` and `languages` replace the lists. All or "
        "nothing.",
        parameters=[ACCESS_REASON],
        request=CitizenWriteSerializer,
        responses={200: CitizenDetailSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = CitizenWriteSerializer(
            citizen, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            _apply_changes(actor=request.user, citizen=citizen, data=serializer.validated_data)
        return self._detail(citizen_detail_queryset().get(pk=citizen.pk), request)

    # --- Sub-resources ---------------------------------------------------------------------------

    def _page(self, rows: Any, serializer: type) -> Response:
        """A sub-resource list, paginated like every list of the API (`count`, `next`,
        `previous`, `results`; `?page=`, `?page_size=`), as the schema says."""
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer(page, many=True).data)

    @extend_schema(
        summary="The citizen's conversations",
        parameters=[ACCESS_REASON],
        responses={200: ConversationSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="conversations", filter_backends=[])
    def conversations(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        rows = citizen.conversations.select_related("held_by")
        return self._page(rows, ConversationSerializer)

    @extend_schema(
        summary="Record a conversation",
        parameters=[ACCESS_REASON],
        request=ConversationSerializer,
        responses={201: ConversationSerializer, **WRITE_ERRORS},
    )
    @conversations.mapping.post
    def conversation_create(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = ConversationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversation = services.conversation_create(
            actor=request.user, citizen=citizen, **serializer.validated_data
        )
        return Response(ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The citizen's interventions",
        parameters=[ACCESS_REASON],
        responses={200: InterventionSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="interventions", filter_backends=[])
    def interventions(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        rows = annotate_last_allowed_day(citizen.interventions.select_related("placement"))
        return self._page(rows, InterventionSerializer)

    @extend_schema(
        summary="Plan an intervention",
        description="Refused with 400 (naming the rule and its legal reference) when the period "
        "is longer than the legal maximum for the citizen's group; with `opening`, refused with "
        "409 and the reason when the employer has no room (seats, rimelighedskrav).",
        parameters=[ACCESS_REASON],
        request=InterventionSerializer,
        responses={201: InterventionSerializer, 409: ERROR, **WRITE_ERRORS},
    )
    @interventions.mapping.post
    def intervention_create(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = InterventionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        opening = data.pop("opening", None)
        merbeskaeftigelse_note = data.pop("merbeskaeftigelse_note", "")
        placement = None
        if opening is not None:
            placement = services.PlacementRequest(
                opening_id=opening,
                merbeskaeftigelse_note=merbeskaeftigelse_note,
            )
        intervention = services.intervention_create(
            actor=request.user, citizen=citizen, placement=placement, **data
        )
        intervention = annotate_last_allowed_day(
            citizen.interventions.select_related("placement")
        ).get(pk=intervention.pk)
        return Response(InterventionSerializer(intervention).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Min Plan: the current revision and all revisions",
        parameters=[ACCESS_REASON],
        responses={200: PlanSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="plan")
    def plan(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        revisions = list(citizen.plan_revisions.select_related("created_by"))
        data = {"current": revisions[0] if revisions else None, "revisions": revisions}
        return Response(PlanSerializer(data).data)

    @extend_schema(
        summary="Revise Min Plan",
        description="A new revision (earlier ones are kept): the goals in the citizen's own "
        "words and the agreed steps.",
        parameters=[ACCESS_REASON],
        request=PlanRevisionSerializer,
        responses={201: PlanRevisionSerializer, **WRITE_ERRORS},
    )
    @plan.mapping.post
    def plan_revise(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = PlanRevisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        revision = services.plan_revise(
            actor=request.user,
            citizen=citizen,
            job_goal=data.get("job_goal", ""),
            education_goal=data.get("education_goal", ""),
            steps=data.get("steps", ""),
        )
        return Response(PlanRevisionSerializer(revision).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The citizen's job tracks",
        parameters=[ACCESS_REASON],
        responses={200: JobTracksSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="job-tracks")
    def job_tracks(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        return Response(JobTracksSerializer({"job_tracks": citizen.job_tracks.all()}).data)

    @extend_schema(
        summary="Replace the citizen's job tracks",
        parameters=[ACCESS_REASON],
        request=JobTracksSerializer,
        responses={200: JobTracksSerializer, **WRITE_ERRORS},
    )
    @job_tracks.mapping.put
    def job_tracks_set(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = JobTracksSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tracks = services.job_tracks_set(
            actor=request.user, citizen=citizen, tracks=serializer.validated_data["job_tracks"]
        )
        return Response(JobTracksSerializer({"job_tracks": tracks}).data)

    @extend_schema(
        summary="The citizen's accommodation needs (skånebehov)",
        parameters=[ACCESS_REASON],
        responses={200: AccommodationsSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="accommodations")
    def accommodations(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        return Response(_accommodations(citizen))

    @extend_schema(
        summary="Set the citizen's accommodation needs (skånebehov)",
        description="Functional codes only, never diagnoses; and the max hours per week.",
        parameters=[ACCESS_REASON],
        request=AccommodationsSerializer,
        responses={200: AccommodationsSerializer, **WRITE_ERRORS},
    )
    @accommodations.mapping.put
    def accommodations_set(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = AccommodationsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        citizen = services.accommodations_set(
            actor=request.user,
            citizen=citizen,
            codes=serializer.validated_data["codes"],
            max_hours_per_week=serializer.validated_data["max_hours_per_week"],
            shared=serializer.validated_data.get("shared"),
        )
        return Response(_accommodations(citizen))

    @extend_schema(
        summary="The citizen's competences",
        description="Languages with levels, driving licence and education level.",
        parameters=[ACCESS_REASON],
        responses={200: CompetencesSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="competences")
    def competences(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        return Response(CompetencesSerializer(_competences(citizen)).data)

    @extend_schema(
        summary="Set the citizen's competences",
        description="Replaces the languages (with levels) and sets the driving licence and the "
        "education level.",
        parameters=[ACCESS_REASON],
        request=CompetencesSerializer,
        responses={200: CompetencesSerializer, **WRITE_ERRORS},
    )
    @competences.mapping.put
    def competences_set(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = CompetencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            services.citizen_update(
                actor=request.user,
                citizen=citizen,
                driving_licence=data["driving_licence"],
                education_level=data["education_level"],
            )
            services.languages_set(
                actor=request.user,
                citizen=citizen,
                languages={row["code"]: row["level"] for row in data["languages"]},
            )
        return Response(CompetencesSerializer(_competences(citizen)).data)

    @extend_schema(
        summary="The citizen's paid hours (lønnede timer) per month",
        parameters=[ACCESS_REASON],
        responses={200: PaidHoursSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="paid-hours", filter_backends=[])
    def paid_hours(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        return self._page(citizen.paid_hours.all(), PaidHoursSerializer)

    @extend_schema(
        summary="Record one month's paid hours",
        description="Records (or corrects) the month's hours and earnings.",
        parameters=[ACCESS_REASON],
        request=PaidHoursSerializer,
        responses={201: PaidHoursSerializer, **WRITE_ERRORS},
    )
    @paid_hours.mapping.post
    def paid_hours_record(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        serializer = PaidHoursSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.paid_hours_record(
            actor=request.user, citizen=citizen, **serializer.validated_data
        )
        return Response(PaidHoursSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The citizen's timeline",
        description="Course changes, conversations, interventions, plan revisions and transfers, "
        "newest first.",
        parameters=[ACCESS_REASON],
        responses={200: TimelineEntrySerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="timeline", filter_backends=[])
    def timeline(self, request: Request, pk: Any = None) -> Response:
        citizen = self._open(request, pk)
        entries = citizen_timeline(citizen=citizen)
        return self._page(list(entries), TimelineEntrySerializer)

    @extend_schema(
        summary="Find a citizen by CPR",
        description="The citizen with this exact CPR number, sent in the body (a CPR number never "
        "goes into an address: `cpr` in the query string is a 400). Across teams: a citizen of "
        "another team opens only with `access_reason` (logged as break-glass); without it 403, "
        "logged as refused. 404 when nobody has the number.",
        request=FindByCprSerializer,
        responses={200: CitizenDetailSerializer, 400: FIELD_ERRORS, **READ_ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="find", filter_backends=[])
    def find(self, request: Request) -> Response:
        if "cpr" in request.query_params:
            raise ParseError(cpr_in_address_message())
        body = FindByCprSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = citizen_find_by_cpr(user=request.user, cpr=body.validated_data["cpr"])
        if found is None:
            raise NotFound(_("No citizen has this CPR number."))
        citizen = citizen_get(
            user=request.user,
            citizen_id=found.pk,
            reason=body.validated_data.get("access_reason", ""),
        )
        shown(request, [citizen], action=AccessLog.Action.API_DETAIL)
        return self._detail(citizen, request)

    @extend_schema(
        summary="Transfer citizens to another caseworker",
        description="Moves one or many citizens of your team to another caseworker (and that "
        "caseworker's team). The reason is required and logged.",
        request=TransferSerializer,
        responses={200: TransferResultSerializer, 400: FIELD_ERRORS, 401: ERROR, 403: ERROR},
    )
    @action(detail=False, methods=["post"], url_path="transfer")
    def transfer(self, request: Request) -> Response:
        serializer = TransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        count = services.citizens_transfer(
            actor=request.user,
            citizen_ids=data["citizens"],
            to_caseworker=data["to_caseworker"],
            reason=data["reason"],
        )
        return Response({"transferred": count})


# --- Helpers --------------------------------------------------------------------------------------

_IDENTITY_FIELDS = (*services.IDENTITY_FIELDS, *services.COMPETENCE_FIELDS)
_COURSE_FIELDS = ("benefit", "readiness", "integration_programme")
_LIST_FIELDS = ("job_tracks", "accommodations", "max_hours_per_week", "languages")


def _set_lists(*, actor: User, citizen: Citizen, lists: dict) -> None:
    """Replace the lists given (job tracks, accommodations + max hours, languages)."""
    if "job_tracks" in lists:
        services.job_tracks_set(actor=actor, citizen=citizen, tracks=lists["job_tracks"])
    if "accommodations" in lists or "max_hours_per_week" in lists:
        services.accommodations_set(
            actor=actor,
            citizen=citizen,
            codes=lists.get("accommodations", citizen.accommodations),
            max_hours_per_week=lists.get("max_hours_per_week", citizen.max_hours_per_week),
        )
    if "languages" in lists:
        levels = dict(citizen.languages.values_list("code", "level"))
        services.languages_set(
            actor=actor,
            citizen=citizen,
            languages={
                code: levels.get(code, DEFAULT_LANGUAGE_LEVEL) for code in lists["languages"]
            },
        )


def _apply_changes(*, actor: User, citizen: Citizen, data: dict) -> None:
    """A PATCH: each part through its service, inside the caller's transaction."""
    identity = {field: data[field] for field in _IDENTITY_FIELDS if field in data}
    if identity:
        services.citizen_update(actor=actor, citizen=citizen, **identity)
    course = {field: data[field] for field in _COURSE_FIELDS if field in data}
    if course:
        effective = data.get("effective") or _today()
        if citizen.current_course is None and "benefit" in course:
            services.course_open(actor=actor, citizen=citizen, start=effective, **course)
        else:
            services.course_change(
                actor=actor,
                citizen=citizen,
                effective=effective,
                reason=data.get("reason", ""),
                **course,
            )
    _set_sick_pay(actor=actor, citizen=citizen, data=data)
    _close_course(actor=actor, citizen=citizen, data=data)
    _set_lists(
        actor=actor,
        citizen=citizen,
        lists={key: data[key] for key in _LIST_FIELDS if key in data},
    )


def _set_sick_pay(*, actor: User, citizen: Citizen, data: dict) -> None:
    """The sick-pay fields given, over the open course's current ones
    (citizens.services.course_sick_pay_set)."""
    given = {key: data[key] for key in services.SICK_PAY_FIELDS if key in data}
    if not given:
        return
    course = citizen.current_course
    current = {key: getattr(course, key) for key in services.SICK_PAY_FIELDS} if course else {}
    values = {**current, **given}
    if values.get("sick_from") != SickFrom.EMPLOYMENT:
        if "employer_cvr" not in given:
            values["employer_cvr"] = ""
        if "return_not_possible" not in given:
            values["return_not_possible"] = False
    services.course_sick_pay_set(
        actor=actor,
        citizen=citizen,
        first_absence_day=values.get("first_absence_day"),
        sick_from=values.get("sick_from") or "",
        expected_absence_weeks=values.get("expected_absence_weeks"),
        partial_sick_leave=bool(values.get("partial_sick_leave")),
        employer_cvr=values.get("employer_cvr") or "",
        return_not_possible=bool(values.get("return_not_possible")),
        return_not_possible_reason=values.get("return_not_possible_reason") or "",
    )


def _close_course(*, actor: User, citizen: Citizen, data: dict) -> None:
    """`course_end` with `outcome`: end the open course (citizens.services.course_close)."""
    if "course_end" not in data and "outcome" not in data:
        return
    if "course_end" not in data:
        raise serializers.ValidationError(
            {"course_end": [serializers.Field.default_error_messages["required"]]}
        )
    try:
        services.course_close(
            actor=actor,
            citizen=citizen,
            end=data["course_end"],
            outcome=data.get("outcome", ""),
            reason=data.get("reason", ""),
        )
    except DjangoValidationError as error:
        # The service names the course's own field `end`; here it is `course_end`.
        raise serializers.ValidationError(
            {
                ("course_end" if field == "end" else field): messages
                for field, messages in field_errors(error).items()
            }
        ) from None


def _accommodations(citizen: Citizen) -> dict:
    return AccommodationsSerializer(
        {
            "codes": citizen.accommodations,
            "max_hours_per_week": citizen.max_hours_per_week,
            "shared": citizen.shared_accommodations,
        }
    ).data


def _competences(citizen: Citizen) -> dict:
    return {
        "languages": list(CitizenLanguage.objects.filter(citizen=citizen).order_by("code")),
        "driving_licence": citizen.driving_licence,
        "education_level": citizen.education_level,
    }
