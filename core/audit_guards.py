"""Refuse edits and deletes of audit rows made through the ORM.

On PostgreSQL a trigger (migration core 0002) refuses them in the database too, whatever the client.
"""

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
