"""Helpers for hand-made case data: a citizen with one course given by dates, course changes,
interventions and conversations on given days. Periods in these tests lie in 2024-2025."""

from datetime import date

import pytest

from citizens.models import Course, CourseChange
from tests.factories.citizens import (
    CitizenFactory,
    ConversationFactory,
    InterventionFactory,
)


def make_course(
    *,
    benefit: str = "a_dagpenge",
    readiness: str = "",
    start: date,
    end: date | None = None,
    outcome: str = "",
    integration: bool = False,
    citizen=None,
    age: int = 40,
    sex: str = "F",
    team=None,
) -> Course:
    """A course of a new citizen (or of `citizen`), with the outcome `other` when it is closed."""
    if citizen is None:
        extra = {"team": team} if team is not None else {}
        citizen = CitizenFactory(course=False, age=age, sex=sex, **extra)
    if end is not None and not outcome:
        outcome = "other"
    return Course.objects.create(
        citizen=citizen,
        benefit=benefit,
        readiness=readiness,
        integration_programme=integration,
        start=start,
        end=end,
        outcome=outcome,
    )


def change(course: Course, field: str, old: str, new: str, effective: date) -> CourseChange:
    """Record a change as citizens.services.course_change does: the course holds the new value."""
    setattr(course, field, new if field != "integration_programme" else new == "True")
    course.save()
    return CourseChange.objects.create(
        course=course, field=field, old_value=old, new_value=new, effective=effective
    )


def intervention(course_or_citizen, kind: str, start: date, end: date | None = None, **extra):
    citizen = getattr(course_or_citizen, "citizen", course_or_citizen)
    return InterventionFactory(citizen=citizen, kind=kind, start=start, end=end, **extra)


def conversation(course_or_citizen, day: date, kind: str = "jobrettet", **extra):
    citizen = getattr(course_or_citizen, "citizen", course_or_citizen)
    return ConversationFactory(citizen=citizen, date=day, kind=kind, **extra)


@pytest.fixture
def q2():
    """2025-Q2: 1 April - 30 June 2025 (E = 30 June 2025)."""
    from strategy.periods import period_parse

    return period_parse("2025-Q2")
