"""GRID runs through a real Redis broker and a real Celery worker process (PostgreSQL): a run
completes in shards; a worker killed mid-shard is redelivered and the run completes without
duplicate rows; a broker that cannot be reached fails the run with a clear reason while the web
keeps working."""

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.db.models import Count
from django.test import override_settings

from ballerup_jobcenter.celery import app
from grid.models import Match, MatchRun, MatchRunShard
from grid.services import current_run, match_run_start
from tests.grid.conftest import grid_rules, make_citizen, make_opening  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_incremental_runs", "grid_rules"),
]


@pytest.fixture
def no_incremental_runs():
    with override_settings(GRID_INCREMENTAL=False):
        yield


def wait_for(run: MatchRun, *, timeout: float = 90) -> MatchRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (MatchRun.Status.DONE, MatchRun.Status.FAILED):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run.pk} still {run.status} after {timeout} s")


@pytest.fixture
def population(make_citizen, make_opening):  # noqa: F811
    citizens = [make_citizen() for _ in range(6)]
    openings = [make_opening() for _ in range(4)]
    return citizens, openings


@override_settings(GRID_SHARD_SIZE=2)
def test_a_run_completes_through_redis_and_a_worker(celery_worker_process, population, manager):
    run = match_run_start(actor=manager)

    run = wait_for(run)

    assert run.status == MatchRun.Status.DONE, run.failure_reason
    # 3 citizens' shards of 2, and one openings' shard.
    assert run.shards_total == 4 and run.shards_done == 4
    assert Match.objects.filter(run=run).count() == 6 * 4
    assert Match.objects.filter(run=run, opening_rank__isnull=False).count() == 6 * 4
    assert current_run() == run


@override_settings(GRID_SHARD_SIZE=3)
def test_a_worker_killed_mid_shard_is_redelivered_and_leaves_no_duplicates(
    celery_worker_process, population, monkeypatch
):
    pause = Path(tempfile.gettempdir()) / f"grid-crash-{os.getpid()}"
    pause.write_text("pause")
    monkeypatch.setenv("GRID_CRASH_TEST_PAUSE_FILE", str(pause))
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "5")
    celery_worker_process.stop()
    celery_worker_process.start()  # with the two variables above
    try:
        run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
        deadline = time.monotonic() + 60
        while not MatchRunShard.objects.filter(run=run, attempts__gte=1).exists():
            assert time.monotonic() < deadline, "no shard started"
            time.sleep(0.1)
        time.sleep(0.5)  # the shard is now paused with its rows written, not committed

        celery_worker_process.kill()
        pause.unlink()
        assert not MatchRunShard.objects.filter(run=run, done=True).exists()
        celery_worker_process.start()

        run = wait_for(run, timeout=120)
    finally:
        pause.unlink(missing_ok=True)
        monkeypatch.undo()
        celery_worker_process.stop()
        celery_worker_process.start()

    assert run.status == MatchRun.Status.DONE, run.failure_reason
    assert MatchRunShard.objects.filter(run=run, attempts__gte=2).exists()  # redelivered
    rows = Match.objects.filter(run=run)
    assert rows.count() == 6 * 4
    assert not rows.values("citizen", "opening").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_the_broker_down_fails_the_run_and_the_web_keeps_working(population, manager, client):
    old = (app.conf.broker_url, app.conf.broker_write_url)
    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app.conf.broker_url = app.conf.broker_write_url = closed
    app._pool = None
    app.amqp._producer_pool = None
    try:
        started = time.monotonic()
        run = match_run_start(actor=manager)
        elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url, app.conf.broker_write_url = old
        app._pool = None
        app.amqp._producer_pool = None

    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert "Køen" in run.failure_reason or "task queue" in run.failure_reason
    assert elapsed < 30
    client.force_login(manager)
    assert client.get("/").status_code == 200
