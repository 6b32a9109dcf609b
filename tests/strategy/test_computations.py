"""Each computation on small hand-made data; the expected answer is worked out in a comment.

The period is 2025-Q2 (S = 1 April, E = 30 June 2025) unless a test says otherwise."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from employers.models import Employer
from strategy.computations import COMPUTATIONS, compute
from strategy.models import Indicator, Measurement
from strategy.periods import period_parse
from tests.factories.citizens import PaidHoursFactory
from tests.factories.core import TeamFactory, UserFactory
from tests.factories.employers import (
    EmployerContactFactory,
    PlacementFactory,
    WorkplaceFactory,
)

from .conftest import change, conversation, intervention, make_course

pytestmark = pytest.mark.django_db


def run(key, period="2025-Q2", **kwargs):
    p = period_parse(period)
    return compute(key, p.start, p.end, **kwargs)


def test_every_seeded_computed_indicator_has_a_registered_computation():
    keys = set(Indicator.objects.filter(source="computed").values_list("computation", flat=True))

    assert keys <= set(COMPUTATIONS)


# --- As of the period end; a course spanning quarters ---------------------------------------


def test_a_course_counts_in_each_quarter_by_its_state_then():
    # B: kontanthjælp from 1 Feb, changed to sygedagpenge from 15 May -> sick on 30 June only.
    b = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 2, 1))
    change(b, "benefit", "kontanthjaelp", "sygedagpenge", date(2025, 5, 15))
    # C: sygedagpenge 1 Jan - 31 May: active on 31 March, ended before 30 June.
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1), end=date(2025, 5, 31))
    # D: jobafklaring from 1 July: in neither quarter.
    make_course(benefit="jobafklaring", start=date(2025, 7, 1))
    # E: jobafklaring 1 Jan - 30 June (ends on E): active on both period ends.
    make_course(benefit="jobafklaring", start=date(2025, 1, 1), end=date(2025, 6, 30))

    # Q1 (E = 31 March): C and E = 2; Q2 (E = 30 June): B and E = 2; Q3: B and D = 2;
    # 2024-Q4: nobody.
    assert run("sick_count", "2025-Q1").value == 2
    assert run("sick_count", "2025-Q2").value == 2
    assert run("sick_count", "2025-Q3").value == 2
    assert run("sick_count", "2024-Q4").value == 0
    # A month: March 2025 as Q1.
    assert run("sick_count", "2025-03").value == 2


def test_team_limits_the_citizens_counted():
    mine, other = TeamFactory(name="Jobafsnit", slug="jobafsnit"), TeamFactory(name="Unge")
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1), team=mine)
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1), team=other)
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1), team=other)

    assert run("sick_count").value == 3
    assert run("sick_count", team=mine).value == 1
    assert run("sick_count", team=other).value == 2


# --- Focus area 1 -----------------------------------------------------------------------------


def workplaces_figure(period: str, value) -> None:
    Measurement.objects.create(
        indicator=Indicator.objects.get(key="workplaces_in_municipality"),
        period_kind="quarter",
        period_start=period_parse(period).start,
        value=value,
        source="manual",
    )


def test_samarbejdsgrad_over_the_yearly_figure_of_workplaces():
    # Window: the 12 months ending 30 June 2025 = 1 July 2024 .. 30 June 2025.
    visited_first_day = WorkplaceFactory(postcode="2750")
    EmployerContactFactory(
        employer=visited_first_day.employer, date=date(2024, 7, 1), kind="besoeg"
    )
    visited_too_early = WorkplaceFactory(postcode="2750")
    EmployerContactFactory(
        employer=visited_too_early.employer, date=date(2024, 6, 30), kind="moede"
    )
    mailed = WorkplaceFactory(postcode="2750")  # an e-mail alone is not cooperation
    EmployerContactFactory(employer=mailed.employer, date=date(2025, 6, 1), kind="mail")
    placed = WorkplaceFactory(postcode="2740")
    PlacementFactory(opening__workplace=placed, start=date(2025, 1, 1))  # in
    PlacementFactory(
        opening__workplace__postcode="2750", start=date(2025, 1, 1), status="cancelled"
    )
    Employer.objects.update(created_at=datetime(2024, 1, 1, tzinfo=UTC))
    workplaces_figure("2025-Q1", 40)

    result = run("samarbejdsgrad")

    # 2 workplaces in the municipality cooperated with, of the 40 entered for 2025 -> 5 %.
    assert (result.numerator, result.denominator, result.value) == (2, 40, Decimal("5.0000"))


def test_samarbejdsgrad_has_no_value_without_this_years_figure():
    visited = WorkplaceFactory(postcode="2750")
    EmployerContactFactory(employer=visited.employer, date=date(2025, 6, 1), kind="besoeg")
    Employer.objects.update(created_at=datetime(2024, 1, 1, tzinfo=UTC))
    workplaces_figure("2024-Q4", 40)  # last year's figure does not count for 2025

    result = run("samarbejdsgrad")

    assert result.value is None
    assert result.numerator == 1


def test_distinct_staff_per_active_citizen():
    # Window: the 90 days ending 30 June 2025 = 2 April .. 30 June.
    u1, u2, u3 = UserFactory(), UserFactory(), UserFactory()
    a = make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 1, 1))
    conversation(a, date(2025, 5, 1), held_by=u1)
    conversation(a, date(2025, 6, 1), held_by=u1)  # the same member of staff again
    conversation(a, date(2025, 4, 1), held_by=u2)  # the day before the window
    intervention(a, "virksomhedspraktik", date(2025, 6, 15), created_by=u3)
    make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 1, 1))  # none
    closed = make_course(benefit="a_dagpenge", start=date(2025, 1, 1), end=date(2025, 3, 31))
    conversation(closed, date(2025, 5, 1))  # not active on 30 June

    result = run("distinct_staff")

    # Pairs: (A, u1), (A, u3) = 2; active citizens: A and B = 2 -> 2 / 2 = 1.
    assert (result.numerator, result.denominator, result.value) == (2, 2, Decimal("1.0000"))


# --- Company-based share and paid hours --------------------------------------------------------


def test_company_based_share_per_segment_as_of_the_period_end():
    def ikke_jobparat():
        return make_course(
            benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2024, 1, 1)
        )

    a = ikke_jobparat()
    intervention(a, "virksomhedspraktik", date(2025, 3, 1), date(2025, 4, 1))  # overlaps 1 April
    b = ikke_jobparat()
    PaidHoursFactory(citizen=b.citizen, month=date(2025, 6, 1), hours=10)  # paid hours in June
    c = ikke_jobparat()
    intervention(c, "virksomhedspraktik", date(2025, 3, 1), date(2025, 3, 31))  # before Q2
    d = ikke_jobparat()
    intervention(d, "mentor", date(2025, 4, 1), None)  # not company-based
    e = make_course(benefit="a_dagpenge", readiness="jobparat", start=date(2025, 1, 1))
    intervention(e, "virksomhedspraktik", date(2025, 4, 1))  # other segment
    f = ikke_jobparat()  # aktivitetsparat on 30 June; jobparat only from 15 July
    change(f, "readiness", "aktivitetsparat", "jobparat", date(2025, 7, 15))

    result = run("company_based_share", segment="ikke_jobparate")

    # ikke-jobparate on 30 June: A, B, C, D, F = 5; with company-based or paid hours: A, B = 2.
    # 2 / 5 = 40 %.
    assert (result.numerator, result.denominator, result.value) == (2, 5, Decimal("40.0000"))
    # All segments: A..F = 6 citizens; A, B, E = 3 -> 50 %.
    assert run("company_based_share").value == Decimal("50.0000")


def test_paid_hours_share_of_the_target_group():
    a = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=a.citizen, month=date(2025, 5, 1))  # yes
    make_course(benefit="ressourceforloeb", start=date(2025, 1, 1))  # no paid hours
    c = make_course(
        benefit="uddannelseshjaelp", readiness="aktivitetsparat", start=date(2024, 1, 1)
    )
    PaidHoursFactory(citizen=c.citizen, month=date(2025, 3, 1))  # before the period
    d = make_course(benefit="a_dagpenge", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=d.citizen, month=date(2025, 5, 1))  # not in the target group
    e = make_course(benefit="foertidspension", start=date(2024, 1, 1))
    PaidHoursFactory(citizen=e.citizen, month=date(2025, 5, 1))  # not in the target group
    f = make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=f.citizen, month=date(2025, 5, 1))  # jobparat: not in the group
    g = make_course(
        benefit="kontanthjaelp",
        readiness="aktivitetsparat",
        start=date(2025, 1, 1),
        integration=True,
    )
    PaidHoursFactory(citizen=g.citizen, month=date(2025, 5, 1))  # integration programme: area 5

    result = run("paid_hours_share")

    # Target group A, B, C = 3; with ordinary paid hours in Q2: A = 1 -> 33.3333 %.
    assert (result.numerator, result.denominator, result.value) == (1, 3, Decimal("33.3333"))


def test_frikort_months_are_never_counted_as_ordinary_paid_hours():
    a = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=a.citizen, month=date(2025, 5, 1), under_frikort=True)
    b = make_course(benefit="ressourceforloeb", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=b.citizen, month=date(2025, 5, 1))

    paid = run("paid_hours_share")
    company = run("company_based_share")

    # A earns only under the socialt frikort: in the denominators, never in the numerators.
    assert (paid.numerator, paid.denominator) == (1, 2)
    assert (company.numerator, company.denominator) == (1, 2)


# --- Focus area 2 ------------------------------------------------------------------------------


def test_early_offer_within_91_days_of_the_start():
    # Cohort: courses started 1 Jan .. 31 March 2025 (3 months before Q2), jobparat/a-dagpenge.
    a = make_course(benefit="a_dagpenge", start=date(2025, 1, 1))
    intervention(a, "virksomhedspraktik", date(2025, 3, 1))  # day 59: yes
    b = make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 3, 31))
    intervention(b, "opkvalificering", date(2025, 6, 30))  # 91 days after: too late
    c = make_course(benefit="a_dagpenge", start=date(2025, 2, 1))
    intervention(c, "ordinaert_job", date(2025, 2, 15))  # an ordinary job is no offer
    d = make_course(benefit="a_dagpenge", start=date(2025, 2, 1))
    intervention(d, "nytteindsats", date(2025, 5, 2))  # 90 days after: yes
    make_course(benefit="a_dagpenge", start=date(2024, 12, 31))  # before the cohort
    make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 2, 1))

    result = run("early_offer")

    # Cohort A, B, C, D = 4; offer within 91 days: A, D = 2 -> 50 %.
    assert (result.numerator, result.denominator, result.value) == (2, 4, Decimal("50.0000"))


def test_three_month_rule():
    # Due: jobparat since 30 March 2025 or earlier (E minus 3 months).
    make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 1, 10))  # A: hit
    b = make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 3, 30))
    intervention(b, "virksomhedspraktik", date(2025, 4, 1), date(2025, 4, 28))  # B: offered
    make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 4, 1))  # not due
    d = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2024, 6, 1))
    change(d, "readiness", "aktivitetsparat", "jobparat", date(2025, 5, 1))  # since 1 May: not due
    e = make_course(benefit="a_dagpenge", start=date(2024, 10, 1))
    intervention(e, "loentilskud", date(2024, 11, 1), date(2024, 12, 31))  # E: offered since

    result = run("three_month_rule")

    # Due: A, B, E = 3; without a company-based offer since: A = 1 -> 33.3333 %.
    assert (result.numerator, result.denominator, result.value) == (1, 3, Decimal("33.3333"))


def test_three_month_rule_counts_from_the_earliest_anchor_as_the_alert_does():
    # The case: a-dagpenge from 1 January, recorded jobparat from 1 May. A jobparat
    # ledig since 1 January: due on E = 30 June and counted (before: missing from the figure).
    a = make_course(benefit="a_dagpenge", start=date(2025, 1, 1))
    change(a, "readiness", "", "jobparat", date(2025, 5, 1))
    # An ordinary job is company-based but not one of the three offers: still a hit.
    b = make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 1, 10))
    intervention(b, "ordinaert_job", date(2025, 2, 1), date(2025, 2, 28))

    result = run("three_month_rule")

    assert (result.numerator, result.denominator) == (2, 2)


def test_an_indicator_has_no_value_when_its_rule_is_missing():
    from core.models import Rule

    make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2025, 1, 10))
    Rule.objects.filter(key="jobparat_company_offer_months").delete()

    assert run("three_month_rule").value is None


def test_long_term_unemployment_80_percent_of_12_months():
    # Window 1 July 2024 .. 30 June 2025 = 365 days; 80 % -> at least 292 days.
    make_course(benefit="a_dagpenge", start=date(2024, 1, 1))  # A: 365 days
    make_course(benefit="a_dagpenge", start=date(2024, 9, 13))  # B: 291 days -> no
    make_course(benefit="a_dagpenge", start=date(2024, 9, 12))  # C: 292 days -> yes
    d = make_course(
        benefit="kontanthjaelp",
        readiness="jobparat",
        start=date(2024, 7, 1),
        end=date(2024, 12, 31),
    )  # D: 184 days on kontanthjælp ...
    make_course(benefit="a_dagpenge", start=date(2025, 3, 1), citizen=d.citizen)  # ... + 122
    make_course(
        benefit="kontanthjaelp", readiness="jobparat", start=date(2024, 1, 1)
    )  # not insured

    result = run("long_term_unemployment")

    # Insured on 30 June: A, B, C, D = 4; long-term: A, C, D (306 days) = 3 -> 75 %.
    assert (result.numerator, result.denominator, result.value) == (3, 4, Decimal("75.0000"))


def test_conversations_in_the_first_6_months():
    # Cohort: started 1 Oct .. 31 Dec 2024 (6 months before Q2) on a-dagpenge, as jobparat on
    # kontanthjælp or on ledighedsydelse; in 2024 the law asked 3 (dagpenge) or 4 conversations
    # (citizens.rules.contact).
    a = make_course(benefit="a_dagpenge", start=date(2024, 10, 1))
    for day in (date(2024, 10, 5), date(2024, 11, 5), date(2025, 3, 31)):
        conversation(a, day)  # 31 March is the last day of the first 6 months -> 3 of 3
    b = make_course(benefit="a_dagpenge", start=date(2024, 12, 31))
    for day in (date(2025, 1, 5), date(2025, 2, 5)):
        conversation(b, day)
    conversation(b, date(2025, 4, 5), kind="opfoelgning")  # not job-oriented -> 2 of 3
    c = make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2024, 12, 31))
    for day in (date(2024, 12, 31), date(2025, 2, 5), date(2025, 3, 5)):
        conversation(c, day, kind="faellessamtale")
    conversation(c, date(2025, 6, 30), kind="jobrettet")  # 30 June: a day late -> 3 of 4
    make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2024, 11, 1))

    result = run("conversations_first_6_months")

    # Cohort A, B, C = 3 (aktivitetsparate are outside the rule); met: A -> 33.3333 %.
    assert (result.numerator, result.denominator, result.value) == (1, 3, Decimal("33.3333"))


# --- Focus area 3 ------------------------------------------------------------------------------


def _long_term_aktivitetsparat(start=date(2024, 1, 1)):
    return make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=start)


def test_composite_offer_and_mentor_share():
    a = _long_term_aktivitetsparat()
    intervention(a, "virksomhedspraktik", date(2025, 4, 1), date(2025, 5, 31))
    intervention(a, "mentor", date(2025, 5, 1), date(2025, 8, 1))  # parallel -> composite
    b = _long_term_aktivitetsparat()
    intervention(b, "virksomhedspraktik", date(2025, 4, 1), date(2025, 4, 30))
    intervention(b, "mentor", date(2025, 5, 1), None)  # serial -> not composite
    c = _long_term_aktivitetsparat()
    intervention(c, "mentor", date(2025, 4, 1), None)
    intervention(c, "opkvalificering", date(2025, 4, 1), None)  # parallel, none company-based
    d = _long_term_aktivitetsparat(start=date(2025, 1, 1))  # on benefit < 80 % of 12 months
    intervention(d, "virksomhedspraktik", date(2025, 4, 1), None)
    intervention(d, "mentor", date(2025, 4, 1), None)

    composite = run("composite_offer")
    mentor = run("mentor_share")

    # Long-term aktivitetsparate: A, B, C = 3; composite: A = 1 -> 33.3333 %.
    assert (composite.numerator, composite.denominator) == (1, 3)
    assert composite.value == Decimal("33.3333")
    # With a mentor in Q2: A, B, C = 3 of 3 -> 100 %.
    assert (mentor.numerator, mentor.denominator, mentor.value) == (3, 3, Decimal("100.0000"))


def test_composite_offer_progress_counts_the_cohort_of_12_months_before():
    # Cohort: composite offer in 2024-Q2 (long-term aktivitetsparate on 30 June 2024).
    a = _long_term_aktivitetsparat(start=date(2023, 1, 1))
    b = _long_term_aktivitetsparat(start=date(2023, 1, 1))
    for course in (a, b):
        intervention(course, "virksomhedspraktik", date(2024, 4, 1), date(2024, 6, 30))
        intervention(course, "mentor", date(2024, 4, 1), None)
    change(a, "readiness", "aktivitetsparat", "jobparat", date(2025, 2, 1))  # A reached readiness

    result = run("composite_offer_progress")

    # Cohort A, B = 2; reached job, education or readiness by 30 June 2025: A -> 50 %.
    assert (result.numerator, result.denominator, result.value) == (1, 2, Decimal("50.0000"))


# --- Focus area 4 ------------------------------------------------------------------------------


def test_youth_median_months_of_closed_courses():
    aabenlyst = "aabenlyst_uddannelsesparat"
    for start, end in (
        (date(2025, 1, 1), date(2025, 4, 30)),  # 120 days
        (date(2025, 3, 1), date(2025, 5, 30)),  # 91 days
        (date(2024, 6, 1), date(2025, 6, 30)),  # 395 days
    ):
        make_course(
            benefit="kontanthjaelp",
            readiness=aabenlyst,
            start=start,
            end=end,
            outcome="education",
            age=22,
        )
    make_course(  # 40 years old: not counted
        benefit="kontanthjaelp", readiness=aabenlyst, start=date(2025, 4, 1), end=date(2025, 4, 2)
    )

    result = run("youth_median_months_aabenlyst")

    # Median of 91, 120, 395 days = 120 days = 120 / 30.4375 = 3.9425 months.
    assert (result.value, result.denominator) == (Decimal("3.9425"), 3)
    assert run("youth_median_months_uddannelsesparat").value is None


def test_youth_progress_from_aktivitetsparat_within_12_months():
    # S = 30 June 2024: aktivitetsparate under 30 then.
    def young_aktivitetsparat():
        return make_course(
            benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2024, 1, 1), age=22
        )

    a = young_aktivitetsparat()
    change(a, "readiness", "aktivitetsparat", "uddannelsesparat", date(2025, 1, 15))  # yes
    b = young_aktivitetsparat()
    intervention(b, "fgu", date(2024, 9, 1), None)  # started education: yes
    young_aktivitetsparat()  # C: no
    d = young_aktivitetsparat()
    change(d, "readiness", "aktivitetsparat", "uddannelsesparat", date(2024, 6, 30))  # not in S
    make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2024, 1, 1))

    result = run("youth_progress")

    # Cohort A, B, C = 3; progressed A, B = 2 -> 66.6667 %.
    assert (result.numerator, result.denominator, result.value) == (2, 3, Decimal("66.6667"))


def test_ungegaranti_positive_destination():
    def closed(outcome, age=22):
        return make_course(
            benefit="kontanthjaelp",
            readiness="uddannelsesparat",
            start=date(2025, 1, 1),
            end=date(2025, 5, 31),
            outcome=outcome,
            age=age,
        )

    closed("ordinary_job")  # yes
    closed("education")  # yes
    c = closed("other")
    intervention(c, "fgu", date(2025, 5, 1), None)  # FGU running on the last day: yes
    d = closed("other")
    intervention(d, "fgu", date(2025, 3, 1), date(2025, 5, 30))  # ended the day before: no
    closed("moved")  # no
    closed("ordinary_job", age=40)  # not young
    # Young and insured: a forsikret ledig, not in the unge segment.
    make_course(
        benefit="a_dagpenge",
        start=date(2025, 1, 1),
        end=date(2025, 5, 31),
        outcome="ordinary_job",
        age=22,
    )

    result = run("ungegaranti")

    # 5 closed young courses; positive 3 -> 60 %.
    assert (result.numerator, result.denominator, result.value) == (3, 5, Decimal("60.0000"))


# --- Focus area 5 ------------------------------------------------------------------------------


def test_integration_outcome_for_women_and_men():
    def closed(outcome, sex, integration=True):
        return make_course(
            benefit="kontanthjaelp",
            readiness="jobparat",
            start=date(2025, 1, 1),
            end=date(2025, 6, 1),
            outcome=outcome,
            integration=integration,
            sex=sex,
        )

    closed("ordinary_job", "F")
    closed("other", "F")
    closed("education", "M")
    closed("ordinary_job", "F", integration=False)  # not in the programme

    women, men = run("integration_outcome_women"), run("integration_outcome_men")

    # Women: 1 of 2 -> 50 %; men: 1 of 1 -> 100 %.
    assert (women.numerator, women.denominator, women.value) == (1, 2, Decimal("50.0000"))
    assert (men.numerator, men.denominator, men.value) == (1, 1, Decimal("100.0000"))


# --- Sygedagpenge og jobafklaring -------------------------------------------------------------


def test_sick_ordinary_job_share_of_closed_sygedagpenge_courses():
    for outcome in ("ordinary_job", "ordinary_job", "other"):
        make_course(
            benefit="sygedagpenge", start=date(2025, 1, 1), end=date(2025, 5, 1), outcome=outcome
        )
    make_course(  # jobafklaring: not counted
        benefit="jobafklaring", start=date(2025, 1, 1), end=date(2025, 5, 1), outcome="ordinary_job"
    )

    result = run("sick_ordinary_job")

    # 2 of 3 -> 66.6667 %.
    assert (result.numerator, result.denominator, result.value) == (2, 3, Decimal("66.6667"))


def test_sick_past_the_22_week_reassessment():
    # Due at the end of the month of the 155th day (citizens.rules.sick_pay), on or before E.
    make_course(benefit="sygedagpenge", start=date(2025, 1, 27))  # 155th day 30 June: due 30 June
    make_course(benefit="sygedagpenge", start=date(2025, 1, 28))  # 155th day 1 July: due 31 July
    c = make_course(benefit="kontanthjaelp", readiness="jobparat", start=date(2024, 1, 1))
    change(c, "benefit", "kontanthjaelp", "sygedagpenge", date(2025, 3, 1))  # since 1 March: no
    make_course(benefit="jobafklaring", start=date(2024, 1, 1))  # not sygedagpenge

    result = run("sick_past_reassessment")

    # 1 of 3 -> 33.3333 %.
    assert (result.numerator, result.denominator, result.value) == (1, 3, Decimal("33.3333"))


def test_sick_share_of_the_labour_force_uses_the_manual_figure(manager):
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1))
    make_course(benefit="jobafklaring", start=date(2025, 1, 1))

    assert run("sick_labour_force_share").value is None  # no labour force entered

    Measurement.objects.create(
        indicator=Indicator.objects.get(key="labour_force"),
        period_kind="quarter",
        period_start=date(2025, 1, 1),
        value=40000,
        source="manual",
    )
    result = run("sick_labour_force_share")

    # 2 sick / 40,000 (Q1's figure, the latest entered) = 0.005 %.
    assert (result.numerator, result.denominator, result.value) == (2, 40000, Decimal("0.0050"))
