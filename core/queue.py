"""Queueing a Celery task after the commit, durably, when the broker may be down.

With a real broker (CELERY_BROKER_URL set) the follow-up work of a change is first written to the
outbox (core.models.QueuedTask) in the change's own transaction; after the commit it is sent to the
broker and its row deleted. A broker that cannot be reached must not turn a saved change into an
error page: the failure is logged, the row stays, `on_unreachable(error)` (when given) is called,
and `outbox_drain` (Celery beat, every minute) sends it again once the broker is back. The broker's
connection timeouts are short and publishing is not retried (settings: CELERY_BROKER_*), so a
request never waits on a broker that is down for more than about a second.

Without a broker (the embedded default) the tasks run in-process after the commit; there is
nothing to lose, so no outbox row is written.
"""

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("core.queue")

# What kombu/redis raise when the broker cannot be reached.
BROKER_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, OSError)
try:  # kombu's OperationalError is not an OSError
    from kombu.exceptions import OperationalError

    BROKER_ERRORS = (OperationalError, *BROKER_ERRORS)
except ImportError:  # pragma: no cover - kombu comes with Celery
    pass
try:  # nor is redis-py's ConnectionError
    from redis.exceptions import RedisError

    BROKER_ERRORS = (RedisError, *BROKER_ERRORS)
except ImportError:  # pragma: no cover - redis comes with celery[redis]
    pass

# A row younger than this with no failed attempt is still being sent by its own request.
OUTBOX_GRACE = timedelta(seconds=30)


def _send(task: Any, args: tuple, kwargs: Mapping[str, Any]) -> None:
    task.apply_async(tuple(args), dict(kwargs), retry=False)


def send_now(
    task: Any,
    calls: Iterable[tuple[tuple, Mapping[str, Any]]],
    *,
    what: str,
    on_unreachable: Callable[[BaseException], None] | None = None,
) -> bool:
    """Send `task` once per (args, kwargs) in `calls`; False (logged) when the broker is down."""
    try:
        for args, kwargs in calls:
            _send(task, args, kwargs)
    except BROKER_ERRORS as error:
        logger.warning("%s not queued: the task queue is unreachable (%s).", what, error)
        if on_unreachable is not None:
            on_unreachable(error)
        return False
    return True


def queue_after_commit(
    task: Any,
    *args: Any,
    what: str,
    on_unreachable: Callable[[BaseException], None] | None = None,
    **kwargs: Any,
) -> None:
    """Send `task(*args, **kwargs)` once the surrounding transaction commits (at once outside
    one), through the outbox. A broker that cannot be reached is logged (and `on_unreachable`
    called), never raised; the outbox sends the task later."""
    queue_many_after_commit(task, [(args, kwargs)], what=what, on_unreachable=on_unreachable)


def _durable() -> bool:
    return not settings.EAGER_TASKS


def queue_many_after_commit(
    task: Any,
    calls: Iterable[tuple[tuple, Mapping[str, Any]]],
    *,
    what: str,
    on_unreachable: Callable[[BaseException], None] | None = None,
) -> None:
    """Like `queue_after_commit`, one task per (args, kwargs)."""
    from .models import QueuedTask

    calls = [(tuple(args), dict(kwargs)) for args, kwargs in calls]
    if not _durable():
        transaction.on_commit(
            lambda: send_now(task, calls, what=what, on_unreachable=on_unreachable)
        )
        return
    rows = QueuedTask.objects.bulk_create(
        QueuedTask(task=task.name, args=list(args), kwargs=kwargs, what=what[:200])
        for args, kwargs in calls
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _send_rows(task, ids, calls, what, on_unreachable))


def _send_rows(
    task: Any,
    ids: list[int],
    calls: list[tuple[tuple, dict]],
    what: str,
    on_unreachable: Callable[[BaseException], None] | None,
) -> None:
    """After the commit: send each call and delete its outbox row. At the first failure the
    rest are left for the drain; anything that goes wrong is logged, never raised (the change is
    already saved)."""
    from .models import QueuedTask

    for position, (pk, (args, kwargs)) in enumerate(zip(ids, calls, strict=True)):
        try:
            _send(task, args, kwargs)
        except Exception as error:  # the change is committed: never an error page
            logger.warning(
                "%s not queued: the task queue is unreachable (%s); kept in the outbox.",
                what,
                error,
            )
            _record_failure(ids[position:], error)
            if on_unreachable is not None:
                on_unreachable(error)
            return
        QueuedTask.objects.filter(pk=pk).delete()


def _record_failure(ids: list[int], error: BaseException) -> None:
    from django.db.models import F

    from .models import QueuedTask

    text = f"{type(error).__name__}: {error}"[:300]
    QueuedTask.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, last_error=text)


def outbox_drain(*, limit: int = 1000) -> int:
    """Send the outbox's waiting tasks (oldest first), deleting each once the broker took it.
    Stops at the first broker failure (the rest wait for the next drain). Rows still being sent
    by their own request (younger than OUTBOX_GRACE, no failed attempt) are left alone. Returns
    the number sent."""
    from django.db.models import Q

    from ballerup_jobcenter.celery import app

    from .models import QueuedTask

    waiting = Q(attempts__gt=0) | Q(created_at__lt=timezone.now() - OUTBOX_GRACE)
    sent = 0
    with transaction.atomic():
        rows = list(QueuedTask.objects.select_for_update(skip_locked=True).filter(waiting)[:limit])
        for row in rows:
            task = app.tasks.get(row.task)
            if task is None:
                logger.error("Outbox row %s names an unknown task %r.", row.pk, row.task)
                _record_failure([row.pk], LookupError(f"unknown task {row.task}"))
                continue
            try:
                _send(task, tuple(row.args), row.kwargs)
            except Exception as error:
                logger.warning("Outbox: %s still not queued (%s).", row, error)
                _record_failure([row.pk], error)
                break
            row.delete()
            sent += 1
    if sent:
        logger.info("Outbox: %s queued task(s) sent.", sent)
    return sent


_bulk: ContextVar[bool] = ContextVar("core_queue_bulk", default=False)


@contextmanager
def bulk_changes() -> Iterator[None]:
    """Within this block (a bulk import), follow-up work that only refreshes derived views of
    single records (e.g. the GRID's incremental re-screening) is not queued per change: the
    nightly jobs catch up. Code that queues such work asks `in_bulk()`."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


def in_bulk() -> bool:
    return _bulk.get()
