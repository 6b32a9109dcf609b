"""Quarterly series of the demo data, to judge whether its flows look like Ballerup's.

`flow_series` counts, per quarter, the courses that started and closed and the stock at the
quarter's end; `indicator_series` reads the computed strategy indicators (whole job centre) that
strategy.services.backfill stored. `manage.py demo_series [--backfill]` prints both; the tests of
the demo data use `flow_series` to assert the flows.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Q

from citizens.models import Benefit, Course
from strategy.models import Indicator, Measurement
from strategy.periods import Period, quarters_between

SICK = (Benefit.SYGEDAGPENGE, Benefit.JOBAFKLARING)


def flow_series(
    first: date, last: date, benefits: Iterable[str] = SICK
) -> list[tuple[str, int, int, int]]:
    """Per quarter from the quarter of `first` to that of `last`: (label, started, closed, stock on
    the quarter's last day) of the courses with one of `benefits` (their benefit as stored)."""
    courses = list(
        Course.objects.filter(benefit__in=list(benefits)).values_list("start", "end").order_by()
    )
    rows = []
    for period in quarters_between(first, last):
        end = min(period.end, last)
        started = sum(1 for s, _ in courses if period.start <= s <= end)
        closed = sum(1 for _, e in courses if e is not None and period.start <= e <= end)
        stock = sum(1 for s, e in courses if s <= end and (e is None or e >= end))
        rows.append((period.label, started, closed, stock))
    return rows


def indicator_series() -> dict[str, list[tuple[str, Decimal | None]]]:
    """{indicator key: [(quarter label, value)]} of the computed quarterly measurements for the
    whole job centre, oldest first."""
    series: dict[str, list[tuple[str, Decimal | None]]] = defaultdict(list)
    measurements = (
        Measurement.objects.filter(
            source=Indicator.Source.COMPUTED, team__isnull=True, period_kind="quarter"
        )
        .select_related("indicator")
        .order_by("indicator__order", "indicator__id", "period_start")
    )
    for m in measurements:
        series[m.indicator.key].append((Period("quarter", m.period_start).label, m.value))
    return dict(series)


def format_value(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}"


def series_table(first: date, last: date) -> list[str]:
    """The printable lines: flows of sick-pay courses and all courses, then the indicators."""
    lines = ["Sick-pay courses (sygedagpenge + jobafklaring): started / closed / stock"]
    lines += [f"  {label}  {s:5d} {c:5d} {n:5d}" for label, s, c, n in flow_series(first, last)]
    lines.append("All courses: started / closed / stock")
    lines += [
        f"  {label}  {s:5d} {c:5d} {n:5d}"
        for label, s, c, n in flow_series(first, last, Benefit.values)
    ]
    lines.append("Computed indicators, whole job centre, per quarter (oldest first):")
    for key, values in indicator_series().items():
        lines.append(f"  {key:38s} " + " ".join(f"{format_value(v):>5s}" for _, v in values))
    return lines


def course_window() -> tuple[date, date] | None:
    first = Course.objects.order_by("start").values_list("start", flat=True).first()
    last = (
        Course.objects.filter(~Q(end=None)).order_by("-end").values_list("end", flat=True).first()
    )
    if first is None:
        return None
    return first, max(last or first, first)
