"""The segment: derive_segment (per case) and annotate_segment (bulk) agree on generated courses
with their histories, on any day."""

import pytest
from hypothesis import HealthCheck, given, settings

from citizens.models import Citizen, Course
from citizens.rules.course_state import annotate_state, integration_on, value_on
from citizens.segments import annotate_segment, derive_segment
from tests.factories.core import UserFactory

from .cases import case_specs, days, make_case, rolled_back

pytestmark = pytest.mark.django_db


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=case_specs, on=days)
def test_per_case_and_bulk_segment_agree(spec, on):
    with rolled_back():
        course = make_case(spec, UserFactory())
        course = Course.objects.prefetch_related("changes").get(pk=course.pk)
        citizen = Citizen.objects.get(pk=course.citizen_id)
        expected = derive_segment(
            benefit=value_on(course, "benefit", on),
            readiness=value_on(course, "readiness", on),
            integration_programme=integration_on(course, on),
            age=citizen.age_on(on),
        )
        row = annotate_segment(annotate_state(Course.objects.filter(pk=course.pk), on), on).get()
        assert row.segment_at == expected
