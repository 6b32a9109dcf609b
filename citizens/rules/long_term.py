"""Long-term unemployment: one definition for the alert and the indicators.

A citizen is long-term unemployed on day D when the days they were on an unemployment benefit
within the `long_term_unemployment_window_months` (12) months ending on D are at least
`long_term_unemployment_percent` (80) % of the window's days (both rules in force on D). This is
the measure of Ballerup's employment plan (seed 002: "ledige i 80 pct. af tiden i 1 år"), kept as
the rule table's values. STAR's and Danmarks Statistik's statistic today counts a person as
long-term unemployed after 52 continuous weeks of gross unemployment (breaks of up to 28 days
included); the README lists both and why this system keeps the plan's measure.

Unemployment benefits (UNEMPLOYMENT_BENEFITS): a-dagpenge, kontanthjælp and uddannelseshjælp — the
benefits of gross unemployment (bruttoledighed: dagpenge, kontanthjælp, uddannelseshjælp,
integrationsydelse; since 1 July 2025 uddannelseshjælp and the integration benefits are paid as
kontanthjælp). Sygedagpenge, jobafklaring, ressourceforløb, ledighedsydelse and førtidspension
are not unemployment.

Days counted: each course of the citizen whose benefit on D (citizens.rules.course_state) is an
unemployment benefit counts from the day it entered one (the last change into the set, else its
start) to its end (or D), clipped to the window. Courses are summed (a citizen's courses do not
overlap, except on a change day, which both forms count alike).

Per case: `is_long_term(courses, on=..., rules=...)` and `reached_on(...)` (for the alert's date).
Bulk: `filter_long_term(queryset, on=..., rules=...)` for the indicators.
tests/citizens/rules/test_long_term.py proves they agree. A missing rule raises RuleMissing.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from citizens.models import Benefit, Course
from core.rules import RuleBook
from core.workdays import add_months

from .course_state import entered_at, entered_on, value_at, value_on

UNEMPLOYMENT_BENEFITS = frozenset(
    {Benefit.A_DAGPENGE.value, Benefit.KONTANTHJAELP.value, Benefit.UDDANNELSESHJAELP.value}
)
PERCENT_KEY = "long_term_unemployment_percent"
WINDOW_KEY = "long_term_unemployment_window_months"
RULE_KEYS = (PERCENT_KEY, WINDOW_KEY)


def window_start(day: date, months: int) -> date:
    return add_months(day, -months) + timedelta(days=1)


def unemployed_periods(courses: Iterable[Course], *, on: date) -> list[tuple[date, date]]:
    """The stretches (first, last day) on an unemployment benefit up to `on`, per course."""
    periods = []
    for course in courses:
        if course.start > on or value_on(course, "benefit", on) not in UNEMPLOYMENT_BENEFITS:
            continue
        first = entered_on(course, "benefit", UNEMPLOYMENT_BENEFITS, on)
        last = min(course.end or on, on)
        if first <= last:
            periods.append((first, last))
    return periods


def _margin(periods: list[tuple[date, date]], day: date, months: int, percent) -> Decimal:
    """100 x the days counted in the window ending on `day`, less `percent` x its length:
    long-term unemployed on `day` when at least 0."""
    start = window_start(day, months)
    counted = sum(max((min(last, day) - max(first, start)).days + 1, 0) for first, last in periods)
    return counted * 100 - percent * ((day - start).days + 1)


def _holds(periods: list[tuple[date, date]], day: date, months: int, percent) -> bool:
    return _margin(periods, day, months, percent) >= 0


def is_long_term(courses: Iterable[Course], *, on: date, rules: RuleBook) -> bool:
    """Per case: long-term unemployed on `on` (`courses`: all the citizen's courses, with their
    changes prefetched)."""
    percent = rules.lookup(PERCENT_KEY, on=on).value
    months = rules.lookup(WINDOW_KEY, on=on).as_int
    return _holds(unemployed_periods(courses, on=on), on, months, percent)


def reached_on(courses: Iterable[Course], *, on: date, rules: RuleBook) -> date | None:
    """The first day of the current unbroken run of days on which the citizen was long-term
    unemployed (judged with the rules in force on `on`), or None if not on `on`."""
    percent = rules.lookup(PERCENT_KEY, on=on).value
    months = rules.lookup(WINDOW_KEY, on=on).as_int
    return run_start(unemployed_periods(courses, on=on), on=on, months=months, percent=percent)


def run_start(
    periods: list[tuple[date, date]], *, on: date, months: int, percent: Decimal
) -> date | None:
    """The first day of the unbroken run of days up to `on` on which `periods` (stretches on an
    unemployment benefit) make at least `percent` % of the window of `months` months, or None
    if `on` is not such a day."""
    margin = _margin(periods, on, months, percent)
    if margin < 0:
        return None
    first = min((start for start, _last in periods), default=on)
    day = on
    while day > first:
        # A day j days earlier counts at most j days fewer per period (periods may overlap on a
        # change day), and its window is at most 4 days longer (months of 28-31 days and leap
        # days: any two windows of the same number of months differ by at most 4 days), so its
        # margin is at least margin - 100 j n - 4 percent for n periods: every day that far back
        # holds, and the walk jumps there instead of going day by day
        # (tests/citizens/rules/test_long_term.py checks it against the day-by-day walk).
        safe = int((margin - 4 * percent) // (100 * len(periods)))
        previous = max(day - timedelta(days=max(safe, 1)), first)
        previous_margin = _margin(periods, previous, months, percent)
        if previous_margin < 0:
            break
        day, margin = previous, previous_margin
    return day


def filter_long_term(queryset: QuerySet[Course], *, on: date, rules: RuleBook) -> QuerySet:
    """Bulk: keep the courses whose citizen is long-term unemployed on `on`."""
    percent = rules.lookup(PERCENT_KEY, on=on).value
    months = rules.lookup(WINDOW_KEY, on=on).as_int
    start = window_start(on, months)
    needed_days = -(-(percent * ((on - start).days + 1)) // 100)  # ceiling
    benefits = sorted(UNEMPLOYMENT_BENEFITS)
    stretches = (
        Course.objects.filter(citizen=OuterRef("citizen"), start__lte=on)
        .annotate(
            benefit_then=value_at("benefit", on),
            lo=Greatest(entered_at("benefit", benefits, on), Value(start)),
            hi=Least(Coalesce("end", Value(on)), Value(on)),
        )
        .filter(benefit_then__in=benefits, lo__lte=F("hi"))
        .order_by()
        .values("citizen")
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    F("hi") - F("lo") + Value(timedelta(days=1)), output_field=DurationField()
                )
            )
        )
        .values("total")
    )
    return queryset.annotate(
        days_unemployed=Subquery(stretches, output_field=DurationField())
    ).filter(Q(days_unemployed__gte=timedelta(days=int(needed_days))))
