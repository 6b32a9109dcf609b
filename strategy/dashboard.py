"""Reads for the managers' dashboards: the overview, a focus area's page and the committee's
quarterly report. Built on strategy.selectors; every figure comes from the snapshots
(Measurement rows), never from live aggregates over the cases, in a constant number of queries
however many indicators and periods there are.

- overview_areas: the active focus areas with their key figure and every indicator's figure.
- focus_area_panels: one panel per indicator of an area (its series over time with the target of
  each period, status and trend), for the whole job centre or one team the user may read.
- report_areas: every area's indicators for one quarter, against the previous quarter, plus the
  key figure's last eight quarters.

Focus area 5 (citizens of non-Western origin): the system does not record origin, so its computed
indicators count the integration programme only and the figures for the whole group are entered.
`scope_label` names which is which on every indicator of such an area, and `origin_note` flags
the area for the pages' explanation.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from citizens.segments import Segment
from core.models import Team, User

from . import selectors
from .computations import INTEGRATION_PROGRAMME_ONLY
from .models import FocusArea, Indicator, Measurement, Target
from .periods import QUARTER, Period
from .services import Trend, status_for, trend_for

REPORT_HISTORY = 8  # quarters of the key figure's history in the report


@dataclass(frozen=True)
class Point:
    """One period of an indicator's series, against the target in force on the period's end."""

    period: Period
    value: Decimal | None
    target: Decimal | None
    status: str | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source: str = ""
    entered_by: str = ""


@dataclass
class Panel:
    """An indicator with its series (oldest first) and its latest figure."""

    indicator: Indicator
    points: list[Point] = field(default_factory=list)
    team: Team | None = None
    scope: str = ""  # whom the figure counts, where the name alone may mislead (scope_label)

    @property
    def latest(self) -> Point | None:
        with_value = [p for p in self.points if p.value is not None]
        return with_value[-1] if with_value else None

    @property
    def previous(self) -> Point | None:
        latest = self.latest
        if latest is None:
            return None
        wanted = latest.period.previous()
        return next((p for p in self.points if p.period == wanted and p.value is not None), None)

    @property
    def trend(self) -> Trend | None:
        latest, previous = self.latest, self.previous
        if latest is None or previous is None:
            return None
        return trend_for(
            value=latest.value,
            previous=previous.value,
            direction=self.indicator.direction,
            unit=self.indicator.unit,
        )

    @property
    def current_target(self) -> Decimal | None:
        """The target of the latest period with a value, else the target in force now."""
        latest = self.latest
        day = latest.period.end if latest else Period.current_quarter().end
        return selectors.target_for(self.indicator, day)

    @property
    def team_applies(self) -> bool:
        """False when a team was chosen but the indicator is only computed for the centre."""
        return self.team is None or self.indicator.team_scoped

    def chart_data(self) -> dict:
        """What static/js/strategy.js draws (through json_script: no inline JavaScript)."""
        return {
            "labels": [p.period.label for p in self.points],
            "values": [_float(p.value) for p in self.points],
            "targets": [_float(p.target) for p in self.points],
            "unit": self.indicator.unit,
            "valueLabel": self.indicator.name,
            "targetLabel": _("Target"),
        }


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _targets() -> Prefetch:
    return Prefetch(
        "targets", queryset=Target.objects.order_by("-valid_from"), to_attr="target_rows"
    )


def _point(indicator: Indicator, row: Measurement) -> Point:
    target = selectors.target_for(indicator, row.period.end)
    return Point(
        period=row.period,
        value=row.value,
        target=target,
        status=status_for(value=row.value, target=target, direction=indicator.direction),
        numerator=row.numerator,
        denominator=row.denominator,
        source=row.source,
        entered_by=row.entered_by.get_username() if row.entered_by_id else "",
    )


# --- Whom a figure counts (focus area 5) -----------------------------------------------------


def integration_programme_only(indicator: Indicator) -> bool:
    """A computed indicator that counts the integration programme only: for the integration
    segment, or a computation over the programme (computations.INTEGRATION_PROGRAMME_ONLY)."""
    return indicator.source == Indicator.Source.COMPUTED and (
        indicator.segment == Segment.INTEGRATION
        or indicator.computation in INTEGRATION_PROGRAMME_ONLY
    )


def origin_note(indicators) -> bool:
    """Is this an area whose computed figures stand in for a group the system cannot see (a
    computed indicator counts the integration programme only)? Then the pages explain it."""
    return any(integration_programme_only(indicator) for indicator in indicators)


def scope_label(indicator: Indicator, *, origin_area: bool) -> str:
    """Whom the figure counts, in such an area: computed for the integration programme only, or
    entered for the whole group; "" elsewhere."""
    if integration_programme_only(indicator):
        return _("Computed for the integration programme only")
    if origin_area and indicator.source == Indicator.Source.MANUAL:
        return _("Entered for the whole group")
    return ""


# --- Overview ---------------------------------------------------------------------------------


def overview_areas(*, user: User) -> list[FocusArea]:
    """Active focus areas, each with `figures` [(indicator, IndicatorFigure)], `key` (the key
    figure's pair, or None) and `origin_note`; each indicator with its `scope`. Four queries."""
    areas = list(selectors.focus_area_list(user=user))
    for area in areas:
        area.figures = [
            (indicator, selectors.indicator_figure(indicator))
            for indicator in area.active_indicators
        ]
        area.key = next(((i, f) for i, f in area.figures if i.is_key_figure), None)
        area.origin_note = origin_note(area.active_indicators)
        for indicator in area.active_indicators:
            indicator.scope = scope_label(indicator, origin_area=area.origin_note)
        statuses = [figure.status for _indicator, figure in area.figures]
        area.status_counts = {
            colour: statuses.count(colour) for colour in ("green", "yellow", "red")
        }
    return areas


# --- A focus area's page ----------------------------------------------------------------------


def focus_area_segments(area: FocusArea) -> list[str]:
    """The segments the area's active indicators are computed for (the segment filter)."""
    return sorted(
        set(
            area.indicators.filter(active=True)
            .exclude(segment="")
            .values_list("segment", flat=True)
        )
    )


def focus_area_panels(
    *, user: User, area: FocusArea, team: Team | None = None, segment: str = ""
) -> list[Panel]:
    """One panel per active indicator of the area (only the segment's, when given): the whole
    centre's series, or `team`'s for team-scoped indicators (the centre's for the others), with
    its scope label; `area.origin_note` is set for the page. Three queries, whatever the number
    of indicators and periods."""
    if not user.has_perm("strategy.view_measurement"):
        raise PermissionDenied(_("You may not read the figures."))
    if team is not None and not selectors.teams_visible_to(user).filter(pk=team.pk).exists():
        raise PermissionDenied(_("You may read only your own team's figures."))
    all_indicators = list(
        area.indicators.filter(active=True).prefetch_related(_targets()).order_by("order", "id")
    )
    area.origin_note = origin_note(all_indicators)
    indicators = [i for i in all_indicators if not segment or i.segment == segment]
    panels = {
        indicator.pk: Panel(
            indicator, team=team, scope=scope_label(indicator, origin_area=area.origin_note)
        )
        for indicator in indicators
    }
    rows = Measurement.objects.filter(indicator__in=indicators).select_related("entered_by")
    if team is None:
        rows = rows.filter(team__isnull=True)
    else:
        team_scoped = [i for i in indicators if i.team_scoped]
        scoped = Q(indicator__in=[i.pk for i in team_scoped])
        rows = rows.filter((Q(team=team) & scoped) | (Q(team__isnull=True) & ~scoped))
    for row in rows.order_by("period_start", "period_kind"):
        panel = panels[row.indicator_id]
        panel.points.append(_point(panel.indicator, row))
    return list(panels.values())


# --- The committee's quarterly report ---------------------------------------------------------


@dataclass
class ReportRow:
    indicator: Indicator
    point: Point | None  # the period's value (a manual indicator: the latest up to the period)
    previous: Point | None  # the quarter before
    trend: Trend | None
    target: Decimal | None  # the target in force at the end of the point's period (or the report's)


def report_periods() -> list[Period]:
    """The quarters with whole-centre measurements, newest first."""
    starts = (
        Measurement.objects.filter(period_kind=QUARTER, team__isnull=True)
        .values_list("period_start", flat=True)
        .distinct()
        .order_by("-period_start")
    )
    return [Period(QUARTER, start) for start in starts]


def report_default_period(periods: list[Period]) -> Period:
    """The last complete quarter with figures; else the newest; else the previous quarter."""
    last_complete = Period.current_quarter().previous()
    for period in periods:
        if period <= last_complete:
            return period
    return periods[0] if periods else last_complete


def report_areas(*, user: User, period: Period) -> list[FocusArea]:
    """Every active area with `rows` (ReportRow per active indicator), `history` (the key
    figure's Panel over the last eight quarters up to `period`) and `origin_note`; each indicator
    with its `scope`. Five queries."""
    if not user.has_perm("strategy.view_measurement"):
        raise PermissionDenied(_("You may not read the figures."))
    indicators = list(
        Indicator.objects.filter(active=True, focus_area__active=True)
        .prefetch_related(_targets())
        .order_by("order", "id")
    )
    first = period.shifted(-(REPORT_HISTORY - 1))
    series: dict[int, dict[Period, Point]] = {i.pk: {} for i in indicators}
    by_pk = {i.pk: i for i in indicators}
    rows = Measurement.objects.filter(
        indicator__in=indicators,
        team__isnull=True,
        period_kind=QUARTER,
        period_start__gte=first.start,
        period_start__lte=period.start,
    ).select_related("entered_by")
    for row in rows:
        series[row.indicator_id][row.period] = _point(by_pk[row.indicator_id], row)
    # Manual figures are entered when they are published (a yearly survey, a benchmark list):
    # the report shows the latest one up to the period's end.
    manual = [i for i in indicators if i.source == Indicator.Source.MANUAL]
    latest_manual: dict[int, Point] = {}
    manual_rows = (
        Measurement.objects.filter(
            indicator__in=manual,
            team__isnull=True,
            value__isnull=False,
            period_start__lte=period.start,
        )
        .select_related("entered_by")
        .order_by("indicator_id", "-period_start")
    )
    for row in manual_rows:
        latest_manual.setdefault(row.indicator_id, _point(by_pk[row.indicator_id], row))

    areas = list(FocusArea.objects.filter(active=True).order_by("order", "id"))
    for area in areas:
        area.rows = []
        area.history = None
        area_indicators = [i for i in indicators if i.focus_area_id == area.pk]
        area.origin_note = origin_note(area_indicators)
        for indicator in area_indicators:
            indicator.scope = scope_label(indicator, origin_area=area.origin_note)
            points = series[indicator.pk]
            point = points.get(period)
            if (point is None or point.value is None) and indicator.pk in latest_manual:
                point = latest_manual[indicator.pk]
            previous = points.get(period.previous())
            trend = None
            if point is not None and previous is not None and point.period == period:
                trend = trend_for(
                    value=point.value,
                    previous=previous.value,
                    direction=indicator.direction,
                    unit=indicator.unit,
                )
            target = point.target if point else selectors.target_for(indicator, period.end)
            area.rows.append(ReportRow(indicator, point, previous, trend, target))
            if indicator.is_key_figure:
                area.history = Panel(
                    indicator,
                    points=[points[p] for p in sorted(points)],
                )
    return areas
