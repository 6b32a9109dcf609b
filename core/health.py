"""Health of the components the application needs: the database and the Celery broker."""

from django.conf import settings
from django.db import connection


def database_status() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, connection.vendor


def broker_status(timeout: float = 2.0) -> tuple[bool, str]:
    if settings.EAGER_TASKS:
        return True, "in-process (eager)"
    from ballerup_jobcenter.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.2, timeout=timeout
            )
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, "reachable"
