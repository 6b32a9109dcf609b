"""Runs cannot go back in time, and runs whose worker died are noticed: a late-finishing older
run never replaces a newer current run; a shard whose attempt began longer ago than the shard
time limit is sent again, and after the last attempt its run is failed with a Danish reason; a
run that no worker started within the queue limit is failed."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from grid.models import Match, MatchRun, MatchRunShard
from grid.run_recovery import match_runs_recover_stale
from grid.services import current_run, match_run_execute_shard, match_run_start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_run_data():
    """Runs left unfinished here must not leave their loaded data in the per-process cache
    (grid.services._run_cache, keyed by run id) for a later test's run with the same id."""
    yield
    from grid import services

    services._run_cache.clear()


@pytest.fixture
def population(make_citizen, make_opening):
    citizens = [make_citizen() for _ in range(4)]
    openings = [make_opening() for _ in range(2)]
    return citizens, openings


def _queued_run(**kwargs) -> MatchRun:
    """A run planned but not sent to any worker (its shards are run by hand in the test)."""
    with mock.patch("grid.services._dispatch"), transaction.atomic():
        return match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY, **kwargs)


def _execute_all(run: MatchRun) -> None:
    for index in run.shards.order_by("index").values_list("index", flat=True):
        match_run_execute_shard(run_id=run.pk, index=index)


def test_an_older_run_finishing_after_a_newer_one_does_not_become_current(population):
    older = _queued_run()
    newer = _queued_run()
    _execute_all(newer)
    assert current_run() == newer

    _execute_all(older)

    older.refresh_from_db()
    assert older.status == MatchRun.Status.DONE
    assert current_run() == newer


def test_a_newer_run_replaces_the_current_run(population):
    first = _queued_run()
    _execute_all(first)
    second = _queued_run()

    _execute_all(second)

    assert current_run() == second


def test_an_older_citizen_run_does_not_overwrite_a_newer_run_of_the_same_citizen(population):
    citizens, _openings = population
    base = _queued_run()
    _execute_all(base)
    older = _queued_run(scope=MatchRun.Scope.CITIZEN, citizen=citizens[0])
    newer = _queued_run(scope=MatchRun.Scope.CITIZEN, citizen=citizens[0])
    _execute_all(newer)
    shown = set(Match.objects.filter(run=base, citizen=citizens[0]).values_list("pk", flat=True))

    _execute_all(older)

    assert current_run() == base
    assert Match.objects.filter(run=older).exists()  # kept apart, never shown
    assert (
        set(Match.objects.filter(run=base, citizen=citizens[0]).values_list("pk", flat=True))
        == shown
    )


def _stale(run: MatchRun, index: int, *, attempts: int, minutes: int = 11) -> None:
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING)
    MatchRunShard.objects.filter(run=run, index=index).update(
        attempts=attempts, started_at=timezone.now() - timedelta(minutes=minutes)
    )


@override_settings(GRID_SHARD_TIME_LIMIT_MINUTES=10, GRID_SHARD_MAX_ATTEMPTS=3)
def test_a_shard_whose_worker_died_is_sent_again_and_the_run_completes(population):
    run = _queued_run()
    _stale(run, 0, attempts=1)

    with mock.patch("grid.tasks.run_match_shard.apply_async") as send:
        counts = match_runs_recover_stale()

    assert counts == {"retried": 1, "failed": 0}
    send.assert_called_once_with((run.pk, 0), {}, retry=False)
    _execute_all(run)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE


@override_settings(GRID_SHARD_TIME_LIMIT_MINUTES=10)
def test_a_shard_within_its_time_limit_is_left_alone(population):
    run = _queued_run()
    _stale(run, 0, attempts=1, minutes=5)

    with mock.patch("grid.tasks.run_match_shard.apply_async") as send:
        counts = match_runs_recover_stale()

    assert counts == {"retried": 0, "failed": 0}
    send.assert_not_called()


@override_settings(GRID_SHARD_TIME_LIMIT_MINUTES=10, GRID_SHARD_MAX_ATTEMPTS=3)
def test_a_shard_that_keeps_dying_fails_its_run_with_a_danish_reason(population):
    run = _queued_run()
    _stale(run, 0, attempts=3)

    with translation.override("da"):
        counts = match_runs_recover_stale()

    run.refresh_from_db()
    assert counts["failed"] == 1
    assert run.status == MatchRun.Status.FAILED
    assert "arbejdsproces" in run.failure_reason
    assert run.finished_at is not None


@override_settings(GRID_SHARD_TIME_LIMIT_MINUTES=10, GRID_SHARD_MAX_ATTEMPTS=3, GRID_SHARD_SIZE=2)
def test_a_run_with_several_dead_shards_is_failed_once_and_none_is_sent_again(population):
    run = _queued_run()
    assert run.shards.count() >= 2
    _stale(run, 0, attempts=1)
    _stale(run, 1, attempts=3)

    with mock.patch("grid.tasks.run_match_shard.apply_async") as send:
        counts = match_runs_recover_stale()

    assert counts == {"retried": 0, "failed": 1}
    send.assert_not_called()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED


@override_settings(GRID_RUN_QUEUE_LIMIT_MINUTES=30)
def test_a_run_no_worker_started_is_failed_after_the_queue_limit(population):
    run = _queued_run()
    MatchRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    waiting = _queued_run()

    counts = match_runs_recover_stale()

    run.refresh_from_db()
    waiting.refresh_from_db()
    assert counts == {"retried": 0, "failed": 1}
    assert run.status == MatchRun.Status.FAILED
    assert "30" in run.failure_reason
    assert waiting.status == MatchRun.Status.QUEUED


def test_executing_a_shard_records_its_heartbeat(population):
    run = _queued_run()

    match_run_execute_shard(run_id=run.pk, index=0)

    shard = run.shards.get(index=0)
    assert shard.started_at is not None and shard.attempts == 1
