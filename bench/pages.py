"""Shared by the page benchmarks: a seeded PostgreSQL database and in-process request timing."""

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_jobcenter"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_seeded_django(*, scale: float) -> None:
    """Point Django at BENCH_DATABASE_URL, migrate, and seed the demo data once at `scale`."""
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ballerup_jobcenter.settings.test"

    import django

    django.setup()
    from django.core.management import call_command

    from citizens.models import Citizen

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, if_empty=True, no_first_run=True, verbosity=0)
    ready = time.perf_counter() - started
    print(f"data: {Citizen.objects.count():,} citizens (ready in {ready:.1f} s)")


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    queries: int


def time_get(client, path: str, *, repeat: int, **headers: str) -> Timing:
    """Server time of GET `path` through Django's test client (no network): one warm-up, one
    request with its SQL queries counted, then `repeat` timed requests."""
    from django.db import connection

    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path, **headers)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path, **headers)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return Timing(
        median_ms=statistics.median(timings),
        p95_ms=timings[max(0, int(len(timings) * 0.95) - 1)],
        queries=len(queries),
    )
