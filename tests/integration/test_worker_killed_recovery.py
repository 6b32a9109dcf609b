"""A worker killed mid-shard whose task is NOT redelivered by the broker (the visibility timeout
is an hour, as in production): the run would stay "running". Beat's recovery
(grid.run_recovery.match_runs_recover_stale) finds the shard that stopped, sends it again through
the real broker, and the real worker completes the run: no duplicate and no missing row. A shard
that keeps dying fails its run with the Danish reason. Real services: PostgreSQL, Redis, a Celery
worker process."""

import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone, translation

from grid.models import Match, MatchRun, MatchRunShard
from grid.run_recovery import match_runs_recover_stale
from grid.services import current_run, match_run_start
from tests.grid.conftest import grid_rules, make_citizen, make_opening  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_incremental_runs", "grid_rules"),
]

CITIZENS, OPENINGS = 6, 4


def _wait(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@pytest.fixture
def no_incremental_runs():
    """Only the run under test: no incremental run queued when the population is made."""
    with override_settings(GRID_INCREMENTAL=False):
        yield


@pytest.fixture
def population(make_citizen, make_opening):  # noqa: F811
    return [make_citizen() for _ in range(CITIZENS)], [make_opening() for _ in range(OPENINGS)]


@pytest.fixture
def paused_worker(celery_worker_process, monkeypatch):
    """The worker restarted so that a shard pauses (rows written, not committed) while a file
    exists; the broker redelivers nothing for an hour."""
    pause = Path(tempfile.gettempdir()) / f"grid-recovery-{os.getpid()}"
    pause.write_text("pause")
    monkeypatch.setenv("GRID_CRASH_TEST_PAUSE_FILE", str(pause))
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "3600")
    celery_worker_process.stop()
    celery_worker_process.start()
    yield celery_worker_process, pause
    pause.unlink(missing_ok=True)
    monkeypatch.undo()
    celery_worker_process.stop()
    celery_worker_process.start()


@override_settings(
    GRID_SHARD_SIZE=3,
    GRID_SHARD_TIME_LIMIT_MINUTES=10,
    GRID_SHARD_MAX_ATTEMPTS=3,
)
def test_a_worker_killed_mid_shard_is_recovered_by_beat_without_duplicate_or_missing_rows(
    population, paused_worker
):
    worker, pause = paused_worker
    run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    shards = MatchRunShard.objects.filter(run=run)
    _wait(lambda: shards.filter(attempts__gte=1).exists(), timeout=60, what="no shard started")
    time.sleep(0.5)  # the shard is paused with its rows written, not committed
    killed = shards.get(attempts__gte=1, done=False)

    worker.kill()
    pause.unlink()
    worker.start()  # the killed shard's message stays unacknowledged for an hour
    _wait(
        lambda: shards.filter(done=False).count() == 1,
        timeout=90,
        what="the other shards did not finish",
    )
    run.refresh_from_db()
    assert run.status == MatchRun.Status.RUNNING  # stuck without the recovery
    assert not shards.get(pk=killed.pk).done

    # Beat's check, eleven minutes later: the shard is past its time limit.
    counts = match_runs_recover_stale(now=timezone.now() + timedelta(minutes=11))

    assert counts == {"retried": 1, "failed": 0}
    _wait(
        lambda: MatchRun.objects.get(pk=run.pk).status != MatchRun.Status.RUNNING,
        timeout=90,
        what="the recovered run never finished",
    )
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE, run.failure_reason
    assert shards.get(pk=killed.pk).attempts == 2
    rows = Match.objects.filter(run=run)
    assert rows.count() == CITIZENS * OPENINGS  # none missing
    assert not rows.values("citizen", "opening").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert current_run() == run


@override_settings(
    GRID_SHARD_SIZE=3,
    GRID_SHARD_TIME_LIMIT_MINUTES=10,
    GRID_SHARD_MAX_ATTEMPTS=1,
)
def test_a_shard_whose_worker_dies_every_time_fails_the_run_with_a_danish_reason(
    population, paused_worker
):
    worker, pause = paused_worker
    run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    shards = MatchRunShard.objects.filter(run=run)
    _wait(lambda: shards.filter(attempts__gte=1).exists(), timeout=60, what="no shard started")
    time.sleep(0.5)

    worker.kill()
    pause.unlink()
    worker.start()
    _wait(
        lambda: shards.filter(done=False).count() == 1,
        timeout=90,
        what="the other shards did not finish",
    )

    with translation.override("da"):
        counts = match_runs_recover_stale(now=timezone.now() + timedelta(minutes=11))

    assert counts == {"retried": 0, "failed": 1}
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert run.finished_at is not None
    assert "stoppede" in run.failure_reason, run.failure_reason
    assert current_run() != run
