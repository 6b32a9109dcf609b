"""The paid-hours target group (citizens.rules.paid_hours_target): the rule on worked examples,
and its per-case form and bulk form (as the strategy indicator uses it) agree on generated cases
with their histories, on any day."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.models import Citizen, Course
from citizens.rules.paid_hours_target import (
    citizen_in_target_group,
    course_in_target_group,
    holds,
    target_group_courses,
    target_group_q,
)
from strategy.computations import courses_on
from tests.factories.core import UserFactory

from .cases import days, interventions, make_case, rolled_back

pytestmark = pytest.mark.django_db

ALL_BENEFITS = [
    "a_dagpenge",
    "kontanthjaelp",
    "uddannelseshjaelp",
    "sygedagpenge",
    "jobafklaring",
    "ressourceforloeb",
    "ledighedsydelse",
    "foertidspension",
]
ALL_READINESS = [
    "",
    "jobparat",
    "aktivitetsparat",
    "uddannelsesparat",
    "aabenlyst_uddannelsesparat",
]

specs = st.fixed_dictionaries(
    {
        "benefit": st.sampled_from(ALL_BENEFITS),
        "readiness": st.sampled_from(ALL_READINESS),
        "integration": st.booleans(),
        "start": days,
        "length": st.one_of(st.none(), st.integers(0, 500)),
        "changes": st.lists(
            st.tuples(
                st.sampled_from(["benefit", "readiness", "integration_programme"]),
                st.integers(1, 400),
                st.sampled_from(ALL_BENEFITS),
                st.sampled_from(ALL_READINESS),
            ),
            max_size=4,
        ),
        "interventions": interventions,
        "born": st.integers(18 * 365, 60 * 365),
    }
)


@pytest.mark.parametrize(
    ("benefit", "readiness", "integration", "expected"),
    [
        ("kontanthjaelp", "aktivitetsparat", False, True),
        ("uddannelseshjaelp", "aktivitetsparat", False, True),  # the former uddannelseshjælp
        ("ressourceforloeb", "", False, True),
        ("ressourceforloeb", "aktivitetsparat", False, True),
        ("kontanthjaelp", "jobparat", False, False),
        ("uddannelseshjaelp", "uddannelsesparat", False, False),  # has an uddannelsespålæg
        ("uddannelseshjaelp", "aabenlyst_uddannelsesparat", False, False),
        ("kontanthjaelp", "aktivitetsparat", True, False),  # integration programme: area 5
        ("ressourceforloeb", "", True, False),
        ("ledighedsydelse", "", False, False),
        ("foertidspension", "", False, False),
        ("a_dagpenge", "aktivitetsparat", False, False),
        ("sygedagpenge", "", False, False),
        ("jobafklaring", "", False, False),
    ],
)
def test_who_is_in_the_paid_hours_target_group(benefit, readiness, integration, expected):
    assert holds(benefit=benefit, readiness=readiness, integration_programme=integration) is (
        expected
    )


def test_the_group_is_judged_by_the_values_on_the_day():
    user = UserFactory()
    course = make_case(
        {
            "benefit": "kontanthjaelp",
            "readiness": "jobparat",
            "integration": False,
            "start": date(2025, 1, 1),
            "length": None,
            "changes": [("readiness", 90, "", "aktivitetsparat")],  # from 1 April 2025
            "interventions": [],
            "born": 40 * 365,
        },
        user,
    )
    ended = make_case(
        {
            "benefit": "ressourceforloeb",
            "readiness": "",
            "integration": False,
            "start": date(2024, 1, 1),
            "length": 455,  # ends 31 March 2025
            "changes": [],
            "interventions": [],
            "born": 50 * 365,
        },
        user,
    )
    course = Course.objects.prefetch_related("changes").get(pk=course.pk)

    assert not course_in_target_group(course, on=date(2025, 3, 31))
    assert course_in_target_group(course, on=date(2025, 4, 1))
    assert citizen_in_target_group(ended.citizen, on=date(2025, 3, 31))
    assert not citizen_in_target_group(ended.citizen, on=date(2025, 4, 1))
    on_march_31 = target_group_courses(Course.objects.all(), on=date(2025, 3, 31))
    assert list(on_march_31.values_list("pk", flat=True)) == [ended.pk]
    on_april_1 = target_group_courses(Course.objects.all(), on=date(2025, 4, 1))
    assert list(on_april_1.values_list("pk", flat=True)) == [course.pk]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=specs, on=days)
def test_per_case_and_bulk_target_group_agree(spec, on):
    with rolled_back():
        course = make_case(spec, UserFactory())
        citizen = Citizen.objects.get(pk=course.citizen_id)
        expected = citizen_in_target_group(citizen, on=on)
        mine = Course.objects.filter(citizen=citizen)

        assert target_group_courses(mine, on=on).exists() is expected
        # The indicator's bulk form: the courses active on the day, annotated once.
        indicator_rows = courses_on(on).filter(target_group_q(), citizen=citizen)
        assert indicator_rows.exists() is expected
