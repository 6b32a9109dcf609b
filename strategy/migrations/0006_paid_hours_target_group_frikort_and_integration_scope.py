"""Issue 10, the strategy figures:

- Lønnede timer counts the target group only (citizens.rules.paid_hours_target: aktivitetsparate
  on kontanthjælp or the former uddannelseshjælp, and ressourceforløb, outside the integration
  programme; seeds 003 and 004), with frikort earnings apart.
- A new computed indicator, the citizens with earnings under the socialt frikort in the period,
  in the same focus area as lønnede timer.
- Focus area 5: the system does not record origin, so the computed figures are for the
  integration programme and the figures for the whole group of citizens of non-Western origin
  are entered (or loaded through the API). The names, descriptions and the area's description
  say which is which; a new manual indicator for the employment rate of women of non-Western
  origin (seed 001: "særligt fokus på at få flere kvinder i arbejde og uddannelse").

Names and manual indicators' descriptions change only while they are as seeded (a leder may have
edited them); a computed indicator's description follows its computation. Reversible: the old
texts come back and the added indicators go again unless values were recorded for them.
"""

from django.db import migrations

# key: (old name, new name, old description, new description, always update the description)
TEXTS = {
    "paid_hours_share": (
        "Lønnede timer",
        "Lønnede timer: aktivitetsparate og ressourceforløb",
        "Af ydelsesmodtagerne på periodens sidste dag (kontanthjælp, uddannelseshjælp, "
        "ressourceforløb, ledighedsydelse, førtidspension), andelen med lønnede timer i en "
        "måned i perioden.",
        "Af borgerne i målgruppen for lønnede timer på periodens sidste dag – aktivitetsparate "
        "kontanthjælpsmodtagere (herunder den tidligere uddannelseshjælp) og borgere i "
        "ressourceforløb, uden for integrationsprogrammet (ca. 700 borgere) – andelen med "
        "ordinære lønnede timer i en måned i perioden. Jobparate, uddannelsesparate, borgere på "
        "ledighedsydelse eller førtidspension og borgere i integrationsprogrammet er ikke i "
        "målgruppen. Indtjening under socialt frikort tæller ikke her, men i »Borgere med "
        "indtjening under socialt frikort«. Kilde: udvalget 2024 (lønnede timer) og projektet "
        "Særligt Tilrettelagt Virksomhedsforløb. Reglen: citizens.rules.paid_hours_target.",
        True,
    ),
    "company_based_share_integration": (
        "Virksomhedsrettet indsats: integration",
        "Integrationsprogrammet: virksomhedsrettet indsats",
        "Af borgerne i integrationsprogrammet på periodens sidste dag, andelen der i perioden "
        "har været i en virksomhedsrettet indsats eller haft lønnede timer.",
        "Beregnet for integrationsprogrammet, ikke for hele gruppen med ikke-vestlig baggrund: "
        "af borgerne i segmentet integration på periodens sidste dag (i integrationsprogrammet "
        "og ikke på sygedagpenge eller i jobafklaring), andelen der i perioden har været i en "
        "virksomhedsrettet indsats eller haft ordinære lønnede timer (ikke socialt frikort).",
        True,
    ),
    "integration_outcome_women": (
        "Integration: kvinder i job eller uddannelse",
        "Integrationsprogrammet: kvinder i job eller uddannelse",
        "Af de forløb i integrationsprogrammet for kvinder (køn ifølge CPR-nummeret), der "
        "sluttede i perioden, andelen der sluttede med ordinært job, fleksjob eller uddannelse.",
        "Beregnet for integrationsprogrammet, ikke for hele gruppen med ikke-vestlig baggrund: "
        "af de forløb i integrationsprogrammet for kvinder (køn ifølge CPR-nummeret), der "
        "sluttede i perioden, andelen der sluttede med ordinært job, fleksjob eller uddannelse.",
        True,
    ),
    "integration_outcome_men": (
        "Integration: mænd i job eller uddannelse",
        "Integrationsprogrammet: mænd i job eller uddannelse",
        "Af de forløb i integrationsprogrammet for mænd (køn ifølge CPR-nummeret), der sluttede "
        "i perioden, andelen der sluttede med ordinært job, fleksjob eller uddannelse.",
        "Beregnet for integrationsprogrammet, ikke for hele gruppen med ikke-vestlig baggrund: "
        "af de forløb i integrationsprogrammet for mænd (køn ifølge CPR-nummeret), der sluttede "
        "i perioden, andelen der sluttede med ordinært job, fleksjob eller uddannelse.",
        True,
    ),
    "nonwestern_employment_rate": (
        "Beskæftigelsesfrekvens, ikke-vestlig baggrund",
        "Beskæftigelsesfrekvens, hele gruppen med ikke-vestlig baggrund",
        "Beskæftigelsesfrekvensen for borgere med ikke-vestlig baggrund fra Danmarks Statistik. "
        "Indtastes af en leder (systemet registrerer ikke etnicitet).",
        "Indtastet tal for hele gruppen: beskæftigelsesfrekvensen for borgere i Ballerup med "
        "ikke-vestlig baggrund, som Danmarks Statistik opgør den. Indtastes af en leder eller "
        "indlæses via API'et; systemet registrerer ikke oprindelse og kan ikke beregne tallet.",
        False,
    ),
}

AREA_5_OLD = "Flere i job og uddannelse gennem virksomhedsrettede indsatser – især flere kvinder."
AREA_5_NEW = (
    "Flere i job og uddannelse gennem virksomhedsrettede indsatser – især flere kvinder (knap "
    "1.000 borgere med ikke-vestlig baggrund på tværs af målgrupperne). De beregnede tal gælder "
    "integrationsprogrammet; tallene for hele gruppen indtastes."
)

FRIKORT = {
    "key": "frikort_holders",
    "name": "Borgere med indtjening under socialt frikort",
    "description": (
        "Antal borgere, der i en måned i perioden har haft indtjening under socialt frikort "
        "(registreret som lønnede timer under frikortet), uanset ydelse og forløb. Systemet "
        "registrerer indtjeningen pr. måned, ikke selve frikortet: en borger med frikort uden "
        "indtjening i perioden tælles ikke. Tælles adskilt fra de ordinære lønnede timer. "
        "55 borgere havde et socialt frikort i september 2024 (udvalget), i alle aldersgrupper."
    ),
    "unit": "count",
    "direction": "higher",
    "source": "computed",
    "computation": "frikort_holders",
    "team_scoped": True,
}
WOMEN = {
    "key": "nonwestern_women_employment_rate",
    "name": "Beskæftigelsesfrekvens, kvinder i hele gruppen med ikke-vestlig baggrund",
    "description": (
        "Indtastet tal for hele gruppen: beskæftigelsesfrekvensen for kvinder i Ballerup med "
        "ikke-vestlig baggrund, som Danmarks Statistik opgør den. Aktiveringsstrategien har "
        "særligt fokus på at få flere kvinder i arbejde og uddannelse. Indtastes af en leder "
        "eller indlæses via API'et; systemet registrerer ikke oprindelse og kan ikke beregne "
        "tallet."
    ),
    "unit": "percent",
    "direction": "higher",
    "source": "manual",
    "computation": "",
    "team_scoped": False,
}
TARGET_NOTE_OLD = "Løbende 6 % af ydelsesmodtagerne (udvalget, oktober 2024)."
TARGET_NOTE_NEW = "Løbende 6 % af målgruppen, ca. 40-45 af ca. 700 borgere (udvalget 2024)."


def _add(Indicator, db, next_to, fields) -> None:
    fields = dict(fields)
    key = fields.pop("key")
    Indicator.objects.using(db).get_or_create(
        key=key,
        defaults={
            **fields,
            "focus_area": next_to.focus_area,
            "segment": "",
            "is_key_figure": False,
            "order": next_to.order,
        },
    )


def forward(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Target = apps.get_model("strategy", "Target")
    FocusArea = apps.get_model("strategy", "FocusArea")
    db = schema_editor.connection.alias
    indicators = {i.key: i for i in Indicator.objects.using(db).filter(key__in=TEXTS)}
    for key, (old_name, new_name, old_text, new_text, computed) in TEXTS.items():
        indicator = indicators.get(key)
        if indicator is None:
            continue
        if indicator.name == old_name:
            indicator.name = new_name
        if computed or indicator.description == old_text:
            indicator.description = new_text
        indicator.save(update_fields=["name", "description"])
    paid = indicators.get("paid_hours_share")
    if paid is not None:
        Target.objects.using(db).filter(indicator=paid, note=TARGET_NOTE_OLD).update(
            note=TARGET_NOTE_NEW
        )
        _add(Indicator, db, paid, FRIKORT)
    nonwestern = indicators.get("nonwestern_employment_rate")
    if nonwestern is not None:
        FocusArea.objects.using(db).filter(
            pk=nonwestern.focus_area_id, description=AREA_5_OLD
        ).update(description=AREA_5_NEW)
        _add(Indicator, db, nonwestern, WOMEN)


def backward(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Target = apps.get_model("strategy", "Target")
    FocusArea = apps.get_model("strategy", "FocusArea")
    db = schema_editor.connection.alias
    Indicator.objects.using(db).filter(
        key__in=[FRIKORT["key"], WOMEN["key"]], measurements__isnull=True
    ).delete()
    FocusArea.objects.using(db).filter(description=AREA_5_NEW).update(description=AREA_5_OLD)
    Target.objects.using(db).filter(indicator__key="paid_hours_share", note=TARGET_NOTE_NEW).update(
        note=TARGET_NOTE_OLD
    )
    for indicator in Indicator.objects.using(db).filter(key__in=TEXTS):
        old_name, new_name, old_text, new_text, _computed = TEXTS[indicator.key]
        if indicator.name == new_name:
            indicator.name = old_name
        if indicator.description == new_text:
            indicator.description = old_text
        indicator.save(update_fields=["name", "description"])


class Migration(migrations.Migration):
    dependencies = [("strategy", "0005_conversations_indicator_follows_the_law")]

    operations = [migrations.RunPython(forward, backward)]
