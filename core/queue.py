"""Queueing a Celery task after the commit, when the broker may be down.

The change that asks for the task is already saved when the task is sent (transaction.on_commit),
so a broker that cannot be reached must not turn a saved change into an error page: the failure is
logged and `on_unreachable(error)` (when given) records what the work left undone means, e.g. a
GRID run marked failed with the reason. The nightly jobs catch up on alerts and incremental runs.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction

logger = logging.getLogger("core.queue")

# What kombu/redis raise when the broker cannot be reached.
BROKER_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, OSError)
try:  # kombu's OperationalError is not an OSError
    from kombu.exceptions import OperationalError

    BROKER_ERRORS = (OperationalError, *BROKER_ERRORS)
except ImportError:  # pragma: no cover - kombu comes with Celery
    pass


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
            task.apply_async(args, dict(kwargs), retry=False)
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
    one). A broker that cannot be reached is logged (and `on_unreachable` called), never raised."""
    queue_many_after_commit(task, [(args, kwargs)], what=what, on_unreachable=on_unreachable)


def queue_many_after_commit(
    task: Any,
    calls: Iterable[tuple[tuple, Mapping[str, Any]]],
    *,
    what: str,
    on_unreachable: Callable[[BaseException], None] | None = None,
) -> None:
    """Like `queue_after_commit`, one task per (args, kwargs); stops at the first failure."""
    calls = list(calls)
    transaction.on_commit(lambda: send_now(task, calls, what=what, on_unreachable=on_unreachable))
