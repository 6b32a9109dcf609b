"""REST serializers of the employers' side. Field names are the API contract (issue 4).

The serializers check types only (dates, numbers, choices); every business rule lives in
employers.services, which the serializers call on create and update. A service's Django
ValidationError becomes a 400 with a message per field; field names in it are translated from the
model's (`branche_code`) to the API's (`branche`) here, so a client always sees its own names.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.api.errors import field_errors
from core.choices import LANGUAGE_CHOICES, Accommodation, OpeningKind
from core.models import User

from . import services
from .models import Employer, EmployerContact, Opening, Placement, Workplace


def call_service(service: Callable[..., Any], renames: dict[str, str] | None = None, **kwargs: Any):
    """Call a service; its field errors come back under the API's field names."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        renames = renames or {}
        errors = field_errors(error)
        raise serializers.ValidationError(
            {renames.get(field, field): messages for field, messages in errors.items()}
        ) from None


def _actor(serializer: serializers.Serializer) -> User:
    return serializer.context["request"].user


class EmployerSerializer(serializers.ModelSerializer):
    """A company. `branche` is the DB07 code; `consultant` the responsible consultant's id."""

    cvr = serializers.CharField(max_length=20, help_text="CVR number, 8 digits (modulus 11).")
    name = serializers.CharField(max_length=200)
    branche = serializers.CharField(
        source="branche_code",
        max_length=6,
        required=False,
        allow_blank=True,
        help_text="Industry code (DB07/NACE), e.g. 561010.",
    )
    branche_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=4, required=False, allow_blank=True)
    public = serializers.BooleanField(
        required=False, default=False, help_text="True for a public employer."
    )
    consultant = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="The responsible employer consultant (user id).",
    )
    open_openings_count = serializers.IntegerField(read_only=True)
    active_placements_count = serializers.IntegerField(read_only=True)
    last_contact_date = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "cvr",
            "name",
            "branche",
            "branche_title",
            "address",
            "postcode",
            "public",
            "consultant",
            "open_openings_count",
            "active_placements_count",
            "last_contact_date",
        ]

    RENAMES = {"branche_code": "branche"}

    def create(self, validated_data: dict[str, Any]) -> Employer:
        return call_service(
            services.employer_create, self.RENAMES, actor=_actor(self), **validated_data
        )

    def update(self, instance: Employer, validated_data: dict[str, Any]) -> Employer:
        return call_service(
            services.employer_update,
            self.RENAMES,
            actor=_actor(self),
            employer=instance,
            **validated_data,
        )


class WorkplaceSerializer(serializers.ModelSerializer):
    """A production unit (P-nummer). The employer is fixed once created."""

    p_number = serializers.CharField(max_length=20, help_text="P-number, 10 digits.")
    postcode = serializers.CharField(max_length=4)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    ordinary_employees = serializers.IntegerField(min_value=0, required=False, default=0)

    class Meta:
        model = Workplace
        fields = [
            "id",
            "employer",
            "p_number",
            "name",
            "address",
            "postcode",
            "ordinary_employees",
            "employees_counted_on",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None:
            fields["employer"].read_only = True
        return fields

    def create(self, validated_data: dict[str, Any]) -> Workplace:
        return call_service(services.workplace_create, actor=_actor(self), **validated_data)

    def update(self, instance: Workplace, validated_data: dict[str, Any]) -> Workplace:
        validated_data.pop("employer", None)
        return call_service(
            services.workplace_update, actor=_actor(self), workplace=instance, **validated_data
        )


class OpeningSerializer(serializers.ModelSerializer):
    """A need or an offer at a workplace. `occupation` is the DISCO-08 code; `seats_used` the
    placements active today. Changing `status` follows the allowed transitions."""

    employer = serializers.IntegerField(
        source="workplace.employer_id", read_only=True, help_text="The company (id)."
    )
    kind = serializers.ChoiceField(choices=OpeningKind.choices)
    occupation = serializers.CharField(
        source="occupation_id", max_length=6, help_text="DISCO-08 code, e.g. 5321."
    )
    occupation_title = serializers.SerializerMethodField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    seats = serializers.IntegerField(
        required=False,
        default=1,
        max_value=services.OPENING_MAX_SEATS,
        help_text="At least 1 (checked with the other fields).",
    )
    seats_used = serializers.IntegerField(read_only=True)
    hours_min = serializers.IntegerField(min_value=0, max_value=168)
    hours_max = serializers.IntegerField(min_value=0, max_value=168)
    required_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES),
        required=False,
        default=list,
        help_text="ISO 639-1 codes, e.g. ['da', 'tr'].",
    )
    accommodations = serializers.ListField(
        child=serializers.ChoiceField(choices=Accommodation.choices),
        required=False,
        default=list,
        help_text="The skånebehov codes the workplace can accommodate.",
    )
    status = serializers.ChoiceField(
        choices=Opening.Status.choices,
        required=False,
        help_text="open (default), filled or closed.",
    )

    class Meta:
        model = Opening
        fields = [
            "id",
            "workplace",
            "employer",
            "title",
            "kind",
            "occupation",
            "occupation_title",
            "description",
            "seats",
            "seats_used",
            "hours_min",
            "hours_max",
            "start",
            "end",
            "required_languages",
            "requires_driving_licence",
            "accommodations",
            "status",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None:
            fields["workplace"].read_only = True
        return fields

    def get_occupation_title(self, opening: Opening) -> str:
        return opening.occupation.title

    @staticmethod
    def _service_kwargs(validated_data: dict[str, Any]) -> dict[str, Any]:
        data = dict(validated_data)
        if "occupation_id" in data:
            data["occupation"] = data.pop("occupation_id")
        return data

    def create(self, validated_data: dict[str, Any]) -> Opening:
        opening = call_service(
            services.opening_create,
            actor=_actor(self),
            **self._service_kwargs(validated_data),
        )
        opening.seats_used = 0
        return opening

    def update(self, instance: Opening, validated_data: dict[str, Any]) -> Opening:
        data = self._service_kwargs(validated_data)
        data.pop("workplace", None)
        status = data.pop("status", None)
        opening = call_service(
            services.opening_update, actor=_actor(self), opening=instance, **data
        )
        if status is not None and status != opening.status:
            opening = call_service(
                services.opening_set_status, actor=_actor(self), opening=opening, status=status
            )
        opening.seats_used = getattr(instance, "seats_used", 0)
        return opening


class EmployerContactSerializer(serializers.ModelSerializer):
    """A logged contact with a company; `by` is the user who logged it."""

    kind = serializers.ChoiceField(choices=EmployerContact.Kind.choices)
    note = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = EmployerContact
        fields = ["id", "employer", "date", "kind", "by", "note", "opening"]
        read_only_fields = ["by"]

    def create(self, validated_data: dict[str, Any]) -> EmployerContact:
        return call_service(services.contact_create, actor=_actor(self), **validated_data)


class PlacementSerializer(serializers.ModelSerializer):
    """A seat taken in an opening for a period. No citizen data: this app knows no citizens.

    On create, `merbeskaeftigelse_note` (required for løntilskud) is accepted and not echoed.
    The rimelighedskrav cannot be overridden: only a registered dispensation gives room."""

    merbeskaeftigelse_note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, write_only=True
    )

    class Meta:
        model = Placement
        fields = [
            "id",
            "opening",
            "start",
            "end",
            "status",
            "merbeskaeftigelse_note",
        ]
        read_only_fields = ["status"]

    def create(self, validated_data: dict[str, Any]) -> Placement:
        return call_service(services.placement_create, actor=_actor(self), **validated_data)


class PlacementEndSerializer(serializers.Serializer):
    """End a placement early (`end`, default today) or cancel it (`cancel`: true)."""

    end = serializers.DateField(required=False, allow_null=True)
    cancel = serializers.BooleanField(required=False, default=False)


class SamarbejdsgradSerializer(serializers.Serializer):
    """The share of the municipality's workplaces with cooperation (a placement, a visit or a
    meeting) in the last 12 months; the denominator is the yearly manual figure of workplaces in
    the municipality (null, and no percent, until it is entered)."""

    on = serializers.DateField()
    window_start = serializers.DateField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    percent = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    target = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    met = serializers.BooleanField(allow_null=True)


class SamarbejdsgradQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text="The day to compute it for (default today)."
    )
