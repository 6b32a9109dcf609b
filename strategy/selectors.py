"""Reads of the strategy's figures: focus areas, indicators with their latest value, target,
status and trend, and an indicator's time series. Figures hold no personal data; every role reads
them (strategy.apps.role_permissions). Per-team series: a caseworker reads the whole job centre's
and their own team's; a user who may read every team (leder, api-klient) reads all."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from core.models import Team, User

from .models import FocusArea, Indicator, Measurement, Target
from .periods import Period
from .services import Trend, status_for, trend_for


@dataclass(frozen=True)
class IndicatorFigure:
    """An indicator's latest value for the whole job centre, against its target then."""

    latest: Measurement | None
    target: Decimal | None
    status: str | None
    trend: Trend | None

    @property
    def latest_value(self) -> Decimal | None:
        return self.latest.value if self.latest else None

    @property
    def latest_period(self) -> str | None:
        return self.latest.period.label if self.latest else None

    @property
    def trend_change(self) -> Decimal | None:
        return self.trend.change if self.trend else None

    @property
    def trend_verdict(self) -> str | None:
        return self.trend.verdict if self.trend else None


def _recent_measurements() -> Prefetch:
    """The two latest whole-centre measurements with a value (quarters before months)."""
    return Prefetch(
        "measurements",
        queryset=Measurement.objects.filter(team__isnull=True, value__isnull=False).order_by(
            "-period_start", "-period_kind"
        )[:2],
        to_attr="recent_measurements",
    )


def _targets() -> Prefetch:
    return Prefetch(
        "targets", queryset=Target.objects.order_by("-valid_from"), to_attr="target_rows"
    )


def indicators_with_figures(queryset: QuerySet[Indicator]) -> QuerySet[Indicator]:
    return queryset.select_related("focus_area").prefetch_related(
        _recent_measurements(), _targets()
    )


def target_for(indicator: Indicator, day: date) -> Decimal | None:
    """The target in force on `day` (a period's last day): the latest valid_from on or before it.
    Uses the prefetched `target_rows` when present."""
    rows = getattr(indicator, "target_rows", None)
    if rows is None:
        rows = list(indicator.targets.order_by("-valid_from"))
    for target in rows:
        if target.valid_from <= day:
            return target.value
    return None


def indicator_figure(indicator: Indicator) -> IndicatorFigure:
    recent = getattr(indicator, "recent_measurements", None)
    if recent is None:
        recent = list(
            indicator.measurements.filter(team__isnull=True, value__isnull=False).order_by(
                "-period_start", "-period_kind"
            )[:2]
        )
    latest = recent[0] if recent else None
    if latest is None:
        return IndicatorFigure(
            None, target_for(indicator, Period.current_quarter().end), None, None
        )
    target = target_for(indicator, latest.period.end)
    previous = None
    if len(recent) > 1 and recent[1].period == latest.period.previous():
        previous = recent[1].value
    return IndicatorFigure(
        latest=latest,
        target=target,
        status=status_for(value=latest.value, target=target, direction=indicator.direction),
        trend=trend_for(
            value=latest.value,
            previous=previous,
            direction=indicator.direction,
            unit=indicator.unit,
        ),
    )


def indicator_list(*, user: User) -> QuerySet[Indicator]:
    """Active indicators of active focus areas, with what a figure needs, in constant queries."""
    if not user.has_perm("strategy.view_indicator"):
        return Indicator.objects.none()
    return indicators_with_figures(
        Indicator.objects.filter(active=True, focus_area__active=True)
    ).order_by("focus_area__order", "order", "id")


def focus_area_list(*, user: User) -> QuerySet[FocusArea]:
    if not user.has_perm("strategy.view_focusarea"):
        return FocusArea.objects.none()
    indicators = indicators_with_figures(Indicator.objects.filter(active=True)).order_by(
        "order", "id"
    )
    return FocusArea.objects.filter(active=True).prefetch_related(
        Prefetch("indicators", queryset=indicators, to_attr="active_indicators")
    )


def teams_visible_to(user: User) -> QuerySet[Team]:
    """The teams whose figures `user` may read."""
    if user.has_perm("citizens.view_all_teams"):
        return Team.objects.all()
    if user.team_id is None:
        return Team.objects.none()
    return Team.objects.filter(pk=user.team_id)


def measurement_list(
    *, user: User, indicator: Indicator, team: Team | None = None
) -> QuerySet[Measurement]:
    """The indicator's time series, oldest first: for the whole job centre, or for `team` when
    the user may read that team's figures (else PermissionDenied)."""
    if not user.has_perm("strategy.view_measurement"):
        raise PermissionDenied(_("You may not read the figures."))
    series = Measurement.objects.filter(indicator=indicator).select_related("entered_by", "team")
    if team is None:
        series = series.filter(team__isnull=True)
    else:
        if not teams_visible_to(user).filter(pk=team.pk).exists():
            raise PermissionDenied(_("You may read only your own team's figures."))
        series = series.filter(team=team)
    return series.order_by("period_start", "period_kind")
