"""Long-term unemployment: the per-case form (alert) and the bulk form (indicators) agree on
generated citizens with two courses and their histories."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.models import Course
from citizens.rules import long_term
from core.rules import RuleBook
from tests.factories.core import UserFactory

from .cases import case_specs, days, make_case, rolled_back

pytestmark = pytest.mark.django_db

DAY_ZERO = date(2023, 1, 1)
stretches = st.lists(
    st.tuples(st.integers(0, 1400), st.integers(0, 700)).map(
        lambda t: (DAY_ZERO + timedelta(days=t[0]), DAY_ZERO + timedelta(days=t[0] + t[1]))
    ),
    min_size=1,
    max_size=4,
)


def _day_by_day(periods, *, on, months, percent):
    """The run's first day found by stepping back one day at a time (the definition)."""
    if long_term._margin(periods, on, months, percent) < 0:
        return None
    first = min(start for start, _last in periods)
    day = on
    while day > first and long_term._margin(periods, day - timedelta(days=1), months, percent) >= 0:
        day -= timedelta(days=1)
    return day


@settings(max_examples=400, deadline=None)
@given(
    periods=stretches,
    on=st.integers(0, 2200).map(lambda n: DAY_ZERO + timedelta(days=n)),
    months=st.integers(1, 36),
    percent=st.integers(1, 100).map(Decimal),
)
def test_the_run_start_jumps_back_to_the_same_day_as_walking_day_by_day(
    periods, on, months, percent
):
    periods = [(first, min(last, on)) for first, last in periods if first <= on]
    if not periods:
        return
    expected = _day_by_day(periods, on=on, months=months, percent=percent)
    assert long_term.run_start(periods, on=on, months=months, percent=percent) == expected


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=case_specs, second=case_specs, on=days)
def test_per_case_and_bulk_forms_agree(first, second, on):
    with rolled_back():
        user = UserFactory()
        course = make_case(first, user)
        earlier = make_case(second, user)
        Course.objects.filter(pk=earlier.pk).update(citizen=course.citizen)
        rules = RuleBook(long_term.RULE_KEYS)
        courses = Course.objects.filter(citizen=course.citizen).prefetch_related("changes")
        expected = long_term.is_long_term(list(courses), on=on, rules=rules)
        bulk = long_term.filter_long_term(
            Course.objects.filter(pk=course.pk), on=on, rules=rules
        ).exists()
        assert bulk == expected


def test_sickness_days_are_not_unemployment(db):
    user = UserFactory()
    spec = {
        "benefit": "sygedagpenge",
        "readiness": "",
        "integration": False,
        "start": date(2025, 1, 1),
        "length": None,
        "changes": [],
        "interventions": [],
        "born": 40 * 365,
    }
    course = make_case(spec, user)
    rules = RuleBook(long_term.RULE_KEYS)
    on = date(2026, 1, 1)
    assert not long_term.is_long_term([course], on=on, rules=rules)
    # The same year on kontanthjælp is long-term unemployment.
    Course.objects.filter(pk=course.pk).update(benefit="kontanthjaelp")
    course.refresh_from_db()
    assert long_term.is_long_term([course], on=on, rules=rules)
    assert long_term.filter_long_term(Course.objects.filter(pk=course.pk), on=on, rules=rules)
    # 1 January - 19 October 2025 is 292 days: 80 % of the 365 days of that window.
    assert long_term.reached_on([course], on=on, rules=rules) == date(2025, 10, 19)
