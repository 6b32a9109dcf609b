"""The contact rule (citizens.rules.contact): conversations required per group and date, the
first 6 months to the day, and the per-case and bulk forms agreeing. Rule rows as migrated."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.alerts import RuleBook
from citizens.models import Course, CourseChange
from citizens.rules import contact
from core.rules import rule_value
from tests.factories.citizens import CitizenFactory, ConversationFactory, CourseFactory

pytestmark = pytest.mark.django_db


def course_with(benefit, readiness, start, conversations=(), kind="jobrettet"):
    citizen = CitizenFactory(course=False)
    course = CourseFactory(citizen=citizen, benefit=benefit, readiness=readiness, start=start)
    for day in conversations:
        ConversationFactory(citizen=citizen, date=day, kind=kind)
    return course


def obligation(course):
    return contact.obligation_for(course, course.citizen.conversations.all())


@pytest.mark.parametrize(
    ("benefit", "readiness", "start", "required"),
    [
        ("a_dagpenge", "", date(2023, 6, 1), 4),
        ("a_dagpenge", "", date(2024, 1, 1), 3),
        ("a_dagpenge", "", date(2026, 6, 30), 3),
        ("a_dagpenge", "", date(2026, 7, 1), 2),
        ("kontanthjaelp", "jobparat", date(2026, 6, 30), 4),
        ("kontanthjaelp", "jobparat", date(2026, 7, 1), 4),
        ("ledighedsydelse", "", date(2026, 7, 1), 4),
        ("ledighedsydelse", "", date(2025, 1, 1), 4),
    ],
)
def test_conversations_required_per_group_by_the_law_in_force_at_the_start(
    benefit, readiness, start, required
):
    assert obligation(course_with(benefit, readiness, start)).required == required


def test_aktivitetsparate_and_sick_courses_are_outside_the_rule():
    assert obligation(course_with("kontanthjaelp", "aktivitetsparat", date(2026, 7, 1))) is None
    assert obligation(course_with("sygedagpenge", "", date(2026, 7, 1))) is None


def test_the_first_6_months_end_the_day_before_the_same_date_six_months_on():
    start = date(2026, 8, 31)
    inside = [date(2026, 9, 1), date(2027, 2, 27)]
    course = course_with("a_dagpenge", "", start, [*inside, date(2027, 2, 28)])
    found = obligation(course)
    assert found.window_end == date(2027, 2, 27)  # 31 Aug + 6 months = 28 Feb, minus a day
    assert (found.held, found.met, found.next_due()) == (2, True, None)


def test_an_unmet_obligation_is_due_by_the_end_of_the_first_period():
    course = course_with("kontanthjaelp", "jobparat", date(2026, 7, 1), [date(2026, 7, 2)])
    found = obligation(course)
    assert (found.held, found.missing, found.next_due()) == (1, 3, date(2026, 12, 31))


def test_follow_ups_do_not_count_but_joint_conversations_do():
    course = course_with("a_dagpenge", "", date(2026, 7, 1), [date(2026, 8, 1)], "opfoelgning")
    ConversationFactory(citizen=course.citizen, date=date(2026, 9, 1), kind="faellessamtale")
    assert obligation(course).held == 1


def test_the_group_is_the_one_at_the_course_start():
    course = course_with("kontanthjaelp", "jobparat", date(2026, 7, 1))
    CourseChange.objects.create(
        course=course,
        effective=date(2026, 8, 1),
        field="readiness",
        old_value="jobparat",
        new_value="aktivitetsparat",
    )
    course.readiness = "aktivitetsparat"
    course.save()
    assert obligation(course).group == "jobparat"


def test_the_75_percent_share_applies_from_1_july_2026():
    assert rule_value("conversations_first_6_months_percent", on=date(2026, 6, 30)) == 100
    assert rule_value("conversations_first_6_months_percent", on=date(2026, 7, 1)) == 75


CASES = st.lists(
    st.fixed_dictionaries(
        {
            "benefit": st.sampled_from(
                [
                    "a_dagpenge",
                    "kontanthjaelp",
                    "uddannelseshjaelp",
                    "ledighedsydelse",
                    "sygedagpenge",
                ]
            ),
            "readiness": st.sampled_from(["", "jobparat", "aktivitetsparat"]),
            "start": st.one_of(
                st.dates(date(2019, 10, 1), date(2027, 6, 30)),
                st.sampled_from([date(2026, 8, 31), date(2026, 6, 30), date(2023, 12, 31)]),
            ),
            "changed": st.one_of(st.none(), st.integers(0, 60)),
            "conversations": st.lists(
                st.tuples(
                    st.integers(-5, 200),
                    st.sampled_from(["jobrettet", "opfoelgning", "faellessamtale"]),
                ),
                max_size=6,
            ),
        }
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=CASES)
def test_the_bulk_annotation_agrees_with_the_per_case_rule(db, cases):
    with transaction.atomic():
        rules = RuleBook(keys=contact.RULE_KEYS)
        expected = {}
        for case in cases:
            course = course_with(case["benefit"], case["readiness"], case["start"])
            if case["changed"] is not None:
                CourseChange.objects.create(
                    course=course,
                    effective=case["start"] + timedelta(case["changed"]),
                    field="benefit",
                    old_value="a_dagpenge",
                    new_value=case["benefit"],
                )
            for offset, kind in case["conversations"]:
                ConversationFactory(
                    citizen=course.citizen, date=case["start"] + timedelta(offset), kind=kind
                )
            found = contact.obligation_for(
                Course.objects.prefetch_related("changes").get(pk=course.pk),
                course.citizen.conversations.all(),
                rules=rules,
            )
            expected[course.pk] = (
                None
                if found is None
                else (found.group, found.required, found.held, found.window_end)
            )
        rows = contact.annotate_obligation(
            Course.objects.filter(pk__in=list(expected))
        ).values_list(
            "pk", "contact_group", "contact_required", "contact_held", "contact_window_end"
        )
        bulk = {
            pk: None if required is None else (group, required, held, window_end)
            for pk, group, required, held, window_end in rows
        }
        assert bulk == expected
        transaction.set_rollback(True)


def test_the_record_shows_the_job_conversations_held_against_the_requirement(client, caseworker):
    citizen = CitizenFactory(
        team=caseworker.team,
        course__benefit="kontanthjaelp",
        course__readiness="jobparat",
        course__start=date(2026, 7, 1),
    )
    ConversationFactory(citizen=citizen, date=date(2026, 7, 2))
    client.force_login(caseworker)
    page = client.get(f"/borgere/{citizen.pk}/").content.decode()
    assert "1 af 4" in page
    assert "31-12-2026" in page
