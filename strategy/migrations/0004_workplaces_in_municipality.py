"""Samarbejdsgrad (issue 10): the denominator is the number of workplaces in the municipality, a
yearly figure entered by a manager (a manual indicator like the labour force); the
samarbejdsgrad's description says what counts as cooperation."""

from django.db import migrations

KEY = "workplaces_in_municipality"
DESCRIPTION = (
    "Antal arbejdssteder (virksomheder med mindst én ansat) i Ballerup Kommune "
    "(Danmarks Statistik). Indtastes af en leder én gang om året; bruges som nævner for "
    "samarbejdsgraden. Uden tallet for året har samarbejdsgraden ingen værdi."
)
SAMARBEJDSGRAD = (
    "Andelen af arbejdsstederne i kommunen, som jobcentret har samarbejdet med i de 12 måneder, "
    "der slutter med periodens sidste dag: et registreret arbejdssted i kommunen med en borger "
    "placeret (praktik, løntilskud, nyttejob, fleksjob m.v., ikke annulleret) eller et besøg "
    "eller møde med virksomheden. En telefonsamtale eller en e-mail alene er ikke samarbejde. "
    "Nævneren er det indtastede antal arbejdssteder i kommunen for året."
)


def forward(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    samarbejdsgrad = Indicator.objects.filter(key="samarbejdsgrad").first()
    if samarbejdsgrad is None:
        return
    samarbejdsgrad.description = SAMARBEJDSGRAD
    samarbejdsgrad.save(update_fields=["description"])
    Indicator.objects.get_or_create(
        key=KEY,
        defaults={
            "focus_area": samarbejdsgrad.focus_area,
            "name": "Arbejdssteder i Ballerup",
            "description": DESCRIPTION,
            "unit": "number",
            "direction": "higher",
            "source": "manual",
            "computation": "",
            "segment": "",
            "is_key_figure": False,
            "team_scoped": False,
            "order": samarbejdsgrad.order,
        },
    )


def backward(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Indicator.objects.filter(key=KEY, measurements__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0003_rule_definitions_in_descriptions")]

    operations = [migrations.RunPython(forward, backward)]
