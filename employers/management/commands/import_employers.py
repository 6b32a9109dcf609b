"""manage.py import_employers FILE --user USERNAME [--commit]

Check (default: a dry run that saves nothing) or import (--commit) a CSV file of companies,
workplaces and openings; the format is described in employers/imports.py. Prints each row's
result and the counts, and its progress after each batch of rows (each batch is committed on its
own). Exits with status 1 when the file cannot be read or a row has errors."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exceptions import PermissionRefused
from core.models import User
from employers.imports import import_csv


class Command(BaseCommand):
    help = "Import companies, workplaces and openings from a CSV file (dry run unless --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, ; or , separated).")
        parser.add_argument(
            "--commit", action="store_true", help="Save the valid rows (default: a dry run)."
        )
        parser.add_argument(
            "--user",
            required=True,
            help="The employer consultant who imports: the changes are checked for and "
            "attributed to this user.",
        )

    def _progress(self, done: int, total: int) -> None:
        """After each batch (its own transaction): how far the import has come."""
        elapsed = time.monotonic() - self._started
        self.stderr.write(f"{done}/{total} rows ({elapsed:.0f} s)")

    def handle(self, *args: Any, file: Path, commit: bool, user: str, **options: Any):
        self._started = time.monotonic()
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"No user is called {user!r}.")
        try:
            result = import_csv(
                actor=actor, content=content, dry_run=not commit, progress=self._progress
            )
        except PermissionRefused as refused:
            raise CommandError(refused.message) from None
        for message in result.file_errors:
            self.stderr.write(f"file: {message}")
        for row in result.rows:
            if row.ok:
                self.stdout.write(f"line {row.line} ({row.cvr}): ok {', '.join(row.actions)}")
            else:
                for column, messages in row.errors.items():
                    for message in messages:
                        self.stdout.write(f"line {row.line} ({row.cvr}): {column}: {message}")
        mode = "imported" if commit else "dry run, nothing saved"
        self.stdout.write(
            f"{result.ok_rows} rows ok, {result.error_rows} with errors ({mode}). "
            f"Companies: {result.employers_created} created, {result.employers_updated} updated. "
            f"Workplaces: {result.workplaces_created} created, "
            f"{result.workplaces_updated} updated. "
            f"Openings: {result.openings_created} created, {result.openings_updated} updated."
        )
        if result.file_errors or result.error_rows:
            raise CommandError("The file has errors; see above.", returncode=1)
