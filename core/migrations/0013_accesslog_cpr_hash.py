"""The access log keeps a CPR number only as its keyed hash (core.cpr_crypto): each row's number
is hashed into `cpr_hash`, and CPR-like sequences in the stored address (`/borgere/find/?cpr=…`)
and reason are masked to DDMMYY-XXXX; migration 0014 drops the clear column. A new action,
`refused`, records an attempt to open a citizen that needed a reason. The rows are otherwise
immutable (migration 0002): this migration, run by the owner, switches the trigger off for its
own transaction. Reversing cannot restore the numbers (only their hashes are kept)."""

from django.db import migrations, models

from core.audit_guards import audit_rows_rewritable
from core.cpr_crypto import cpr_hash
from core.identifiers import mask_cpr_like

BATCH = 1000


def hash_existing(apps, schema_editor):
    AccessLog = apps.get_model("core", "AccessLog")
    rows = AccessLog.objects.only("pk", "cpr", "path", "reason").order_by("pk")
    with audit_rows_rewritable(schema_editor, "core_accesslog"):
        batch = []
        for row in rows.iterator(chunk_size=BATCH):
            row.cpr_hash = cpr_hash(row.cpr) if row.cpr else ""
            row.cpr = ""
            row.path = mask_cpr_like(row.path)
            row.reason = mask_cpr_like(row.reason)
            batch.append(row)
            if len(batch) >= BATCH:
                AccessLog._base_manager.bulk_update(batch, ["cpr_hash", "cpr", "path", "reason"])
                batch = []
        if batch:
            AccessLog._base_manager.bulk_update(batch, ["cpr_hash", "cpr", "path", "reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_api_tokens_hashed"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="cpr_hash",
            field=models.CharField(
                db_index=True, default="", max_length=64, verbose_name="CPR number (keyed hash)"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="cpr",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="CPR number"),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed record"),
                    ("list", "Shown in list"),
                    ("search", "Found by search"),
                    ("api_detail", "API: record read"),
                    ("api_list", "API: shown in list"),
                    ("export", "Exported"),
                    ("break_glass", "Opened outside own team"),
                    ("refused", "Refused: access needs a reason"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
    ]
