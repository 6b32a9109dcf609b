"""The broker down, against the real services (PostgreSQL, Redis, a Celery worker process): the
application's broker is pointed at a closed port (redis://127.0.0.1:6390, as with
CELERY_BROKER_URL set to it). Saving a change answers at once with success, its follow-up work
waits in the outbox and reaches the worker once the broker is back; starting a run answers at
once with a Danish message and the run ends failed with the reason. No request waits more than
two seconds."""

import time

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from ballerup_jobcenter.celery import app
from citizens.models import JobTrack
from core.models import QueuedTask
from core.queue import outbox_drain
from grid.models import MatchRun
from tests.factories.citizens import CitizenFactory
from tests.factories.employers import occupation_get_or_create
from tests.grid.conftest import grid_rules, make_citizen, make_opening  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CLOSED = "redis://127.0.0.1:6390/0"  # nothing listens there
MAX_WAIT = 2.0  # seconds a request may wait on a broker that is down


def _point_broker_at(url: str) -> None:
    app.conf.broker_url = app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    real = app.conf.broker_url
    _point_broker_at(CLOSED)
    yield
    _point_broker_at(real)


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_saving_job_tracks_with_the_broker_down_succeeds_and_the_work_follows_later(
    celery_worker_process, broker_down, login, caseworker, jobafsnit
):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)
    occupation_get_or_create("5322")
    client = login(caseworker)
    client.get(reverse("citizens:job_tracks", args=[citizen.pk]))  # warm: the first request

    response, waited = _timed(
        lambda: client.post(
            reverse("citizens:job_tracks", args=[citizen.pk]),
            {"occupation_1": "5322", "hours_1": 25},
        )
    )

    assert response.status_code == 302, response.content.decode()[:500]
    print(f"request waited {waited:.3f} s with the broker down")
    assert waited < MAX_WAIT, f"the request waited {waited:.2f} s on the broker"
    assert JobTrack.objects.filter(citizen=citizen, occupation="5322").exists()
    rows = QueuedTask.objects.count()
    waiting = set(QueuedTask.objects.values_list("task", flat=True))
    assert {"citizens.tasks.refresh_alerts_for_citizen", "grid.tasks.incremental_match_run"} <= (
        waiting
    )
    assert not QueuedTask.objects.filter(attempts=0).exists()

    # The broker is back: beat's drain sends the waiting tasks and the worker runs them.
    _point_broker_at(settings.CELERY_BROKER_URL)
    assert outbox_drain() == rows
    assert not QueuedTask.objects.exists()
    deadline = time.monotonic() + 60
    finished = [MatchRun.Status.DONE, MatchRun.Status.FAILED]
    while not MatchRun.objects.filter(citizen=citizen, status__in=finished).exists():
        assert time.monotonic() < deadline, "the incremental run never reached the worker"
        time.sleep(0.2)
    time.sleep(1)  # let the worker finish what else it was sent before the tables are flushed
    while MatchRun.objects.exclude(status__in=finished).exists():
        assert time.monotonic() < deadline, "a run was left unfinished"
        time.sleep(0.2)


@pytest.mark.usefixtures("grid_rules")
def test_starting_a_run_with_the_broker_down_answers_at_once_and_the_run_fails(
    broker_down,
    login,
    manager,
    make_citizen,  # noqa: F811
    make_opening,  # noqa: F811
    settings,
):
    settings.GRID_INCREMENTAL = False
    make_citizen(), make_citizen(), make_opening()
    client = login(manager)
    client.get(reverse("grid:overview"))  # warm: the first request

    response, waited = _timed(lambda: client.post(reverse("grid:run_start"), {"scope": "all"}))

    assert response.status_code == 302
    print(f"request waited {waited:.3f} s with the broker down")
    assert waited < MAX_WAIT, f"the request waited {waited:.2f} s on the broker"
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.FAILED
    assert run.finished_at is not None
    assert "Køen (Celery-broker) kunne ikke nås" in run.failure_reason
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [run.failure_reason]


def test_the_health_check_reports_the_broker_down_within_two_seconds(broker_down, client):
    response, waited = _timed(lambda: client.get(reverse("healthz")))

    assert response.status_code == 503
    assert waited < MAX_WAIT + 1
    assert "6390" not in response.content.decode()
