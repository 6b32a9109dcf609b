"""Serializers of the citizens REST API (citizens/api.py).

Reads: the list rows (CPR masked) and the record (CPR in full for users with
citizens.view_full_cpr). Writes: plain serializers that validate the input's shape and values;
the views hand the validated data to citizens.services, which own the business rules.
Every field is declared explicitly, so the OpenAPI schema is exact.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.choices import LANGUAGE_CHOICES, Accommodation
from core.identifiers import format_cpr, validate_cpr, validate_postcode
from core.models import Team, User

from .models import (
    Alert,
    Benefit,
    Citizen,
    CitizenLanguage,
    Conversation,
    EducationLevel,
    Intervention,
    InterventionKind,
    Outcome,
    PaidHours,
    PlanRevision,
    Readiness,
    SickFrom,
)
from .segments import Segment

LANGUAGE_CODES = [code for code, _name in LANGUAGE_CHOICES]
HOURS_PER_WEEK = {"min_value": 1, "max_value": 37}


def can_see_full_cpr(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("citizens.view_full_cpr"))


# --- Small parts -------------------------------------------------------------------------------


class AlertSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alert
        fields = ["code", "due", "message"]
        read_only_fields = fields


class JobTrackSerializer(serializers.Serializer):
    """A job track: the DISCO-08 code of the occupation, the priority (1 first) and the hours."""

    occupation = serializers.CharField(
        source="occupation_id", max_length=6, help_text="DISCO-08 code, e.g. `5322`."
    )
    priority = serializers.IntegerField(min_value=1, max_value=99)
    hours_per_week = serializers.IntegerField(required=False, allow_null=True, **HOURS_PER_WEEK)


def job_tracks_for_service(tracks: list[dict]) -> list[dict]:
    """Validated job tracks (source `occupation_id`) as citizens.services.job_tracks_set wants
    them."""
    return [
        {
            "occupation": track["occupation_id"],
            "priority": track["priority"],
            "hours_per_week": track.get("hours_per_week"),
        }
        for track in tracks
    ]


# Both vocabularies appear under several field names; their enum components are named in
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
class AccommodationField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Accommodation.choices, **kwargs)


class LanguageCodeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=LANGUAGE_CHOICES, **kwargs)


class AccommodationCodesField(serializers.ListField):
    child = AccommodationField()


class LanguageCodesField(serializers.ListField):
    child = LanguageCodeField()


# --- The citizen: reading ----------------------------------------------------------------------


class CitizenListSerializer(serializers.ModelSerializer):
    """One row of the list. The CPR number is masked (DDMMYY-XXXX); nothing else that the
    masked digits hide (birth date, gender) is shown."""

    cpr = serializers.SerializerMethodField(help_text="Masked: `DDMMYY-XXXX`.")
    benefit = serializers.SerializerMethodField()
    readiness = serializers.SerializerMethodField()
    integration_programme = serializers.SerializerMethodField()
    course_start = serializers.SerializerMethodField()
    segment = serializers.ChoiceField(choices=Segment.choices, read_only=True)
    age = serializers.SerializerMethodField()
    team = serializers.PrimaryKeyRelatedField(read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    caseworker = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    caseworker_name = serializers.SerializerMethodField()
    job_tracks = JobTrackSerializer(many=True, read_only=True)
    accommodations = AccommodationCodesField(read_only=True)
    languages = serializers.SerializerMethodField(
        help_text="ISO 639-1 codes; the levels are in the competences sub-resource."
    )
    alerts = AlertSerializer(many=True, read_only=True)

    class Meta:
        model = Citizen
        fields = [
            "id",
            "cpr",
            "first_name",
            "last_name",
            "postcode",
            "benefit",
            "readiness",
            "integration_programme",
            "course_start",
            "segment",
            "age",
            "team",
            "team_name",
            "caseworker",
            "caseworker_name",
            "job_tracks",
            "accommodations",
            "max_hours_per_week",
            "languages",
            "driving_licence",
            "alerts",
        ]
        read_only_fields = fields

    def get_cpr(self, citizen: Citizen) -> str:
        return citizen.masked_cpr

    def get_benefit(self, citizen: Citizen) -> str | None:
        course = citizen.current_course
        return course.benefit if course else None

    def get_readiness(self, citizen: Citizen) -> str | None:
        course = citizen.current_course
        return course.readiness if course else None

    def get_integration_programme(self, citizen: Citizen) -> bool | None:
        course = citizen.current_course
        return course.integration_programme if course else None

    def get_course_start(self, citizen: Citizen) -> date | None:
        course = citizen.current_course
        return course.start if course else None

    def get_age(self, citizen: Citizen) -> int:
        return citizen.age_on(timezone.localdate())

    def get_caseworker_name(self, citizen: Citizen) -> str:
        return str(citizen.caseworker) if citizen.caseworker_id else ""

    def get_languages(self, citizen: Citizen) -> list[str]:
        return [language.code for language in citizen.languages.all()]


class CitizenDetailSerializer(CitizenListSerializer):
    """The record: the CPR in full for users with citizens.view_full_cpr, contact details,
    competences and "færre fagfolk" (distinct staff in the last 90 days)."""

    cpr = serializers.SerializerMethodField(
        help_text="`DDMMYY-SSSS` for users allowed to see the full number, else `DDMMYY-XXXX`."
    )
    birth_date = serializers.SerializerMethodField(
        help_text="Only for users allowed to see the full CPR number."
    )
    distinct_staff_90_days = serializers.SerializerMethodField(
        help_text="Distinct staff who worked on the citizen's course in the last 90 days."
    )
    first_absence_day = serializers.SerializerMethodField(
        help_text="Sick-pay course: the first day of absence; the follow-up and reassessment "
        "deadlines count from it."
    )
    sick_from = serializers.SerializerMethodField(
        help_text="Sick-pay course: `employment`, `unemployment`, `fleksjob` or "
        "`self_employment` (empty when not recorded)."
    )
    expected_absence_weeks = serializers.SerializerMethodField(
        help_text="Sick-pay course: the expected absence in weeks from the first day of absence."
    )
    partial_sick_leave = serializers.SerializerMethodField(
        help_text="Sick-pay course: partially sick (works part of the hours)."
    )
    employer_cvr = serializers.SerializerMethodField(
        help_text="Sick-pay course: the employer's CVR number, only when sick from employment."
    )
    return_not_possible = serializers.SerializerMethodField(
        help_text="Sick from employment: the caseworker recorded that return to the employer is "
        "not possible (the GRID may then match other employers)."
    )
    return_not_possible_reason = serializers.SerializerMethodField()

    class Meta(CitizenListSerializer.Meta):
        fields = [
            *CitizenListSerializer.Meta.fields,
            "birth_date",
            "address",
            "phone",
            "email",
            "education_level",
            "graduated_on",
            "distinct_staff_90_days",
            "first_absence_day",
            "sick_from",
            "expected_absence_weeks",
            "partial_sick_leave",
            "employer_cvr",
            "return_not_possible",
            "return_not_possible_reason",
        ]
        read_only_fields = fields

    def _course_value(self, citizen: Citizen, field: str, empty: Any = None) -> Any:
        course = citizen.current_course
        return getattr(course, field) if course else empty

    def get_first_absence_day(self, citizen: Citizen) -> date | None:
        return self._course_value(citizen, "first_absence_day")

    def get_sick_from(self, citizen: Citizen) -> str:
        return self._course_value(citizen, "sick_from", "")

    def get_expected_absence_weeks(self, citizen: Citizen) -> int | None:
        return self._course_value(citizen, "expected_absence_weeks")

    def get_partial_sick_leave(self, citizen: Citizen) -> bool | None:
        return self._course_value(citizen, "partial_sick_leave")

    def get_employer_cvr(self, citizen: Citizen) -> str:
        return self._course_value(citizen, "employer_cvr", "")

    def get_return_not_possible(self, citizen: Citizen) -> bool | None:
        return self._course_value(citizen, "return_not_possible")

    def get_return_not_possible_reason(self, citizen: Citizen) -> str:
        return self._course_value(citizen, "return_not_possible_reason", "")

    def _full(self) -> bool:
        request = self.context.get("request")
        return can_see_full_cpr(getattr(request, "user", None))

    def get_cpr(self, citizen: Citizen) -> str:
        return format_cpr(citizen.cpr) if self._full() else citizen.masked_cpr

    def get_birth_date(self, citizen: Citizen) -> date | None:
        return citizen.birth_date if self._full() else None

    def get_distinct_staff_90_days(self, citizen: Citizen) -> int:
        return self.context.get("distinct_staff_90_days", 0)


# --- The citizen: writing ----------------------------------------------------------------------


def _django_errors(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.messages)


class CitizenWriteSerializer(serializers.Serializer):
    """Create (POST) and change (PATCH) a citizen. On a PATCH, `benefit`, `readiness` and
    `integration_programme` change the open course from `effective` (default today), and
    `job_tracks`, `accommodations` and `languages` replace the lists."""

    cpr = serializers.CharField(
        max_length=11, help_text="`DDMMYY-SSSS` or `DDMMYYSSSS`. Cannot be changed."
    )
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    postcode = serializers.CharField(max_length=4)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        help_text="Default: your own team. Change later by transfer.",
    )
    caseworker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="A caseworker of the citizen's team. Change later by transfer.",
    )
    benefit = serializers.ChoiceField(choices=Benefit.choices)
    readiness = serializers.ChoiceField(choices=Readiness.choices, required=False, allow_blank=True)
    integration_programme = serializers.BooleanField(required=False)
    course_start = serializers.DateField(
        required=False, help_text="The first day of the course. Default: today."
    )
    effective = serializers.DateField(
        required=False,
        write_only=True,
        help_text="PATCH: the day a change of benefit, readiness or programme takes effect "
        "(default today).",
    )
    course_end = serializers.DateField(
        required=False,
        write_only=True,
        help_text="Ends the open course on this day; needs `outcome`.",
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        required=False,
        write_only=True,
        help_text="The outcome of the course ended by `course_end`.",
    )
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Why the course changed or ended; kept in the course history.",
    )
    first_absence_day = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Sick-pay course (benefit `sygedagpenge`): the first day of absence; not in "
        "the future, not after the course start.",
    )
    sick_from = serializers.ChoiceField(
        choices=SickFrom.choices,
        required=False,
        help_text="Sick-pay course: what the citizen is sick from.",
    )
    expected_absence_weeks = serializers.IntegerField(
        required=False, allow_null=True, help_text="Sick-pay course: expected absence in weeks."
    )
    partial_sick_leave = serializers.BooleanField(required=False)
    employer_cvr = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        help_text="Sick-pay course: the employer's CVR number (8 digits), only when "
        "`sick_from` is `employment`.",
    )
    return_not_possible = serializers.BooleanField(
        required=False,
        help_text="Sick from employment: return to the employer is not possible (then the GRID "
        "may match the citizen to other employers). Needs `return_not_possible_reason`.",
    )
    return_not_possible_reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True
    )
    job_tracks = JobTrackSerializer(many=True, required=False)
    accommodations = AccommodationCodesField(required=False)
    max_hours_per_week = serializers.IntegerField(required=False, allow_null=True, **HOURS_PER_WEEK)
    languages = LanguageCodesField(
        required=False,
        help_text="ISO 639-1 codes. A language new to the citizen gets the level `basic`; set "
        "levels in the competences sub-resource.",
    )
    driving_licence = serializers.BooleanField(required=False)
    education_level = serializers.ChoiceField(
        choices=EducationLevel.choices, required=False, allow_blank=True
    )
    graduated_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="A new graduate (dimittend) on a-dagpenge: the day a higher education was "
        "completed; allows virksomhedspraktik of 8 weeks (LAB § 61). Null otherwise.",
    )

    # Fixed once the citizen exists: CPR; the team and the caseworker change by transfer.
    FIXED_ON_UPDATE = {
        "cpr": _("The CPR number cannot be changed."),
        "team": _("The team changes by transferring the citizen."),
        "caseworker": _("The caseworker changes by transferring the citizen."),
        "course_start": _("The start of a course cannot be changed."),
    }

    def validate_cpr(self, value: str) -> str:
        try:
            return validate_cpr(value)
        except DjangoValidationError as error:
            raise _django_errors(error) from None

    def validate_postcode(self, value: str) -> str:
        try:
            return validate_postcode(value)
        except DjangoValidationError as error:
            raise _django_errors(error) from None

    def validate_job_tracks(self, value: list[dict]) -> list[dict]:
        return job_tracks_for_service(value)

    def validate(self, attrs: dict) -> dict:
        if self.instance is None:
            if "effective" in attrs:
                raise serializers.ValidationError(
                    {"effective": _("Use course_start when registering a citizen.")}
                )
            return attrs
        errors = {}
        for field, message in self.FIXED_ON_UPDATE.items():
            if field in attrs and attrs[field] != self._current(field):
                errors[field] = message
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _current(self, field: str) -> Any:
        citizen: Citizen = self.instance
        if field == "course_start":
            return citizen.current_course.start if citizen.current_course else None
        return getattr(citizen, field)


# --- Sub-resources -----------------------------------------------------------------------------


class ConversationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Conversation.Kind.choices)
    held_by = serializers.PrimaryKeyRelatedField(read_only=True)
    held_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = ["id", "date", "kind", "participants", "note", "held_by", "held_by_name"]
        read_only_fields = ["id", "held_by", "held_by_name"]

    def get_held_by_name(self, conversation: Conversation) -> str:
        return str(conversation.held_by)


class InterventionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=InterventionKind.choices)
    hours_per_week = serializers.IntegerField(required=False, allow_null=True, **HOURS_PER_WEEK)
    company_based = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: from the kind (company-based kinds are the strategy's preferred tool).",
    )
    opening = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="An employer's opening (id): the intervention takes a seat there. Refused with "
        "409 when the opening has no free seat or the workplace's rimelighedskrav is used up.",
    )
    merbeskaeftigelse_note = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=500,
        help_text="With a løntilskud opening: how the hire raises the employer's headcount.",
    )

    max_last_day = serializers.DateField(
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The last day the intervention may run under the legal maximum for the "
        "citizen's group (null: no maximum).",
    )
    extension_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The concrete assessment that allows a virksomhedspraktik beyond 13 weeks, up "
        "to 26 (LAB § 61, stk. 2).",
    )

    class Meta:
        model = Intervention
        fields = [
            "id",
            "kind",
            "start",
            "end",
            "hours_per_week",
            "company_based",
            "note",
            "extension_reason",
            "max_last_day",
            "opening",
            "merbeskaeftigelse_note",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "created_by", "created_at"]

    def to_representation(self, intervention: Intervention) -> dict:
        data = super().to_representation(intervention)
        data["opening"] = intervention.placement.opening_id if intervention.placement_id else None
        return data

    def validate(self, attrs: dict) -> dict:
        end = attrs.get("end")
        if end is not None and end < attrs["start"]:
            raise serializers.ValidationError(
                {"end": _("The end date must be on or after the start date.")}
            )
        return attrs


class PlanRevisionSerializer(serializers.ModelSerializer):
    created_by = serializers.PrimaryKeyRelatedField(read_only=True)
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PlanRevision
        fields = [
            "id",
            "job_goal",
            "education_goal",
            "steps",
            "created_by",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = ["id", "created_by", "created_by_name", "created_at"]
        extra_kwargs = {
            "job_goal": {"required": False, "allow_blank": True},
            "education_goal": {"required": False, "allow_blank": True},
            "steps": {"required": False, "allow_blank": True},
        }

    def get_created_by_name(self, revision: PlanRevision) -> str:
        return str(revision.created_by)


class PlanSerializer(serializers.Serializer):
    """Min Plan: the current revision and every revision, newest first."""

    current = PlanRevisionSerializer(allow_null=True, read_only=True)
    revisions = PlanRevisionSerializer(many=True, read_only=True)


class JobTracksSerializer(serializers.Serializer):
    job_tracks = JobTrackSerializer(many=True)

    def validate_job_tracks(self, value: list[dict]) -> list[dict]:
        return job_tracks_for_service(value)


class AccommodationsSerializer(serializers.Serializer):
    """Skånebehov: functional codes only (never diagnoses) and the max hours per week."""

    codes = AccommodationCodesField(allow_empty=True)
    max_hours_per_week = serializers.IntegerField(allow_null=True, **HOURS_PER_WEEK)
    shared = AccommodationCodesField(
        allow_empty=True,
        required=False,
        help_text="The needs the citizen agreed may be shown to the employer's consultant (a "
        "subset of `codes`); left out: the agreed ones that are still needs are kept.",
    )


class LanguageSerializer(serializers.ModelSerializer):
    code = LanguageCodeField()
    level = serializers.ChoiceField(choices=CitizenLanguage.Level.choices)

    class Meta:
        model = CitizenLanguage
        fields = ["code", "level"]


class CompetencesSerializer(serializers.Serializer):
    languages = LanguageSerializer(many=True)
    driving_licence = serializers.BooleanField()
    education_level = serializers.ChoiceField(choices=EducationLevel.choices, allow_blank=True)

    def validate_languages(self, value: list[dict]) -> list[dict]:
        codes = [language["code"] for language in value]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Each language can be listed only once."))
        return value


class PaidHoursSerializer(serializers.ModelSerializer):
    month = serializers.DateField(help_text="Any day of the month; stored as its first day.")
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    earnings = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)

    class Meta:
        model = PaidHours
        fields = ["id", "month", "hours", "earnings", "under_frikort"]
        read_only_fields = ["id"]


class TimelineEntrySerializer(serializers.Serializer):
    when = serializers.DateField()
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    actor = serializers.CharField()


class FindByCprSerializer(serializers.Serializer):
    """Find one citizen by the exact CPR number, in the body of a POST (never in the address)."""

    cpr = serializers.CharField(help_text="DDMMYY-SSSS or DDMMYYSSSS.", max_length=20)
    access_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Break-glass: why you open a citizen of another team (logged). Without it such "
        "a citizen is a 403, logged as refused.",
    )

    def validate_cpr(self, value: str) -> str:
        try:
            return validate_cpr(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class TransferSerializer(serializers.Serializer):
    citizens = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000
    )
    to_caseworker = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField(max_length=500)


class TransferResultSerializer(serializers.Serializer):
    transferred = serializers.IntegerField()
