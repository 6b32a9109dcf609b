"""A real Celery worker process against a real Redis broker and the PostgreSQL test database.

Run with DATABASE_URL=postgres://... and CELERY_BROKER_URL=redis://... (scripts/run_tests.sh does).
Each test session uses its own queue name, so a stray worker never takes these tasks.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


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
        db_url = _database_url()
    handle = WorkerProcess(queue=celery_queue, database_url=db_url)
    handle.start()
    yield handle
    handle.stop()


class WorkerProcess:
    def __init__(self, *, queue: str, database_url: str, concurrency: int = 1) -> None:
        self.queue = queue
        self.database_url = database_url
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log_path = Path(tempfile.gettempdir()) / f"{queue}-worker.log"

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ballerup_jobcenter.settings.test",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
        }
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ballerup_jobcenter",
                "worker",
                "-Q",
                self.queue,
                "--concurrency",
                str(self.concurrency),
                "--pool",
                "prefork",
                "--loglevel",
                "INFO",
                "--hostname",
                f"{self.queue}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        from ballerup_jobcenter.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{self.log_path.read_text()}")
            replies = app.control.ping(
                destination=[f"{self.queue}@{os.uname().nodename}"], timeout=1
            )
            if replies:
                return
        raise RuntimeError(f"Celery worker did not start:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def kill(self) -> None:
        """Kill the worker and its children at once, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
