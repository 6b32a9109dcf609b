"""Re-encrypt and rehash the stored CPR numbers under the current keys (README: "CPR numbers at
rest"): put a new key first in CPR_ENCRYPTION_KEYS (and/or CPR_HASH_KEYS), restart, run this."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citizens.services import cpr_keys_rotate
from core.cpr_crypto import CprKeyError


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored CPR number under the first key of CPR_ENCRYPTION_KEYS and rehash "
        "it under the first key of CPR_HASH_KEYS."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only count the numbers not yet under the current keys (exit 1 if any).",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, check: bool = False, batch_size: int = 1000, **options: Any):
        try:
            result = cpr_keys_rotate(batch_size=max(1, batch_size), check_only=check)
        except CprKeyError as error:
            raise CommandError(str(error)) from None
        if check:
            self.stdout.write(
                f"{result.citizens} citizens: {result.reencrypted} not encrypted under the "
                f"current key, {result.rehashed} not hashed under the current hash key."
            )
            if result.reencrypted or result.rehashed:
                raise CommandError(
                    "Run `manage.py rotate_cpr_keys` to bring them to the current keys."
                )
            return
        self.stdout.write(
            f"{result.citizens} citizens: {result.reencrypted} re-encrypted, {result.rehashed} "
            "rehashed. Every stored CPR number is now under the first key of CPR_ENCRYPTION_KEYS "
            "and of CPR_HASH_KEYS: the older encryption keys can be removed. Keep an older hash "
            "key while access-log rows written with it are kept (AUDIT_RETENTION_DAYS)."
        )
