"""`manage.py seed_demo [--scale N] [--seed S] [--if-empty] [--reset]`: Ballerup-sized demo data."""

import logging
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from citizens.alerts import alerts_refresh
from citizens.models import Citizen
from demo.first_run import first_run
from demo.seeding import demo_reset, demo_seed, demo_seed_present

logger = logging.getLogger("demo.seed_demo")


class Command(BaseCommand):
    help = (
        "Create demo data at Ballerup's scale: staff logins, employers, openings and three years "
        "of citizens' history. Deterministic for a given --seed. Refuses to run twice unless "
        "--if-empty (then does nothing) or --reset (then replaces the demo data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=(
                "1 = Ballerup (about 2,900 current and 12,500 former citizens); 100 = national "
                "size. Fractions for tests."
            ),
        )
        parser.add_argument("--seed", type=int, default=2750, help="Random seed (default 2750).")
        parser.add_argument(
            "--no-alerts",
            action="store_true",
            help="Do not compute the citizens' alerts after seeding (the benchmarks skip them).",
        )
        parser.add_argument(
            "--no-first-run",
            action="store_true",
            help=(
                "Skip the first run (strategy back-fill, one GRID run, proposals and a "
                "placement) that gives every role's start page content."
            ),
        )
        parser.add_argument(
            "--recent-quarters",
            type=int,
            default=None,
            metavar="N",
            help=(
                "The first run's strategy back-fill covers only the last N quarters (the "
                "benchmarks and tests: the whole history takes minutes at 10x)."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (exit 0) when demo data is already present.",
        )
        parser.add_argument(
            "--reset",
            "--flush",
            action="store_true",
            dest="reset",
            help="Delete the existing demo data first (staff users and teams are kept).",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Generate as of this day (YYYY-MM-DD) instead of today; for reproducible sets.",
        )

    def handle(self, *args, **options) -> None:
        self.verbosity = options["verbosity"]
        scale: float = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        today = options["today"] or date.today()
        # Reset and seed in one transaction: a failed seed leaves the old demo data in place.
        with transaction.atomic():
            present = demo_seed_present()
            if present is not None:
                if options["if_empty"] and not options["reset"]:
                    self.stdout.write(f"demo data already present ({present}); nothing to do.")
                    return
                if not options["reset"]:
                    raise CommandError(
                        f"Demo data is already present ({present}). Run with --reset to replace "
                        "it, or --if-empty to leave it."
                    )
                deleted = demo_reset()
                self.stdout.write(
                    "Deleted the demo data: "
                    + ", ".join(f"{name} {n}" for name, n in sorted(deleted.items()) if n)
                )
            self.stdout.write(
                f"Seeding demo data: scale {scale:g}, seed {options['seed']}, as of {today}"
            )
            result = demo_seed(seed=options["seed"], scale=scale, today=today, log=self._progress)

        self.stdout.write(self.style.SUCCESS(f"Demo data created in {result.seconds:.1f} s."))
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load, or the planner picks nested loops over
            # millions of rows for the strategy's and the GRID's queries.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if not options["no_alerts"]:
            started = time.perf_counter()
            alerts = alerts_refresh(
                citizen_ids=Citizen.objects.filter(current_course__isnull=False).values_list(
                    "pk", flat=True
                ),
                today=today,
            )
            self.stdout.write(
                f"Alerts computed: {alerts} in {time.perf_counter() - started:.1f} s."
            )
        if not options["no_first_run"]:
            first = first_run(recent_quarters=options["recent_quarters"])
            self.stdout.write(
                f"First run: strategy back-filled for {first.quarters} quarters "
                f"({first.seconds['strategy']:.1f} s); GRID run {first.run_id} {first.run_status} "
                f"with {first.matches} matches ({first.seconds['grid']:.1f} s); "
                f"{len(first.proposed)} proposed, {len(first.accepted)} accepted."
            )
        self.stdout.write("Current citizens per segment:")
        for segment, count in result.segments.items():
            self.stdout.write(f"  {segment:<28} {count:>8}")
        self.stdout.write("Rows:")
        for name, count in result.counts.items():
            self.stdout.write(f"  {name:<28} {count:>8}")
        self.stdout.write(
            "Logins (password from DEMO_PASSWORD): sagsbehandler, sagsbehandler2, konsulent, "
            "leder, api"
        )

    def _progress(self, message: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(f"  … {message}")
        else:
            logger.info(message)
