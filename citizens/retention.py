"""Retention of closed cases: the one home of the rule (issue 13).

A citizen's case is **closed** when every course has ended. It is kept `CASE_RETENTION_DAYS`
(default 1825 days, 5 years) after the end of the last course; from that day on it is
**due for anonymisation**: the nightly task (Celery beat, `citizens.tasks.anonymise_expired`) or
`manage.py anonymise_expired` anonymises it (citizens.services.citizen_anonymise). A citizen who
starts a new course before that day keeps the whole case (the period counts again from the end of
the new course). Managers see the cases due within `RETENTION_WARNING_DAYS` (default 30) at
/borgere/sletning/ beforehand.

Two forms of the same rule, side by side (tests/citizens/test_retention.py checks that they agree):
- `anonymise_on(citizen)` / `is_due(citizen, on)`: one case, from its courses in Python;
- `closed_cases(queryset)` with `anonymise_on_for(last_end)` / `due(on)` / `due_within(on, days)`:
  the bulk form, in SQL.

Anonymising keeps every row and every field the strategy's indicators are computed from (courses
with their benefit, readiness, dates and outcome, course changes' values, conversations' dates,
kinds and staff, interventions' kinds, dates and hours, plan revisions' dates and staff, paid hours,
transfers, the citizen's team, birth date, gender, segment and education), so every indicator
computed before stays the same. What identifies the citizen or tells about them in words goes:
see `citizens.services.citizen_anonymise`.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from .models import Citizen

# What an anonymised citizen is called (stored data, not UI text; Danish like the records).
ANONYMOUS_FIRST_NAME = "Anonymiseret"
ANONYMOUS_LAST_NAME = "borger"
# A required free-text field (a transfer's reason, a decline's reason) keeps this instead.
ANONYMISED_TEXT = "[anonymiseret]"


def retention_days() -> int:
    return int(settings.CASE_RETENTION_DAYS)


def warning_days() -> int:
    return int(settings.RETENTION_WARNING_DAYS)


def anonymous_cpr(citizen_id: int) -> str:
    """The value an anonymised citizen's CPR number becomes: unique, 10 characters, and never a
    CPR number (it starts with a letter), so it can neither be found nor collide with a person."""
    return f"A{citizen_id:09d}"[:10]


# --- One case ----------------------------------------------------------------------------------


def anonymise_on(citizen: Citizen) -> date | None:
    """The day the citizen's case is due for anonymisation: the end of the last course plus the
    retention period; None while a course is open, without any course, or when already done."""
    if citizen.anonymised_at is not None:
        return None
    ends = [course.end for course in citizen.courses.all()]
    if not ends or any(end is None for end in ends):
        return None
    return max(ends) + timedelta(days=retention_days())


def is_due(citizen: Citizen, on: date) -> bool:
    day = anonymise_on(citizen)
    return day is not None and day <= on


# --- In bulk -----------------------------------------------------------------------------------


def closed_cases(queryset: QuerySet[Citizen] | None = None) -> QuerySet[Citizen]:
    """Citizens not yet anonymised whose every course has ended, annotated with `last_end`
    (anonymise_on(citizen) is `last_end` + the retention period: `anonymise_on_for`)."""
    queryset = Citizen.objects.all() if queryset is None else queryset
    return (
        queryset.filter(anonymised_at__isnull=True)
        .annotate(
            courses_total=Count("courses"),
            courses_open=Count("courses", filter=Q(courses__end__isnull=True)),
            last_end=Max("courses__end"),
        )
        .filter(courses_total__gt=0, courses_open=0)
    )


def anonymise_on_for(last_end: date) -> date:
    """The bulk form's day for a row of closed_cases(): its `last_end` + the retention period."""
    return last_end + timedelta(days=retention_days())


def due(on: date, queryset: QuerySet[Citizen] | None = None) -> QuerySet[Citizen]:
    """The citizens whose case is due for anonymisation on `on`."""
    return closed_cases(queryset).filter(last_end__lte=on - timedelta(days=retention_days()))


def due_within(on: date, days: int, queryset: QuerySet[Citizen] | None = None) -> QuerySet[Citizen]:
    """The warning list: the citizens due by `on` + `days` (those already due and not yet
    anonymised included), the earliest first."""
    return (
        closed_cases(queryset)
        .filter(last_end__lte=on + timedelta(days=days) - timedelta(days=retention_days()))
        .order_by("last_end", "pk")
    )


# --- What other apps scrub ---------------------------------------------------------------------

Scrubber = Callable[[list[int]], Any]
_scrubbers: list[Scrubber] = []


def register_scrubber(scrubber: Scrubber) -> None:
    """Apps that build on citizens (the GRID) remove their own free text about citizens being
    anonymised (given their ids), registered from AppConfig.ready(), so this app never imports
    them."""
    if scrubber not in _scrubbers:
        _scrubbers.append(scrubber)


def scrubbers() -> tuple[Scrubber, ...]:
    return tuple(_scrubbers)
