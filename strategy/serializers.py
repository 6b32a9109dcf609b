"""Serializers of the strategy API. Periods are written `YYYY-Qn` (quarter) or `YYYY-MM` (month).
Values, targets and trends are JSON numbers; status is `green`, `yellow`, `red` or null."""

from typing import Any

from rest_framework import serializers

from .models import FocusArea, Indicator, Measurement
from .selectors import indicator_figure, target_for
from .services import status_for

STATUS_HELP = (
    "`green` at or beyond the target, `yellow` within 10 % of the target value, `red` worse; "
    "null without a target or a value."
)


def _number(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=4, coerce_to_string=False, read_only=True, **kwargs
    )


class IndicatorSerializer(serializers.ModelSerializer):
    focus_area = serializers.PrimaryKeyRelatedField(read_only=True)
    source = serializers.ChoiceField(
        choices=Indicator.Source.choices,
        read_only=True,
        help_text="`computed` from the cases by `computation`, or `manual` (entered by a leder).",
    )
    target = _number(
        source="figure.target", allow_null=True, help_text="The target of the latest period."
    )
    latest_value = _number(source="figure.latest_value", allow_null=True)
    latest_period = serializers.CharField(
        source="figure.latest_period", read_only=True, allow_null=True, help_text="`YYYY-Qn`."
    )
    status = serializers.CharField(
        source="figure.status", read_only=True, allow_null=True, help_text=STATUS_HELP
    )
    trend = _number(
        source="figure.trend_change",
        allow_null=True,
        help_text="The change since the previous period (null without one).",
    )
    trend_verdict = serializers.CharField(
        source="figure.trend_verdict",
        read_only=True,
        allow_null=True,
        help_text="`better`, `worse` or `same` given the direction.",
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "name",
            "description",
            "focus_area",
            "unit",
            "direction",
            "source",
            "computation",
            "segment",
            "is_key_figure",
            "team_scoped",
            "target",
            "latest_value",
            "latest_period",
            "status",
            "trend",
            "trend_verdict",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Indicator) -> dict:
        if not hasattr(instance, "figure"):
            instance.figure = indicator_figure(instance)
        return super().to_representation(instance)


class FocusAreaSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(source="active_indicators", many=True, read_only=True)

    class Meta:
        model = FocusArea
        fields = ["id", "name", "description", "order", "active", "indicators"]
        read_only_fields = fields


class FocusAreaWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    active = serializers.BooleanField(
        required=False, help_text="false retires the area; its history is kept."
    )


class MeasurementSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label", read_only=True, help_text="`YYYY-Qn`.")
    value = _number(allow_null=True)
    numerator = _number(allow_null=True)
    denominator = _number(allow_null=True)
    target = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(help_text=STATUS_HELP)
    entered_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "period",
            "period_kind",
            "team",
            "value",
            "numerator",
            "denominator",
            "source",
            "computed_at",
            "entered_by",
            "entered_at",
            "comment",
            "target",
            "status",
        ]
        read_only_fields = fields

    def _target(self, measurement: Measurement):
        return target_for(measurement.indicator, measurement.period.end)

    def get_target(self, measurement: Measurement) -> float | None:
        target = self._target(measurement)
        return float(target) if target is not None else None

    def get_status(self, measurement: Measurement) -> str | None:
        return status_for(
            value=measurement.value,
            target=self._target(measurement),
            direction=measurement.indicator.direction,
        )


class MeasurementInputSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="`YYYY-Qn` or `YYYY-MM`.")
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ComputeInputSerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False,
        help_text="`YYYY-Qn` or `YYYY-MM`; without it the previous and the current quarter.",
    )
