"""The nightly alert refresh shared out to a real worker: refresh_all_alerts queues one task per
id range through Redis, the worker process computes each range against PostgreSQL."""

import time
from datetime import date

import pytest

from citizens import tasks
from citizens.models import Alert
from core import queue
from tests.factories.citizens import CitizenFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_follow_up_tasks(settings, monkeypatch):
    """Creating the citizens would queue their own alert refresh and a GRID run on the worker;
    only the nightly tasks are under test (and a worker still reading at teardown deadlocks with
    its TRUNCATE, see test_database_drop)."""
    settings.GRID_INCREMENTAL = False
    monkeypatch.setattr("citizens.services.queue_after_commit", lambda *args, **kwargs: None)


def test_the_nightly_refresh_is_computed_by_the_worker_range_by_range(
    celery_worker_process, monkeypatch
):
    citizens = [CitizenFactory(course__start=date(2026, 1, 5)) for _ in range(3)]
    stored = Alert.objects.filter(citizen__in=citizens, code="plan_outdated")
    assert not stored.exists()
    monkeypatch.setattr(tasks, "NIGHTLY_ALERT_TASK_CITIZENS", 2)
    sent = []

    def send(task, args, kwargs):
        sent.append((task.name, tuple(args)))
        task.apply_async(tuple(args), dict(kwargs), retry=False)

    monkeypatch.setattr(queue, "_send", send)

    assert tasks.refresh_all_alerts() == 3

    ids = [citizen.pk for citizen in citizens]
    assert sent == [
        ("citizens.tasks.refresh_alerts_in_range", (ids[0], ids[1])),
        ("citizens.tasks.refresh_alerts_in_range", (ids[2], ids[2])),
    ]
    # No plan since January: the worker alerts every one of them, both ranges done.
    deadline = time.monotonic() + 60
    while stored.count() < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert set(stored.values_list("citizen_id", flat=True)) == set(ids)
