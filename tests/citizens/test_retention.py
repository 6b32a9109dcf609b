"""Retention (issue 13): a closed case is anonymised CASE_RETENTION_DAYS after its last course
ended, after a warning list for the leder; what identifies or describes the citizen goes, every row
the indicators are computed from stays, so the strategy's figures are the same before and after."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens import retention
from citizens.models import (
    Alert,
    CaseTransfer,
    Citizen,
    CitizenLanguage,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    JobTrack,
    PaidHours,
    PlanRevision,
)
from citizens.services import anonymise_expired, citizen_anonymise
from core.exceptions import PermissionRefused
from core.models import AccessLog
from strategy.models import Measurement
from strategy.periods import quarters_between
from strategy.services import snapshot_period
from tests.citizens.rules.cases import rolled_back
from tests.factories.citizens import (
    AlertFactory,
    CitizenFactory,
    CitizenLanguageFactory,
    ConversationFactory,
    CourseChangeFactory,
    InterventionFactory,
    JobTrackFactory,
    PaidHoursFactory,
    PlanRevisionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
SECRET = "Hemmelig note om borgerens helbred"


def closed_citizen(*, ended: date, started: date | None = None, **citizen_fields) -> Citizen:
    citizen = CitizenFactory(course=False, **citizen_fields)
    Course.objects.create(
        citizen=citizen,
        benefit="kontanthjaelp",
        readiness="aktivitetsparat",
        start=started or ended - timedelta(days=400),
        end=ended,
        outcome="ordinary_job",
    )
    return citizen


# --- The rule: one case and in bulk agree ------------------------------------------------------

course_specs = st.lists(
    st.tuples(st.integers(0, 3000), st.one_of(st.none(), st.integers(0, 800))),
    min_size=0,
    max_size=3,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    specs=course_specs,
    on_offset=st.integers(0, 4000),
    retention_days=st.integers(1, 2000),
    warning=st.integers(0, 60),
    anonymised=st.booleans(),
)
def test_the_per_case_and_the_bulk_forms_agree(
    specs, on_offset, retention_days, warning, anonymised
):
    first = date(2015, 1, 1)
    on = first + timedelta(days=on_offset)
    with rolled_back(), override_settings(CASE_RETENTION_DAYS=retention_days):
        citizen = CitizenFactory(course=False)
        for start, length in specs:
            Course.objects.create(
                citizen=citizen,
                benefit="a_dagpenge",
                start=first + timedelta(days=start),
                end=None if length is None else first + timedelta(days=start + length),
                outcome="" if length is None else "other",
            )
        if anonymised:
            Citizen.objects.filter(pk=citizen.pk).update(anonymised_at="2020-01-01T00:00Z")
        citizen = Citizen.objects.get(pk=citizen.pk)

        day = retention.anonymise_on(citizen)
        bulk = retention.closed_cases().filter(pk=citizen.pk).first()

        assert (bulk is None) == (day is None)
        if bulk is not None:
            assert retention.anonymise_on_for(bulk.last_end) == day
        assert retention.due(on).filter(pk=citizen.pk).exists() == retention.is_due(citizen, on)
        assert retention.due_within(on, warning).filter(pk=citizen.pk).exists() == (
            day is not None and day <= on + timedelta(days=warning)
        )


def test_the_default_period_is_five_years_and_the_warning_thirty_days(settings):
    from ballerup_jobcenter.settings import base

    assert base.CASE_RETENTION_DAYS == 1825
    assert base.RETENTION_WARNING_DAYS == 30
    assert "citizens-anonymise-expired-nightly" in base.CELERY_BEAT_SCHEDULE
    entry = base.CELERY_BEAT_SCHEDULE["citizens-anonymise-expired-nightly"]
    assert entry["task"] == "citizens.tasks.anonymise_expired"


def test_a_case_is_due_the_day_the_period_after_its_last_course_has_passed():
    citizen = closed_citizen(ended=date(2020, 1, 10))
    Course.objects.create(
        citizen=citizen,
        benefit="a_dagpenge",
        start=date(2021, 1, 1),
        end=date(2021, 3, 1),
        outcome="other",
    )

    assert retention.anonymise_on(citizen) == date(2021, 3, 1) + timedelta(days=1825)
    assert not retention.is_due(citizen, date(2026, 2, 27))
    assert retention.is_due(citizen, date(2026, 2, 28))


def test_an_open_course_keeps_the_whole_case():
    citizen = closed_citizen(ended=date(2012, 1, 1))
    Course.objects.create(citizen=citizen, benefit="a_dagpenge", start=date(2026, 1, 1))

    assert retention.anonymise_on(citizen) is None
    assert not retention.due(TODAY).filter(pk=citizen.pk).exists()


# --- Anonymising -------------------------------------------------------------------------------


@pytest.fixture
def expired(caseworker, other_caseworker):
    """A citizen whose case closed six years ago, with something of every kind on the record."""
    citizen = closed_citizen(
        ended=date(2020, 6, 30),
        team=caseworker.team,
        caseworker=caseworker,
        address="Hemmelig Allé 7",
        phone="22334455",
        email="borger@example.dk",
        accommodations=["quiet_environment"],
        shared_accommodations=["quiet_environment"],
        max_hours_per_week=20,
    )
    course = citizen.courses.get()
    ConversationFactory(
        citizen=citizen,
        date=date(2020, 1, 5),
        held_by=caseworker,
        note=SECRET,
        participants="Borger, datter Mette",
    )
    InterventionFactory(
        citizen=citizen,
        start=date(2020, 2, 1),
        created_by=caseworker,
        note=SECRET,
        extension_reason=SECRET,
    )
    PlanRevisionFactory(citizen=citizen, created_by=caseworker, job_goal=SECRET, steps=SECRET)
    CourseChangeFactory(course=course, effective=date(2019, 12, 1), reason=SECRET)
    PaidHoursFactory(citizen=citizen, month=date(2020, 3, 1))
    JobTrackFactory(citizen=citizen)
    CitizenLanguageFactory(citizen=citizen)
    AlertFactory(citizen=citizen, message=SECRET)
    CaseTransfer.objects.create(
        citizen=citizen,
        from_caseworker=other_caseworker,
        to_caseworker=caseworker,
        from_team=other_caseworker.team,
        to_team=caseworker.team,
        reason=SECRET,
        by=caseworker,
    )
    return citizen


def _rows(citizen: Citizen) -> dict[str, int]:
    return {
        "courses": Course.objects.filter(citizen=citizen).count(),
        "conversations": Conversation.objects.filter(citizen=citizen).count(),
        "interventions": Intervention.objects.filter(citizen=citizen).count(),
        "plans": PlanRevision.objects.filter(citizen=citizen).count(),
        "changes": CourseChange.objects.filter(course__citizen=citizen).count(),
        "paid_hours": PaidHours.objects.filter(citizen=citizen).count(),
        "transfers": CaseTransfer.objects.filter(citizen=citizen).count(),
    }


def test_anonymising_removes_identity_contact_needs_and_every_word_but_keeps_the_rows(expired):
    original = Citizen.objects.get(pk=expired.pk)
    rows = _rows(expired)

    citizen_anonymise(actor=None, citizen=expired, on=TODAY)

    citizen = Citizen.objects.get(pk=expired.pk)
    assert (citizen.first_name, citizen.last_name) == ("Anonymiseret", "borger")
    assert citizen.cpr == retention.anonymous_cpr(citizen.pk) and not citizen.cpr.isdigit()
    assert (citizen.address, citizen.postcode, citizen.phone, citizen.email) == ("", "", "", "")
    assert citizen.accommodations == [] and citizen.shared_accommodations == []
    assert citizen.max_hours_per_week is None
    assert citizen.anonymised_at is not None
    # What the figures count by stays.
    assert (citizen.birth_date, citizen.gender, citizen.team_id) == (
        original.birth_date,
        original.gender,
        original.team_id,
    )
    assert _rows(citizen) == rows
    for model, fields in (
        (Conversation, ("note", "participants")),
        (Intervention, ("note", "extension_reason")),
        (PlanRevision, ("job_goal", "education_goal", "steps")),
    ):
        for values in model.objects.filter(citizen=citizen).values_list(*fields):
            assert all(value == "" for value in values), model
    assert CourseChange.objects.get(course__citizen=citizen).reason == ""
    assert CaseTransfer.objects.get(citizen=citizen).reason == retention.ANONYMISED_TEXT
    for model in (Alert, JobTrack, CitizenLanguage):
        assert not model.objects.filter(citizen=citizen).exists(), model


def test_nothing_anonymised_is_left_in_a_text_field_of_the_case(expired):
    secrets = [SECRET, expired.first_name, expired.last_name, expired.cpr, "Hemmelig Allé"]

    citizen_anonymise(actor=None, citizen=expired, on=TODAY)

    from django.core import serializers

    dumped = serializers.serialize(
        "json",
        [
            Citizen.objects.get(pk=expired.pk),
            *Course.objects.filter(citizen=expired),
            *Conversation.objects.filter(citizen=expired),
            *Intervention.objects.filter(citizen=expired),
            *PlanRevision.objects.filter(citizen=expired),
            *CourseChange.objects.filter(course__citizen=expired),
            *CaseTransfer.objects.filter(citizen=expired),
        ],
    )
    for secret in secrets:
        assert secret not in dumped


def test_anonymising_is_logged_in_the_change_log_without_the_old_values(expired, manager):
    before = LogEntry.objects.count()
    name, cpr = expired.full_name, expired.cpr

    citizen_anonymise(actor=None, citizen=expired, on=TODAY)

    entries = LogEntry.objects.order_by("pk")[before:]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.object_pk == str(expired.pk)
    assert "anonymised_at" in str(entry.changes)
    assert entry.additional_data["retention_days"] == 1825
    assert entry.additional_data["last_course_end"] == "2020-06-30"
    text = f"{entry.changes} {entry.additional_data} {entry.object_repr}"
    assert name not in text and cpr not in text


def test_a_case_not_due_is_refused_and_left_whole(caseworker):
    recent = closed_citizen(ended=TODAY - timedelta(days=100), team=caseworker.team)
    open_case = CitizenFactory(team=caseworker.team)

    for citizen in (recent, open_case):
        with pytest.raises(ValidationError):
            citizen_anonymise(actor=None, citizen=citizen, on=TODAY)
        assert Citizen.objects.get(pk=citizen.pk).first_name == citizen.first_name


@pytest.mark.parametrize("who", ["caseworker", "manager", "api_user"])
def test_no_role_may_anonymise_by_hand(request, expired, who):
    with pytest.raises(PermissionRefused):
        citizen_anonymise(actor=request.getfixturevalue(who), citizen=expired, on=TODAY)
    with pytest.raises(PermissionRefused):
        anonymise_expired(actor=request.getfixturevalue(who), on=TODAY)
    assert Citizen.objects.get(pk=expired.pk).anonymised_at is None


def test_the_bulk_run_anonymises_exactly_the_due_cases_in_batches_and_twice_is_harmless(
    caseworker,
):
    due = [closed_citizen(ended=date(2019, 1, 1) + timedelta(days=i)) for i in range(5)]
    recent = closed_citizen(ended=TODAY - timedelta(days=30))
    active = CitizenFactory()

    assert anonymise_expired(on=TODAY, batch_size=2) == 5
    assert anonymise_expired(on=TODAY) == 0

    assert set(
        Citizen.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    ) == {citizen.pk for citizen in due}
    assert Citizen.objects.get(pk=recent.pk).anonymised_at is None
    assert Citizen.objects.get(pk=active.pk).anonymised_at is None


def test_the_grid_forgets_its_words_about_an_anonymised_citizen(expired):
    from grid.models import Match, MatchRun
    from tests.factories.employers import OpeningFactory

    run = MatchRun.objects.create(status=MatchRun.Status.DONE)
    match = Match.objects.create(
        run=run,
        citizen=expired,
        opening=OpeningFactory(),
        score=50,
        status=Match.Status.REJECTED,
        reject_reason=SECRET,
    )

    citizen_anonymise(actor=None, citizen=expired, on=TODAY)

    match.refresh_from_db()
    assert match.reject_reason == retention.ANONYMISED_TEXT


def test_the_command_counts_with_dry_run_and_anonymises_without(expired, capsys):
    call_command("anonymise_expired", "--dry-run", "--on", TODAY.isoformat())
    assert "1 closed case(s) due" in capsys.readouterr().out
    assert Citizen.objects.get(pk=expired.pk).anonymised_at is None

    call_command("anonymise_expired", "--on", TODAY.isoformat())
    assert "1 closed case(s) anonymised" in capsys.readouterr().out
    assert Citizen.objects.get(pk=expired.pk).anonymised_at is not None


def test_the_nightly_task_anonymises_the_due_cases(expired):
    from citizens.tasks import anonymise_expired as task

    assert task() == 1
    assert Citizen.objects.get(pk=expired.pk).anonymised_at is not None


# --- Indicators stay the same --------------------------------------------------------------------


@pytest.fixture
def history(caseworker, other_caseworker):
    """Closed cases of 2018-2020 of every kind the figures look at, in two teams."""
    from tests.strategy.conftest import change, conversation, intervention, make_course

    teams = [caseworker.team, other_caseworker.team]
    courses = []
    for i in range(24):
        team = teams[i % 2]
        start = date(2018, 1, 1) + timedelta(days=37 * i)
        end = start + timedelta(days=120 + 11 * i)
        benefit, readiness, age = [
            ("a_dagpenge", "", 45),
            ("kontanthjaelp", "jobparat", 35),
            ("kontanthjaelp", "aktivitetsparat", 24),
            ("sygedagpenge", "", 50),
            ("ressourceforloeb", "", 40),
            ("kontanthjaelp", "aktivitetsparat", 33),
        ][i % 6]
        course = make_course(
            benefit=benefit,
            readiness=readiness,
            start=start,
            end=end,
            outcome=["ordinary_job", "education", "other", "fleksjob"][i % 4],
            integration=i % 5 == 0,
            age=age,
            sex="F" if i % 3 else "M",
            team=team,
        )
        user = caseworker if team == caseworker.team else other_caseworker
        Citizen.objects.filter(pk=course.citizen_id).update(caseworker=user)
        conversation(course, start + timedelta(days=20), held_by=user, note=SECRET)
        conversation(course, start + timedelta(days=60), held_by=user)
        intervention(
            course,
            ["virksomhedspraktik", "mentor", "loentilskud"][i % 3],
            start + timedelta(days=30),
            start + timedelta(days=58),
            created_by=user,
        )
        if i % 4 == 0:
            intervention(course, "mentor", start + timedelta(days=35), end, created_by=user)
        if readiness == "aktivitetsparat" and i % 2 == 0:
            change(
                course,
                "readiness",
                "aktivitetsparat",
                "uddannelsesparat",
                start + timedelta(days=90),
            )
        PaidHours.objects.create(
            citizen=course.citizen,
            month=start.replace(day=1) + timedelta(days=62),
            hours=Decimal("40"),
            earnings=Decimal("5200"),
            under_frikort=i % 3 == 0,
        )
        PlanRevisionFactory(citizen=course.citizen, created_by=user, job_goal=SECRET)
        courses.append(course)
    return courses


def _snapshot() -> list[tuple]:
    values = []
    for period in quarters_between(date(2018, 7, 1), date(2020, 6, 30)):
        snapshot_period(period)
    for row in Measurement.objects.order_by("indicator_id", "period_start", "team_id"):
        values.append(
            (
                row.indicator_id,
                row.period_start,
                row.team_id,
                row.value,
                row.numerator,
                row.denominator,
            )
        )
    return values


def test_the_strategy_figures_are_the_same_before_and_after_anonymising(history):
    before = _snapshot()
    stored = list(Measurement.objects.values_list("pk", "value"))

    assert anonymise_expired(on=TODAY) == len(history)
    assert (
        Measurement.objects.count()
        and list(Measurement.objects.values_list("pk", "value")) == stored
    )  # the figures computed before are not touched
    after = _snapshot()

    assert after == before
    # The data gave the figures something to count, so the comparison means something.
    counted = {row[0] for row in before if row[3] is not None and row[3] != 0}
    assert len(counted) >= 10, counted


# --- The warning list ------------------------------------------------------------------------


def test_the_leder_sees_the_cases_due_within_the_warning_period_masked_with_their_date(
    client, manager, caseworker
):
    soon = closed_citizen(
        ended=TODAY - timedelta(days=1825 - 10), team=caseworker.team, last_name="Qsoonzz"
    )
    later = closed_citizen(
        ended=TODAY - timedelta(days=1825 - 40), team=caseworker.team, last_name="Qlaterzz"
    )
    client.force_login(manager)

    with override_settings(CASE_RETENTION_DAYS=1825, RETENTION_WARNING_DAYS=30):
        from unittest import mock

        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            response = client.get("/borgere/sletning/")

    body = response.content.decode()
    assert response.status_code == 200
    assert soon.last_name in body and later.last_name not in body
    assert soon.masked_cpr in body and soon.cpr not in body
    assert (TODAY + timedelta(days=10)).strftime("%d-%m-%Y") in body
    assert list(AccessLog.objects.values_list("citizen_id", "action")) == [
        (soon.pk, AccessLog.Action.LIST)
    ]


@pytest.mark.parametrize("who", ["caseworker", "other_caseworker", "consultant"])
def test_only_the_leder_sees_the_warning_list(request, client, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get("/borgere/sletning/").status_code == 403


def test_an_anonymised_case_is_never_written_to_again(expired, caseworker):
    from citizens.services import plan_revise

    citizen_anonymise(actor=None, citizen=expired, on=TODAY)
    citizen = Citizen.objects.get(pk=expired.pk)

    with pytest.raises(PermissionRefused, match=r"anonymiseret|anonymised"):
        plan_revise(actor=caseworker, citizen=citizen, job_goal="Ny plan")
    assert not PlanRevision.objects.filter(citizen=citizen, job_goal="Ny plan").exists()
