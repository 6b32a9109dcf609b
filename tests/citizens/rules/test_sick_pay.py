"""Sick-pay deadlines (citizens.rules.sick_pay) with the rule rows the migrations load: counted
from the first absence day, the follow-up cadence by the version in force on that day, the
reassessment at the end of the month; and the per-case and bulk forms agree."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.alerts import RuleBook, citizens_for_alerts, compute_alerts
from citizens.models import Citizen, Conversation, Course, CourseChange
from citizens.rules.sick_pay import (
    SICK_RULE_KEYS,
    reassessment_due_by_course,
    sick_reassessment,
)
from tests.factories.citizens import CitizenFactory, CourseFactory, citizen_set_current_course
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def sick_citizen(*, start, first_absence_day=None, sick_from="", expected=None):
    citizen = CitizenFactory(course=False)
    course = CourseFactory(
        citizen=citizen,
        benefit="sygedagpenge",
        readiness="",
        start=start,
        first_absence_day=first_absence_day,
        sick_from=sick_from,
        expected_absence_weeks=expected,
    )
    citizen_set_current_course(citizen, course)
    return citizen


def converse(citizen, *days):
    user = UserFactory()
    for day in days:
        Conversation.objects.create(
            citizen=citizen, date=day, kind=Conversation.Kind.SYGEOPFOELGNING, held_by=user
        )


def alerts_on(citizen, today):
    (citizen,) = citizens_for_alerts([citizen.pk])  # as the batch refresh reads it
    return {draft.code: draft for draft in compute_alerts(citizen, today=today)}


# --- The first conversation: before the end of week 8 from the first absence day ---------------


@pytest.mark.parametrize(
    ("first_absence_day", "due"),
    [
        (date(2026, 1, 14), date(2026, 3, 10)),  # a Wednesday: week 8 ends Tuesday 03-10
        (date(2026, 1, 12), date(2026, 3, 6)),  # week 8 ends Sunday 03-08: back to Friday
    ],
)
def test_first_conversation_counts_from_the_first_absence_day_not_the_course_start(
    first_absence_day, due
):
    citizen = sick_citizen(start=date(2026, 2, 11), first_absence_day=first_absence_day)
    assert alerts_on(citizen, date(2026, 2, 12))["sick_first_conversation"].due == due


def test_first_conversation_counts_from_the_course_start_when_no_absence_day_is_recorded():
    citizen = sick_citizen(start=date(2026, 1, 14))
    assert alerts_on(citizen, date(2026, 1, 15))["sick_first_conversation"].due == date(2026, 3, 10)


def test_a_conversation_between_the_first_absence_day_and_the_course_start_counts():
    citizen = sick_citizen(start=date(2026, 2, 11), first_absence_day=date(2026, 1, 14))
    converse(citizen, date(2026, 2, 2))
    alerts = alerts_on(citizen, date(2026, 2, 12))
    assert "sick_first_conversation" not in alerts
    assert "sick_follow_up" in alerts


# --- Follow-up: the version in force on the first absence day ---------------------------------


def test_since_2020_four_follow_ups_are_due_within_six_months_of_the_first_absence_day():
    citizen = sick_citizen(start=date(2026, 2, 11), first_absence_day=date(2026, 1, 12))
    converse(citizen, date(2026, 2, 10))
    alert = alerts_on(citizen, date(2026, 2, 11))["sick_follow_up"]
    # 2026-01-12 + 6 months - 1 day = Saturday 2026-07-11: back to Friday 07-10.
    assert alert.due == date(2026, 7, 10)
    assert "1" in alert.message and "4" in alert.message


def test_no_follow_up_deadline_once_four_are_held_within_the_six_months():
    citizen = sick_citizen(start=date(2026, 2, 11), first_absence_day=date(2026, 1, 12))
    converse(citizen, date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 14), date(2026, 7, 11))
    assert "sick_follow_up" not in alerts_on(citizen, date(2026, 7, 12))


def test_a_follow_up_after_the_six_months_does_not_count_toward_the_four():
    citizen = sick_citizen(start=date(2026, 2, 11), first_absence_day=date(2026, 1, 12))
    converse(citizen, date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 14), date(2026, 7, 12))
    assert alerts_on(citizen, date(2026, 7, 13))["sick_follow_up"].due == date(2026, 7, 10)


@pytest.mark.parametrize(
    ("first_absence_day", "every_4_weeks"),
    [(date(2019, 12, 31), True), (date(2020, 1, 1), False)],
)
def test_every_4_weeks_applies_to_cases_whose_first_absence_day_is_before_2020(
    first_absence_day, every_4_weeks
):
    citizen = sick_citizen(start=first_absence_day, first_absence_day=first_absence_day)
    converse(citizen, date(2020, 2, 3))
    due = alerts_on(citizen, date(2020, 2, 4))["sick_follow_up"].due
    # Old version: 2020-02-03 + 4 weeks; new: the last day of the 6 months (Tuesday 06-30).
    assert due == (date(2020, 3, 2) if every_4_weeks else date(2020, 6, 30))


@pytest.mark.parametrize(
    ("sick_from", "first_conversation", "expected", "only_first"),
    [
        ("employment", date(2025, 4, 1), 10, True),  # fit 2025-05-12, well within week 13
        ("employment", date(2025, 4, 1), 30, False),  # fit 2025-09-29, after week 13 (06-30)
        ("employment", date(2025, 4, 1), 17, True),  # fit 06-30: the last day of week 13
        ("employment", date(2025, 3, 31), 17, False),  # fit 06-30: week 13 ended on 06-29
        ("unemployment", date(2025, 4, 1), 5, False),  # the exemption is for employed citizens
    ],
)
def test_2025_employed_citizens_fit_before_the_end_of_week_13_from_the_first_conversation(
    sick_from, first_conversation, expected, only_first
):
    citizen = sick_citizen(
        start=date(2025, 3, 3),
        first_absence_day=date(2025, 3, 3),
        sick_from=sick_from,
        expected=expected,
    )
    converse(citizen, first_conversation)
    alerts = alerts_on(citizen, first_conversation + timedelta(days=1))
    assert ("sick_follow_up" not in alerts) is only_first


@pytest.mark.parametrize(
    ("first_absence_day", "sick_from", "expected", "exempt"),
    [
        (date(2026, 7, 1), "employment", 25, True),  # 2026 version: absence under 26 weeks
        (date(2026, 7, 1), "employment", 26, False),  # "mindre end 26 uger": 26 is not less
        (date(2026, 7, 1), "unemployment", 10, False),  # only citizens sick from a job
        (date(2026, 7, 1), "employment", None, False),  # no expected absence recorded
        (date(2026, 6, 30), "employment", 25, False),  # the 2025 version still applies
    ],
)
def test_2026_employed_citizens_expected_absent_under_26_weeks_have_no_follow_up_deadline(
    first_absence_day, sick_from, expected, exempt
):
    citizen = sick_citizen(
        start=first_absence_day,
        first_absence_day=first_absence_day,
        sick_from=sick_from,
        expected=expected,
    )
    alerts = alerts_on(citizen, date(2026, 7, 2))
    assert ("sick_first_conversation" not in alerts) is exempt
    assert "sick_reassessment" in alerts  # the reassessment (§ 24) is not affected


@pytest.mark.parametrize(
    ("first_absence_day", "follow_up_after_one"),
    [
        (date(2026, 6, 30), True),  # 4 follow-ups within the first 6 months (2020 version)
        (date(2026, 7, 1), False),  # at least 1 in the first half year (lov nr. 1750/2025)
    ],
)
def test_the_follow_up_minimum_of_the_version_in_force_on_the_first_absence_day(
    first_absence_day, follow_up_after_one
):
    citizen = sick_citizen(
        start=first_absence_day, first_absence_day=first_absence_day, sick_from="unemployment"
    )
    converse(citizen, date(2026, 7, 15))

    alerts = alerts_on(citizen, date(2026, 7, 16))

    assert ("sick_follow_up" in alerts) is follow_up_after_one
    if follow_up_after_one:
        assert "1 af mindst 4 samtaler" in alerts["sick_follow_up"].message
        assert "§ 13 b" in alerts["sick_follow_up"].legal_reference


# --- Reassessment: the end of the month (§ 24) -------------------------------------------------


@pytest.mark.parametrize(
    ("first_absence_day", "due"),
    [
        (date(2025, 12, 28), date(2026, 5, 29)),  # 155th day 05-31 (a Sunday): end of May
        (date(2025, 12, 29), date(2026, 6, 30)),  # 155th day 06-01: end of June
    ],
)
def test_reassessment_at_the_end_of_the_month_in_which_22_weeks_are_passed(first_absence_day, due):
    citizen = sick_citizen(start=date(2026, 1, 28), first_absence_day=first_absence_day)
    assert alerts_on(citizen, date(2026, 2, 1))["sick_reassessment"].due == due


def test_reassessment_counts_from_the_first_absence_day_for_the_strategy_too():
    from strategy.computations import sick_past_reassessment

    early = sick_citizen(start=date(2026, 1, 28), first_absence_day=date(2025, 12, 28))
    late = sick_citizen(start=date(2026, 1, 28), first_absence_day=date(2025, 12, 29))
    assert alerts_on(early, date(2026, 5, 29))["sick_reassessment"].due == date(2026, 5, 29)
    result = sick_past_reassessment(date(2026, 4, 1), date(2026, 6, 15))
    # On 15 June: the first is past its reassessment (29 May); the second is due 30 June.
    assert (result.numerator, result.denominator) == (1, 2)
    assert alerts_on(late, date(2026, 6, 15))["sick_reassessment"].due == date(2026, 6, 30)


# --- Parity: per case and bulk -----------------------------------------------------------------

BASE = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=900)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=days,
    absence_before=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
    changed_after=st.one_of(st.none(), st.integers(min_value=1, max_value=120)),
    earlier=st.lists(
        st.tuples(st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=200)),
        max_size=2,
    ),
)
def test_reassessment_per_case_and_bulk_agree(start, absence_before, changed_after, earlier):
    course_start = BASE + timedelta(days=start)
    citizen = CitizenFactory(course=False)
    for gap, length in earlier:  # closed sick-pay courses ending `gap` days before the start
        end = course_start - timedelta(days=gap)
        Course.objects.create(
            citizen=citizen,
            benefit="sygedagpenge",
            readiness="",
            start=end - timedelta(days=length),
            end=end,
            outcome="ordinary_job",
        )
    course = CourseFactory(
        citizen=citizen,
        benefit="sygedagpenge",
        readiness="",
        start=course_start,
        first_absence_day=(
            None if absence_before is None else course_start - timedelta(days=absence_before)
        ),
    )
    if changed_after is not None:
        CourseChange.objects.create(
            course=course,
            effective=course_start + timedelta(days=changed_after),
            field="benefit",
            old_value="a_dagpenge",
            new_value="sygedagpenge",
        )
    citizen_set_current_course(citizen, course)
    rules = RuleBook(SICK_RULE_KEYS)
    loaded = Citizen.objects.prefetch_related("courses", "current_course__changes").get(
        pk=citizen.pk
    )
    per_case = sick_reassessment(loaded, loaded.current_course, rules=rules)
    assert reassessment_due_by_course([course.pk], rules=rules) == {course.pk: per_case.due}
