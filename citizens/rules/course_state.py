"""A course's state on a day, from its change history: the helper every rule here builds on.

Per case (`value_on`, `integration_on`, `entered_on`) over a course with its `changes` prefetched,
and in bulk (`value_at`, `integration_at`, `entered_at`) as ORM expressions on a Course queryset.
They read the history the same way:
- the value of a field on day D is the old value of the first change (by effective date, then id)
  that took effect after D, else the course's current value;
- the day a course entered a state (on or before D) is the effective date of the latest change of
  the field from a value outside `values` to one inside, else the course start.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from citizens.models import Course, CourseChange

# --- Per case ----------------------------------------------------------------------------------


def value_on(course: Course, field: str, day: date) -> str:
    """The course's `field` (benefit or readiness) as it was on `day`."""
    later = sorted(
        (
            change
            for change in course.changes.all()
            if change.field == field and change.effective > day
        ),
        key=lambda change: (change.effective, change.pk),
    )
    return later[0].old_value if later else str(getattr(course, field))


def integration_on(course: Course, day: date) -> bool:
    later = sorted(
        (
            change
            for change in course.changes.all()
            if change.field == "integration_programme" and change.effective > day
        ),
        key=lambda change: (change.effective, change.pk),
    )
    if later and later[0].old_value in {"True", "False"}:
        return later[0].old_value == "True"
    return course.integration_programme


def entered_on(course: Course, field: str, values: Iterable[str], day: date) -> date:
    """The day the course's `field` last became one of `values` (on or before `day`), else the
    course start. The caller checks that the value on `day` is one of them."""
    values = {str(value) for value in values}
    entered = [
        change.effective
        for change in course.changes.all()
        if change.field == field
        and change.effective <= day
        and change.new_value in values
        and change.old_value not in values
    ]
    return max(entered, default=course.start)


# --- Bulk --------------------------------------------------------------------------------------


def value_at(field: str, day: Any) -> Coalesce:
    """The course's `field` as it was on `day` (a date or an expression on the course)."""
    later = (
        CourseChange.objects.filter(course=OuterRef("pk"), field=field, effective__gt=day)
        .order_by("effective", "id")
        .values("old_value")[:1]
    )
    return Coalesce(Subquery(later), F(field), output_field=CharField())


def annotate_state(queryset: QuerySet[Course], day: date) -> QuerySet[Course]:
    """Annotate each course with its state on `day`: benefit_at, readiness_at, integration_at."""
    integration_later = (
        CourseChange.objects.filter(
            course=OuterRef("pk"), field="integration_programme", effective__gt=day
        )
        .order_by("effective", "id")
        .values("old_value")[:1]
    )
    return queryset.annotate(
        benefit_at=value_at("benefit", day),
        readiness_at=value_at("readiness", day),
        integration_old=Subquery(integration_later),
    ).annotate(
        integration_at=Case(
            When(integration_old="True", then=Value(True)),
            When(integration_old="False", then=Value(False)),
            default=F("integration_programme"),
            output_field=BooleanField(),
        )
    )


def entered_at(field: str, values: Iterable[str], day: date) -> Coalesce:
    """The day the course last entered one of `values` of `field` (on or before `day`), else its
    start."""
    values = [str(value) for value in values]
    entered = (
        CourseChange.objects.filter(
            Q(field=field, new_value__in=values) & ~Q(old_value__in=values),
            course=OuterRef("pk"),
            effective__lte=day,
        )
        .order_by()
        .values("course")
        .annotate(last=Max("effective"))
        .values("last")
    )
    return Coalesce(Subquery(entered, output_field=DateField()), F("start"))
