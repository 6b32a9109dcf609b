"""Focus areas, indicators, their targets over time, and measurements per period.

- FocusArea: the strategy's focus areas (seed 000) plus the committee's sick-leave group.
- Indicator: what is measured, how (a registered computation or manual entry), in which unit and
  which direction is better. One key figure (nøgletal) per focus area (a constraint).
- Target: the target value from `valid_from` on; the target of a period is the row in force on the
  period's last day, so a target can change without rewriting history.
- Measurement: the value of an indicator for a period (a quarter or a month), overall (team empty)
  or for one team. Computed rows are replaced on every recompute; manual rows never are.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from citizens.segments import Segment
from core.audit import register_personal_data_model
from core.choices import ChoiceLabels
from core.models import Team

from .periods import MONTH, QUARTER, Period


class FocusArea(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("A retired focus area is kept with its history.")
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return self.name


class Indicator(ChoiceLabels, models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        PERCENT = "percent", _("percent")
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")
        RANK = "rank", _("rank")
        NUMBER = "number", _("number")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("computed from the cases")
        MANUAL = "manual", _("entered by hand")

    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("how it is computed"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    computation = models.CharField(
        _("computation"),
        max_length=60,
        blank=True,
        help_text=_("The key of a registered computation (strategy.computations)."),
    )
    segment = models.CharField(_("segment"), max_length=30, choices=Segment.choices, blank=True)
    is_key_figure = models.BooleanField(_("key figure"), default=False)
    team_scoped = models.BooleanField(
        _("computed per team"),
        default=False,
        help_text=_("Computed for each team as well as for the whole job centre."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["focus_area__order", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("compute_indicator", "Can recompute a computed indicator now")]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area"],
                condition=Q(is_key_figure=True),
                name="indicator_one_key_figure_per_focus_area",
            ),
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(computation=""))
                | (Q(source="manual") & Q(computation="")),
                name="indicator_computation_iff_computed",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("source of the target"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "-valid_from"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "valid_from"], name="target_unique_valid_from"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value} ({self.valid_from})"


class Measurement(models.Model):
    class PeriodKind(models.TextChoices):
        QUARTER = QUARTER, _("quarter")
        MONTH = MONTH, _("month")

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    period_kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole job centre."),
    )
    # Null when the share has no denominator in the period (nothing to measure).
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=10, choices=Indicator.Source.choices)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["indicator", "period_kind", "period_start"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "period_start"],
                condition=Q(team__isnull=True),
                name="measurement_unique_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "period_start", "team"],
                condition=Q(team__isnull=False),
                name="measurement_unique_period_team",
            ),
        ]
        indexes = [models.Index(fields=["period_kind", "period_start"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start)


# The change log (django-auditlog) keeps every change to the definitions and to manual values.
# Computed measurements are written with the log disabled (strategy.services): they are derived
# from the cases and recomputed at will.
for _model in (FocusArea, Indicator, Target, Measurement):
    register_personal_data_model(_model)


# How many decimals each unit is shown with, on the pages, the report and the exports. Trends
# compare the values as shown: a change that doesn't show is no change.
DISPLAY_DECIMALS = {
    Indicator.Unit.PERCENT: 1,
    Indicator.Unit.COUNT: 0,
    Indicator.Unit.RANK: 0,
    Indicator.Unit.WEEKS: 1,
    Indicator.Unit.MONTHS: 1,
    Indicator.Unit.NUMBER: 2,
}


def as_shown(value: Decimal, unit: str) -> Decimal:
    """`value` rounded half up to the decimals its unit is shown with."""
    places = DISPLAY_DECIMALS.get(unit, 1)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
