"""Sick-pay follow-up and reassessment rules as the law stands on 2026-12-04, with the versions
they replaced kept as rows (cases are judged by the version in force on their first absence day).
Sources: README, "Rules and their sources"; citizens.rules.sick_pay applies them."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SDP_13B_2014 = "Sygedagpengeloven § 13 b (lov nr. 720 af 25.06.2014): opfølgning mindst hver 4. uge"
SDP_13B = "Sygedagpengeloven § 13 b, stk. 1 (lov nr. 1555 af 27.12.2019; lbk. nr. 1179 af 21.09.2023)"
SDP_13F_2025 = "Sygedagpengeloven (L 74 2024/25, aftale af 14.03.2024): kun 1. samtale, i job"
SDP_2026 = "Sygedagpengeloven (lov nr. 1750 af 29.12.2025): kun 1. samtale, i job, raskmelding < 26 uger"
SDP_24 = "Sygedagpengeloven § 24, stk. 1 (lov nr. 720 af 25.06.2014): udløbet af en kalendermåned"

REFORM_2015 = date(2015, 1, 1)  # sygedagpengereformen (lov nr. 720/2014), opfølgning from 2015
LAB_START = date(2019, 1, 1)  # the valid_from the rows of 0004_load_rules were loaded with

# Rows of 0004_load_rules given their true period and reference: (key, valid_from) -> changes.
UPDATES = {
    ("sick_first_conversation_weeks", LAB_START): {
        "valid_from": REFORM_2015,
        "legal_reference": "Sygedagpengeloven § 13 b, stk. 1, 2. pkt.",
        "description": "Første opfølgning senest inden udgangen af 8. uge regnet fra første "
        "fraværsdag.",
    },
    ("sick_follow_up_weeks", LAB_START): {
        "valid_from": REFORM_2015,
        "valid_to": date(2019, 12, 31),
        "legal_reference": SDP_13B_2014,
        "description": "Før 2020: derefter opfølgning mindst hver 4. uge (afløst af mindst 4 "
        "samtaler i de første 6 måneder).",
    },
    ("sick_reassessment_weeks", LAB_START): {
        "valid_from": REFORM_2015,
        "legal_reference": SDP_24,
        "description": "Revurdering inden udgangen af den kalendermåned, hvor der er udbetalt "
        "sygedagpenge/løn under sygdom i mere end 22 uger inden for 9 kalendermåneder.",
    },
    ("sick_reassessment_window_months", LAB_START): {
        "valid_from": REFORM_2015,
        "legal_reference": SDP_24,
        "description": "Revurdering: de 9 forudgående kalendermåneder, de 22 uger tælles inden for.",
    },
}

NEW = [
    (
        "sick_follow_up_min_conversations",
        "",
        4,
        "count",
        date(2020, 1, 1),
        None,
        SDP_13B,
        "Mindst fire opfølgninger inden for det første halve år regnet fra første fraværsdag.",
    ),
    (
        "sick_follow_up_window_months",
        "",
        6,
        "months",
        date(2020, 1, 1),
        None,
        SDP_13B,
        "Det første halve år (måneder) fra første fraværsdag, de fire opfølgninger skal ligge i.",
    ),
    (
        "sick_employed_first_conversation_only_weeks",
        "after_first_conversation",
        13,
        "weeks",
        date(2025, 1, 1),
        date(2026, 6, 30),
        SDP_13F_2025,
        "Sygemeldt fra job, der forventes tilbage inden 13 uger fra første samtale: kun første "
        "opfølgningssamtale er et krav.",
    ),
    (
        "sick_employed_first_conversation_only_weeks",
        "after_first_absence",
        26,
        "weeks",
        date(2026, 7, 1),
        None,
        SDP_2026,
        "Sygemeldt fra job med forventet raskmelding inden 26 uger fra første fraværsdag: kun "
        "første opfølgningssamtale er et krav.",
    ),
]


def load(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    rules = Rule.objects.using(schema_editor.connection.alias)
    for (key, valid_from), changes in UPDATES.items():
        rules.filter(key=key, qualifier="", valid_from=valid_from).update(**changes)
    for key, qualifier, value, unit, valid_from, valid_to, reference, description in NEW:
        rules.get_or_create(
            key=key,
            qualifier=qualifier,
            valid_from=valid_from,
            defaults={
                "value": Decimal(value),
                "unit": unit,
                "valid_to": valid_to,
                "legal_reference": reference,
                "description": description,
            },
        )


def unload(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    rules = Rule.objects.using(schema_editor.connection.alias)
    for key, qualifier, _value, _unit, valid_from, *_rest in NEW:
        rules.filter(key=key, qualifier=qualifier, valid_from=valid_from).delete()
    for (key, _valid_from), _changes in UPDATES.items():
        rules.filter(key=key, qualifier="", valid_from=REFORM_2015).update(
            valid_from=LAB_START, valid_to=None
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0006_long_term_unemployment_source")]

    operations = [migrations.RunPython(load, unload)]
