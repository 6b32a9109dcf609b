"""The embedded default (no broker, eager tasks): a run started from a page or the API executes in
the process's background thread (core.background), so the request returns at once and the
progress fragment moves; a crash or a stop ends the run "failed" with the reason. With a real
broker nothing changes: one task per shard is sent.

The background thread is held at a gate before each shard, so the test and the thread never use
the database at the same time (SQLite's in-memory test database) and nothing depends on timing:
every wait has a bound and fails the test when it runs out."""

import threading
from unittest import mock

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from core import background
from grid import services
from grid.models import GridState, Match, MatchRun

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grid_rules"),
    # The unit suite's SQLite test database is in memory with a shared cache, where a read in the
    # test's thread locks whole tables against the run's thread ("database table is locked"),
    # which the embedded default's file database (WAL) never does. These run on PostgreSQL: part
    # 2 of `make test` (and with DATABASE_URL set).
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs a database without shared-cache table locks: runs on PostgreSQL",
    ),
]

BOUND = 30  # seconds: only reached when something is broken


@pytest.fixture(autouse=True)
def embedded_default():
    """Eager tasks with the background thread on, no incremental runs from the factories."""
    with override_settings(
        CELERY_TASK_ALWAYS_EAGER=True, GRID_RUN_IN_THREAD=True, GRID_INCREMENTAL=False
    ):
        yield
    assert background.worker.wait_idle(BOUND), "the background thread did not finish"


class Gate:
    """Holds the background thread before each shard until the test lets one through."""

    def __init__(self) -> None:
        self.go = threading.Semaphore(0)
        self.done = threading.Semaphore(0)
        self.real = services.match_run_execute_shard

    def shard(self, **kwargs):
        assert self.go.acquire(timeout=BOUND), "the test never let the shard through"
        try:
            return self.real(**kwargs)
        finally:
            self.done.release()

    def let_through(self, shards: int = 1) -> None:
        for _ in range(shards):
            self.go.release()
            assert self.done.acquire(timeout=BOUND), "the shard did not finish"

    def open(self) -> None:
        for _ in range(100):
            self.go.release()


@pytest.fixture
def gate():
    held = Gate()
    with mock.patch("grid.tasks.match_run_execute_shard", side_effect=held.shard):
        yield held
        held.open()
        assert background.worker.wait_idle(BOUND)


@pytest.fixture
def population(make_citizen, make_opening):
    return [make_citizen() for _ in range(5)], [make_opening() for _ in range(3)]


def _progress(client, run_id: int) -> str:
    response = client.get(reverse("grid:run_progress", args=[run_id]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


@override_settings(GRID_SHARD_SIZE=2)
def test_a_run_started_on_the_page_returns_at_once_and_the_progress_bar_moves(
    client, manager, population, gate
):
    client.force_login(manager)

    response = client.post(reverse("grid:run_start"), {"scope": "all"})

    # The page answered while the run had not started: it is queued, nothing is shown yet.
    assert response.status_code == 302
    run = MatchRun.objects.get()
    assert response["Location"] == reverse("grid:run", args=[run.pk])
    assert run.status == MatchRun.Status.QUEUED and run.shards_total == 4
    assert 'value="0"' in _progress(client, run.pk)
    assert 'hx-trigger="every 2s"' in _progress(client, run.pk)

    gate.let_through(1)
    fragment = _progress(client, run.pk)
    assert 'value="25"' in fragment and 'hx-trigger="every 2s"' in fragment
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.RUNNING

    gate.let_through(2)
    assert 'value="75"' in _progress(client, run.pk)
    assert GridState.objects.filter(current_run=run).count() == 0

    gate.let_through(1)
    assert background.worker.wait_idle(BOUND)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.progress == 100
    assert Match.objects.filter(run=run).count() == 15
    assert GridState.objects.get().current_run == run
    assert "hx-trigger" not in _progress(client, run.pk)


def test_a_run_started_through_the_api_answers_202_before_it_runs(api, manager, population, gate):
    api.force_authenticate(manager)

    response = api.post("/api/v1/match-runs/", {}, format="json")

    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    run_id = response.json()["id"]
    gate.open()
    assert background.worker.wait_idle(BOUND)
    assert api.get(f"/api/v1/match-runs/{run_id}/").json()["status"] == "done"


def test_a_crash_of_the_background_thread_fails_the_run_with_the_reason(
    client, manager, population
):
    client.force_login(manager)
    crash = MemoryError("no memory left for the scores")

    with mock.patch("grid.tasks.run_match_shard.apply", side_effect=crash):
        client.post(reverse("grid:run_start"), {"scope": "all"})
        assert background.worker.wait_idle(BOUND)

    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.FAILED
    assert "no memory left for the scores" in run.failure_reason
    assert run.finished_at is not None
    assert "no memory left" in _progress(client, run.pk)
    assert not GridState.objects.filter(current_run=run).exists()


def test_a_failing_shard_fails_the_run_and_the_thread_carries_on(client, manager, population):
    client.force_login(manager)

    with mock.patch("grid.engine.screen", side_effect=RuntimeError("boom")):
        client.post(reverse("grid:run_start"), {"scope": "all"})
        assert background.worker.wait_idle(BOUND)
    client.post(reverse("grid:run_start"), {"scope": "all"})
    assert background.worker.wait_idle(BOUND)

    failed, done = MatchRun.objects.order_by("pk")
    assert failed.status == MatchRun.Status.FAILED and "boom" in failed.failure_reason
    assert done.status == MatchRun.Status.DONE


def test_a_run_the_process_stops_before_finishing_ends_failed_with_a_reason(
    client, manager, population, gate
):
    client.force_login(manager)
    client.post(reverse("grid:run_start"), {"scope": "all"})
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.QUEUED

    background.worker.stop(drain_seconds=0)  # atexit, once the wait for the run is over

    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert "stoppede" in run.failure_reason  # Danish: the site's language
    gate.open()  # the thread lives on in the test process: its shards see the failed run
    assert background.worker.wait_idle(BOUND)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert not Match.objects.filter(run=run).exists()


def test_a_stopping_process_lets_the_runs_finish_first(client, manager, population, gate):
    client.force_login(manager)
    client.post(reverse("grid:run_start"), {"scope": "all"})
    gate.open()

    background.worker.stop(drain_seconds=BOUND)  # what atexit calls when a command ends

    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.DONE and run.failure_reason == ""


def test_runs_wait_their_turn_in_the_one_background_thread(client, manager, population, gate):
    client.force_login(manager)

    client.post(reverse("grid:run_start"), {"scope": "all"})
    client.post(reverse("grid:run_start"), {"scope": "all"})

    assert background.worker.pending() == 2
    first, second = MatchRun.objects.order_by("pk")
    assert first.status == second.status == MatchRun.Status.QUEUED
    gate.let_through(2)  # the first run's two shards (one per side)
    assert MatchRun.objects.get(pk=second.pk).status == MatchRun.Status.QUEUED
    gate.open()
    assert background.worker.wait_idle(BOUND)
    assert set(MatchRun.objects.values_list("status", flat=True)) == {MatchRun.Status.DONE}


def test_with_a_real_worker_one_task_per_shard_is_sent_and_no_thread_is_used(manager, population):
    with (
        override_settings(CELERY_TASK_ALWAYS_EAGER=False, GRID_SHARD_SIZE=2),
        mock.patch("grid.tasks.run_match_shard.apply_async") as sent,
        mock.patch("core.background.submit") as in_thread,
        transaction.atomic(),
    ):
        run = services.match_run_start(actor=manager)

    assert sent.call_count == 4
    assert sorted(call.args[0][1] for call in sent.call_args_list) == [0, 1, 2, 3]
    in_thread.assert_not_called()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.QUEUED


def test_the_switch_off_runs_in_the_callers_thread(manager, population):
    with (
        override_settings(GRID_RUN_IN_THREAD=False),
        mock.patch("core.background.submit") as bg,
        transaction.atomic(),
    ):
        run = services.match_run_start(actor=manager)

    bg.assert_not_called()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
