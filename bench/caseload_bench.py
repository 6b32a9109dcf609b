"""Benchmark: the caseworker's caseload page and the citizens API list at 10x Ballerup's data.

Run: `.venv/bin/python bench/caseload_bench.py [--scale 10] [--repeat 30]` (or `make bench`).
Uses PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_jobcenter),
seeds it once (seed_demo --if-empty), then times requests in-process through Django's test client:
server time only, no network. Prints median and 95th percentile per page, and the number of SQL
queries per request.
"""

import argparse

from pages import setup_seeded_django, time_get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_seeded_django(scale=args.scale)

    from django.test import Client

    from citizens.models import Citizen
    from core.models import User

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
        timing = time_get(client, path, repeat=args.repeat, **headers)
        print(f"{label:<32}{timing.median_ms:>11.1f}{timing.p95_ms:>9.1f}{timing.queries:>9}")


if __name__ == "__main__":
    main()
