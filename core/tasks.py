from celery import shared_task
from django.db import connection


@shared_task(name="core.ping", ignore_result=False)
def ping() -> dict:
    """A round trip through the broker and a worker that also touches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pong": True, "database": connection.vendor, "select": one}


@shared_task(name="core.drain_outbox")
def drain_outbox() -> int:
    """Every minute (Celery beat): send the follow-up tasks the broker could not take when their
    change was saved (core.queue)."""
    from .queue import outbox_drain

    return outbox_drain()
