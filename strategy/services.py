"""Writes of the strategy: snapshots of the computed indicators, back-fill, manual values.

- snapshot_period recomputes every active computed indicator for one period (for the whole job
  centre, and per team for team-scoped indicators) and REPLACES that period's computed
  measurements in one transaction; manual measurements are never touched.
- backfill snapshots every quarter the case data covers (the first course start to today).
- snapshot_current snapshots the current and the previous quarter (Celery beat, nightly); the
  first run, with no computed measurement yet, back-fills.
- measurement_enter records a manual value with who and when; the change log keeps every change
  (django-auditlog, registered in strategy.models).

Status of a value against its target (`status_for`): with target T and the yellow band B = 10 % of
|T| (relative to the target value):
- higher is better: green when value >= T; yellow when T - B <= value < T; red below T - B.
- lower is better: green when value <= T; yellow when T < value <= T + B; red above T + B.
So with T = 20 %, 18 % is yellow and 17.99 % red; with T = 0 there is no yellow band. No target or
no value: no status.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens.models import Course
from core.audit import records_actor
from core.models import Team, User
from core.permissions import require

from .computations import COMPUTATIONS, DEPENDS_ON_MANUAL, compute
from .models import FocusArea, Indicator, Measurement, as_shown
from .periods import QUARTER, Period, period_parse, quarters_between

logger = logging.getLogger(__name__)

GREEN, YELLOW, RED = "green", "yellow", "red"
YELLOW_BAND = Decimal("0.10")


def status_for(*, value: Decimal | None, target: Decimal | None, direction: str) -> str | None:
    """Green, yellow or red (see the module docstring); None without value or target."""
    if value is None or target is None:
        return None
    band = abs(target) * YELLOW_BAND
    if direction == Indicator.Direction.HIGHER:
        if value >= target:
            return GREEN
        return YELLOW if value >= target - band else RED
    if value <= target:
        return GREEN
    return YELLOW if value <= target + band else RED


@dataclass(frozen=True)
class Trend:
    change: Decimal  # exact, for exports
    verdict: str  # "better", "worse" or "same", judged on the values as shown
    shown_change: Decimal  # the difference of the values as shown, for the pages


def trend_for(
    *, value: Decimal | None, previous: Decimal | None, direction: str, unit: str
) -> Trend | None:
    """The change since the previous period as shown (rounded to the unit's decimals, so a
    change too small to show is "same"), and whether that is better or worse."""
    if value is None or previous is None:
        return None
    shown = as_shown(value, unit) - as_shown(previous, unit)
    if shown == 0:
        return Trend(value - previous, "same", shown)
    improved = shown > 0 if direction == Indicator.Direction.HIGHER else shown < 0
    return Trend(value - previous, "better" if improved else "worse", shown)


# --- Snapshots ---------------------------------------------------------------------------------


def _computed_indicators(indicators: Iterable[Indicator] | None) -> list[Indicator]:
    if indicators is None:
        indicators = Indicator.objects.filter(
            source=Indicator.Source.COMPUTED, active=True
        ).order_by("order", "id")
    found = [indicator for indicator in indicators if indicator.source == "computed"]
    unknown = [i.computation for i in found if i.computation not in COMPUTATIONS]
    if unknown:
        raise ValueError(f"Unregistered computations: {', '.join(sorted(unknown))}.")
    return found


def snapshot_period(
    period: Period | str,
    *,
    actor: User | None = None,
    indicators: Iterable[Indicator] | None = None,
) -> list[Measurement]:
    """Recompute the computed indicators (all active ones unless given) for `period` and replace
    their computed measurements of that period. Returns the new measurements."""
    if isinstance(period, str):
        period = period_parse(period)
    chosen = _computed_indicators(indicators)
    teams = list(Team.objects.order_by("pk")) if any(i.team_scoped for i in chosen) else []
    now = timezone.now()
    rows = []
    for indicator in chosen:
        for team in [None, *(teams if indicator.team_scoped else [])]:
            result = compute(
                indicator.computation,
                period.start,
                period.end,
                segment=indicator.segment or None,
                team=team,
            )
            rows.append(
                Measurement(
                    indicator=indicator,
                    period_kind=period.kind,
                    period_start=period.start,
                    team=team,
                    value=result.value,
                    numerator=result.numerator,
                    denominator=result.denominator,
                    source=Indicator.Source.COMPUTED,
                    computed_at=now,
                    comment=_("Recomputed by %(user)s.") % {"user": actor.get_username()}
                    if actor is not None
                    else "",
                )
            )
    # Computed values are derived from the cases and reproducible: they are written without the
    # change log (which keeps the manual values and the definitions).
    with transaction.atomic(), disable_auditlog():
        Measurement.objects.filter(
            indicator__in=chosen,
            period_kind=period.kind,
            period_start=period.start,
            source=Indicator.Source.COMPUTED,
        ).delete()
        Measurement.objects.bulk_create(rows)
    return rows


def data_first_day() -> date | None:
    """The first day the case data covers: the earliest course start."""
    return Course.objects.aggregate(first=Min("start"))["first"]


def backfill(*, actor: User | None = None, last: int | None = None) -> list[Period]:
    """Snapshot every quarter from the first course start to the current quarter (only the
    `last` quarters of those, when given)."""
    today = timezone.localdate()
    first = data_first_day() or today
    periods = quarters_between(first, today)
    if last is not None:
        periods = periods[-last:]
    for period in periods:
        snapshot_period(period, actor=actor)
    logger.info("Strategy back-fill: %d quarters from %s.", len(periods), periods[0])
    return periods


def snapshot_current(*, actor: User | None = None) -> list[Period]:
    """The current and the previous quarter; the first run (no computed values yet) back-fills."""
    if not Measurement.objects.filter(source=Indicator.Source.COMPUTED).exists():
        return backfill(actor=actor)
    current = Period.current_quarter()
    periods = [current.previous(), current]
    for period in periods:
        snapshot_period(period, actor=actor)
    return periods


@records_actor
def indicator_compute(
    *, actor: User, indicator: Indicator, period: Period | str | None = None
) -> list[Measurement]:
    """Recompute one computed indicator now: the given period, or the previous and the current
    quarter. Returns the new measurements."""
    require(actor, "strategy.compute_indicator", indicator)
    if indicator.source != Indicator.Source.COMPUTED:
        raise ValidationError(
            {"indicator": _("This indicator is entered by hand; there is nothing to compute.")}
        )
    if period is None:
        current = Period.current_quarter()
        periods = [current.previous(), current]
    else:
        periods = [period_parse(period) if isinstance(period, str) else period]
        _validate_not_future(periods[0])
    rows: list[Measurement] = []
    for each in periods:
        rows.extend(snapshot_period(each, actor=actor, indicators=[indicator]))
    return rows


# --- Focus areas ------------------------------------------------------------------------------

FOCUS_AREA_FIELDS = ("name", "description", "order", "active")


@transaction.atomic
@records_actor
def focus_area_create(
    *, actor: User, name: str, description: str = "", order: int | None = None
) -> FocusArea:
    """A new focus area (a manager), placed last unless `order` is given."""
    require(actor, "strategy.add_focusarea")
    if order is None:
        order = (FocusArea.objects.aggregate(last=Max("order"))["last"] or 0) + 1
    area = FocusArea(name=name.strip(), description=description.strip(), order=order)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
@records_actor
def focus_area_update(*, actor: User, focus_area: FocusArea, **changes: object) -> FocusArea:
    """Rename, describe, reorder or retire (active=False) a focus area; history is kept."""
    require(actor, "strategy.change_focusarea", focus_area)
    unknown = set(changes) - set(FOCUS_AREA_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in unknown})
    for field, value in changes.items():
        setattr(focus_area, field, value.strip() if isinstance(value, str) else value)
    focus_area.full_clean()
    focus_area.save()
    return focus_area


# --- Manual values ---------------------------------------------------------------------------


def _validate_not_future(period: Period) -> None:
    if period.start > Period.current_quarter().end:
        raise ValidationError({"period": _("The period cannot lie after the current quarter.")})


def _validate_value(indicator: Indicator, value: object) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({"value": _("Enter a number.")})
    unit = indicator.unit
    if unit == Indicator.Unit.PERCENT and not (0 <= number <= 100):
        raise ValidationError({"value": _("A percentage lies between 0 and 100.")})
    if unit == Indicator.Unit.RANK and (number < 1 or number != number.to_integral_value()):
        raise ValidationError({"value": _("A rank is a whole number of at least 1.")})
    if unit == Indicator.Unit.COUNT and (number < 0 or number != number.to_integral_value()):
        raise ValidationError({"value": _("A count is a whole number of at least 0.")})
    if number < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if abs(number) >= Decimal("1e10"):
        raise ValidationError({"value": _("The value is too large.")})
    return number


@transaction.atomic
@records_actor
def measurement_enter(
    *,
    actor: User,
    indicator: Indicator,
    period: Period | str,
    value: object,
    comment: str = "",
) -> Measurement:
    """Enter (or correct) the value of a manual indicator for a period, for the whole job
    centre. Kept with who and when; corrections reach the change log."""
    require(actor, "strategy.add_measurement", indicator)
    if indicator.source != Indicator.Source.MANUAL:
        raise ValidationError(
            {"indicator": _("This indicator is computed from the cases; values cannot be entered.")}
        )
    if isinstance(period, str):
        period = period_parse(period)
    _validate_not_future(period)
    number = _validate_value(indicator, value)
    measurement = (
        Measurement.objects.select_for_update()
        .filter(
            indicator=indicator,
            period_kind=period.kind,
            period_start=period.start,
            team__isnull=True,
        )
        .first()
    )
    if measurement is None:
        measurement = Measurement(
            indicator=indicator,
            period_kind=period.kind,
            period_start=period.start,
            source=Indicator.Source.MANUAL,
        )
    measurement.value = number
    measurement.numerator = None
    measurement.denominator = None
    measurement.entered_by = actor
    measurement.entered_at = timezone.now()
    measurement.comment = comment.strip()
    measurement.save()
    _recompute_dependents(indicator, period)
    return measurement


def _recompute_dependents(indicator: Indicator, period: Period) -> None:
    """A computation reading this manual indicator (the labour force for the sick-leave share)
    uses the value of the period or the latest before it: recompute the quarters already
    snapshotted from the period on."""
    computations = DEPENDS_ON_MANUAL.get(indicator.key)
    if not computations:
        return
    dependents = list(
        Indicator.objects.filter(
            source=Indicator.Source.COMPUTED, active=True, computation__in=computations
        )
    )
    starts = (
        Measurement.objects.filter(
            indicator__in=dependents, period_kind=QUARTER, period_start__gte=period.start
        )
        .values_list("period_start", flat=True)
        .distinct()
    )
    for start in sorted(set(starts)):
        snapshot_period(Period(QUARTER, start), indicators=dependents)
