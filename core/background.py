"""Work outside the request in the embedded default (no Celery broker: tasks run in-process).

Eager Celery runs a task inside the request that queued it, so a long job (a full GRID run, about
30 s at Ballerup's size) would hold the page until it is done. `submit` hands such a job to ONE
worker thread per process instead, which runs the jobs one after another, as a single Celery
worker would: the request returns at once, and the job's own progress (in the database) is what
the page polls.

- Each job opens its own database connections and closes them when it ends (Django keeps one
  connection per thread). One thread keeps SQLite to one writer from the background; the
  embedded database runs in WAL mode with IMMEDIATE transactions and a lock timeout
  (settings), so the pages' reads and writes wait their turn instead of failing.
- Nothing is lost silently: a job that raises (anything, not only Exception) reports the error to
  its `on_failure` (e.g. the GRID run is marked failed with the reason); when the process stops
  (a command ends, the development server restarts, Ctrl+C), the jobs get DRAIN_SECONDS to
  finish and every job still unfinished reports a `StoppedBeforeDone` to its `on_failure`
  (atexit). A process killed outright (SIGKILL, power cut) cannot report anything: such a run
  stays "running" until the next run replaces it.
- With a real broker nothing of this is used: the tasks go to the Celery workers.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger("core.background")
# How long a stopping process waits for the jobs still queued or running (a GRID run at Ballerup's
# size takes a few seconds); what is left after that is reported as stopped.
DRAIN_SECONDS = 60.0


class StoppedBeforeDone(RuntimeError):
    """The process stopped before the job was done."""


@dataclass(eq=False)
class Job:
    what: str
    run: Callable[[], object]
    on_failure: Callable[[BaseException], None] | None = None


def _report(job: Job, error: BaseException) -> None:
    """Tell the job's owner it failed; a failing report is logged, never raised."""
    if job.on_failure is None:
        return
    try:
        job.on_failure(error)
    except Exception:
        logger.exception("Could not record the failure of %s.", job.what)


class BackgroundWorker:
    """One daemon thread that runs the submitted jobs in order (started on the first job)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.Queue[Job] = queue.Queue()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._pending: list[Job] = []  # queued or running, oldest first
        self._thread: threading.Thread | None = None
        atexit.register(self.stop)

    def submit(
        self,
        run: Callable[[], object],
        *,
        what: str,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `run()` in the worker thread, after the jobs submitted before it."""
        job = Job(what=what, run=run, on_failure=on_failure)
        with self._lock:
            self._pending.append(job)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()
        self._jobs.put(job)
        logger.info("%s runs in the background (%s).", what, self.name)

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every submitted job has ended (at most `timeout` seconds); True if so."""
        with self._lock:
            return self._changed.wait_for(lambda: not self._pending, timeout)

    def stop(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        """The process is stopping (atexit): the jobs get up to `drain_seconds` to finish (a
        command that saved changes leaves when their runs are done, as it did when they ran in
        it); every job still unfinished then reports `StoppedBeforeDone`. A second Ctrl+C ends
        the wait at once."""
        with contextlib.suppress(KeyboardInterrupt):
            self.wait_idle(drain_seconds)
        with self._lock:
            unfinished = list(self._pending)
        for job in unfinished:
            logger.warning("%s was not finished when the process stopped.", job.what)
            _report(job, StoppedBeforeDone(job.what))

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                self._run(job)
            finally:
                with self._lock:
                    if job in self._pending:
                        self._pending.remove(job)
                    self._changed.notify_all()

    def _run(self, job: Job) -> None:
        from django.db import close_old_connections, connections

        try:
            close_old_connections()
            job.run()
        except BaseException as error:  # a crash of any kind must reach the job's owner
            logger.exception("%s failed in the background.", job.what)
            _report(job, error)
        finally:
            connections.close_all()


# The process's worker for in-process jobs (the embedded default).
worker = BackgroundWorker("in-process-worker")


def submit(
    run: Callable[[], object],
    *,
    what: str,
    on_failure: Callable[[BaseException], None] | None = None,
) -> None:
    """Run `run()` outside the current request, in the process's worker thread."""
    worker.submit(run, what=what, on_failure=on_failure)
