"""The indicators whose rule now has one home in citizens/rules/ describe it as the alert and the
record count it (issue 10): the 3-month rule's anchor and the three offers that clear it, the
long-term unemployment measure's source, the unge segment, Færre fagfolk."""

from django.db import migrations

UPDATES = {
    "three_month_rule": (
        "Jobparate over 3 måneder uden praktik, løntilskud eller nytteindsats",
        "Af borgerne, der på periodens sidste dag er jobparate ledige (jobparate eller på "
        "a-dagpenge), og hvis 3 måneder er gået (talt fra den tidligste af »på a-dagpenge siden« "
        "og »jobparat siden«), andelen der siden da ikke har haft virksomhedspraktik, løntilskud "
        "eller nytteindsats (aktiveringsstrategien). Samme regel som advarslen. Mod 0.",
    ),
    "long_term_unemployment": (
        None,
        "Af borgerne på a-dagpenge på periodens sidste dag, andelen der har været på "
        "a-dagpenge, kontanthjælp eller den tidligere uddannelseshjælp mindst 80 % af dagene i "
        "de 12 måneder frem til periodens sidste dag (beskæftigelsesplanens mål; samme regel som "
        "advarslen). 26,3 % i beskæftigelsesplanen.",
    ),
    "ungegaranti": (
        None,
        "Af de forløb i segmentet unge (under 30 på kontanthjælp, herunder den tidligere "
        "uddannelseshjælp), der sluttede i perioden, andelen med en positiv destination: "
        "ordinært job, fleksjob eller uddannelse, eller en FGU-indsats i gang på forløbets "
        "sidste dag. Unge på a-dagpenge tælles som forsikrede ledige.",
    ),
}


def update(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    db = schema_editor.connection.alias
    for key, (name, description) in UPDATES.items():
        fields = {"description": description}
        if name:
            fields["name"] = name
        Indicator.objects.using(db).filter(key=key).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("strategy", "0002_seed_strategy")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
