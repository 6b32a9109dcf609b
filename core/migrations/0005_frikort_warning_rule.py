"""The level at which a caseworker is warned that a citizen nears the socialt frikort amount."""

from datetime import date
from decimal import Decimal

from django.db import migrations

ROW = {
    "key": "frikort_warning_percent",
    "qualifier": "",
    "valid_from": date(2024, 1, 1),
}


def load(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    Rule.objects.using(schema_editor.connection.alias).get_or_create(
        **ROW,
        defaults={
            "value": Decimal(80),
            "unit": "percent",
            "valid_to": None,
            "legal_reference": "Jobcenter Ballerups lokale praksis (issue: advarsel ved 80 % og 100 %)",
            "description": "Advar når indtægter under socialt frikort når denne andel af årets beløb.",
        },
    )


def unload(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    Rule.objects.using(schema_editor.connection.alias).filter(**ROW).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0004_load_rules")]

    operations = [migrations.RunPython(load, unload)]
