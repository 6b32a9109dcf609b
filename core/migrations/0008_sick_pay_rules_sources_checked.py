"""Sick-pay follow-up rules after their sources were read again (2026-12-04): the rows that
0007_sick_pay_rules created get the references the material confirms, the 2025 employed-citizen
rule counts to the end of week 13 from the first conversation (§ 13 f as proposed in L 74
2024/25), and the 2026 row becomes its own rule: under lov nr. 1750 af 29.12.2025 an employed
citizen expected back within 26 weeks is, as a rule, exempt from follow-up and conversations
altogether (not "only the first conversation"). What could not be confirmed is listed in the
README ("Rules and their sources") and the engineer's report, not in these texts.
citizens.rules.sick_pay applies the rows."""

from datetime import date

from django.db import migrations

EMPLOYED_FIRST_ONLY = "sick_employed_first_conversation_only_weeks"
EMPLOYED_NO_FOLLOW_UP = "sick_employed_no_follow_up_weeks"
FROM_2020 = date(2020, 1, 1)
FROM_2025 = date(2025, 1, 1)
FROM_2026 = date(2026, 7, 1)

SDP_13B = "Sygedagpengeloven § 13 b, stk. 1, 1. og 3. pkt. (lbk. nr. 1179 af 21.09.2023)"
SDP_13F = (
    "Sygedagpengeloven § 13 f (L 74 2024/25, fremsat 06.11.2024; aftale om forenkling af "
    "sygedagpengesystemet af 14.03.2024, i kraft 01.01.2025)"
)
LOV_1750 = (
    "Lov nr. 1750 af 29.12.2025 (beskæftigelsesreformen, første fase): sygemeldte i ansættelse "
    "med forventet raskmelding inden 26 uger fritages som udgangspunkt for opfølgning"
)

# (key, qualifier, valid_from) -> (the fields after, the fields before) of rows 0006 created.
CHANGES = {
    ("sick_follow_up_min_conversations", "", FROM_2020): (
        {
            "legal_reference": SDP_13B,
            "description": "Mindst fire opfølgninger inden for det første halve år regnet fra "
            "første fraværsdag; derefter aftales opfølgningen med den sygemeldte.",
        },
        {
            "legal_reference": "Sygedagpengeloven § 13 b, stk. 1 (lov nr. 1555 af 27.12.2019; "
            "lbk. nr. 1179 af 21.09.2023)",
            "description": "Mindst fire opfølgninger inden for det første halve år regnet fra "
            "første fraværsdag.",
        },
    ),
    ("sick_follow_up_window_months", "", FROM_2020): (
        {
            "legal_reference": SDP_13B,
            "description": "Det første halve år (6 måneder) fra første fraværsdag, de fire "
            "opfølgninger skal ligge i.",
        },
        {
            "legal_reference": "Sygedagpengeloven § 13 b, stk. 1 (lov nr. 1555 af 27.12.2019; "
            "lbk. nr. 1179 af 21.09.2023)",
            "description": "Det første halve år (måneder) fra første fraværsdag, de fire "
            "opfølgninger skal ligge i.",
        },
    ),
    (EMPLOYED_FIRST_ONLY, "after_first_conversation", FROM_2025): (
        {
            "legal_reference": SDP_13F,
            "description": "Sygemeldt fra job med forudsigeligt forløb og forventet raskmelding "
            "senest inden udgangen af 13. uge regnet fra første opfølgningssamtale: kun første "
            "opfølgningssamtale er et krav.",
        },
        {
            "legal_reference": "Sygedagpengeloven (L 74 2024/25, aftale af 14.03.2024): kun 1. "
            "samtale, i job",
            "description": "Sygemeldt fra job, der forventes tilbage inden 13 uger fra første "
            "samtale: kun første opfølgningssamtale er et krav.",
        },
    ),
    (EMPLOYED_FIRST_ONLY, "after_first_absence", FROM_2026): (
        {
            "key": EMPLOYED_NO_FOLLOW_UP,
            "qualifier": "",
            "legal_reference": LOV_1750,
            "description": "Sygemeldt fra job med forventet raskmelding inden 26 uger fra første "
            "fraværsdag: som udgangspunkt ingen opfølgning og ingen samtaler, heller ikke den "
            "første.",
        },
        {
            "key": EMPLOYED_FIRST_ONLY,
            "qualifier": "after_first_absence",
            "legal_reference": "Sygedagpengeloven (lov nr. 1750 af 29.12.2025): kun 1. samtale, "
            "i job, raskmelding < 26 uger",
            "description": "Sygemeldt fra job med forventet raskmelding inden 26 uger fra første "
            "fraværsdag: kun første opfølgningssamtale er et krav.",
        },
    ),
}


def _apply(apps, schema_editor, *, forward: bool) -> None:
    Rule = apps.get_model("core", "Rule")
    rules = Rule.objects.using(schema_editor.connection.alias)
    for (key, qualifier, valid_from), (after, before) in CHANGES.items():
        old, new = (before, after) if forward else (after, before)
        rules.filter(
            key=old.get("key", key), qualifier=old.get("qualifier", qualifier), valid_from=valid_from
        ).update(**new)


def forwards(apps, schema_editor):
    _apply(apps, schema_editor, forward=True)


def backwards(apps, schema_editor):
    _apply(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_sick_pay_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
