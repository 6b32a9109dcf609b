"""The shared factories give valid rows: other test suites build on them."""

import pytest
from django.utils import timezone

from citizens.segments import Segment
from core.identifiers import validate_cpr, validate_cvr
from tests.factories.citizens import (
    CitizenFactory,
    CitizenLanguageFactory,
    ConversationFactory,
    CourseChangeFactory,
    CourseFactory,
    InterventionFactory,
    JobTrackFactory,
    PaidHoursFactory,
    PlanRevisionFactory,
    cpr_for,
)
from tests.factories.employers import (
    EmployerContactFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
    cvr_for,
)

pytestmark = pytest.mark.django_db


def test_cpr_helper_gives_valid_unique_numbers_with_the_asked_age_and_gender():
    today = timezone.localdate()
    numbers = {cpr_for(n, age=age, gender=g) for n in range(400) for age in (19, 45) for g in "MF"}
    assert len(numbers) == 1600
    for number in numbers:
        validate_cpr(number, today=today)
    citizen = CitizenFactory(age=25, sex="M", course=False)
    assert citizen.age_on(today) == 25
    assert citizen.gender == "M"


def test_cvr_helper_gives_unique_numbers_that_pass_modulus_11():
    numbers = [cvr_for(n) for n in range(3000)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        validate_cvr(number)


def test_citizen_factory_gives_a_current_citizen_with_derived_segment():
    citizen = CitizenFactory()
    assert citizen.current_course is not None
    assert citizen.current_course.end is None
    assert citizen.segment == Segment.JOBPARATE
    young = CitizenFactory(
        age=22, course__benefit="kontanthjaelp", course__readiness="uddannelsesparat"
    )
    assert young.segment == Segment.UNGE


def test_citizen_factory_without_course_gives_a_former_citizen():
    citizen = CitizenFactory(course=False)
    assert citizen.current_course is None
    assert citizen.segment == ""


def test_closed_course_has_end_and_outcome():
    course = CourseFactory(closed=True)
    assert course.end is not None and course.outcome


def test_every_factory_saves_a_valid_row():
    rows = [
        CourseChangeFactory(),
        PlanRevisionFactory(),
        ConversationFactory(),
        InterventionFactory(),
        JobTrackFactory(occupation_code="9112"),
        CitizenLanguageFactory(code="ar"),
        PaidHoursFactory(),
        PaidHoursFactory(),
        WorkplaceFactory(),
        EmployerContactFactory(),
        PlacementFactory(opening=OpeningFactory(hours_min=10, hours_max=20)),
    ]
    for row in rows:
        row.full_clean()
