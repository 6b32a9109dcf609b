"""`manage.py seed_demo`: deterministic, idempotent, valid and shaped like Ballerup."""

from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from citizens.models import Citizen, Course, Intervention, PaidHours
from citizens.segments import Segment, derive_segment
from core.identifiers import (
    cpr_birth_date,
    cpr_gender,
    validate_cpr,
    validate_cvr,
    validate_p_number,
)
from core.models import AccessLog, User
from demo.models import DemoSeed
from demo.seeding import DemoSeeder
from employers import rules
from employers.models import Employer, Opening, Placement, Workplace
from employers.rules import RIMELIGHEDSKRAV_KINDS

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 1)
SMALL = 0.05


def seed(**options) -> str:
    out = StringIO()
    options.setdefault("scale", SMALL)
    options.setdefault("today", TODAY)
    options.setdefault("no_first_run", True)  # its own tests below
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def snapshot() -> list[tuple]:
    citizens = sorted(
        (citizen.cpr, citizen.first_name, citizen.last_name) for citizen in Citizen.objects.all()
    )
    employers = Employer.objects.order_by("cvr").values_list("cvr", "name")
    return [*citizens, *employers]


def row_counts() -> dict[str, int]:
    models = (
        Citizen,
        Course,
        Intervention,
        PaidHours,
        Employer,
        Workplace,
        Opening,
        Placement,
        User,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_same_seed_gives_the_same_citizens_and_employers():
    seed(seed=11)
    first = snapshot()
    seed(seed=11, reset=True)
    assert snapshot() == first
    assert len(first) > 100


def test_another_seed_gives_other_citizens():
    seed(seed=11)
    first = snapshot()
    seed(seed=12, reset=True)
    assert snapshot() != first


def test_second_run_with_if_empty_adds_nothing():
    seed()
    before = row_counts()
    output = seed(if_empty=True)
    assert "already present" in output
    assert row_counts() == before
    assert DemoSeed.objects.count() == 1


def test_second_run_without_flags_refuses():
    seed()
    before = row_counts()
    with pytest.raises(CommandError, match="already present"):
        seed()
    assert row_counts() == before


def test_reset_replaces_the_demo_data_without_duplicates():
    seed()
    before = row_counts()
    seed(reset=True)
    assert row_counts() == before
    assert DemoSeed.objects.count() == 1


def test_reset_keeps_citizens_that_are_not_demo_data():
    from tests.factories.citizens import CitizenFactory

    own = CitizenFactory()
    seed()
    seed(reset=True)
    assert Citizen.objects.filter(pk=own.pk).exists()


def test_seeding_writes_no_change_log_or_access_log_rows():
    seed()
    assert LogEntry.objects.count() == 0
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize(
    ("username", "role", "team"),
    [
        ("sagsbehandler", "sagsbehandler", "Jobafsnit"),
        ("sagsbehandler2", "sagsbehandler", "Sygedagpengeafsnit"),
        ("konsulent", "virksomhedskonsulent", None),
        ("leder", "leder", None),
        ("api", "api-klient", None),
    ],
)
def test_demo_users_have_their_role_and_team_and_log_in(client, username, role, team):
    seed()
    user = User.objects.get(username=username)
    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert (user.team.name if user.team else None) == team
    response = client.post(
        reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_every_cpr_cvr_and_p_number_is_valid_and_unique():
    seed(scale=0.2)
    cprs = [citizen.cpr for citizen in Citizen.objects.all()]
    for cpr in cprs:
        validate_cpr(cpr, today=TODAY)
    assert len(set(cprs)) == len(cprs)
    for cvr in Employer.objects.values_list("cvr", flat=True):
        validate_cvr(cvr)
    for p_number in Workplace.objects.values_list("p_number", flat=True):
        validate_p_number(p_number)


def test_birth_date_and_gender_follow_the_cpr():
    seed()
    for citizen in Citizen.objects.all():
        assert (citizen.birth_date, citizen.gender) == (
            cpr_birth_date(citizen.cpr),
            cpr_gender(citizen.cpr),
        )


def test_openings_and_placements_respect_hours_seats_and_rimelighedskrav():
    seed(scale=0.3)
    assert Opening.objects.exists()
    for opening in Opening.objects.all():
        assert opening.hours_min <= opening.hours_max
    placed = Intervention.objects.exclude(placement=None).select_related(
        "placement__opening__workplace", "citizen"
    )
    assert placed.exists()
    by_opening, by_workplace = Counter(), Counter()
    for intervention in placed:
        opening = intervention.placement.opening
        assert opening.hours_min <= intervention.hours_per_week <= opening.hours_max
        if intervention.citizen.max_hours_per_week:
            assert intervention.hours_per_week <= intervention.citizen.max_hours_per_week
        assert intervention.kind == opening.kind
        if intervention.placement.status == Placement.Status.ACTIVE and (
            intervention.placement.start <= TODAY
        ):
            by_opening[opening.pk] += 1
            if opening.kind in ("virksomhedspraktik", "loentilskud", "nyttejob"):
                by_workplace[opening.workplace] += 1
    for opening in Opening.objects.filter(pk__in=by_opening):
        assert by_opening[opening.pk] <= opening.seats
    for workplace, count in by_workplace.items():
        kinds = set(
            Opening.objects.filter(workplace=workplace).values_list("kind", flat=True)
        ) & set(RIMELIGHEDSKRAV_KINDS)
        room = rules.room(workplace=workplace, kind=kinds.pop(), start=TODAY, end=TODAY)
        assert room.unlimited or count <= room.capacity


def test_open_courses_set_current_course_and_derived_segment():
    seed(scale=0.2)
    open_courses = Course.objects.filter(end=None).select_related("citizen")
    assert open_courses.exists()
    assert Course.objects.filter(end=None).values("citizen").distinct().count() == (
        open_courses.count()
    )
    for course in open_courses:
        citizen = course.citizen
        assert citizen.current_course_id == course.pk
        assert citizen.segment == derive_segment(
            benefit=course.benefit,
            readiness=course.readiness,
            integration_programme=course.integration_programme,
            age=citizen.age_on(TODAY),
        )
    former = Citizen.objects.filter(current_course=None)
    assert former.exists()
    assert not former.exclude(segment="").exists()
    assert not Citizen.objects.filter(caseworker=None).exists()


def test_closed_courses_have_an_outcome_and_open_ones_none():
    seed()
    assert not Course.objects.exclude(end=None).filter(outcome="").exists()
    assert not Course.objects.filter(end=None).exclude(outcome="").exists()


def test_missing_occupations_are_created_and_loaded_ones_are_kept():
    from core.models import Occupation
    from demo.vocabulary import OCCUPATIONS

    Occupation.objects.filter(code__in=["5321", "9112"]).delete()
    loaded_title = Occupation.objects.filter(code="2512").values_list("title_da", flat=True).first()
    seed()
    created = Occupation.objects.get(code="5321")
    assert (created.level, created.parent_id) == (Occupation.Level.UNIT, None)
    assert Occupation.objects.filter(code__in=list(OCCUPATIONS)).count() == len(OCCUPATIONS)
    if loaded_title:  # the DISCO-08 migration's titles are not overwritten
        assert Occupation.objects.get(code="2512").title_da == loaded_title


def test_summary_lists_segments_rows_and_time():
    output = seed()
    assert "Demo data created in" in output
    for segment in Segment.values:
        assert segment in output
    assert "Opening" in output and "Employer" in output


def test_seeding_computes_the_alerts_a_caseworker_sees():
    from citizens.models import Alert

    output = seed()

    assert Alert.objects.exists()
    assert not Alert.objects.filter(citizen__current_course__isnull=True).exists()
    assert "Alerts computed" in output


def test_no_alerts_flag_skips_them():
    from citizens.models import Alert

    seed(no_alerts=True)

    assert not Alert.objects.exists()


def test_demo_interventions_respect_the_legal_maximum_durations():
    from citizens.models import Alert

    seed(scale=0.2)

    assert not Alert.objects.filter(code="intervention_over_max").exists()


def test_most_demo_companies_were_registered_before_the_history_starts():
    from datetime import timedelta

    seed()

    three_years_before = TODAY - timedelta(days=3 * 365)
    old = Employer.objects.filter(created_at__date__lt=three_years_before).count()
    assert old / Employer.objects.count() > 0.6


def test_demo_manager_can_edit_the_rule_table_in_the_admin(client):
    seed()
    client.force_login(User.objects.get(username="leder"))

    assert client.get("/admin/core/rule/").status_code == 200
    assert client.get("/admin/citizens/citizen/").status_code in {403, 404}


@pytest.mark.postgres
def test_seeding_refreshes_the_planner_statistics_on_postgresql():
    from django.db import connection

    seed()

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'citizens_citizen'")
        (estimated_rows,) = cursor.fetchone()
    assert estimated_rows == Citizen.objects.count()


def test_demo_series_prints_the_quarterly_flows_and_the_indicators():
    seed()
    out = StringIO()

    call_command("demo_series", backfill=True, today=TODAY, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Sick-pay courses")
    assert any(line.strip().startswith("2026-Q4") for line in lines)
    assert any(line.strip().startswith("sick_count") for line in lines)


def test_first_run_leaves_key_figures_a_finished_grid_run_proposals_and_a_placement_until_reset():
    from grid.models import GridState, Match, MatchRun
    from strategy.models import Indicator, Measurement

    out = seed(no_first_run=False)

    run = GridState.objects.get().current_run
    assert run is not None and run.status == MatchRun.Status.DONE
    assert Match.objects.filter(run=run).exists()
    computed = Indicator.objects.filter(source=Indicator.Source.COMPUTED, active=True)
    assert set(
        Measurement.objects.filter(source=Indicator.Source.COMPUTED).values_list(
            "indicator", flat=True
        )
    ) == set(computed.values_list("pk", flat=True))
    caseworker = User.objects.get(username="sagsbehandler")
    proposed = Match.objects.filter(proposed_by=caseworker)
    assert proposed.count() >= 2
    accepted = proposed.filter(status=Match.Status.ACCEPTED).get()
    assert accepted.intervention.placement.opening == accepted.opening
    assert accepted.opening.workplace.employer.consultant.username == "konsulent"
    assert "First run:" in out

    seed(reset=True)
    assert not MatchRun.objects.exists()
    assert not Match.objects.exists()


def test_two_courses_sharing_a_month_get_one_paid_hours_row_for_it():
    """At 100x Ballerup a citizen whose closed course ended in the month the next one started got
    that month twice (PaidHours holds one row per citizen and month) and the seed failed."""
    seeder = DemoSeeder(seed=1, scale=0.01, today=date(2026, 12, 5))
    citizen = Citizen(first_name="Test", last_name="Borger")
    closed = Course(citizen=citizen, start=date(2025, 11, 3), end=date(2026, 5, 8))
    current = Course(citizen=citizen, start=date(2026, 5, 20))
    rows: dict[str, list] = defaultdict(list)

    for course in (closed, current):
        seeder._frikort(rows, citizen, course)
        seeder._paid_hours(rows, citizen, course, None, 37, [], [])

    months = [paid.month for paid in rows["paid"]]
    assert date(2026, 5, 1) in months
    assert len(months) == len(set(months))
