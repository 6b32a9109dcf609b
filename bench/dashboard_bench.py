"""Benchmark: the strategy dashboards at 10x Ballerup's data (target: 300 ms server time).

Run: `.venv/bin/python bench/dashboard_bench.py [--scale 10] [--repeat 30]`.
Uses PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_jobcenter,
the database the caseload benchmark uses), creates and seeds it once (seed_demo --if-empty), runs
the strategy back-fill once when there are no measurements yet, then times the overview, a focus
area's page (whole centre and one team), the quarterly report and its XLSX export in-process
through Django's test client: server time only, no network. Prints median and 95th percentile
per page and the number of SQL queries per request. The dashboards read the snapshots
(Measurement rows), so their time does not grow with the case data.
"""

import argparse
import time

from pages import setup_seeded_django, time_get

TARGET_MS = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    setup_seeded_django(scale=args.scale)

    from django.test import Client

    from core.models import Team, User
    from strategy import services
    from strategy.models import FocusArea, Indicator, Measurement

    if not Measurement.objects.filter(source=Indicator.Source.COMPUTED).exists():
        started = time.perf_counter()
        periods = services.backfill()
        print(
            f"strategy back-fill: {len(periods)} quarters in {time.perf_counter() - started:.1f} s"
        )
    print(
        f"snapshots: {Measurement.objects.count():,} measurements of "
        f"{Indicator.objects.count()} indicators\n"
    )

    leder = User.objects.get(username="leder")
    client = Client()
    client.force_login(leder)
    area = Indicator.objects.filter(team_scoped=True).first().focus_area
    team = Team.objects.order_by("pk").first()
    pages = {
        "overview": "/strategi/overblik/",
        "focus areas (all indicators)": "/strategi/fokusomraader/",
        f"focus area {area.pk}": f"/strategi/fokusomraader/{area.pk}/",
        f"focus area {area.pk}, one team": f"/strategi/fokusomraader/{area.pk}/?team={team.pk}",
        "quarterly report": "/strategi/rapport/",
        "quarterly report (XLSX)": "/strategi/rapport/xlsx/",
        "leder start page": "/",
    }
    assert FocusArea.objects.filter(pk=area.pk, active=True).exists()
    print(f"{'request':<32}{'median ms':>11}{'p95 ms':>9}{'queries':>9}   target {TARGET_MS} ms")
    worst = 0.0
    for label, path in pages.items():
        timing = time_get(client, path, repeat=args.repeat)
        p95 = timing.p95_ms
        worst = max(worst, p95)
        verdict = "ok" if p95 <= TARGET_MS else "OVER"
        print(f"{label:<32}{timing.median_ms:>11.1f}{p95:>9.1f}{timing.queries:>9}   {verdict}")
    print(f"\nworst p95: {worst:.1f} ms (target {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
