"""Celery tasks of the strategy: thin, call the service, safe to run twice (a snapshot replaces
the period's computed values)."""

from celery import shared_task

from . import services


@shared_task(name="strategy.tasks.snapshot_current")
def snapshot_current() -> list[str]:
    """Nightly (Celery beat, CELERY_BEAT_SCHEDULE): the previous and the current quarter, so the
    quarter that just ended is final and the running one is up to date. The first run, with no
    computed values yet, back-fills every quarter the data covers."""
    return [period.label for period in services.snapshot_current()]


@shared_task(name="strategy.tasks.backfill")
def backfill() -> list[str]:
    """Every quarter from the first course to today."""
    return [period.label for period in services.backfill()]
