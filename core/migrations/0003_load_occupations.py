"""Load the DISCO-08 occupation structure: the four ISCO-08 levels (10 major, 43 sub-major,
130 minor and 436 unit groups) from core/data/isco08.csv, with Danish titles from
core/data/disco08_da.csv. Rows are inserted level by level so every parent exists first.
Reversing deletes the rows again (children first)."""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_occupations() -> list[dict[str, str]]:
    with open(DATA_DIR / "isco08.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(DATA_DIR / "disco08_da.csv", encoding="utf-8", newline="") as handle:
        danish = {row["code"]: row["title_da"].strip() for row in csv.DictReader(handle)}
    for row in rows:
        row["title_da"] = danish.get(row["code"], "")
    return rows


def load(apps, schema_editor):
    Occupation = apps.get_model("core", "Occupation")
    db = schema_editor.connection.alias
    rows = read_occupations()
    existing = set(Occupation.objects.using(db).values_list("code", flat=True))
    for level in (1, 2, 3, 4):
        Occupation.objects.using(db).bulk_create(
            [
                Occupation(
                    code=row["code"],
                    level=level,
                    title_en=row["title_en"].strip(),
                    title_da=row["title_da"],
                    parent_id=row["parent"] or None,
                )
                for row in rows
                if int(row["level"]) == level and row["code"] not in existing
            ]
        )


def unload(apps, schema_editor):
    Occupation = apps.get_model("core", "Occupation")
    db = schema_editor.connection.alias
    codes = [row["code"] for row in read_occupations()]
    for level in (4, 3, 2, 1):
        Occupation.objects.using(db).filter(code__in=codes, level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_immutable")]

    operations = [migrations.RunPython(load, unload)]
