"""Færre fagfolk (principle 3 of the employment strategy, seed 000): how many distinct members of
staff touched a citizen's case in the `days` (90) days ending on a day D (D - 89 .. D).

A member of staff touched the case when they, on a day in the window:
- held a conversation with the citizen (its date),
- started an intervention they created (its start date),
- revised the plan (the revision's date),
- recorded a change of the course (its effective date; changes without a recorded member of staff
  do not count),
- transferred the case (the transfer's date).
The current caseworker counts only when they did one of these: an assignment alone is not a
contact, and the indicator must be reproducible for past periods (the assignment has no history).

Per case: `staff_ids(citizen, on=...)` for the record and the API (one citizen; reads the related
rows, prefetched or not). Bulk: `staff_pairs(citizen_ids, on=...)` for the indicator: the distinct
(citizen, staff) pairs. tests/citizens/rules/test_distinct_staff.py proves they agree.
"""

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from citizens.models import (
    CaseTransfer,
    Citizen,
    Conversation,
    CourseChange,
    Intervention,
    PlanRevision,
)

WINDOW_DAYS = 90


def window(on: date, days: int = WINDOW_DAYS) -> tuple[date, date]:
    return on - timedelta(days=days - 1), on


def staff_ids(citizen: Citizen, *, on: date, days: int = WINDOW_DAYS) -> set[int]:
    """Per case: the distinct staff who touched the citizen's case in the window."""
    first, last = window(on, days)

    def inside(day: date) -> bool:
        return first <= day <= last

    staff = {c.held_by_id for c in citizen.conversations.all() if inside(c.date)}
    staff |= {i.created_by_id for i in citizen.interventions.all() if inside(i.start)}
    staff |= {
        r.created_by_id
        for r in citizen.plan_revisions.all()
        if inside(timezone.localdate(r.created_at))
    }
    staff |= {
        change.changed_by_id
        for course in citizen.courses.all()
        for change in course.changes.all()
        if change.changed_by_id is not None and inside(change.effective)
    }
    staff |= {t.by_id for t in citizen.transfers.all() if inside(timezone.localdate(t.at))}
    return staff


def staff_count(citizen: Citizen, *, on: date, days: int = WINDOW_DAYS) -> int:
    return len(staff_ids(citizen, on=on, days=days))


def staff_pairs(citizen_ids: QuerySet, *, on: date, days: int = WINDOW_DAYS) -> QuerySet:
    """Bulk: the distinct (citizen id, staff id) pairs for the citizens of `citizen_ids` (a
    values("citizen_id")-like queryset or a list)."""
    day_range = window(on, days)
    return (
        Conversation.objects.filter(citizen_id__in=citizen_ids, date__range=day_range)
        .order_by()
        .values_list("citizen_id", "held_by_id")
        .union(
            Intervention.objects.filter(citizen_id__in=citizen_ids, start__range=day_range)
            .order_by()
            .values_list("citizen_id", "created_by_id"),
            PlanRevision.objects.filter(
                citizen_id__in=citizen_ids, created_at__date__range=day_range
            )
            .order_by()
            .values_list("citizen_id", "created_by_id"),
            CourseChange.objects.filter(
                course__citizen_id__in=citizen_ids,
                effective__range=day_range,
                changed_by__isnull=False,
            )
            .order_by()
            .values_list("course__citizen_id", "changed_by_id"),
            CaseTransfer.objects.filter(citizen_id__in=citizen_ids, at__date__range=day_range)
            .order_by()
            .values_list("citizen_id", "by_id"),
        )
    )
