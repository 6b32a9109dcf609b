"""Benchmark: the caseworker's caseload page and the citizens API list at 10x Ballerup's data.

Run: `.venv/bin/python bench/caseload_bench.py [--scale 10] [--repeat 30]` (or `make bench`).
Uses PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_jobcenter),
creates and seeds it once (seed_demo --if-empty), then times requests in-process through Django's
test client: server time only, no network. Prints median and 95th percentile per page, and the
number of SQL queries per request.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_jobcenter"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ballerup_jobcenter.settings.test"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from citizens.models import Citizen
    from core.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=args.scale, if_empty=True, verbosity=0)
    ready = time.perf_counter() - started
    print(f"data: {Citizen.objects.count():,} citizens (ready in {ready:.1f} s)")

    caseworker = User.objects.get(username="sagsbehandler")
    client = Client()
    client.force_login(caseworker)
    team_size = Citizen.objects.filter(team=caseworker.team).count()
    mine = Citizen.objects.filter(caseworker=caseworker).count()
    print(f"sagsbehandler: {mine} own citizens, {team_size:,} in the team\n")

    pages = {
        "caseload (mine)": "/borgere/mine/",
        "caseload (team, page 5)": "/borgere/mine/?scope=team&page=5",
        "caseload (team, alert filter)": "/borgere/mine/?scope=team&alert=long_term_unemployed",
        "caseload (team, name search)": "/borgere/mine/?scope=team&search=hansen",
        "caseload (htmx fragment)": "/borgere/mine/?scope=team",
        "API list (50 rows)": "/api/v1/citizens/?page_size=50",
        "API list (alert filter)": "/api/v1/citizens/?alert=long_term_unemployed",
    }
    print(f"{'request':<32}{'median ms':>11}{'p95 ms':>9}{'queries':>9}")
    for label, path in pages.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
        response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.status_code)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path, **headers)
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(path, **headers)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{label:<32}{statistics.median(timings):>11.1f}{p95:>9.1f}{len(queries):>9}")


if __name__ == "__main__":
    main()
