"""The nightly alert refresh: one process, and Celery workers as the night runs it.

`python bench/alerts_bench.py` (part of `make bench`). For each scale in BENCH_ALERT_SCALES
(default `10`; `10,100` adds the national scale, whose database takes about an hour to make
once) it uses the load benchmark's database `bench_jobcenter_<scale>` (made by
bench/load_bench.py when missing) and measures:

1. one process, in-process: `alerts_refresh` over every citizen the night refreshes, with the
   alerts as the last refresh left them (the usual night: most come out as stored);
2. `citizens.tasks.refresh_all_alerts` through BENCH_ALERT_WORKERS (default 2) Celery worker
   processes (concurrency 1 each, a private queue on BENCH_REDIS), from the call until the queue
   is empty and every worker idle: the usual night, and a night on which every alert is written
   (the alert table emptied first, as after a change of the rules).

Prints one table per scale with the target (<= 60 s through two workers at 100x). No figure is a
test.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess  # nosec B404 (our own interpreter and Celery, 127.0.0.1 only)
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from load_bench import PG, ensure_database  # noqa: E402

REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/12")
SCALES = [s.strip() for s in os.environ.get("BENCH_ALERT_SCALES", "10").split(",") if s.strip()]
WORKERS = int(os.environ.get("BENCH_ALERT_WORKERS", "2"))
TARGET_SECONDS = {"100": 60.0}


def _env(scale: str, queue: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/bench_jobcenter_{scale}",
        DJANGO_SETTINGS_MODULE="ballerup_jobcenter.settings.local",
        CELERY_BROKER_URL=REDIS,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


@contextlib.contextmanager
def workers(scale: str, queue: str, count: int):
    processes = [
        subprocess.Popen(  # nosec B603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ballerup_jobcenter",
                "worker",
                "-Q",
                queue,
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "--hostname",
                f"{queue}-{n}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=_env(scale, queue),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for n in range(count)
    ]
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


# --- Inside Django (python bench/alerts_bench.py --measure <what>) -----------------------------


def _idle(app, queue: str, count: int) -> bool:
    """The queue is empty and `count` workers answer with nothing active or reserved."""
    with app.connection_for_write() as connection:
        if connection.default_channel.client.llen(queue):
            return False
    inspect = app.control.inspect(timeout=0.5, limit=count)
    active, reserved = inspect.active() or {}, inspect.reserved() or {}
    return len(active) >= count and not any(active.values()) and not any((reserved or {}).values())


def measure(what: str) -> dict:
    import django

    django.setup()
    from celery import current_app

    from citizens.alerts import alerts_refresh
    from citizens.models import Alert
    from citizens.tasks import _nightly_alert_citizens, refresh_all_alerts

    if what == "in-process":
        ids = _nightly_alert_citizens()
        started, cpu = time.perf_counter(), time.process_time()
        stored = alerts_refresh(citizen_ids=ids)
        seconds = time.perf_counter() - started
        return {
            "citizens": len(ids),
            "alerts": stored,
            "seconds": seconds,
            "cpu": time.process_time() - cpu,
            "ms_per_citizen": 1000 * seconds / max(len(ids), 1),
        }
    queue, count = os.environ["CELERY_TASK_DEFAULT_QUEUE"], WORKERS
    while not _idle(current_app, queue, count):  # the workers are up before the clock starts
        time.sleep(0.5)
    if what == "every-alert":
        Alert.objects.all().delete()
    started = time.perf_counter()
    citizens = refresh_all_alerts()
    time.sleep(1)
    while not _idle(current_app, queue, count):
        time.sleep(0.2)
    return {
        "citizens": citizens,
        "alerts": Alert.objects.count(),
        "seconds": time.perf_counter() - started,
    }


def _measure(scale: str, what: str, queue: str) -> dict:
    out = subprocess.run(  # nosec B603
        [sys.executable, str(Path(__file__).resolve()), "--measure", what],
        cwd=ROOT,
        env=_env(scale, queue),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    for scale in SCALES:
        ensure_database(scale)
        queue = f"bench-alerts-{uuid.uuid4().hex[:8]}"
        one = _measure(scale, "in-process", queue)
        with workers(scale, queue, WORKERS):
            usual = _measure(scale, "usual-night", queue)
            every = _measure(scale, "every-alert", queue)
        print(f"\nNightly alerts at {scale}x ({one['citizens']:,} citizens refreshed)")
        print(
            f"  one process, in-process: {one['seconds']:.1f} s "
            f"({one['ms_per_citizen']:.2f} ms a citizen, CPU {one['cpu']:.1f} s)"
        )
        target = TARGET_SECONDS.get(scale)
        for label, result in (("the usual night", usual), ("every alert written", every)):
            verdict = ""
            if target is not None:
                met = result["seconds"] <= target
                verdict = "  met" if met else f"  MISSED (<= {target:.0f} s)"
            print(
                f"  {WORKERS} Celery workers, {label}: {result['seconds']:.1f} s "
                f"({result['alerts']:,} alerts){verdict}"
            )
        efficiency = one["seconds"] / (WORKERS * usual["seconds"])
        print(f"  efficiency of {WORKERS} workers (the usual night): {efficiency:.0%}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
        sys.exit(0)
    sys.exit(main())
