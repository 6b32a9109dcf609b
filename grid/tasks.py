"""Celery tasks of the GRID: thin, reload by id, call the service, safe to run twice.

Shard tasks are acknowledged late (CELERY_TASK_ACKS_LATE, prefetch 1 in the settings): a worker
that dies mid-shard leaves the message unacknowledged and the broker redelivers it after the
visibility timeout; match_run_execute_shard is idempotent, so the rerun leaves one set of rows.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext as _

from .models import MatchRun
from .services import match_run_execute_shard, match_run_fail, match_run_start

logger = logging.getLogger("grid")


@shared_task(
    name="grid.tasks.run_match_shard",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # A shard takes seconds; one still running after this is killed by its worker and found
    # by recover_stale_runs.
    time_limit=60 * settings.GRID_SHARD_TIME_LIMIT_MINUTES,
)
def run_match_shard(self, run_id: int, index: int) -> bool:
    """Any error fails the run with the reason shown to users. On a worker it is raised again
    (Celery records the failed task); in-process (the embedded default) the thread running the
    run (execute_in_process) or the command that started it carries on, as with a worker."""
    try:
        return match_run_execute_shard(run_id=run_id, index=index)
    except Exception as error:
        logger.exception("GRID run %s shard %s failed", run_id, index)
        match_run_fail(
            run_id=run_id,
            reason=_("Shard %(index)s failed: %(error)s") % {"index": index, "error": error},
        )
        if not self.request.is_eager:
            raise
        return False


def execute_in_process(run_id: int, shards: list[int]) -> None:
    """The embedded default's worker (core.background, a thread of the web process): the run's
    shards one after another through the same task, as a Celery worker would run them. A shard
    that fails marks the run failed (run_match_shard); the later shards then see the failed run
    and return at once."""
    for index in shards:
        run_match_shard.apply(args=(run_id, index))


@shared_task(name="grid.tasks.nightly_match_run")
def nightly_match_run() -> int:
    """Every night (Celery beat): all active citizens × all open openings; prunes the
    suggestions of runs that are no longer shown first."""
    from .services import matches_prune

    matches_prune()
    return match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY).pk


@shared_task(name="grid.tasks.incremental_match_run")
def incremental_match_run(*, citizen_id: int | None = None, opening_id: int | None = None) -> int:
    """Re-screen one citizen or one opening after it changed (queued after the commit).

    Several changes in a row (a caseworker saving job tracks, languages and needs) need one run:
    a run for the same scope still waiting in the queue reads the data when it starts, so no
    second one is queued."""
    from citizens.models import Citizen
    from employers.models import Opening

    waiting = MatchRun.objects.filter(
        trigger=MatchRun.Trigger.INCREMENTAL,
        status=MatchRun.Status.QUEUED,
        citizen_id=citizen_id,
        opening_id=opening_id,
    ).first()
    if waiting is not None:
        return waiting.pk

    if citizen_id is not None:
        citizen = Citizen.objects.filter(pk=citizen_id).first()
        if citizen is None:
            return 0
        run = match_run_start(
            actor=None,
            scope=MatchRun.Scope.CITIZEN,
            citizen=citizen,
            trigger=MatchRun.Trigger.INCREMENTAL,
        )
        return run.pk
    opening = Opening.objects.filter(pk=opening_id).first()
    if opening is None:
        return 0
    run = match_run_start(
        actor=None,
        scope=MatchRun.Scope.OPENING,
        opening=opening,
        trigger=MatchRun.Trigger.INCREMENTAL,
    )
    return run.pk


@shared_task(name="grid.tasks.recover_stale_runs")
def recover_stale_runs() -> dict[str, int]:
    """Every two minutes (Celery beat): shards whose worker died are sent again, or their run
    failed (grid.run_recovery)."""
    from .run_recovery import match_runs_recover_stale

    return match_runs_recover_stale()
