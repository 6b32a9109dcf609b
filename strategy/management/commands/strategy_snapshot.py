"""Recompute the strategy's computed indicators.

manage.py strategy_snapshot                 # the previous and the current quarter
manage.py strategy_snapshot --period 2025-Q3
manage.py strategy_snapshot --backfill      # every quarter the data covers
"""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from strategy import services
from strategy.periods import period_parse


class Command(BaseCommand):
    help = "Recompute the computed strategy indicators (snapshots per quarter)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--backfill", action="store_true", help="Every quarter the case data covers."
        )
        group.add_argument("--period", help="One period: YYYY-Qn or YYYY-MM.")

    def handle(self, *args, backfill: bool = False, period: str | None = None, **options):
        started = time.perf_counter()
        if backfill:
            periods = services.backfill()
        elif period:
            try:
                parsed = period_parse(period)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            services.snapshot_period(parsed)
            periods = [parsed]
        else:
            periods = services.snapshot_current()
        elapsed = time.perf_counter() - started
        labels = (
            ", ".join(p.label for p in periods)
            if len(periods) <= 4
            else (f"{periods[0].label} … {periods[-1].label}")
        )
        self.stdout.write(f"Snapshot of {len(periods)} period(s) ({labels}) in {elapsed:.1f} s.")
