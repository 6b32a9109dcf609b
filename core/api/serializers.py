"""Serializers of the API shell: the token answer, the current user, the access log."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from core.identifiers import validate_cpr
from core.models import AccessLog, Team
from core.roles import user_roles


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's username and password, bounded: a username longer than any user's (150, Django's
    limit) is refused here, before authenticate() and the lockout's record of a failed attempt
    (a 300-character name was a database error, 500)."""

    username = serializers.CharField(label="Username", max_length=150, write_only=True)
    password = serializers.CharField(
        label="Password",
        max_length=4096,
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text="Send as `Authorization: Token <token>`."
    )
    expires = serializers.DateTimeField(
        read_only=True, help_text="After this the token is refused (401): ask for a new one."
    )


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "slug"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()
    email = serializers.EmailField(read_only=True)
    roles = serializers.SerializerMethodField()
    team = TeamSerializer(read_only=True, allow_null=True)

    def get_name(self, user) -> str:
        return user.get_full_name()

    def get_roles(self, user) -> list[str]:
        return sorted(user_roles(user))


class CprQuerySerializer(serializers.Serializer):
    """A CPR number in the body of a POST (never in the address), validated as a CPR number
    (core.identifiers.validate_cpr)."""

    cpr = serializers.CharField(
        help_text="The citizen's CPR number, DDMMYY-SSSS or DDMMYYSSSS.", trim_whitespace=True
    )

    def validate_cpr(self, value: str) -> str:
        try:
            return validate_cpr(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class AccessLogEntrySerializer(serializers.ModelSerializer):
    """One access to the citizen's data. The CPR is in full: it is the citizen's own log (the
    number asked for; the log itself keeps only its keyed hash)."""

    actor = serializers.CharField(source="actor.username", read_only=True)
    actor_name = serializers.SerializerMethodField()
    cpr = serializers.SerializerMethodField()

    class Meta:
        model = AccessLog
        fields = ["at", "actor", "actor_name", "action", "citizen_id", "cpr", "reason", "path"]
        read_only_fields = fields

    def get_cpr(self, entry: AccessLog) -> str:
        return self.context.get("cpr", "")

    def get_actor_name(self, entry: AccessLog) -> str:
        return entry.actor.get_full_name() or entry.actor.get_username()
