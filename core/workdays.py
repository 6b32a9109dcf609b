"""Danish working days and calendar arithmetic for deadlines.

Working days are Monday to Friday except the Danish public holidays of the `holidays` package
(`holidays.Denmark`, default category "public"): nytårsdag, skærtorsdag, langfredag, påskedag,
2. påskedag, Kristi himmelfartsdag, pinsedag, 2. pinsedag, juledag and 2. juledag (store bededag
until 2023; abolished from 2024 and the package knows it).

Grundlovsdag (5 June), juleaftensdag (24 December), nytårsaftensdag (31 December) and 1 May are
NOT public holidays in Danish law: the package lists them only in its "optional" category, which
we do not use, so they count as working days here.

The convention for due dates (used by citizens.alerts): a due date never falls on a non-working
day. Every deadline in the rules is a "no later than" deadline (before the end of week 8, at least
every 4 weeks, ...), so a deadline that falls on a weekend or holiday moves EARLIER, to the last
working day on or before it (`deadline_on_working_day`): meeting the moved date always meets the
law. `next_working_day` is there for the opposite need (the first day something can happen).
"""

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> frozenset[date]:
    return frozenset(holidays.Denmark(years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    return day.weekday() < 5 and day not in _holidays_in(day.year)


def next_working_day(day: date) -> date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """The day itself when it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (before it when n is negative); n=0 gives `day` itself."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def deadline_on_working_day(day: date) -> date:
    """A "no later than" deadline on a weekend or holiday moves to the previous working day."""
    return previous_working_day(day)


def add_months(day: date, months: int) -> date:
    """Calendar months later (earlier when negative); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
