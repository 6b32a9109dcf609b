"""citizens.services as the API uses them: every write validates first and saves all or nothing,
with a Danish message on the field that is wrong."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from citizens import services
from citizens.models import (
    CaseTransfer,
    Citizen,
    CitizenLanguage,
    Course,
    CourseChange,
    Intervention,
    JobTrack,
)
from core.choices import OpeningKind
from core.roles import CASEWORKER
from employers.services import PlacementRefused
from tests.factories.citizens import CitizenFactory, CitizenLanguageFactory, JobTrackFactory
from tests.factories.core import UserFactory
from tests.factories.employers import OpeningFactory, PlacementFactory, occupation_get_or_create

pytestmark = pytest.mark.django_db


def _create(actor, team, **overrides):
    values = {
        "actor": actor,
        "cpr": "1503881237",
        "first_name": "Sofie",
        "last_name": "Nielsen",
        "postcode": "2750",
        "team": team,
        "benefit": "kontanthjaelp",
        "readiness": "jobparat",
        "course_start": timezone.localdate() - timedelta(days=10),
        **overrides,
    }
    return services.citizen_create(**values)


def test_citizen_create_opens_the_course_and_derives_the_segment(caseworker, jobafsnit):
    citizen = _create(caseworker, jobafsnit, caseworker=caseworker)

    assert citizen.current_course.benefit == "kontanthjaelp"
    assert Citizen.objects.get(pk=citizen.pk).segment == "jobparate"
    assert str(citizen.birth_date) == "1988-03-15"


def test_citizen_create_with_an_impossible_date_saves_nothing(caseworker, jobafsnit):
    with pytest.raises(ValidationError) as error:
        _create(caseworker, jobafsnit, cpr="3102901234")

    assert error.value.message_dict == {
        "cpr": ["De første seks cifre i CPR-nummeret er ikke en gyldig dato (DDMMÅÅ)."]
    }
    assert not Citizen.objects.exists()
    assert not Course.objects.exists()


def test_citizen_create_refuses_a_caseworker_of_another_team(
    caseworker, other_caseworker, jobafsnit
):
    with pytest.raises(ValidationError) as error:
        _create(caseworker, jobafsnit, caseworker=other_caseworker)

    assert list(error.value.message_dict) == ["caseworker"]
    assert not Citizen.objects.exists()


def test_course_change_keeps_one_history_row_per_changed_field(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    effective = timezone.localdate()

    services.course_change(
        actor=caseworker,
        citizen=citizen,
        effective=effective,
        benefit="kontanthjaelp",
        readiness="jobparat",  # unchanged: no row
        integration_programme=True,
    )

    rows = CourseChange.objects.order_by("field")
    assert [(r.field, r.old_value, r.new_value) for r in rows] == [
        ("benefit", "a_dagpenge", "kontanthjaelp"),
        ("integration_programme", "False", "True"),
    ]
    assert Citizen.objects.get(pk=citizen.pk).segment == "integration"


def test_course_change_with_an_invalid_readiness_changes_nothing(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)

    with pytest.raises(ValidationError) as error:
        services.course_change(
            actor=caseworker,
            citizen=citizen,
            effective=timezone.localdate(),
            benefit="kontanthjaelp",
            readiness="halvparat",
        )

    assert list(error.value.message_dict) == ["readiness"]
    assert Course.objects.get().benefit == "a_dagpenge"
    assert not CourseChange.objects.exists()


def test_job_tracks_set_with_an_unknown_code_keeps_the_old_tracks(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    JobTrackFactory(citizen=citizen, occupation_code="5321", priority=1)

    with pytest.raises(ValidationError) as error:
        services.job_tracks_set(
            actor=caseworker,
            citizen=citizen,
            tracks=[{"occupation": "0000", "priority": 1, "hours_per_week": 10}],
        )

    assert "0000" in error.value.message_dict["job_tracks"][0]
    assert list(JobTrack.objects.values_list("occupation_id", flat=True)) == ["5321"]


def test_job_tracks_set_replaces_in_priority_order(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    JobTrackFactory(citizen=citizen, occupation_code="5321", priority=1)
    occupation_get_or_create("9412")
    occupation_get_or_create("5322")

    services.job_tracks_set(
        actor=caseworker,
        citizen=citizen,
        tracks=[
            {"occupation": "9412", "priority": 2, "hours_per_week": None},
            {"occupation": "5322", "priority": 1, "hours_per_week": 25},
        ],
    )

    assert list(citizen.job_tracks.values_list("priority", "occupation_id")) == [
        (1, "5322"),
        (2, "9412"),
    ]


def test_languages_set_replaces_the_languages(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    CitizenLanguageFactory(citizen=citizen, code="da")

    services.languages_set(actor=caseworker, citizen=citizen, languages={"tr": "fluent"})

    assert list(CitizenLanguage.objects.values_list("code", "level")) == [("tr", "fluent")]


def test_languages_set_with_an_unknown_level_keeps_the_old_languages(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    CitizenLanguageFactory(citizen=citizen, code="da")

    with pytest.raises(ValidationError):
        services.languages_set(actor=caseworker, citizen=citizen, languages={"tr": "perfekt"})

    assert list(CitizenLanguage.objects.values_list("code", flat=True)) == ["da"]


def test_accommodations_set_refuses_codes_outside_the_list(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)

    with pytest.raises(ValidationError) as error:
        services.accommodations_set(
            actor=caseworker, citizen=citizen, codes=["ptsd"], max_hours_per_week=20
        )

    assert list(error.value.message_dict) == ["accommodations"]
    assert Citizen.objects.get(pk=citizen.pk).accommodations == []


def test_intervention_over_the_maximum_names_the_rule(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)  # a-dagpenge, jobparat: praktik at most 4 weeks
    start = timezone.localdate()

    with pytest.raises(ValidationError) as error:
        services.intervention_create(
            actor=caseworker,
            citizen=citizen,
            kind="virksomhedspraktik",
            start=start,
            end=start + timedelta(weeks=5),
        )

    assert "LAB § 61" in error.value.message_dict["end"][0]
    assert not Intervention.objects.exists()


def test_intervention_at_a_full_opening_is_refused_and_nothing_saved(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    start = timezone.localdate()
    opening = OpeningFactory(kind=OpeningKind.VIRKSOMHEDSPRAKTIK, seats=1, start=start)
    PlacementFactory(opening=opening, start=start)

    with pytest.raises(PlacementRefused) as refused:
        services.intervention_create(
            actor=caseworker,
            citizen=citizen,
            kind="virksomhedspraktik",
            start=start,
            end=start + timedelta(weeks=2),
            placement=services.PlacementRequest(opening_id=opening.pk),
        )

    assert refused.value.code == "no_free_seat"
    assert not Intervention.objects.exists()


def test_intervention_with_an_opening_of_another_kind_is_refused(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    opening = OpeningFactory(kind=OpeningKind.SMAAJOB)

    with pytest.raises(ValidationError) as error:
        services.intervention_create(
            actor=caseworker,
            citizen=citizen,
            kind="virksomhedspraktik",
            start=timezone.localdate(),
            placement=services.PlacementRequest(opening_id=opening.pk),
        )

    assert list(error.value.message_dict) == ["opening"]


def test_transfer_moves_caseworker_and_team_with_the_reason(
    caseworker, other_caseworker, jobafsnit, sygedagpengeafsnit
):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)

    count = services.citizens_transfer(
        actor=caseworker,
        citizen_ids=[citizen.pk],
        to_caseworker=other_caseworker,
        reason="Sygemeldt: overgår til sygedagpengeafsnittet",
    )

    citizen.refresh_from_db()
    assert count == 1
    assert (citizen.caseworker, citizen.team) == (other_caseworker, sygedagpengeafsnit)
    transfer = CaseTransfer.objects.get()
    assert (transfer.from_caseworker, transfer.from_team, transfer.by) == (
        caseworker,
        jobafsnit,
        caseworker,
    )


def test_transfer_without_a_reason_moves_nobody(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)
    colleague = UserFactory(username="sb-job-2", team=jobafsnit, roles=[CASEWORKER])

    with pytest.raises(ValidationError) as error:
        services.citizens_transfer(
            actor=caseworker, citizen_ids=[citizen.pk], to_caseworker=colleague, reason="  "
        )

    assert list(error.value.message_dict) == ["reason"]
    citizen.refresh_from_db()
    assert citizen.caseworker == caseworker


def test_a_change_is_kept_when_the_task_queue_is_down(
    caseworker, settings, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from citizens.services import accommodations_set
    from tests.factories.citizens import CitizenFactory

    citizen = CitizenFactory(team=caseworker.team, caseworker=caseworker)
    # The broker refuses the connection. (Pointing Celery at a closed port is not enough: a
    # producer pool an earlier test opened would still deliver to the old broker.)
    from core import queue

    def refused(task, args, kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(queue, "_send", refused)
    queue_logger = logging.getLogger("core.queue")
    monkeypatch.setattr(queue_logger, "disabled", False)
    caplog.set_level(logging.WARNING, logger="core.queue")

    with django_capture_on_commit_callbacks(execute=True):
        accommodations_set(
            actor=caseworker, citizen=citizen, codes=["quiet_environment"], max_hours_per_week=20
        )

    citizen.refresh_from_db()
    assert citizen.accommodations == ["quiet_environment"]
    assert "not queued" in caplog.text
