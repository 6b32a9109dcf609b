"""`manage.py demo_series [--backfill] [--today YYYY-MM-DD]`: print the demo data's quarterly
flows and the computed strategy indicators' series (see demo.series)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from demo.series import course_window, series_table


class Command(BaseCommand):
    help = "Print the quarterly flows of the demo data and the computed indicators' series."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Recompute every quarter's computed indicators first (strategy back-fill).",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The last day of the flows (default: today).",
        )

    def handle(self, *args, **options) -> None:
        if options["backfill"]:
            from strategy.services import backfill

            backfill()
        window = course_window()
        if window is None:
            self.stdout.write("No courses.")
            return
        today = options["today"] or timezone.localdate()
        for line in series_table(window[0], today):
            self.stdout.write(line)
