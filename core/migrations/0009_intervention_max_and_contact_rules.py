"""Intervention maxima and the contact rules as the law stands on 2026-12-04 (issue 10).

Checked against (see README, "Rules and their sources"):
- LAB = lov nr. 548 af 7. maj 2019 om en aktiv beskæftigelsesindsats (in force 1 January 2020),
  jf. lovbekendtgørelse nr. 280 af 1. marts 2024: § 61 (virksomhedspraktik), § 68 (løntilskud).
- Lov nr. 727 af 13. juni 2023 (a-kassen holds the first 3 months of the dagpenge contact
  course from 1 January 2024; the jobcentre the last 3 conversations).
- Lov nr. 1750 af 29. december 2025 (reform of the employment effort, first phase): more
  flexible contact courses from 1 July 2026 — within the first 6 months job conversations with at
  least 75 % of dagpengemodtagere (at least 2 in the municipality), jobparate
  kontanthjælpsmodtagere and ledighedsydelsesmodtagere (at least 4).

Changes: the praktik rows get their exact reference; the unqualified 26-week extension becomes
one row per 13-week group (§ 61, stk. 2 applies only to stk. 1, nr. 2); the løntilskud rows
follow § 68 by group (the former "integration" row had no basis in § 68: the integration
programme's citizens are kontanthjælp recipients since 1 July 2025 and follow their readiness);
the 75 % rule applies from 1 July 2026, not 1 January 2026. Reversing restores the old rows.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

LAB_START = date(2019, 1, 1)  # the start the existing LAB rows carry (core/0004)
LAB_2020 = date(2020, 1, 1)  # lov nr. 548/2019 in force
REFORM = date(2026, 7, 1)  # lov nr. 1750/2025: flexible contact courses
LAB_61_1 = "LAB § 61, stk. 1 (LBK nr. 280 af 1. marts 2024)"
LAB_61_2 = "LAB § 61, stk. 2 (LBK nr. 280 af 1. marts 2024)"
LAB_68_1 = "LAB § 68, nr. 1 (LBK nr. 280 af 1. marts 2024)"
LAB_68_2 = "LAB § 68, nr. 2 (LBK nr. 280 af 1. marts 2024)"
LAB_68 = "LAB § 68 (LBK nr. 280 af 1. marts 2024)"
LAB_KAP7 = "LAB kap. 7 (lov nr. 548 af 7. maj 2019)"
LOV_727 = "LAB kap. 7 som ændret ved lov nr. 727 af 13. juni 2023"
LOV_1750 = "LAB kap. 7 som ændret ved lov nr. 1750 af 29. december 2025"

THIRTEEN_WEEK_GROUPS = [
    ("aktivitetsparat", "aktivitetsparate"),
    ("sygedagpenge", "sygedagpengemodtagere"),
    ("jobafklaring", "jobafklaringsforløb"),
    ("ressourceforloeb", "ressourceforløb"),
    ("ledighedsydelse", "ledighedsydelsesmodtagere"),
    ("foertidspension", "førtidspensionister"),
]

# (key, qualifier, value, unit, valid_from, valid_to, reference, description)
NEW = [
    *[
        (
            "praktik_max_weeks_extended",
            qualifier,
            26,
            "weeks",
            LAB_START,
            None,
            LAB_61_2,
            f"Virksomhedspraktik ({label}): efter en konkret vurdering op til 26 uger.",
        )
        for qualifier, label in THIRTEEN_WEEK_GROUPS
    ],
    *[
        (
            "loentilskud_public_max_months",
            qualifier,
            months,
            "months",
            LAB_START,
            None,
            reference,
            f"Løntilskud hos offentlig arbejdsgiver: højst {months} måneder ({label}).",
        )
        for qualifier, months, reference, label in [
            ("jobparat", 4, LAB_68_1, "jobparate"),
            ("uddannelsesparat", 4, LAB_68_1, "uddannelsesparate"),
            ("aktivitetsparat", 6, LAB_68_2, "aktivitetsparate"),
            ("ressourceforloeb", 12, LAB_68, "ressourceforløb"),
        ]
    ],
    *[
        (
            "loentilskud_private_max_months",
            qualifier,
            months,
            "months",
            LAB_START,
            None,
            reference,
            f"Løntilskud hos privat arbejdsgiver: højst {months} måneder ({label}).",
        )
        for qualifier, months, reference, label in [
            ("jobparat", 6, LAB_68_1, "jobparate"),
            ("uddannelsesparat", 6, LAB_68_1, "uddannelsesparate"),
            ("aktivitetsparat", 6, LAB_68_2, "aktivitetsparate"),
            ("sygedagpenge", 12, LAB_68, "sygedagpengemodtagere"),
            ("jobafklaring", 12, LAB_68, "jobafklaringsforløb"),
            ("ressourceforloeb", 12, LAB_68, "ressourceforløb"),
        ]
    ],
    # Contact: job conversations the municipality holds in the first 6 months of a course.
    *[
        (
            "contact_conversations_first_6_months",
            qualifier,
            count,
            "count",
            valid_from,
            valid_to,
            reference,
            description,
        )
        for qualifier, count, valid_from, valid_to, reference, description in [
            (
                "a_dagpenge",
                4,
                LAB_2020,
                date(2023, 12, 31),
                LAB_KAP7,
                "Dagpengemodtagere: 4 jobsamtaler i jobcentret de første 6 måneder.",
            ),
            (
                "a_dagpenge",
                3,
                date(2024, 1, 1),
                date(2026, 6, 30),
                LOV_727,
                "Dagpengemodtagere: a-kassen har de første 3 måneder; jobcentret holder de "
                "sidste 3 jobsamtaler inden for de første 6 måneder.",
            ),
            (
                "a_dagpenge",
                2,
                REFORM,
                None,
                LOV_1750,
                "Dagpengemodtagere: mindst 2 jobsamtaler i kommunen inden for de første 6 "
                "måneder (for mindst 75 % af gruppen).",
            ),
            (
                "jobparat",
                4,
                LAB_2020,
                date(2026, 6, 30),
                LAB_KAP7,
                "Jobparate kontanthjælpsmodtagere: 4 jobsamtaler de første 6 måneder.",
            ),
            (
                "jobparat",
                4,
                REFORM,
                None,
                LOV_1750,
                "Jobparate kontanthjælpsmodtagere: mindst 4 jobsamtaler de første 6 måneder "
                "(for mindst 75 % af gruppen; første samtale med alle).",
            ),
            (
                "ledighedsydelse",
                4,
                LAB_2020,
                date(2026, 6, 30),
                LAB_KAP7,
                "Ledighedsydelsesmodtagere: 4 jobsamtaler de første 6 måneder.",
            ),
            (
                "ledighedsydelse",
                4,
                REFORM,
                None,
                LOV_1750,
                "Ledighedsydelsesmodtagere: mindst 4 jobsamtaler de første 6 måneder (for "
                "mindst 75 % af gruppen).",
            ),
        ]
    ],
    (
        "contact_first_period_months",
        "",
        6,
        "months",
        LAB_2020,
        None,
        LAB_KAP7,
        "Kontaktforløbets første periode med faste krav til jobsamtaler: 6 måneder.",
    ),
    (
        "conversations_first_6_months_percent",
        "",
        100,
        "percent",
        LAB_2020,
        date(2026, 6, 30),
        LAB_KAP7,
        "Før reformen: samtalekravet gjaldt hver enkelt borger (100 %).",
    ),
    (
        "conversations_first_6_months_percent",
        "",
        75,
        "percent",
        REFORM,
        None,
        LOV_1750,
        "Mindst 75 % af dagpengemodtagere, jobparate kontanthjælpsmodtagere og "
        "ledighedsydelsesmodtagere skal have jobsamtalerne i de første 6 måneder.",
    ),
]

# Rows of core/0004 this migration removes (restored on reverse): (key, qualifier, valid_from).
REMOVED = [
    ("praktik_max_weeks_extended", "", LAB_START),
    ("loentilskud_public_max_months", "integration", LAB_START),
    ("conversations_first_6_months_percent", "", date(2026, 1, 1)),
]
REMOVED_ROWS = {
    ("praktik_max_weeks_extended", "", LAB_START): (
        26,
        "weeks",
        "LAB § 61",
        "Virksomhedspraktik kan i særlige tilfælde forlænges til højst 26 uger.",
    ),
    ("loentilskud_public_max_months", "integration", LAB_START): (
        12,
        "months",
        "LAB",
        "Løntilskud hos offentlig arbejdsgiver: højst 12 måneder (integrationsprogrammet).",
    ),
    ("conversations_first_6_months_percent", "", date(2026, 1, 1)): (
        75,
        "percent",
        "Lov om ændring af LAB (2025), i kraft 2026",
        "75 %-krav til samtaler og tilbud i de første 6 måneder.",
    ),
}

# Existing rows whose reference becomes exact: (key, qualifiers) -> (new, old).
REFERENCES = [
    (
        "praktik_max_weeks",
        [
            "a_dagpenge",
            "jobparat",
            "uddannelsesparat",
            "aabenlyst_uddannelsesparat",
            "dimittend",
            *[qualifier for qualifier, _label in THIRTEEN_WEEK_GROUPS],
        ],
        LAB_61_1,
        "LAB § 61",
    ),
    ("praktik_max_hours_per_week", [""], LAB_61_1, "LAB § 61"),
    ("loentilskud_public_max_months", ["a_dagpenge"], LAB_68_1, "LAB"),
    ("loentilskud_private_max_months", ["a_dagpenge"], LAB_68_1, "LAB"),
    ("loentilskud_public_max_months", ["kontanthjaelp"], LAB_68_2, "LAB"),
    ("loentilskud_public_max_months", ["sygedagpenge", "jobafklaring"], LAB_68, "LAB"),
]


def load(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    rules = Rule.objects.using(schema_editor.connection.alias)
    for key, qualifier, valid_from in REMOVED:
        rules.filter(key=key, qualifier=qualifier, valid_from=valid_from).delete()
    for key, qualifiers, new, _old in REFERENCES:
        rules.filter(key=key, qualifier__in=qualifiers, valid_from=LAB_START).update(
            legal_reference=new
        )
    existing = set(rules.values_list("key", "qualifier", "valid_from"))
    rules.bulk_create(
        [
            Rule(
                key=key,
                qualifier=qualifier,
                value=Decimal(value),
                unit=unit,
                valid_from=valid_from,
                valid_to=valid_to,
                legal_reference=reference,
                description=description,
            )
            for key, qualifier, value, unit, valid_from, valid_to, reference, description in NEW
            if (key, qualifier, valid_from) not in existing
        ]
    )


def unload(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    rules = Rule.objects.using(schema_editor.connection.alias)
    for key, qualifier, _value, _unit, valid_from, *_rest in NEW:
        rules.filter(key=key, qualifier=qualifier, valid_from=valid_from).delete()
    for key, qualifiers, _new, old in REFERENCES:
        rules.filter(key=key, qualifier__in=qualifiers, valid_from=LAB_START).update(
            legal_reference=old
        )
    for (key, qualifier, valid_from), (value, unit, reference, description) in (
        REMOVED_ROWS.items()
    ):
        rules.get_or_create(
            key=key,
            qualifier=qualifier,
            valid_from=valid_from,
            defaults={
                "value": Decimal(value),
                "unit": unit,
                "legal_reference": reference,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0008_sick_pay_rules_sources_checked")]

    operations = [migrations.RunPython(load, unload)]
