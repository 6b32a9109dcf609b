from django.core.management.base import BaseCommand

from core.access_log_partitions import drop_expired_partitions, ensure_partitions


class Command(BaseCommand):
    help = (
        "PostgreSQL: create the access log's partitions of this month and the next ones, and drop "
        "the months past AUDIT_RETENTION_DAYS. Run every night as the tables' owner (as migrate)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--months-ahead", type=int, default=3)

    def handle(self, *args, **options) -> None:
        created = ensure_partitions(months_ahead=options["months_ahead"])
        dropped = drop_expired_partitions()
        self.stdout.write(
            f"Access log partitions: {len(created)} created ({', '.join(created) or '-'}), "
            f"{len(dropped)} dropped past retention ({', '.join(dropped) or '-'})."
        )
