from celery import shared_task
from django.db import connection


@shared_task(name="core.ping")
def ping() -> dict:
    """A round trip through the broker and a worker that also touches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pong": True, "database": connection.vendor, "select": one}
