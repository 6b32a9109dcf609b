"""The conversations indicator as the law stands (citizens.rules.contact): its 75 % target from
1 July 2026 (lov nr. 1750 af 29. december 2025), not 1 January 2026, and a name and description
that fit the conversations per group (2 for dagpengemodtagere, 4 for jobparate
kontanthjælpsmodtagere and ledighedsydelsesmodtagere). Only rows still as seeded change."""

from datetime import date

from django.db import migrations

KEY = "conversations_first_6_months"
OLD = {
    "name": "Mindst 4 jobrettede samtaler i de første 6 måneder",
    "valid_from": date(2026, 1, 1),
    "note": "75 %-reglen for samtaler i de første 6 måneder (2026).",
}
NEW = {
    "name": "Lovpligtige jobsamtaler i de første 6 måneder",
    "description": (
        "Af forløbene på a-dagpenge, som jobparat på kontanthjælp eller på ledighedsydelse, hvis "
        "første 6 måneder slutter i perioden, andelen der fik de jobsamtaler (jobrettet samtale "
        "eller fællessamtale med a-kasse), loven krævede ved forløbets start: fra 1. juli 2026 "
        "mindst 2 for dagpengemodtagere og 4 for de øvrige (lov nr. 1750 af 29. december 2025); "
        "før da 4 (dagpenge: 3 fra 2024). Reglen: citizens.rules.contact."
    ),
    "valid_from": date(2026, 7, 1),
    "note": "75 %-reglen (lov nr. 1750 af 29. december 2025), fra 1. juli 2026.",
}


def forward(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Target = apps.get_model("strategy", "Target")
    db = schema_editor.connection.alias
    indicator = Indicator.objects.using(db).filter(key=KEY).first()
    if indicator is None:
        return
    if indicator.name == OLD["name"]:
        indicator.name = NEW["name"]
        indicator.description = NEW["description"]
        indicator.save(update_fields=["name", "description"])
    Target.objects.using(db).filter(
        indicator=indicator, valid_from=OLD["valid_from"], note=OLD["note"]
    ).update(valid_from=NEW["valid_from"], note=NEW["note"])


def backward(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Target = apps.get_model("strategy", "Target")
    db = schema_editor.connection.alias
    indicator = Indicator.objects.using(db).filter(key=KEY).first()
    if indicator is None:
        return
    Target.objects.using(db).filter(
        indicator=indicator, valid_from=NEW["valid_from"], note=NEW["note"]
    ).update(valid_from=OLD["valid_from"], note=OLD["note"])
    if indicator.name == NEW["name"]:
        indicator.name = OLD["name"]
        indicator.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("strategy", "0004_workplaces_in_municipality")]

    operations = [migrations.RunPython(forward, backward)]
