"""Lønnede timer counts the target group as of the period end; the socialt frikort holders are
counted apart, as their own indicator next to it. The period is 2025-Q2 (E = 30 June 2025)."""

from datetime import date
from decimal import Decimal

import pytest

from strategy.computations import compute
from strategy.models import Indicator, Measurement
from strategy.periods import period_parse
from strategy.services import snapshot_period
from tests.factories.citizens import CitizenFactory, PaidHoursFactory
from tests.factories.core import TeamFactory

from .conftest import change, make_course

pytestmark = pytest.mark.django_db


def run(key, period="2025-Q2", **kwargs):
    p = period_parse(period)
    return compute(key, p.start, p.end, **kwargs)


def test_paid_hours_count_the_target_group_as_of_the_period_end():
    # A: jobparat until 1 July 2025, aktivitetsparat after: not in the group on 30 June.
    a = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))
    change(a, "readiness", "jobparat", "aktivitetsparat", date(2025, 7, 1))
    PaidHoursFactory(citizen=a.citizen, month=date(2025, 5, 1))
    # B: aktivitetsparat until 1 June, then in a ressourceforløb: in the group on 30 June.
    b = make_course(benefit="ressourceforloeb", start=date(2025, 1, 1))
    change(b, "benefit", "kontanthjaelp", "ressourceforloeb", date(2025, 6, 1))
    PaidHoursFactory(citizen=b.citizen, month=date(2025, 4, 1))
    # C: uddannelsesparat on the former uddannelseshjælp (uddannelsespålæg): not in the group.
    c = make_course(
        benefit="uddannelseshjaelp", readiness="uddannelsesparat", start=date(2025, 1, 1)
    )
    PaidHoursFactory(citizen=c.citizen, month=date(2025, 5, 1))
    # D: ledighedsydelse: paid hours there are a fleksjob matter, not in the group.
    d = make_course(benefit="ledighedsydelse", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=d.citizen, month=date(2025, 5, 1))
    # E: aktivitetsparat, no paid hours.
    make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))

    result = run("paid_hours_share")

    # Target group on 30 June: B, E = 2; with ordinary paid hours: B -> 50 %.
    assert (result.numerator, result.denominator, result.value) == (1, 2, Decimal("50.0000"))


def test_paid_hours_per_team():
    team = TeamFactory(name="Helhedsafsnit", slug="helhedsafsnit")
    mine = make_course(
        benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1), team=team
    )
    PaidHoursFactory(citizen=mine.citizen, month=date(2025, 6, 1))
    make_course(benefit="ressourceforloeb", start=date(2025, 1, 1), team=team)
    make_course(benefit="ressourceforloeb", start=date(2025, 1, 1))  # another team

    result = run("paid_hours_share", team=team)

    assert (result.numerator, result.denominator) == (1, 2)


def test_frikort_holders_are_the_citizens_with_frikort_earnings_in_the_period():
    # A: two frikort months in Q2: counted once.
    a = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=a.citizen, month=date(2025, 4, 1), under_frikort=True)
    PaidHoursFactory(citizen=a.citizen, month=date(2025, 6, 1), under_frikort=True)
    # B: førtidspension, outside the paid-hours target group: the frikort is not tied to it.
    b = make_course(benefit="foertidspension", start=date(2020, 1, 1))
    PaidHoursFactory(citizen=b.citizen, month=date(2025, 5, 1), under_frikort=True)
    # C: no course at all (self-supporting between courses): still a holder with earnings.
    c = CitizenFactory(course=False)
    PaidHoursFactory(citizen=c, month=date(2025, 5, 1), under_frikort=True)
    # D: frikort earnings only in March: before the period.
    d = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=d.citizen, month=date(2025, 3, 1), under_frikort=True)
    # E: ordinary paid hours only: not a frikort holder.
    e = make_course(benefit="ressourceforloeb", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=e.citizen, month=date(2025, 5, 1))
    # F: a frikort month with no hours worked.
    f = make_course(benefit="ressourceforloeb", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=f.citizen, month=date(2025, 5, 1), hours=0, under_frikort=True)

    result = run("frikort_holders")

    # A, B, C = 3.
    assert result.value == 3
    assert run("frikort_holders", "2025-Q1").value == 1  # D
    assert run("frikort_holders", "2025-05").value == 2  # B, C in May


def test_frikort_earnings_count_as_frikort_holders_and_never_as_paid_hours():
    a = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=a.citizen, month=date(2025, 5, 1), under_frikort=True)

    assert run("frikort_holders").value == 1
    assert run("paid_hours_share").numerator == 0


def test_frikort_holders_per_team_and_not_per_segment():
    team = TeamFactory(name="Helhedsafsnit", slug="helhedsafsnit")
    mine = CitizenFactory(course=False, team=team)
    PaidHoursFactory(citizen=mine, month=date(2025, 5, 1), under_frikort=True)
    PaidHoursFactory(
        citizen=CitizenFactory(course=False), month=date(2025, 5, 1), under_frikort=True
    )

    assert run("frikort_holders", team=team).value == 1
    assert run("frikort_holders").value == 2
    assert run("frikort_holders", segment="ikke_jobparate").value is None


def test_the_frikort_indicator_sits_next_to_lonnede_timer_and_is_snapshotted():
    paid = Indicator.objects.get(key="paid_hours_share")
    frikort = Indicator.objects.get(key="frikort_holders")
    a = make_course(benefit="kontanthjaelp", readiness="aktivitetsparat", start=date(2025, 1, 1))
    PaidHoursFactory(citizen=a.citizen, month=date(2025, 5, 1), under_frikort=True)

    snapshot_period("2025-Q2", indicators=[frikort])

    assert frikort.focus_area_id == paid.focus_area_id
    assert (frikort.source, frikort.unit, frikort.computation) == (
        "computed",
        "count",
        "frikort_holders",
    )
    assert "socialt frikort" in frikort.description
    row = Measurement.objects.get(indicator=frikort, team__isnull=True)
    assert row.value == 1


def test_lonnede_timer_tells_managers_its_target_group():
    paid = Indicator.objects.get(key="paid_hours_share")

    assert "aktivitetsparate" in paid.description
    assert "ressourceforløb" in paid.description
    assert "ikke i målgruppen" in paid.description
    assert "socialt frikort" in paid.description
    assert "aktivitetsparate og ressourceforløb" in paid.name
