"""The broker down, through the API (the pages are in test_broker_down.py): saving job tracks
answers 200 at once and the follow-up work waits in the outbox; starting a run answers 202 at
once with the run `failed` and the Danish reason. No request waits more than two seconds."""

import pytest

from core.models import QueuedTask
from grid.models import MatchRun
from tests.factories.citizens import CitizenFactory
from tests.factories.employers import occupation_get_or_create
from tests.grid.conftest import grid_rules, make_citizen, make_opening  # noqa: F401  (fixtures)

from .test_broker_down import MAX_WAIT, _timed, broker_down  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_saving_through_the_api_with_the_broker_down_succeeds_at_once(
    broker_down,  # noqa: F811
    api,
    caseworker,
    jobafsnit,
):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)
    occupation_get_or_create("5322")
    api.force_authenticate(caseworker)
    api.get(f"/api/v1/citizens/{citizen.pk}/job-tracks/")  # warm: the first request
    body = {"job_tracks": [{"occupation": "5322", "priority": 1, "hours_per_week": 25}]}

    response, waited = _timed(
        lambda: api.put(f"/api/v1/citizens/{citizen.pk}/job-tracks/", body, format="json")
    )

    assert response.status_code == 200, response.content[:300]
    assert waited < MAX_WAIT, f"the request waited {waited:.2f} s on the broker"
    assert QueuedTask.objects.exists()  # the follow-up work waits for the broker


@pytest.mark.usefixtures("grid_rules")
def test_starting_a_run_through_the_api_with_the_broker_down_answers_at_once_in_danish(
    broker_down,  # noqa: F811
    api,
    manager,
    make_citizen,  # noqa: F811
    make_opening,  # noqa: F811
    settings,
):
    settings.GRID_INCREMENTAL = False
    make_citizen(), make_opening()
    api.force_authenticate(manager)
    api.credentials(HTTP_ACCEPT_LANGUAGE="da")
    api.get("/api/v1/match-runs/")  # warm

    response, waited = _timed(lambda: api.post("/api/v1/match-runs/", {}, format="json"))

    assert response.status_code == 202, response.content[:300]
    assert waited < MAX_WAIT, f"the request waited {waited:.2f} s on the broker"
    body = response.json()
    assert body["status"] == MatchRun.Status.FAILED
    assert "Køen (Celery-broker) kunne ikke nås" in body["failure_reason"]
    assert MatchRun.objects.get().status == MatchRun.Status.FAILED
