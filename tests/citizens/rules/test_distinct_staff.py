"""Færre fagfolk: the record's count (per case) and the indicator's pairs (bulk) agree on
generated activity around the window's edges."""

from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.models import CaseTransfer, Citizen, Conversation, CourseChange, PlanRevision
from citizens.rules import distinct_staff
from tests.factories.core import UserFactory

from .cases import FIRST_DAY, case_specs, make_case, rolled_back

pytestmark = pytest.mark.django_db

ON = FIRST_DAY + timedelta(days=200)
edge_days = st.integers(-5, 100).map(lambda n: ON - timedelta(days=n))
activity = st.lists(
    st.tuples(
        st.sampled_from(["conversation", "plan", "transfer", "change"]),
        edge_days,
        st.integers(0, 2),
    ),
    max_size=8,
)


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time(hour=23, minute=30)))


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=case_specs, events=activity)
def test_record_and_indicator_count_the_same_staff(spec, events):
    with rolled_back():
        staff = [UserFactory() for _ in range(3)]
        course = make_case(spec, staff[0])
        citizen = course.citizen
        for kind, day, who in events:
            user = staff[who]
            if kind == "conversation":
                Conversation.objects.create(
                    citizen=citizen, date=day, kind="jobrettet", held_by=user
                )
            elif kind == "plan":
                PlanRevision.objects.create(
                    citizen=citizen, created_by=user, created_at=_aware(day)
                )
            elif kind == "change":
                CourseChange.objects.create(
                    course=course, field="reason", effective=day, changed_by=user
                )
            else:
                transfer = CaseTransfer.objects.create(
                    citizen=citizen,
                    to_caseworker=user,
                    from_team=citizen.team,
                    to_team=citizen.team,
                    reason="Test",
                    by=user,
                )
                CaseTransfer.objects.filter(pk=transfer.pk).update(at=_aware(day))
        fresh = Citizen.objects.get(pk=citizen.pk)
        per_case = distinct_staff.staff_count(fresh, on=ON)
        pairs = list(distinct_staff.staff_pairs([citizen.pk], on=ON))
        assert Counter(c for c, _s in pairs).get(citizen.pk, 0) == per_case
