"""Runs whose worker died: found by Celery beat (grid.tasks.recover_stale_runs) and retried or
failed, so no run shows "running" for long after its worker is gone.

Each shard records when its latest attempt began (MatchRunShard.started_at, the heartbeat) and is
also given a hard Celery time limit (GRID_SHARD_TIME_LIMIT_MINUTES). A shard not done that long
after its attempt began has lost its worker: it is sent again (shards are idempotent, see
grid.services) up to GRID_SHARD_MAX_ATTEMPTS attempts, then its run is failed with the reason. A
run still queued with no shard begun after GRID_RUN_QUEUE_LIMIT_MINUTES is failed too (its tasks
were lost, or no worker is running).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.queue import send_now

from .models import MatchRun, MatchRunShard
from .services import match_run_fail

logger = logging.getLogger("grid")


def shard_time_limit() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "GRID_SHARD_TIME_LIMIT_MINUTES", 10)))


def shard_max_attempts() -> int:
    return int(getattr(settings, "GRID_SHARD_MAX_ATTEMPTS", 3))


def queue_limit() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "GRID_RUN_QUEUE_LIMIT_MINUTES", 30)))


def match_runs_recover_stale(*, now: datetime | None = None) -> dict[str, int]:
    """Find the runs that stopped moving; retry their stale shards or fail them. Returns the
    counts {"retried": shards sent again, "failed": runs failed}."""
    from .tasks import run_match_shard

    now = now or timezone.now()
    retried = failed = 0
    unfinished = MatchRun.objects.filter(
        status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    )
    stale_shards = (
        MatchRunShard.objects.filter(
            run__in=unfinished, done=False, started_at__lt=now - shard_time_limit()
        )
        .select_related("run")
        .order_by("run_id", "-attempts", "index")
    )  # a run's failure first
    failed_runs: set[int] = set()
    for shard in stale_shards:
        if shard.run_id in failed_runs:
            continue  # its run was failed for another shard just now
        if shard.attempts >= shard_max_attempts():
            with translation.override(settings.LANGUAGE_CODE):
                reason = _(
                    "Shard %(index)s stopped %(attempts)s times without finishing (its worker "
                    "died or was too slow). Start the run again; if it happens again, ask IT to "
                    "check the workers."
                ) % {"index": shard.index, "attempts": shard.attempts}
            match_run_fail(run_id=shard.run_id, reason=reason)
            failed_runs.add(shard.run_id)
            failed += 1
            continue
        # Bumped now, so the next check waits a whole time limit before looking at it again.
        MatchRunShard.objects.filter(pk=shard.pk).update(started_at=now)
        logger.warning("GRID run %s shard %s stale: sent again.", shard.run_id, shard.index)
        if send_now(run_match_shard, [((shard.run_id, shard.index), {})], what=str(shard)):
            retried += 1
    never_started = unfinished.filter(created_at__lt=now - queue_limit()).exclude(
        Q(shards__started_at__isnull=False) | Q(shards_total=0)
    )
    for run in never_started.distinct():
        with translation.override(settings.LANGUAGE_CODE):
            reason = _(
                "No worker started the run within %(minutes)s minutes. Start it again; if it "
                "happens again, ask IT to check the workers and the task queue."
            ) % {"minutes": int(queue_limit().total_seconds() // 60)}
        match_run_fail(run_id=run.pk, reason=reason)
        failed += 1
    return {"retried": retried, "failed": failed}
