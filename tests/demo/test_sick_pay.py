"""The demo's sick-pay courses carry the details a caseworker records (first absence day, what the
citizen is sick from, expected absence, partial sick leave, the employer) shaped like Ballerup, and
every one would pass the service's checks; a share of the young on a-dagpenge are dimittender.

One seeding (fixed seed and day) for the whole module, rolled back at the end."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from citizens.models import Benefit, Citizen, Course, SickFrom
from citizens.services import _sick_pay_values  # the checks of course_sick_pay_set
from demo.seed_sick_pay import EMPLOYER_PERIOD_DAYS, HIGHER_EDUCATION
from employers.models import Employer

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 1)
SCALE = 0.3


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "seed_demo",
            scale=SCALE,
            seed=2750,
            today=TODAY,
            no_alerts=True,
            no_first_run=True,
            stdout=StringIO(),
        )
        yield
        transaction.set_rollback(True)


def sick_courses():
    return Course.objects.filter(benefit=Benefit.SYGEDAGPENGE)


def test_every_seeded_sick_pay_course_passes_the_services_checks():
    courses = list(sick_courses().select_related("citizen"))
    assert len(courses) > 1000
    for course in courses:
        cvr = _sick_pay_values(
            course,
            today=TODAY,
            first_absence_day=course.first_absence_day,
            sick_from=course.sick_from,
            expected_absence_weeks=course.expected_absence_weeks,
            employer_cvr=course.employer_cvr,
            return_not_possible=course.return_not_possible,
            return_not_possible_reason=course.return_not_possible_reason,
        )
        assert cvr == course.employer_cvr
    for course in courses[::10]:  # the model's own validation too (a query per course)
        course.full_clean()


def test_only_sick_pay_courses_have_sick_pay_details():
    others = Course.objects.exclude(benefit=Benefit.SYGEDAGPENGE)
    assert not others.exclude(first_absence_day=None).exists()
    assert not others.exclude(sick_from="").exists()
    assert not others.exclude(employer_cvr="").exists()


def test_sick_from_follows_ballerups_shares():
    shares = Counter(sick_courses().values_list("sick_from", flat=True))
    total = sum(shares.values())
    assert 0.79 <= shares[SickFrom.EMPLOYMENT] / total <= 0.87
    assert 0.03 <= shares[SickFrom.FLEKSJOB] / total <= 0.08
    assert 0.09 <= shares[SickFrom.UNEMPLOYMENT] / total <= 0.15


def test_employed_were_absent_the_employer_period_before_the_course_the_unemployed_from_its_start():
    data_start = Course.objects.order_by("start").values_list("start", flat=True).first()
    begun_in_the_data = sick_courses().filter(start__gt=data_start)
    gaps: dict[str, Counter] = {value: Counter() for value in SickFrom.values}
    for sick_from, start, first in begun_in_the_data.values_list(
        "sick_from", "start", "first_absence_day"
    ):
        gaps[sick_from][(start - first).days] += 1
    assert set(gaps[SickFrom.EMPLOYMENT]) == {EMPLOYER_PERIOD_DAYS}
    assert set(gaps[SickFrom.UNEMPLOYMENT]) == {0}
    assert set(gaps[SickFrom.FLEKSJOB]) <= set(range(15))
    # a course already running when the data begin: the absence began before them
    assert not sick_courses().filter(start=data_start, first_absence_day__gte=data_start).exists()


def test_employed_have_a_demo_employers_cvr_and_the_others_none():
    cvrs = set(Employer.objects.values_list("cvr", flat=True))
    employed = sick_courses().filter(sick_from=SickFrom.EMPLOYMENT)
    assert set(employed.values_list("employer_cvr", flat=True)) <= cvrs
    assert len(set(employed.values_list("employer_cvr", flat=True))) > 50
    assert not sick_courses().exclude(sick_from=SickFrom.EMPLOYMENT).exclude(employer_cvr="")


def test_expected_absence_is_spread_with_some_employed_back_within_26_weeks():
    employed = sick_courses().filter(sick_from=SickFrom.EMPLOYMENT)
    weeks = list(employed.values_list("expected_absence_weeks", flat=True))
    known = [w for w in weeks if w is not None]
    assert 0.03 <= (len(weeks) - len(known)) / len(weeks) <= 0.15
    within = sum(1 for w in known if w <= 26) / len(known)
    assert 0.2 <= within <= 0.8
    assert max(known) > 52
    assert min(known) <= 8
    open_within = employed.filter(end=None, expected_absence_weeks__lte=26).count()
    assert open_within >= 10  # exempt from follow-up when absent since 2026-07-01


def test_partial_sick_leave_for_a_share_of_those_sick_from_a_job():
    employed = sick_courses().filter(sick_from=SickFrom.EMPLOYMENT)
    share = employed.filter(partial_sick_leave=True).count() / employed.count()
    assert 0.15 <= share <= 0.3
    unemployed = sick_courses().filter(sick_from=SickFrom.UNEMPLOYMENT)
    assert not unemployed.filter(partial_sick_leave=True).exists()


def test_for_a_share_sick_from_a_job_return_is_recorded_as_not_possible_with_a_reason():
    employed = sick_courses().filter(sick_from=SickFrom.EMPLOYMENT)
    free = employed.filter(return_not_possible=True)
    assert 0.08 < free.count() / employed.count() < 0.25
    assert not free.filter(return_not_possible_reason="").exists()
    assert (
        not sick_courses()
        .exclude(sick_from=SickFrom.EMPLOYMENT)
        .filter(return_not_possible=True)
        .exists()
    )


def test_some_young_a_dagpenge_citizens_are_dimittender():
    current = Citizen.objects.filter(current_course__benefit=Benefit.A_DAGPENGE)
    young = [c for c in current if c.age_on(TODAY) < 30]
    dimittender = [c for c in young if c.graduated_on is not None]
    assert 0.05 <= len(dimittender) / len(young) <= 0.4
    graduated = Citizen.objects.exclude(graduated_on=None).select_related("current_course")
    for citizen in graduated:
        assert citizen.current_course.benefit == Benefit.A_DAGPENGE
        assert citizen.education_level in HIGHER_EDUCATION
        assert citizen.graduated_on <= citizen.current_course.start
        assert citizen.graduated_on >= citizen.current_course.start - timedelta(days=3 * 365)
