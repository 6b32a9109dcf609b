"""Deadlines and alerts (citizens.alerts) around their boundaries, with rules on the right date.

The rule rows are created here (not taken from the data migration) so every figure is visible in
the test; rows of the same keys are removed first so a migration's rows cannot shadow them.
"""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from citizens import tasks
from citizens.alerts import (
    RULE_KEYS,
    alerts_refresh,
    citizens_for_alerts,
    compute_alerts,
)
from citizens.models import (
    Alert,
    Citizen,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    PaidHours,
    PlanRevision,
)
from citizens.tasks import refresh_all_alerts
from core.models import Rule

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
_cpr_numbers = itertools.count(1)


def set_rule(
    key, value, unit, *, qualifier="", valid_from=date(2020, 1, 1), valid_to=None, reference="LAB"
):
    rule, _created = Rule.objects.update_or_create(
        key=key,
        qualifier=qualifier,
        valid_from=valid_from,
        defaults={
            "value": Decimal(value),
            "unit": unit,
            "valid_to": valid_to,
            "legal_reference": reference,
        },
    )
    return rule


@pytest.fixture
def rules(db):
    Rule.objects.filter(key__in=[*RULE_KEYS, "praktik_max_weeks_extended"]).delete()
    set_rule("jobparat_company_offer_months", 3, "months", reference="Beskæftigelsesplan")
    set_rule("sick_first_conversation_weeks", 8, "weeks", reference="SDP § 13")
    set_rule("sick_follow_up_weeks", 4, "weeks", reference="SDP § 13")
    set_rule("sick_reassessment_weeks", 22, "weeks", reference="SDP § 24")
    set_rule("sick_reassessment_window_months", 9, "months", reference="SDP § 24")
    set_rule("long_term_unemployment_percent", 80, "percent", reference="STAR")
    set_rule("long_term_unemployment_window_months", 12, "months", reference="STAR")
    set_rule(
        "frikort_amount_dkk",
        41280,
        "dkk",
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 12, 31),
        reference="JV",
    )
    set_rule(
        "frikort_amount_dkk",
        42766,
        "dkk",
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
        reference="JV",
    )
    set_rule("frikort_amount_dkk", 44000, "dkk", valid_from=date(2026, 1, 1), reference="JV")
    set_rule("plan_outdated_months", 6, "months", reference="LAB § 27")
    set_rule("frikort_warning_percent", 80, "percent", reference="Lokal praksis")
    for group, weeks in {
        "a_dagpenge": 4,
        "jobparat": 4,
        "uddannelsesparat": 4,
        "aktivitetsparat": 13,
        "sygedagpenge": 13,
        "jobafklaring": 13,
        "ressourceforloeb": 13,
    }.items():
        set_rule("praktik_max_weeks", weeks, "weeks", qualifier=group, reference="LAB § 61")
    set_rule("praktik_max_weeks_extended", 26, "weeks", reference="LAB § 61")
    for group, months in {
        "a_dagpenge": 4,
        "kontanthjaelp": 6,
        "sygedagpenge": 12,
        "jobafklaring": 12,
        "integration": 12,
    }.items():
        set_rule(
            "loentilskud_public_max_months", months, "months", qualifier=group, reference="LAB § 71"
        )
    set_rule(
        "loentilskud_private_max_months", 6, "months", qualifier="a_dagpenge", reference="LAB § 71"
    )
    set_rule("nytteindsats_max_weeks", 13, "weeks", reference="LAB § 98")


@pytest.fixture
def make_citizen(rules, jobafsnit, caseworker):
    def _make(
        *,
        benefit="kontanthjaelp",
        readiness="",
        start=date(2026, 1, 5),
        integration=False,
        with_plan=True,
    ):
        citizen = Citizen.objects.create(
            cpr=f"010190{next(_cpr_numbers):04d}",
            first_name="Test",
            last_name="Borger",
            postcode="2750",
            team=jobafsnit,
            caseworker=caseworker,
        )
        course = Course.objects.create(
            citizen=citizen,
            benefit=benefit,
            readiness=readiness,
            integration_programme=integration,
            start=start,
        )
        citizen.current_course = course
        citizen.save(update_fields=["current_course"])
        if with_plan:
            revise_plan(citizen, start, caseworker)
        return citizen

    return _make


def revise_plan(citizen, day, user):
    return PlanRevision.objects.create(
        citizen=citizen,
        job_goal="Job i butik",
        created_by=user,
        created_at=datetime(day.year, day.month, day.day, 10, tzinfo=COPENHAGEN),
    )


def converse(citizen, day, user, kind=Conversation.Kind.SYGEOPFOELGNING):
    return Conversation.objects.create(citizen=citizen, date=day, kind=kind, held_by=user)


def intervene(citizen, user, *, kind, start, end=None, company_based=False):
    return Intervention.objects.create(
        citizen=citizen,
        kind=kind,
        start=start,
        end=end,
        company_based=company_based,
        created_by=user,
    )


def alerts_on(citizen, today):
    """The alerts as the batch refresh reads the citizen (citizens_for_alerts)."""
    (citizen,) = citizens_for_alerts([citizen.pk])
    return {draft.code: draft for draft in compute_alerts(citizen, today=today)}


# --- jobparat_3_months --------------------------------------------------------------------------

# Start 2026-01-05 + 3 months = 2026-04-05, Easter Sunday: Saturday, Langfredag and Skærtorsdag
# before it are not working days either, so the due date moves back to Wednesday 2026-04-01.
JOBPARAT_DUE = date(2026, 4, 1)


@pytest.mark.parametrize(
    ("today", "expected"),
    [(JOBPARAT_DUE - timedelta(days=1), False), (JOBPARAT_DUE, True), (date(2026, 4, 7), True)],
)
def test_jobparat_3_months_shows_from_due_date_moved_before_easter(make_citizen, today, expected):
    citizen = make_citizen(readiness="jobparat")
    alerts = alerts_on(citizen, today)
    assert ("jobparat_3_months" in alerts) is expected
    if expected:
        assert alerts["jobparat_3_months"].due == JOBPARAT_DUE


def test_jobparat_3_months_applies_to_a_dagpenge_without_readiness(make_citizen):
    citizen = make_citizen(benefit="a_dagpenge")
    assert alerts_on(citizen, JOBPARAT_DUE)["jobparat_3_months"].due == JOBPARAT_DUE


def test_jobparat_3_months_not_for_aktivitetsparat(make_citizen):
    citizen = make_citizen(readiness="aktivitetsparat")
    assert "jobparat_3_months" not in alerts_on(citizen, JOBPARAT_DUE)


def test_company_based_intervention_in_the_period_prevents_jobparat_alert(make_citizen, caseworker):
    citizen = make_citizen(readiness="jobparat")
    intervene(
        citizen,
        caseworker,
        kind="virksomhedspraktik",
        start=date(2026, 2, 2),
        end=date(2026, 2, 27),
        company_based=True,
    )
    assert "jobparat_3_months" not in alerts_on(citizen, JOBPARAT_DUE)


def test_intervention_not_company_based_does_not_prevent_jobparat_alert(make_citizen, caseworker):
    citizen = make_citizen(readiness="jobparat")
    intervene(citizen, caseworker, kind="mentor", start=date(2026, 2, 2), company_based=False)
    assert "jobparat_3_months" in alerts_on(citizen, JOBPARAT_DUE)


def test_jobparat_counts_from_the_day_readiness_became_jobparat(make_citizen, caseworker):
    citizen = make_citizen(readiness="jobparat")
    CourseChange.objects.create(
        course=citizen.current_course,
        effective=date(2026, 3, 2),
        field="readiness",
        old_value="aktivitetsparat",
        new_value="jobparat",
        changed_by=caseworker,
    )
    assert "jobparat_3_months" not in alerts_on(citizen, JOBPARAT_DUE)
    # 2026-03-02 + 3 months = 2026-06-02, a Tuesday.
    assert alerts_on(citizen, date(2026, 6, 2))["jobparat_3_months"].due == date(2026, 6, 2)
    assert "jobparat_3_months" not in alerts_on(citizen, date(2026, 6, 1))


def test_jobparat_counts_from_a_dagpenge_when_jobparat_is_recorded_later(make_citizen, caseworker):
    # The case: a-dagpenge from the course start, jobparat recorded later: the earliest
    # anchor holds (the indicator counts the same way, citizens.rules.three_month).
    citizen = make_citizen(benefit="a_dagpenge", readiness="jobparat")
    CourseChange.objects.create(
        course=citizen.current_course,
        effective=date(2026, 3, 2),
        field="readiness",
        old_value="",
        new_value="jobparat",
        changed_by=caseworker,
    )
    assert alerts_on(citizen, JOBPARAT_DUE)["jobparat_3_months"].due == JOBPARAT_DUE


@pytest.mark.parametrize("kind", ["ordinaert_job", "ips", "smaajob"])
def test_other_company_based_interventions_do_not_clear_the_jobparat_alert(
    make_citizen, caseworker, kind
):
    citizen = make_citizen(readiness="jobparat")
    intervene(
        citizen,
        caseworker,
        kind=kind,
        start=date(2026, 2, 2),
        end=date(2026, 2, 27),
        company_based=True,
    )
    assert "jobparat_3_months" in alerts_on(citizen, JOBPARAT_DUE)


def test_jobparat_rule_in_force_at_the_start_of_the_period_applies(make_citizen):
    Rule.objects.filter(key="jobparat_company_offer_months").update(valid_to=date(2026, 1, 31))
    set_rule("jobparat_company_offer_months", 2, "months", valid_from=date(2026, 2, 1))
    old_rule = make_citizen(readiness="jobparat", start=date(2026, 1, 5))
    new_rule = make_citizen(readiness="jobparat", start=date(2026, 2, 9))
    today = date(2026, 4, 9)
    assert alerts_on(new_rule, today)["jobparat_3_months"].due == date(2026, 4, 9)
    assert alerts_on(old_rule, today)["jobparat_3_months"].due == JOBPARAT_DUE
    assert "jobparat_3_months" not in alerts_on(new_rule, date(2026, 4, 8))


# --- sygedagpenge -------------------------------------------------------------------------------


def test_sick_first_conversation_due_end_of_week_8_moved_before_easter(make_citizen):
    # Week 1 is 02-09..02-15; week 8 ends Sunday 2026-04-05 (Easter): back to Wednesday 04-01.
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 2, 9))
    alert = alerts_on(citizen, date(2026, 2, 10))["sick_first_conversation"]
    assert alert.due == date(2026, 4, 1)
    assert "sick_follow_up" not in alerts_on(citizen, date(2026, 2, 10))


def test_sick_first_conversation_due_on_the_last_day_of_week_8_when_working(make_citizen):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 7))  # a Wednesday
    assert alerts_on(citizen, date(2026, 1, 8))["sick_first_conversation"].due == date(2026, 3, 3)


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_sick_first_conversation_stays_until_held_around_its_due_date(make_citizen, offset):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 7))
    alerts = alerts_on(citizen, date(2026, 3, 3) + timedelta(days=offset))
    assert alerts["sick_first_conversation"].due == date(2026, 3, 3)


def test_other_conversation_kinds_do_not_count_as_sick_follow_up(make_citizen, caseworker):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 7))
    converse(citizen, date(2026, 2, 2), caseworker, kind=Conversation.Kind.JOBRETTET)
    assert "sick_first_conversation" in alerts_on(citizen, date(2026, 2, 3))


def test_a_future_conversation_is_not_yet_held(make_citizen, caseworker):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 7))
    converse(citizen, date(2026, 2, 20), caseworker)
    assert "sick_first_conversation" in alerts_on(citizen, date(2026, 2, 19))
    assert "sick_follow_up" in alerts_on(citizen, date(2026, 2, 20))


def test_sick_follow_up_every_4_weeks_after_the_last_conversation(make_citizen, caseworker):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 7))
    converse(citizen, date(2026, 2, 2), caseworker)
    converse(citizen, date(2026, 3, 2), caseworker)
    alerts = alerts_on(citizen, date(2026, 3, 3))
    assert "sick_first_conversation" not in alerts
    assert alerts["sick_follow_up"].due == date(2026, 3, 30)


def test_sick_follow_up_due_on_christmas_day_moves_to_christmas_eve(make_citizen, caseworker):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 10, 1))
    converse(citizen, date(2026, 11, 27), caseworker)  # + 4 weeks = Friday 2026-12-25
    assert alerts_on(citizen, date(2026, 12, 1))["sick_follow_up"].due == date(2026, 12, 24)


def test_sick_follow_up_uses_the_rule_in_force_on_the_first_absence_day(make_citizen, caseworker):
    Rule.objects.filter(key="sick_follow_up_weeks").update(valid_to=date(2026, 2, 28))
    set_rule("sick_follow_up_weeks", 6, "weeks", valid_from=date(2026, 3, 1))
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 7))
    converse(citizen, date(2026, 3, 2), caseworker)  # the case keeps 4 weeks: 2026-03-30
    assert alerts_on(citizen, date(2026, 3, 3))["sick_follow_up"].due == date(2026, 3, 30)
    later = make_citizen(benefit="sygedagpenge", start=date(2026, 3, 2))
    converse(later, date(2026, 3, 9), caseworker)  # a Monday: + 6 weeks = 2026-04-20
    assert alerts_on(later, date(2026, 3, 10))["sick_follow_up"].due == date(2026, 4, 20)


@pytest.mark.parametrize("today", [date(2026, 6, 7), date(2026, 6, 8), date(2026, 7, 1)])
def test_sick_reassessment_due_at_the_end_of_the_month_22_weeks_are_passed(make_citizen, today):
    # 2026-01-05 .. 2026-06-07 is 154 days = 22 weeks; the 155th day falls in June: due 06-30.
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 5))
    assert alerts_on(citizen, today)["sick_reassessment"].due == date(2026, 6, 30)


def test_sick_reassessment_counts_an_earlier_sick_course_within_9_months(make_citizen):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 5))
    Course.objects.create(
        citizen=citizen,
        benefit="sygedagpenge",
        start=date(2025, 9, 1),
        end=date(2025, 10, 31),
        outcome="ordinary_job",
    )  # 61 days
    # End of March: 61 + 86 days (Jul-Mar) = 147; end of April: 61 + 116 = 177 > 154.
    assert alerts_on(citizen, date(2026, 2, 1))["sick_reassessment"].due == date(2026, 4, 30)


def test_sick_reassessment_ignores_sick_courses_older_than_9_months(make_citizen):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 5))
    Course.objects.create(
        citizen=citizen,
        benefit="sygedagpenge",
        start=date(2024, 1, 1),
        end=date(2024, 6, 30),
        outcome="ordinary_job",
    )
    assert alerts_on(citizen, date(2026, 2, 1))["sick_reassessment"].due == date(2026, 6, 30)


def test_no_sick_alerts_for_other_benefits(make_citizen):
    alerts = alerts_on(make_citizen(benefit="kontanthjaelp"), date(2026, 2, 1))
    assert not {"sick_first_conversation", "sick_follow_up", "sick_reassessment"} & set(alerts)


# --- long_term_unemployed ---------------------------------------------------------------------

# From 2025-06-01: 292 of the 365 days up to 2026-03-19 (a Thursday) is 80 %.
LONG_TERM_REACHED = date(2026, 3, 19)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (LONG_TERM_REACHED - timedelta(days=1), False),
        (LONG_TERM_REACHED, True),
        (date(2026, 5, 1), True),
    ],
)
def test_long_term_unemployed_from_80_percent_of_12_months(make_citizen, today, expected):
    citizen = make_citizen(benefit="kontanthjaelp", start=date(2025, 6, 1))
    alerts = alerts_on(citizen, today)
    assert ("long_term_unemployed" in alerts) is expected
    if expected:
        assert alerts["long_term_unemployed"].due == LONG_TERM_REACHED


def test_long_term_unemployed_counts_an_earlier_course_despite_a_gap(make_citizen):
    citizen = make_citizen(benefit="kontanthjaelp", start=date(2025, 10, 1))
    Course.objects.create(
        citizen=citizen,
        benefit="a_dagpenge",
        start=date(2025, 1, 1),
        end=date(2025, 8, 31),
        outcome="other",
    )
    assert "long_term_unemployed" in alerts_on(citizen, date(2026, 3, 1))


def test_long_term_unemployed_uses_the_percentage_in_force_today(make_citizen):
    Rule.objects.filter(key="long_term_unemployment_percent").update(valid_to=date(2026, 3, 31))
    set_rule("long_term_unemployment_percent", 90, "percent", valid_from=date(2026, 4, 1))
    citizen = make_citizen(benefit="kontanthjaelp", start=date(2025, 6, 1))
    assert "long_term_unemployed" in alerts_on(citizen, date(2026, 3, 31))
    # 305 of 365 days on 2026-04-01 is 83.6 %: under the new 90 %.
    assert "long_term_unemployed" not in alerts_on(citizen, date(2026, 4, 1))


def test_not_long_term_unemployed_while_on_sygedagpenge(make_citizen):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 1))
    Course.objects.create(
        citizen=citizen,
        benefit="kontanthjaelp",
        start=date(2024, 1, 1),
        end=date(2025, 12, 31),
        outcome="other",
    )
    assert "long_term_unemployed" not in alerts_on(citizen, date(2026, 1, 10))


# --- intervention maxima -----------------------------------------------------------------------

# (The maxima themselves are tested in tests/citizens/rules/test_intervention_max.py.)


def test_planned_intervention_over_max_alerts_with_the_last_allowed_day(make_citizen, caseworker):
    citizen = make_citizen(readiness="jobparat", start=date(2026, 2, 2))
    # From 2026-03-02 the 4 weeks end Sunday 03-29: due Friday 03-27.
    intervene(
        citizen,
        caseworker,
        kind="virksomhedspraktik",
        start=date(2026, 3, 2),
        end=date(2026, 4, 10),
        company_based=True,
    )
    alerts = alerts_on(citizen, date(2026, 3, 1))
    assert alerts["intervention_over_max"].due == date(2026, 3, 27)
    assert "intervention_over_max" not in alerts_on(citizen, date(2026, 4, 11))


@pytest.mark.parametrize(
    ("today", "expected"), [(date(2026, 3, 29), False), (date(2026, 3, 30), True)]
)
def test_open_ended_intervention_alerts_once_past_its_maximum(
    make_citizen, caseworker, today, expected
):
    citizen = make_citizen(readiness="jobparat", start=date(2026, 2, 2))
    intervene(
        citizen, caseworker, kind="virksomhedspraktik", start=date(2026, 3, 2), company_based=True
    )
    alerts = alerts_on(citizen, today)
    assert ("intervention_over_max" in alerts) is expected
    if expected:
        assert alerts["intervention_over_max"].due == date(2026, 3, 27)


def test_intervention_within_its_maximum_gives_no_alert(make_citizen, caseworker):
    citizen = make_citizen(readiness="aktivitetsparat", start=date(2026, 2, 2))
    intervene(
        citizen,
        caseworker,
        kind="virksomhedspraktik",
        start=date(2026, 3, 2),
        end=date(2026, 5, 31),
    )
    assert "intervention_over_max" not in alerts_on(citizen, date(2026, 3, 1))


# --- frikort_near_cap ---------------------------------------------------------------------------


def _earn(citizen, year, amounts, *, under_frikort=True):
    for month, amount in enumerate(amounts, start=1):
        PaidHours.objects.create(
            citizen=citizen,
            month=date(year, month, 1),
            hours=10,
            earnings=Decimal(amount),
            under_frikort=under_frikort,
        )


@pytest.mark.parametrize(
    ("earned", "level"),
    [("33023", None), ("33024", "80"), ("41279", "80"), ("41280", "100"), ("45000", "100")],
)
def test_frikort_levels_against_the_2024_amount(make_citizen, earned, level):
    citizen = make_citizen(start=date(2024, 1, 1))
    _earn(citizen, 2024, [Decimal(earned) - 1000, 1000])
    today = date(2024, 10, 15)
    with translation.override("en"):
        alert = alerts_on(citizen, today).get("frikort_near_cap")
    if level is None:
        assert alert is None
        return
    assert alert.due == today
    if level == "100":
        assert "41.280 DKK is reached (100 %)" in alert.message
    else:
        assert "at least 80 % of the yearly amount of 41.280 DKK" in alert.message


def test_frikort_uses_the_amount_of_the_year(make_citizen):
    # 34,000 DKK is 82 % of the 2024 amount but 79.5 % of the 2025 amount.
    citizen_2024 = make_citizen(start=date(2024, 1, 1))
    _earn(citizen_2024, 2024, [34000])
    citizen_2025 = make_citizen(start=date(2024, 1, 1))
    _earn(citizen_2025, 2025, [34000])
    assert "frikort_near_cap" in alerts_on(citizen_2024, date(2024, 6, 3))
    assert "frikort_near_cap" not in alerts_on(citizen_2025, date(2025, 6, 3))


def test_frikort_counts_only_this_year_and_frikort_earnings(make_citizen):
    citizen = make_citizen(start=date(2024, 1, 1))
    _earn(citizen, 2024, [40000])
    _earn(citizen, 2025, [20000])
    PaidHours.objects.create(
        citizen=citizen,
        month=date(2025, 2, 1),
        hours=40,
        earnings=Decimal(20000),
        under_frikort=False,
    )
    assert "frikort_near_cap" not in alerts_on(citizen, date(2025, 6, 3))


def test_frikort_due_on_a_saturday_moves_back_to_friday(make_citizen):
    citizen = make_citizen(start=date(2024, 1, 1))
    _earn(citizen, 2024, [41280])
    assert alerts_on(citizen, date(2024, 10, 19))["frikort_near_cap"].due == date(2024, 10, 18)


# --- plan_outdated -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2026, 7, 2), False), (date(2026, 7, 3), True), (date(2026, 7, 6), True)],
)
def test_plan_outdated_six_months_after_the_last_revision(make_citizen, today, expected):
    # 2026-01-05 + 6 months = Sunday 2026-07-05: due Friday 07-03.
    citizen = make_citizen(start=date(2026, 1, 5))
    alerts = alerts_on(citizen, today)
    assert ("plan_outdated" in alerts) is expected
    if expected:
        assert alerts["plan_outdated"].due == date(2026, 7, 3)


def test_a_new_plan_revision_resets_plan_outdated(make_citizen, caseworker):
    citizen = make_citizen(start=date(2026, 1, 5))
    revise_plan(citizen, date(2026, 6, 1), caseworker)
    assert "plan_outdated" not in alerts_on(citizen, date(2026, 7, 6))


def test_citizen_without_any_plan_is_alerted_from_the_course_start(make_citizen):
    citizen = make_citizen(start=date(2026, 1, 5), with_plan=False)
    assert alerts_on(citizen, date(2026, 1, 5))["plan_outdated"].due == date(2026, 1, 5)


def test_plan_outdated_uses_the_rule_in_force_on_the_revision(make_citizen):
    Rule.objects.filter(key="plan_outdated_months").update(valid_to=date(2025, 12, 31))
    set_rule("plan_outdated_months", 3, "months", valid_from=date(2026, 1, 1))
    old = make_citizen(start=date(2025, 12, 1))
    new = make_citizen(start=date(2026, 1, 5))
    # 2026-01-05 + 3 months = Easter Sunday: back to 2026-04-01.
    assert alerts_on(new, date(2026, 4, 1))["plan_outdated"].due == date(2026, 4, 1)
    assert "plan_outdated" not in alerts_on(old, date(2026, 4, 1))


# --- who gets alerts ----------------------------------------------------------------------------


def test_no_alerts_without_an_open_course(make_citizen):
    citizen = make_citizen(readiness="jobparat", with_plan=False)
    Citizen.objects.filter(pk=citizen.pk).update(current_course=None)
    assert alerts_on(citizen, date(2026, 6, 1)) == {}


def test_missing_rule_skips_only_that_alert(make_citizen):
    citizen = make_citizen(readiness="jobparat", with_plan=False)
    Rule.objects.filter(key="jobparat_company_offer_months").delete()
    alerts = alerts_on(citizen, date(2026, 6, 1))
    assert "jobparat_3_months" not in alerts
    assert "plan_outdated" in alerts


# --- alerts_refresh -----------------------------------------------------------------------------


def _stored(citizens):
    return set(
        Alert.objects.filter(citizen__in=citizens).values_list(
            "pk", "citizen_id", "code", "due", "message"
        )
    )


def test_alerts_refresh_stores_the_alerts_in_danish_site_language(make_citizen):
    citizen = make_citizen(readiness="jobparat", with_plan=False)
    assert settings.LANGUAGE_CODE == "da"
    assert alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 4, 7)) == 2
    assert set(citizen.alerts.values_list("code", "due")) == {
        ("jobparat_3_months", JOBPARAT_DUE),
        ("plan_outdated", date(2026, 1, 5)),
    }


def test_alerts_refresh_twice_leaves_the_same_rows(make_citizen):
    citizens = [make_citizen(readiness="jobparat", with_plan=False) for _ in range(3)]
    ids = [citizen.pk for citizen in citizens]
    alerts_refresh(citizen_ids=ids, today=date(2026, 4, 7))
    first = _stored(citizens)
    alerts_refresh(citizen_ids=ids, today=date(2026, 4, 7))
    assert _stored(citizens) == first
    assert len(first) == 6


def test_alerts_refresh_removes_alerts_no_longer_due(make_citizen, caseworker):
    citizen = make_citizen(readiness="jobparat", with_plan=False)
    alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 4, 7))
    revise_plan(citizen, date(2026, 4, 7), caseworker)
    intervene(
        citizen,
        caseworker,
        kind="virksomhedspraktik",
        start=date(2026, 4, 7),
        end=date(2026, 5, 1),
        company_based=True,
    )
    assert alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 4, 7)) == 0
    assert not citizen.alerts.exists()


def test_alerts_refresh_clears_alerts_when_the_course_is_closed(make_citizen):
    citizen = make_citizen(readiness="jobparat", with_plan=False)
    alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 4, 7))
    Citizen.objects.filter(pk=citizen.pk).update(current_course=None)
    refresh_all_alerts()
    assert not citizen.alerts.exists()


def test_the_nightly_refresh_is_shared_out_in_id_ranges_that_cover_everyone(
    make_citizen, monkeypatch
):
    monkeypatch.setattr(tasks, "NIGHTLY_ALERT_TASK_CITIZENS", 2)
    citizens = [make_citizen(readiness="jobparat", with_plan=False) for _ in range(5)]
    closed = citizens[2]
    alerts_refresh(citizen_ids=[closed.pk])
    assert closed.alerts.exists()
    Citizen.objects.filter(pk=closed.pk).update(current_course=None)
    sent = []
    send_now = tasks.send_now

    def spy(task, calls, **kwargs):
        calls = list(calls)
        sent.extend((task.name, args) for args, _kwargs in calls)
        return send_now(task, calls, **kwargs)

    monkeypatch.setattr(tasks, "send_now", spy)

    assert refresh_all_alerts() == 5

    ids = [citizen.pk for citizen in citizens]
    assert sent == [
        ("citizens.tasks.refresh_alerts_in_range", (ids[0], ids[1])),
        ("citizens.tasks.refresh_alerts_in_range", (ids[2], ids[3])),
        ("citizens.tasks.refresh_alerts_in_range", (ids[4], ids[4])),
    ]
    # The tasks ran (eager here): every open course has its alerts, the closed one none.
    assert not closed.alerts.exists()
    for citizen in citizens:
        if citizen is not closed:
            assert citizen.alerts.filter(code="plan_outdated").exists()


def test_alerts_refresh_updates_a_due_date_in_place(make_citizen, caseworker):
    citizen = make_citizen(benefit="sygedagpenge", start=date(2026, 1, 7))
    alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 2, 3))
    converse(citizen, date(2026, 2, 2), caseworker)
    converse(citizen, date(2026, 2, 3), caseworker)
    alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 2, 3))
    codes = dict(citizen.alerts.values_list("code", "due"))
    assert "sick_first_conversation" not in codes
    assert codes["sick_follow_up"] == date(2026, 3, 3)


def _busy_citizens(make_citizen, caseworker, count):
    citizens = []
    for index in range(count):
        citizen = make_citizen(
            benefit="sygedagpenge" if index % 2 else "kontanthjaelp",
            readiness="" if index % 2 else "jobparat",
            start=date(2025, 1, 6),
        )
        converse(citizen, date(2025, 3, 3), caseworker)
        intervene(citizen, caseworker, kind="virksomhedspraktik", start=date(2026, 3, 2))
        _earn(citizen, 2026, [40000])
        citizens.append(citizen)
    return citizens


def _queries_for_refresh(citizens):
    with CaptureQueriesContext(connection) as queries:
        alerts_refresh(citizen_ids=[citizen.pk for citizen in citizens], today=date(2026, 4, 7))
    statements = [query["sql"] for query in queries.captured_queries]
    inserts = [sql for sql in statements if sql.startswith("INSERT")]
    return len(statements) - len(inserts), len(inserts)


def test_alerts_refresh_query_count_does_not_grow_with_citizens(make_citizen, caseworker):
    few = _busy_citizens(make_citizen, caseworker, 5)
    many = _busy_citizens(make_citizen, caseworker, 50)
    few_reads, few_inserts = _queries_for_refresh(few)
    many_reads, many_inserts = _queries_for_refresh(many)
    assert few_reads == many_reads
    # One upsert statement, except that SQLite caps the parameters of one statement (999), so
    # Django splits the 250 rows of 5 columns in two there.
    assert few_inserts == 1
    assert many_inserts == (1 if connection.vendor == "postgresql" else 2)
    assert Alert.objects.filter(citizen__in=many).count() >= 50 * 4


def test_a_refresh_that_finds_every_alert_as_stored_writes_nothing(make_citizen, caseworker):
    citizens = _busy_citizens(make_citizen, caseworker, 3)
    alerts_refresh(citizen_ids=[citizen.pk for citizen in citizens], today=date(2026, 4, 7))
    before = {alert.pk: alert.computed_at for alert in Alert.objects.filter(citizen__in=citizens)}
    _reads, inserts = _queries_for_refresh(citizens)
    assert inserts == 0
    after = {alert.pk: alert.computed_at for alert in Alert.objects.filter(citizen__in=citizens)}
    assert after == before


def test_a_refresh_rewrites_only_the_alert_that_changed(make_citizen, caseworker):
    citizens = _busy_citizens(make_citizen, caseworker, 2)
    alerts_refresh(citizen_ids=[citizen.pk for citizen in citizens], today=date(2026, 4, 7))
    tampered = Alert.objects.filter(citizen=citizens[0]).first()
    Alert.objects.filter(pk=tampered.pk).update(due=date(2000, 1, 1), message="old")
    untouched = {
        alert.pk: alert.computed_at
        for alert in Alert.objects.filter(citizen__in=citizens).exclude(pk=tampered.pk)
    }
    alerts_refresh(citizen_ids=[citizen.pk for citizen in citizens], today=date(2026, 4, 7))
    tampered.refresh_from_db()
    assert tampered.due != date(2000, 1, 1)
    assert tampered.message != "old"
    assert {
        alert.pk: alert.computed_at
        for alert in Alert.objects.filter(citizen__in=citizens).exclude(pk=tampered.pk)
    } == untouched
