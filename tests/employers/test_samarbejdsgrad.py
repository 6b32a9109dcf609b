"""Samarbejdsgrad: the share of registered companies with a contact or a placement in the last
12 months, against the target from the rule table (20 %)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from core.models import Rule
from employers.models import Employer, Placement
from employers.selectors import samarbejdsgrad
from tests.factories.employers import (
    EmployerContactFactory,
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
)

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 23)
WINDOW_START = date(2025, 11, 24)  # 12 months up to and including ON


def registered_long_ago() -> None:
    """The companies were in the register well before ON (whatever day the test runs)."""
    Employer.objects.update(created_at=datetime(2020, 1, 1, tzinfo=UTC))


def placement_at(employer, *, start, end=None, status=Placement.Status.ACTIVE):
    opening = OpeningFactory(workplace=WorkplaceFactory(employer=employer), start=start, end=None)
    return PlacementFactory(opening=opening, start=start, end=end, status=status)


def test_counts_contacts_and_placements_inside_the_window_only():
    contacted_today = EmployerFactory()
    EmployerContactFactory(employer=contacted_today, date=ON)
    contacted_first_day = EmployerFactory()
    EmployerContactFactory(employer=contacted_first_day, date=WINDOW_START)
    contacted_too_early = EmployerFactory()
    EmployerContactFactory(employer=contacted_too_early, date=WINDOW_START - timedelta(days=1))
    contacted_in_future = EmployerFactory()
    EmployerContactFactory(employer=contacted_in_future, date=ON + timedelta(days=1))
    placed_long_ago_still_running = EmployerFactory()
    placement_at(placed_long_ago_still_running, start=date(2024, 1, 1))
    placed_ended_in_window = EmployerFactory()
    placement_at(
        placed_ended_in_window,
        start=date(2025, 6, 1),
        end=WINDOW_START,
        status=Placement.Status.ENDED,
    )
    placed_ended_before = EmployerFactory()
    placement_at(
        placed_ended_before,
        start=date(2025, 1, 1),
        end=WINDOW_START - timedelta(days=1),
        status=Placement.Status.ENDED,
    )
    cancelled_only = EmployerFactory()
    placement_at(cancelled_only, start=date(2026, 6, 1), status=Placement.Status.CANCELLED)
    placed_and_contacted = EmployerFactory()  # counted once
    placement_at(placed_and_contacted, start=date(2026, 3, 1))
    EmployerContactFactory(employer=placed_and_contacted, date=date(2026, 3, 1))
    EmployerContactFactory(employer=placed_and_contacted, date=date(2026, 4, 1))
    EmployerFactory.create_batch(3)  # neither

    registered_long_ago()
    result = samarbejdsgrad(on=ON)

    # counted: contacted_today, contacted_first_day, placed_long_ago_still_running,
    # placed_ended_in_window, placed_and_contacted
    assert (result.numerator, result.denominator) == (5, 12)
    assert result.percent == Decimal("41.7")
    assert result.window_start == WINDOW_START
    assert result.target == Decimal("20")
    assert result.met is True


def test_below_target():
    EmployerContactFactory(employer=EmployerFactory(), date=ON)
    EmployerFactory.create_batch(5)

    registered_long_ago()
    result = samarbejdsgrad(on=ON)

    assert (result.numerator, result.denominator, result.percent) == (1, 6, Decimal("16.7"))
    assert result.met is False


def test_exactly_at_target_is_met():
    EmployerContactFactory(employer=EmployerFactory(), date=ON)
    EmployerFactory.create_batch(4)

    registered_long_ago()
    result = samarbejdsgrad(on=ON)

    assert result.percent == Decimal("20.0")
    assert result.met is True


def test_no_companies_gives_zero_not_an_error():
    registered_long_ago()
    result = samarbejdsgrad(on=ON)

    assert (result.numerator, result.denominator, result.percent) == (0, 0, Decimal("0.0"))


def test_the_target_comes_from_the_rule_table():
    Rule.objects.filter(key="samarbejdsgrad_min_percent").update(value=Decimal("25"))
    EmployerContactFactory(employer=EmployerFactory(), date=ON)
    EmployerFactory.create_batch(4)

    registered_long_ago()
    result = samarbejdsgrad(on=ON)

    assert result.target == Decimal("25")
    assert result.met is False


def test_companies_registered_after_the_day_are_not_counted():
    EmployerContactFactory(employer=EmployerFactory(), date=ON - timedelta(days=5))
    registered_long_ago()
    late = EmployerFactory()
    EmployerContactFactory(employer=late, date=ON)
    Employer.objects.filter(pk=late.pk).update(created_at=datetime(2026, 12, 1, tzinfo=UTC))

    result = samarbejdsgrad(on=ON)

    assert (result.numerator, result.denominator) == (1, 1)
