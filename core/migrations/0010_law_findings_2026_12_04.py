"""Rule rows after the law points left open by 0007-0009 were read again (2026-12-04, issue 10).

Findings and sources: /work/notes/law-findings.md (pasted into the closing note) and README,
"Rules and their sources". In short:
- Lov nr. 1750 af 29.12.2025 is L 66 (2025-26), "Reform af beskæftigelsesindsatsen, mere
  fleksible kontaktforløb og tilbud, ..."; its § 3 amends the sygedagpengelov (bill section
  2.1.2.1.3 "Sygemeldte fra beskæftigelse ud af beskæftigelsesindsatsen og mere fleksible
  opfølgningsforløb", part of the contact-course change STAR dates 1 July 2026). The minister's
  presentation: no follow-up "hvis både den sygemeldte og arbejdsgiver forventer et sygefravær på
  mindre end 26 uger" - the expected ABSENCE, so counted from the first day of absence, and
  strictly less than 26 weeks (citizens.rules.sick_pay now compares with <). For the other
  sick-listed the follow-up is reduced to at least one conversation in the first half year
  (summary of L 66, opkurser.dk/lovguiden): sick_follow_up_min_conversations 1 from 2026-07-01.
- Nytteindsats: "Med loven om en ny arbejdspligt afskaffes rimelighedskravet og
  varighedsbegrænsningen" (STAR; the law adopted 17.12.2024, arbejdspligt in force 1.7.2025):
  the 13-week row ends 2025-06-30 and no row follows (no maximum for a nytteindsats starting
  later).
- Virksomhedspraktik 37 hours/week: LAB § 61 governs the duration only; the hours limit was not
  found in the law, so its reference now says so instead of citing § 61, stk. 1.
Reversing restores the rows as 0004-0009 left them.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

FROM_2020 = date(2020, 1, 1)
LAB_START = date(2019, 1, 1)
REFORM = date(2026, 7, 1)
BEFORE_REFORM = date(2026, 6, 30)

LOV_1750_SDP = (
    "Sygedagpengeloven som ændret ved § 3 i lov nr. 1750 af 29.12.2025 (L 66 2025-26, "
    "bem. pkt. 2.1.2.1.3), i kraft 01.07.2026"
)

# (key, qualifier, valid_from) -> (the fields after, the fields before).
CHANGES = {
    ("sick_employed_no_follow_up_weeks", "", REFORM): (
        {
            "legal_reference": LOV_1750_SDP + ": forventet sygefravær under 26 uger",
            "description": "Sygemeldt i ansættelse, hvor den sygemeldte og arbejdsgiveren "
            "forventer et sygefravær på mindre end 26 uger regnet fra første fraværsdag: som "
            "udgangspunkt ingen opfølgning og ingen samtaler i kommunen.",
        },
        {
            "legal_reference": "Lov nr. 1750 af 29.12.2025 (beskæftigelsesreformen, første "
            "fase): sygemeldte i ansættelse med forventet raskmelding inden 26 uger fritages "
            "som udgangspunkt for opfølgning",
            "description": "Sygemeldt fra job med forventet raskmelding inden 26 uger fra første "
            "fraværsdag: som udgangspunkt ingen opfølgning og ingen samtaler, heller ikke den "
            "første.",
        },
    ),
    ("sick_follow_up_min_conversations", "", FROM_2020): (
        {"valid_to": BEFORE_REFORM},
        {"valid_to": None},
    ),
    ("nytteindsats_max_weeks", "", LAB_START): (
        {
            "valid_to": date(2025, 6, 30),
            "legal_reference": "LAB (lov nr. 548 af 7. maj 2019): op til 13 uger; "
            "varighedsbegrænsningen ophævet med loven om arbejdspligt (i kraft 01.07.2025)",
            "description": "Nytteindsats: højst 13 uger, kun hos offentlige arbejdsgivere (til "
            "30.06.2025; derefter ingen varighedsbegrænsning).",
        },
        {
            "valid_to": None,
            "legal_reference": "LAB",
            "description": "Nytteindsats: højst 13 uger, kun hos offentlige arbejdsgivere.",
        },
    ),
    ("praktik_max_hours_per_week", "", LAB_START): (
        {
            "legal_reference": "37 timer/uge som indlæst fra domæneguiden; hjemmel ikke fundet "
            "(LAB § 61 regulerer kun varigheden)",
        },
        {"legal_reference": "LAB § 61, stk. 1 (LBK nr. 280 af 1. marts 2024)"},
    ),
}

# (key, qualifier, value, unit, valid_from, valid_to, reference, description)
NEW = [
    (
        "sick_follow_up_min_conversations",
        "",
        1,
        "count",
        REFORM,
        None,
        LOV_1750_SDP + ": mindst én samtale det første halve år",
        "Mindst én opfølgningssamtale inden for det første halve år regnet fra første "
        "fraværsdag (visitationskategorierne udfases); derefter efter behov.",
    ),
]


def _rules(apps, schema_editor):
    return apps.get_model("core", "Rule").objects.using(schema_editor.connection.alias)


def forwards(apps, schema_editor):
    rules = _rules(apps, schema_editor)
    for (key, qualifier, valid_from), (after, _before) in CHANGES.items():
        rules.filter(key=key, qualifier=qualifier, valid_from=valid_from).update(**after)
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


def backwards(apps, schema_editor):
    rules = _rules(apps, schema_editor)
    for key, qualifier, _value, _unit, valid_from, *_rest in NEW:
        rules.filter(key=key, qualifier=qualifier, valid_from=valid_from).delete()
    for (key, qualifier, valid_from), (_after, before) in CHANGES.items():
        rules.filter(key=key, qualifier=qualifier, valid_from=valid_from).update(**before)


class Migration(migrations.Migration):
    dependencies = [("core", "0009_intervention_max_and_contact_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
