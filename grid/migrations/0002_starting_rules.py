"""Starting values: which opening kinds each benefit may be matched to, and the score weights.
Both are data a manager edits in the admin (valid_from/valid_to keep the history)."""

from datetime import date

from django.db import migrations

ALL = (
    "a_dagpenge",
    "kontanthjaelp",
    "uddannelseshjaelp",
    "sygedagpenge",
    "jobafklaring",
    "ressourceforloeb",
    "ledighedsydelse",
    "foertidspension",
    "selvforsoerger",
)
ON_BENEFIT = tuple(b for b in ALL if b != "selvforsoerger")
RULES = {
    "ordinaert_job": (ALL, "Ordinært arbejde: alle"),
    "virksomhedspraktik": (ON_BENEFIT, "LAB kap. 11 (virksomhedspraktik)"),
    "loentilskud": (
        ("a_dagpenge", "kontanthjaelp", "uddannelseshjaelp", "sygedagpenge", "jobafklaring",
         "ressourceforloeb"),
        "LAB kap. 12 (ansættelse med løntilskud)",
    ),
    "smaajob": (ON_BENEFIT, "Småjob: få timer ved siden af ydelsen"),
    "fleksjob": (("ledighedsydelse",), "LAB kap. 13 (fleksjob): kun visiterede til fleksjob"),
    "nyttejob": (("kontanthjaelp", "uddannelseshjaelp"), "LAB § 42, stk. 3 (nytteindsats)"),
    "loennede_timer": (ON_BENEFIT, "Lønnede timer (ordinære timer)"),
}


def forwards(apps, schema_editor):
    GridKindRule = apps.get_model("grid", "GridKindRule")
    ScoreWeights = apps.get_model("grid", "ScoreWeights")
    GridKindRule.objects.bulk_create(
        [
            GridKindRule(kind=kind, benefit=benefit, valid_from=date(2015, 1, 1), reference=ref)
            for kind, (benefits, ref) in RULES.items()
            for benefit in benefits
        ],
        ignore_conflicts=True,
    )
    if not ScoreWeights.objects.exists():
        ScoreWeights.objects.create()


def backwards(apps, schema_editor):
    apps.get_model("grid", "GridKindRule").objects.all().delete()
    apps.get_model("grid", "ScoreWeights").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("grid", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
