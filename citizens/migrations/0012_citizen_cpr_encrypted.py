"""CPR numbers at rest: each citizen's number is encrypted (`cpr_encrypted`, Fernet) and hashed
(`cpr_hash`, HMAC-SHA256) with the keys in CPR_ENCRYPTION_KEYS / CPR_HASH_KEYS (core.cpr_crypto);
migration 0012 then drops the clear column. The change log's copies of the number (django-auditlog
entries of a citizen's creation) are masked to DDMMYY-XXXX. birth_date and gender stay as they
were derived. Reversing decrypts the numbers back into the clear column (the change log stays
masked)."""

from django.db import migrations, models

from core.audit_guards import audit_rows_rewritable
from core.cpr_crypto import cpr_hash, decrypt_cpr, encrypt_cpr
from core.identifiers import mask_cpr

BATCH = 1000


def encrypt_existing(apps, schema_editor):
    Citizen = apps.get_model("citizens", "Citizen")
    batch = []
    for citizen in Citizen.objects.only("pk", "cpr").order_by("pk").iterator(chunk_size=BATCH):
        citizen.cpr_encrypted = encrypt_cpr(citizen.cpr)
        citizen.cpr_hash = cpr_hash(citizen.cpr)
        citizen.cpr = None
        batch.append(citizen)
        if len(batch) >= BATCH:
            Citizen.objects.bulk_update(batch, ["cpr_encrypted", "cpr_hash", "cpr"])
            batch = []
    if batch:
        Citizen.objects.bulk_update(batch, ["cpr_encrypted", "cpr_hash", "cpr"])
    mask_change_log(apps, schema_editor)


def mask_change_log(apps, schema_editor):
    """A citizen's creation entry in the change log held the CPR number in clear."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    content_type = ContentType.objects.filter(app_label="citizens", model="citizen").first()
    if content_type is None:
        return
    entries = LogEntry.objects.filter(content_type=content_type).only("pk", "changes")
    with audit_rows_rewritable(schema_editor, "auditlog_logentry"):
        for entry in entries.iterator(chunk_size=BATCH):
            changes = entry.changes
            if not isinstance(changes, dict) or "cpr" not in changes:
                continue
            changes["cpr"] = [
                mask_cpr(value) if value and value != "None" else value
                for value in changes["cpr"]
            ]
            LogEntry.objects.filter(pk=entry.pk).update(changes=changes)


def decrypt_back(apps, schema_editor):
    Citizen = apps.get_model("citizens", "Citizen")
    batch = []
    for citizen in Citizen.objects.only("pk", "cpr_encrypted").order_by("pk").iterator(
        chunk_size=BATCH
    ):
        citizen.cpr = decrypt_cpr(citizen.cpr_encrypted)
        batch.append(citizen)
        if len(batch) >= BATCH:
            Citizen.objects.bulk_update(batch, ["cpr"])
            batch = []
    if batch:
        Citizen.objects.bulk_update(batch, ["cpr"])


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0011_citizen_anonymised_at"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="citizen",
            name="cpr_encrypted",
            field=models.TextField(
                default="", editable=False, verbose_name="CPR number (encrypted)"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="citizen",
            name="cpr_hash",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="CPR number (keyed hash)"
            ),
        ),
        migrations.AlterField(
            model_name="citizen",
            name="cpr",
            field=models.CharField(
                blank=True, max_length=10, null=True, verbose_name="CPR number"
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_back),
    ]
