"""Each hard limit: a pair that breaks it is never a match, and the exclusion is explained."""

from datetime import timedelta

import pytest
from django.utils import timezone

from citizens.models import Benefit, Intervention, Readiness
from core.choices import OpeningKind
from grid.models import GridKindRule, Match
from grid.selectors import explain_exclusions
from tests.factories.citizens import CourseFactory
from tests.factories.employers import DispensationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def matched_openings(run_grid, citizen):
    run = run_grid()
    assert run.status == "done", run.failure_reason
    return set(Match.objects.filter(run=run, citizen=citizen).values_list("opening_id", flat=True))


def reason_for(user, citizen, opening):
    found = {e.opening_id: e.reason for e in explain_exclusions(user=user, citizen_id=citizen.pk)}
    return found.get(opening.pk)


def test_a_pair_within_every_limit_is_a_match(make_citizen, make_opening, run_grid, caseworker):
    citizen = make_citizen()
    opening = make_opening()

    assert matched_openings(run_grid, citizen) == {opening.pk}
    assert reason_for(caseworker, citizen, opening) is None


def test_1_a_full_opening_is_never_a_match(make_citizen, make_opening, run_grid, caseworker):
    citizen = make_citizen()
    full = make_opening(seats=1)
    PlacementFactory(opening=full, start=timezone.localdate() - timedelta(days=3))
    make_opening(status="closed")

    assert matched_openings(run_grid, citizen) == set()
    assert reason_for(caseworker, citizen, full) == "no_free_seat"


def test_1_rimelighedskrav_without_room_is_never_a_match(make_citizen, make_opening, run_grid):
    citizen = make_citizen(course__benefit=Benefit.KONTANTHJAELP)
    # 4 ordinary employees: one supported place, already used by another praktik.
    used = make_opening(kind=OpeningKind.VIRKSOMHEDSPRAKTIK, employees=4, seats=3)
    PlacementFactory(opening=used, start=timezone.localdate() - timedelta(days=3))
    fresh = make_opening(kind=OpeningKind.VIRKSOMHEDSPRAKTIK, employees=4, seats=3)
    fresh.workplace = used.workplace
    fresh.save()

    assert matched_openings(run_grid, citizen) == set()


def test_1_a_dispensation_gives_room(make_citizen, make_opening, run_grid):
    citizen = make_citizen(course__benefit=Benefit.KONTANTHJAELP)
    opening = make_opening(kind=OpeningKind.VIRKSOMHEDSPRAKTIK, employees=0, seats=3)
    PlacementFactory(opening=opening, start=timezone.localdate() - timedelta(days=3))
    DispensationFactory(
        workplace=opening.workplace,
        kinds=[OpeningKind.VIRKSOMHEDSPRAKTIK],
        extra_seats=59,
        valid_from=timezone.localdate() - timedelta(days=30),
    )

    assert matched_openings(run_grid, citizen) == {opening.pk}


def test_1_a_dispensation_for_another_kind_gives_no_room(make_citizen, make_opening, run_grid):
    citizen = make_citizen(course__benefit=Benefit.KONTANTHJAELP)
    opening = make_opening(kind=OpeningKind.VIRKSOMHEDSPRAKTIK, employees=0, seats=3)
    PlacementFactory(opening=opening, start=timezone.localdate() - timedelta(days=3))
    DispensationFactory(
        workplace=opening.workplace,
        kinds=[OpeningKind.NYTTEJOB],
        extra_seats=59,
        valid_from=timezone.localdate() - timedelta(days=30),
    )

    assert matched_openings(run_grid, citizen) == set()


def test_2_fleksjob_only_for_ledighedsydelse(make_citizen, make_opening, run_grid, caseworker):
    dagpenge = make_citizen()
    flex = make_citizen(course__benefit=Benefit.LEDIGHEDSYDELSE, course__readiness="")
    opening = make_opening(kind=OpeningKind.FLEKSJOB)

    assert matched_openings(run_grid, dagpenge) == set()
    assert reason_for(caseworker, dagpenge, opening) == "kind_not_allowed"
    assert Match.objects.filter(citizen=flex, opening=opening).exists()


def test_2_nyttejob_only_for_kontanthjaelp(make_citizen, make_opening, run_grid):
    dagpenge = make_citizen()
    kontant = make_citizen(
        course__benefit=Benefit.KONTANTHJAELP, course__readiness=Readiness.JOBPARAT
    )
    opening = make_opening(kind=OpeningKind.NYTTEJOB)

    assert matched_openings(run_grid, dagpenge) == set()
    assert Match.objects.filter(citizen=kontant, opening=opening).exists()


def test_2_the_rule_table_decides(make_citizen, make_opening, run_grid):
    citizen = make_citizen()
    opening = make_opening(kind=OpeningKind.SMAAJOB)
    GridKindRule.objects.filter(kind=OpeningKind.SMAAJOB, benefit=Benefit.A_DAGPENGE).update(
        valid_to=timezone.localdate() - timedelta(days=1)
    )

    assert opening.pk not in matched_openings(run_grid, citizen)


def test_3_minimum_hours_above_the_citizens_max(make_citizen, make_opening, run_grid, caseworker):
    citizen = make_citizen(max_hours_per_week=12)
    too_many = make_opening(hours_min=15)
    fits = make_opening(hours_min=12, hours_max=20)

    assert matched_openings(run_grid, citizen) == {fits.pk}
    assert reason_for(caseworker, citizen, too_many) == "hours"


def test_4_every_accommodation_need_must_be_met(make_citizen, make_opening, run_grid, caseworker):
    citizen = make_citizen(accommodations=["no_heavy_lifting", "quiet_environment"])
    partly = make_opening(accommodations=["no_heavy_lifting"])
    fully = make_opening(accommodations=["no_heavy_lifting", "quiet_environment", "mentor_support"])

    assert matched_openings(run_grid, citizen) == {fully.pk}
    assert reason_for(caseworker, citizen, partly) == "accommodations"


def test_5_required_languages_and_licence(make_citizen, make_opening, run_grid, caseworker):
    citizen = make_citizen(languages=[("da", "fluent")], driving_licence=False)
    turkish = make_opening(required_languages=["tr"])
    licence = make_opening(requires_driving_licence=True)
    danish = make_opening(required_languages=["da"])

    assert matched_openings(run_grid, citizen) == {danish.pk}
    assert reason_for(caseworker, citizen, turkish) == "languages_licence"
    assert reason_for(caseworker, citizen, licence) == "languages_licence"


def test_6_an_inactive_citizen_is_never_matched(make_citizen, make_opening, run_grid):
    citizen = make_citizen(course=False)
    CourseFactory(citizen=citizen, closed=True)
    make_opening()

    run = run_grid()

    assert not Match.objects.filter(run=run, citizen=citizen).exists()


def test_6_not_matched_where_already_placed(make_citizen, make_opening, run_grid, caseworker):
    citizen = make_citizen()
    opening = make_opening(seats=2)
    placement = PlacementFactory(opening=opening, start=timezone.localdate() - timedelta(days=3))
    Intervention.objects.create(
        citizen=citizen,
        kind=opening.kind,
        placement=placement,
        start=placement.start,
        created_by=caseworker,
    )

    assert matched_openings(run_grid, citizen) == set()
    assert reason_for(caseworker, citizen, opening) == "already_placed"


def test_no_match_without_a_job_track_in_the_occupation_group(
    make_citizen, make_opening, run_grid, caseworker
):
    citizen = make_citizen(tracks=("9112",))
    opening = make_opening(code="5322")

    assert matched_openings(run_grid, citizen) == set()
    assert reason_for(caseworker, citizen, opening) == "no_occupation_fit"


# --- Sick-listed from a job: only at the own employer (gradvis tilbagevenden) ------------------


def sick_from_job(make_citizen, *, cvr: str, **course):
    return make_citizen(
        course__benefit=Benefit.SYGEDAGPENGE,
        course__sick_from="employment",
        course__employer_cvr=cvr,
        course__first_absence_day=timezone.localdate() - timedelta(days=30),
        **course,
    )


def test_sick_listed_from_a_job_is_matched_only_at_the_own_employer(
    make_citizen, make_opening, run_grid, caseworker
):
    elsewhere = make_opening()
    own = make_opening()
    citizen = sick_from_job(make_citizen, cvr=own.workplace.employer.cvr)

    assert matched_openings(run_grid, citizen) == {own.pk}
    assert reason_for(caseworker, citizen, elsewhere) == "sick_own_employer"
    assert reason_for(caseworker, citizen, own) is None


def test_sick_listed_from_a_job_without_the_employer_recorded_fits_nowhere(
    make_citizen, make_opening, run_grid, caseworker
):
    opening = make_opening()
    citizen = sick_from_job(make_citizen, cvr="")

    assert matched_openings(run_grid, citizen) == set()
    assert reason_for(caseworker, citizen, opening) == "sick_own_employer"


def test_return_recorded_as_not_possible_opens_other_employers(
    make_citizen, make_opening, run_grid, caseworker
):
    elsewhere = make_opening()
    own = make_opening()
    citizen = sick_from_job(
        make_citizen,
        cvr=own.workplace.employer.cvr,
        course__return_not_possible=True,
        course__return_not_possible_reason="Arbejdspladsen er lukket.",
    )

    assert matched_openings(run_grid, citizen) == {elsewhere.pk, own.pk}


def test_sick_listed_from_unemployment_is_not_bound(make_citizen, make_opening, run_grid):
    opening = make_opening()
    citizen = make_citizen(
        course__benefit=Benefit.SYGEDAGPENGE,
        course__sick_from="unemployment",
        course__first_absence_day=timezone.localdate() - timedelta(days=30),
    )

    assert matched_openings(run_grid, citizen) == {opening.pk}
