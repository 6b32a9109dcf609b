"""The access log by month (PostgreSQL): core_accesslog is partitioned by range of `at`, one
partition a month (`core_accesslog_yYYYYmMM`) and a default one for anything outside them, so
retention drops whole months instead of deleting rows one by one (at 10 requests a second the log
grows by about 10,000 rows a minute).

`ensure_partitions` creates the coming months' partitions; `drop_expired_partitions` drops the
months entirely older than AUDIT_RETENTION_DAYS (never younger than the domain's 6 months: the
table's trigger refuses deleting younger rows) and deletes the default partition's expired rows.
Both need the tables' owner (the application's database role owns no table, core.db_roles): run
`manage.py access_log_partitions` as the owner every night, as `migrate` and `audit_grants` are.
On SQLite (the embedded default) the log is a plain table and both do nothing.

Migration core/0015 turned the table into a partitioned one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger("core.access_log")

TABLE = "core_accesslog"
DEFAULT_PARTITION = f"{TABLE}_default"
# The domain's minimum (and the trigger's): no month younger than this is ever dropped.
MINIMUM_RETENTION_DAYS = 186
_NAME = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")


@dataclass(frozen=True)
class Month:
    start: date

    @property
    def end(self) -> date:
        return (self.start.replace(day=28) + timedelta(days=4)).replace(day=1)

    @property
    def name(self) -> str:
        return f"{TABLE}_y{self.start.year:04d}m{self.start.month:02d}"

    def next(self) -> Month:
        return Month(self.end)


def month_of(day: date) -> Month:
    return Month(day.replace(day=1))


def _bound(day: date) -> str:
    return f"{day.isoformat()} 00:00:00+00"


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
            "WHERE c.relname = %s",
            [TABLE],
        )
        return cursor.fetchone() is not None


def month_partitions() -> list[Month]:
    """The monthly partitions that exist, oldest first."""
    if not is_partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = []
    for name in names:
        found = _NAME.match(name)
        if found:
            months.append(Month(date(int(found.group(1)), int(found.group(2)), 1)))
    return sorted(months, key=lambda month: month.start)


def create_month(cursor, month: Month, *, parent: str = TABLE) -> None:
    """One month's partition (used by migration core/0015 too)."""
    cursor.execute(
        f'CREATE TABLE IF NOT EXISTS "{month.name}" PARTITION OF {parent} '
        f"FOR VALUES FROM ('{_bound(month.start)}') TO ('{_bound(month.end)}')"
    )


def ensure_partitions(*, today: date | None = None, months_ahead: int = 3) -> list[str]:
    """Create the partitions of this month and the next `months_ahead` that are missing; returns
    their names. A month whose rows already went to the default partition is left there (a
    partition cannot be created over rows the default holds) and said in the log."""
    if not is_partitioned():
        logger.info(
            "The access log is not partitioned here (%s): nothing to do.", connection.vendor
        )
        return []
    today = today or timezone.localdate()
    existing = {month.start for month in month_partitions()}
    created = []
    month = month_of(today)
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(months_ahead + 1):
            if month.start not in existing:
                cursor.execute(
                    # A fixed table name; the bounds are parameters.
                    f'SELECT 1 FROM "{DEFAULT_PARTITION}" WHERE at >= %s AND at < %s LIMIT 1',  # noqa: S608  # nosec B608
                    [_bound(month.start), _bound(month.end)],
                )
                if cursor.fetchone():
                    logger.warning(
                        "Access log rows of %s are in the default partition; no partition made.",
                        month.start.strftime("%Y-%m"),
                    )
                else:
                    create_month(cursor, month)
                    created.append(month.name)
            month = month.next()
    return created


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Rows older than this may go: AUDIT_RETENTION_DAYS ago, never fewer than the minimum."""
    days = max(int(settings.AUDIT_RETENTION_DAYS), MINIMUM_RETENTION_DAYS)
    return (now or timezone.now()) - timedelta(days=days)


def drop_expired_partitions(*, now: datetime | None = None) -> list[str]:
    """Drop every month entirely older than the retention cutoff, and delete the default
    partition's rows older than it; returns the months dropped."""
    if not is_partitioned():
        logger.info(
            "The access log is not partitioned here (%s): nothing to do.", connection.vendor
        )
        return []
    cutoff = retention_cutoff(now)
    dropped = []
    with transaction.atomic(), connection.cursor() as cursor:
        for month in month_partitions():
            end = datetime.combine(month.end, datetime.min.time(), tzinfo=UTC)
            if end <= cutoff:
                cursor.execute(f'DROP TABLE "{month.name}"')
                dropped.append(month.name)
        # Older than the trigger's 6 months: it lets these go.
        cursor.execute(f'DELETE FROM "{DEFAULT_PARTITION}" WHERE at < %s', [cutoff])  # noqa: S608  # nosec B608
    if dropped:
        logger.info("Access log months past retention dropped: %s", ", ".join(dropped))
    return dropped
