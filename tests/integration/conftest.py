"""A real Celery worker process against a real Redis broker and the PostgreSQL test database.

Run with DATABASE_URL=postgres://... and CELERY_BROKER_URL=redis://... (scripts/run_tests.sh does).
Each test session uses its own queue name, so a stray worker never takes these tasks.
"""

import uuid

import pytest
from django.conf import settings
from django.db import connection

from .worker import WorkerProcess, database_url


@pytest.fixture(scope="session")
def celery_queue() -> str:
    return f"itest-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, celery_queue):
    """Start `celery worker` as a separate OS process; yield a handle with .stop()/.kill()."""
    if settings.EAGER_TASKS:
        pytest.fail("Integration tests need CELERY_BROKER_URL (a real broker); none is set.")
    if connection.vendor != "postgresql":
        pytest.fail("Integration tests need PostgreSQL (DATABASE_URL).")
    from ballerup_jobcenter.celery import app

    app.conf.task_default_queue = celery_queue
    with django_db_blocker.unblock():
        db_url = database_url()
    handle = WorkerProcess(queue=celery_queue, database_url=db_url)
    handle.start()
    yield handle
    handle.stop()
