"""Refuse edits and deletes of audit rows made through the ORM.

On PostgreSQL a trigger (migration core 0002) refuses them in the database too, whatever the client.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.models import LogEntry
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .models import AccessLog


@receiver(pre_save, sender=LogEntry)
def refuse_change_log_edit(sender, instance: LogEntry, **kwargs) -> None:
    if instance.pk is not None and LogEntry.objects.filter(pk=instance.pk).exists():
        raise PermissionError("The change log cannot be edited.")


@receiver(pre_delete, sender=LogEntry)
@receiver(pre_delete, sender=AccessLog)
def refuse_audit_delete(sender, instance, **kwargs) -> None:
    raise PermissionError("The audit log cannot be deleted.")


@contextmanager
def audit_rows_rewritable(schema_editor, table: str) -> Iterator[None]:
    """For a migration only (run by the tables' owner): lets the block rewrite rows of an audit
    table on PostgreSQL by switching its immutability trigger (migration 0002) off and on again
    within the migration's transaction. Used to take CPR numbers out of the stored rows."""
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_immutable")
    try:
        yield
    finally:
        if postgres:
            schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_immutable")
