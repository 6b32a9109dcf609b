"""Samarbejdsgrad: the registered workplaces in the municipality with cooperation in the last 12
months (a placement, a visit or a meeting — a phone call or an e-mail alone is not), over the
yearly manual figure of workplaces in the municipality; without that figure, no share."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from core.models import Rule
from employers.models import Employer, EmployerContact, Placement
from employers.selectors import samarbejdsgrad
from tests.factories.employers import (
    EmployerContactFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
)

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 23)
WINDOW_START = date(2025, 11, 24)  # 12 months up to and including ON
VISIT = EmployerContact.Kind.BESOEG


def registered_long_ago() -> None:
    """The companies were in the register well before ON (whatever day the test runs)."""
    Employer.objects.update(created_at=datetime(2020, 1, 1, tzinfo=UTC))


def workplace(**kwargs):
    return WorkplaceFactory(postcode="2750", **kwargs)


def placement_at(place, *, start, end=None, status=Placement.Status.ACTIVE):
    opening = OpeningFactory(workplace=place, start=start, end=None)
    return PlacementFactory(opening=opening, start=start, end=end, status=status)


def test_counts_placements_visits_and_meetings_inside_the_window_only():
    visited_today = workplace()
    EmployerContactFactory(employer=visited_today.employer, date=ON, kind=VISIT)
    met_first_day = workplace()
    EmployerContactFactory(
        employer=met_first_day.employer, date=WINDOW_START, kind=EmployerContact.Kind.MOEDE
    )
    visited_too_early = workplace()
    EmployerContactFactory(
        employer=visited_too_early.employer, date=WINDOW_START - timedelta(days=1), kind=VISIT
    )
    placed_long_ago_still_running = workplace()
    placement_at(placed_long_ago_still_running, start=date(2024, 1, 1))
    placed_ended_before = workplace()
    placement_at(
        placed_ended_before,
        start=date(2025, 1, 1),
        end=WINDOW_START - timedelta(days=1),
        status=Placement.Status.ENDED,
    )
    cancelled_only = workplace()
    placement_at(cancelled_only, start=date(2026, 6, 1), status=Placement.Status.CANCELLED)
    workplace()  # neither

    registered_long_ago()
    result = samarbejdsgrad(on=ON, workplaces_in_municipality=10)

    assert (result.numerator, result.denominator) == (3, 10)
    assert result.percent == Decimal("30.0")
    assert result.window_start == WINDOW_START
    assert result.met is True


def test_an_email_or_a_phone_call_alone_is_not_cooperation():
    mailed = workplace()
    EmployerContactFactory(employer=mailed.employer, date=ON, kind=EmployerContact.Kind.MAIL)
    called = workplace()
    EmployerContactFactory(employer=called.employer, date=ON, kind=EmployerContact.Kind.TELEFON)

    registered_long_ago()
    result = samarbejdsgrad(on=ON, workplaces_in_municipality=10)

    assert result.numerator == 0


def test_without_the_manual_figure_there_is_no_share():
    visited = workplace()
    EmployerContactFactory(employer=visited.employer, date=ON, kind=VISIT)

    registered_long_ago()
    result = samarbejdsgrad(on=ON, workplaces_in_municipality=None)

    assert result.numerator == 1
    assert (result.denominator, result.percent, result.met) == (None, None, None)


def test_workplaces_outside_the_municipality_are_not_counted():
    outside = WorkplaceFactory(postcode="2100")
    placement_at(outside, start=date(2026, 6, 1))

    registered_long_ago()
    assert samarbejdsgrad(on=ON, workplaces_in_municipality=10).numerator == 0


def test_a_visit_about_one_opening_counts_for_its_workplace_only():
    first = workplace()
    second = workplace(employer=first.employer)
    opening = OpeningFactory(workplace=first, start=date(2026, 1, 1))
    EmployerContactFactory(employer=first.employer, date=ON, kind=VISIT, opening=opening)

    registered_long_ago()
    assert samarbejdsgrad(on=ON, workplaces_in_municipality=10).numerator == 1
    assert second.pk  # the company's other workplace is not counted


def test_below_target_and_the_target_from_the_rule_table():
    Rule.objects.filter(key="samarbejdsgrad_min_percent").update(value=Decimal("25"))
    visited = workplace()
    EmployerContactFactory(employer=visited.employer, date=ON, kind=VISIT)

    registered_long_ago()
    result = samarbejdsgrad(on=ON, workplaces_in_municipality=5)

    assert (result.percent, result.target, result.met) == (Decimal("20.0"), Decimal("25"), False)


def test_companies_registered_after_the_day_are_not_counted():
    late = workplace()
    EmployerContactFactory(employer=late.employer, date=ON, kind=VISIT)
    Employer.objects.filter(pk=late.employer_id).update(
        created_at=datetime(2026, 12, 1, tzinfo=UTC)
    )

    assert samarbejdsgrad(on=ON, workplaces_in_municipality=10).numerator == 0


def test_the_strategy_figure_is_read_when_none_is_given(manager):
    from strategy.models import Indicator
    from strategy.services import measurement_enter

    visited = workplace()
    EmployerContactFactory(employer=visited.employer, date=ON, kind=VISIT)
    registered_long_ago()
    measurement_enter(
        actor=manager,
        indicator=Indicator.objects.get(key="workplaces_in_municipality"),
        period="2026-Q1",
        value=4,
    )

    result = samarbejdsgrad(on=ON)

    assert (result.numerator, result.denominator, result.percent) == (1, 4, Decimal("25.0"))
