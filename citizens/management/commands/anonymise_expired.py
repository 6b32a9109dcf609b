"""manage.py anonymise_expired [--dry-run] [--on YYYY-MM-DD]: anonymise the closed cases past the
retention period (citizens.retention), as the nightly task does. --dry-run counts them only."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from citizens import retention
from citizens.services import anonymise_expired


class Command(BaseCommand):
    help = "Anonymise the closed cases past the retention period (CASE_RETENTION_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count them, change nothing.")
        parser.add_argument("--on", help="The day to judge by (YYYY-MM-DD; default today).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--on: {error}") from None
        if options["dry_run"]:
            count = retention.due(on).count()
            self.stdout.write(
                f"{count} closed case(s) due for anonymisation on {on} "
                f"(retention {retention.retention_days()} days); nothing changed."
            )
            return
        count = anonymise_expired(actor=None, on=on)
        self.stdout.write(f"{count} closed case(s) anonymised on {on}.")
