from datetime import date

import holidays
import pytest

from core.workdays import (
    add_months,
    add_working_days,
    deadline_on_working_day,
    is_working_day,
    next_working_day,
    previous_working_day,
)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 2),  # Skærtorsdag
        date(2026, 4, 3),  # Langfredag
        date(2026, 4, 6),  # 2. påskedag
        date(2026, 5, 14),  # Kristi himmelfartsdag
        date(2026, 5, 25),  # 2. pinsedag
        date(2026, 12, 25),  # Juledag
        date(2026, 1, 1),  # Nytårsdag
        date(2023, 5, 5),  # Store bededag, while it existed
        date(2026, 3, 7),  # Saturday
        date(2026, 3, 8),  # Sunday
    ],
)
def test_weekends_and_public_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 1),  # Wednesday before Easter
        date(2026, 4, 7),  # Tuesday after Easter
        date(2026, 6, 5),  # Grundlovsdag: not a public holiday
        date(2026, 12, 24),  # Juleaftensdag: not a public holiday
        date(2026, 12, 31),  # Nytårsaftensdag: not a public holiday
        date(2024, 4, 26),  # Store bededag was abolished from 2024
    ],
)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


def test_grundlovsdag_is_only_an_optional_holiday_in_the_package():
    public = holidays.Denmark(years=2026)
    optional = holidays.Denmark(years=2026, categories=("optional",))
    assert date(2026, 6, 5) not in public
    assert date(2026, 6, 5) in optional


def test_next_working_day_skips_easter_from_skaertorsdag_to_tuesday():
    assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)


def test_next_working_day_is_the_day_itself_when_it_is_a_working_day():
    assert next_working_day(date(2026, 4, 1)) == date(2026, 4, 1)


def test_next_working_day_after_a_weekend_is_monday():
    assert next_working_day(date(2026, 3, 7)) == date(2026, 3, 9)


def test_deadline_on_easter_monday_moves_back_before_skaertorsdag():
    assert deadline_on_working_day(date(2026, 4, 6)) == date(2026, 4, 1)


def test_deadline_on_christmas_weekend_moves_back_to_christmas_eve():
    # 2026: Juledag Friday, 2. juledag Saturday, then Sunday.
    assert deadline_on_working_day(date(2026, 12, 27)) == date(2026, 12, 24)
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)


def test_deadline_on_a_working_day_stays():
    assert deadline_on_working_day(date(2026, 6, 5)) == date(2026, 6, 5)
    assert previous_working_day(date(2026, 6, 5)) == date(2026, 6, 5)


def test_add_working_days_jumps_over_easter():
    assert add_working_days(date(2026, 4, 1), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 1)


def test_add_working_days_over_a_weekend():
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 9), 5) == date(2026, 3, 16)
    assert add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)


def test_add_months_clamps_to_the_last_day_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 3, 31), -9) == date(2025, 6, 30)
