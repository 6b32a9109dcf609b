"""The rule table's starting values (domain guide, "The law moves"), each with its period and legal
reference. The keys are documented in core.rules. Reversing deletes exactly these rows.

Administrators change values through the admin afterwards: a new value is a new row with a new
valid_from (and the old row gets a valid_to), so history is kept.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

LAB_START = date(2019, 1, 1)  # Lov om en aktiv beskæftigelsesindsats (LAB) in force

LAB_61 = "LAB § 61"
LAB = "LAB"
BEK_92 = "bek. 1297/2017 § 92"
SDP_13 = "Sygedagpengeloven § 13"
SDP_24 = "Sygedagpengeloven § 24"
STAR = "STAR's definition"
FRIKORT = "Juridisk Vejledning (socialt frikort)"
STRATEGY = "Ballerups beskæftigelsesstrategi (aktiveringsstrategi)"
PLAN = "Ballerups beskæftigelsesplan"
LAB_2025 = "Lov om ændring af LAB (2025), i kraft 2026"
LOCAL = "Jobcenter Ballerups lokale praksis"

# (key, qualifier, value, unit, valid_from, valid_to, legal_reference, description)
RULES: list[tuple[str, str, int, str, date, date | None, str, str]] = [
    # Virksomhedspraktik
    *[
        (
            "praktik_max_weeks",
            qualifier,
            weeks,
            "weeks",
            LAB_START,
            None,
            LAB_61,
            f"Virksomhedspraktik: højst {weeks} uger ({label}).",
        )
        for qualifier, weeks, label in [
            ("a_dagpenge", 4, "dagpengemodtagere"),
            ("jobparat", 4, "jobparate"),
            ("uddannelsesparat", 4, "uddannelsesparate"),
            ("aabenlyst_uddannelsesparat", 4, "åbenlyst uddannelsesparate"),
            ("dimittend", 8, "dimittender"),
            ("aktivitetsparat", 13, "aktivitetsparate"),
            ("sygedagpenge", 13, "sygedagpengemodtagere"),
            ("jobafklaring", 13, "jobafklaringsforløb"),
            ("ressourceforloeb", 13, "ressourceforløb"),
            ("ledighedsydelse", 13, "ledighedsydelsesmodtagere, visiteret til fleksjob"),
            ("foertidspension", 13, "førtidspensionister"),
        ]
    ],
    (
        "praktik_max_weeks_extended",
        "",
        26,
        "weeks",
        LAB_START,
        None,
        LAB_61,
        "Virksomhedspraktik kan i særlige tilfælde forlænges til højst 26 uger.",
    ),
    (
        "praktik_max_hours_per_week",
        "",
        37,
        "hours_per_week",
        LAB_START,
        None,
        LAB_61,
        "Virksomhedspraktik: højst 37 timer om ugen.",
    ),
    # Løntilskud
    *[
        (
            "loentilskud_public_max_months",
            qualifier,
            months,
            "months",
            LAB_START,
            None,
            LAB,
            f"Løntilskud hos offentlig arbejdsgiver: højst {months} måneder ({label}).",
        )
        for qualifier, months, label in [
            ("a_dagpenge", 4, "dagpengemodtagere"),
            ("kontanthjaelp", 6, "kontanthjælpsmodtagere"),
            ("sygedagpenge", 12, "sygedagpengemodtagere"),
            ("jobafklaring", 12, "jobafklaringsforløb"),
            ("integration", 12, "integrationsprogrammet"),
        ]
    ],
    (
        "loentilskud_private_max_months",
        "a_dagpenge",
        6,
        "months",
        LAB_START,
        None,
        LAB,
        "Løntilskud hos privat arbejdsgiver: op til 6 måneder (dagpengemodtagere).",
    ),
    (
        "nytteindsats_max_weeks",
        "",
        13,
        "weeks",
        LAB_START,
        None,
        LAB,
        "Nytteindsats: højst 13 uger, kun hos offentlige arbejdsgivere.",
    ),
    # Rimelighedskrav (virksomhedspraktik og løntilskud tilsammen, pr. P-nummer)
    (
        "rimelighedskrav_employees_per_seat",
        "",
        5,
        "count",
        LAB_START,
        None,
        BEK_92,
        "Rimelighedskrav: én person i støttet forløb pr. 5 ordinært ansatte (op til tærsklen).",
    ),
    (
        "rimelighedskrav_threshold",
        "",
        50,
        "count",
        LAB_START,
        None,
        BEK_92,
        "Rimelighedskrav: antal ordinært ansatte, hvorover forholdet 1 pr. 10 gælder.",
    ),
    (
        "rimelighedskrav_employees_per_seat_above",
        "",
        10,
        "count",
        LAB_START,
        None,
        BEK_92,
        "Rimelighedskrav: én person pr. 10 ordinært ansatte ud over tærsklen.",
    ),
    (
        "rimelighedskrav_min_seats",
        "",
        1,
        "count",
        LAB_START,
        None,
        BEK_92,
        "Rimelighedskrav: mindst én person, uanset antallet af ordinært ansatte.",
    ),
    # Sygedagpenge
    (
        "sick_first_conversation_weeks",
        "",
        8,
        "weeks",
        LAB_START,
        None,
        SDP_13,
        "Første opfølgningssamtale inden udgangen af 8. sygeuge.",
    ),
    (
        "sick_follow_up_weeks",
        "",
        4,
        "weeks",
        LAB_START,
        None,
        SDP_13,
        "Derefter opfølgning mindst hver 4. uge.",
    ),
    (
        "sick_reassessment_weeks",
        "",
        22,
        "weeks",
        LAB_START,
        None,
        SDP_24,
        "Revurdering, når der er udbetalt sygedagpenge i mere end 22 uger inden for 9 måneder.",
    ),
    (
        "sick_reassessment_window_months",
        "",
        9,
        "months",
        LAB_START,
        None,
        SDP_24,
        "Revurdering: perioden (måneder), som de 22 uger tælles inden for.",
    ),
    # Langtidsledighed
    (
        "long_term_unemployment_percent",
        "",
        80,
        "percent",
        LAB_START,
        None,
        STAR,
        "Langtidsledig: ledig mindst 80 % af tiden inden for det seneste år.",
    ),
    (
        "long_term_unemployment_window_months",
        "",
        12,
        "months",
        LAB_START,
        None,
        STAR,
        "Langtidsledighed: perioden (måneder), som ledighedsgraden måles over.",
    ),
    # Socialt frikort (beløb pr. kalenderår)
    (
        "frikort_amount_dkk",
        "",
        41280,
        "dkk",
        date(2024, 1, 1),
        date(2024, 12, 31),
        FRIKORT,
        "Socialt frikort: skattefri indtjening pr. år (2024).",
    ),
    (
        "frikort_amount_dkk",
        "",
        42766,
        "dkk",
        date(2025, 1, 1),
        date(2025, 12, 31),
        FRIKORT,
        "Socialt frikort: skattefri indtjening pr. år (2025).",
    ),
    (
        "frikort_amount_dkk",
        "",
        42766,
        "dkk",
        date(2026, 1, 1),
        None,
        FRIKORT,
        "2025-beløb videreført; opdatér når satsen for 2026 kendes.",
    ),
    # Ballerup's own targets and working rules
    (
        "jobparat_company_offer_months",
        "",
        3,
        "months",
        LAB_START,
        None,
        STRATEGY,
        "Jobparate uden job efter 3 måneder får virksomhedspraktik, løntilskud eller nytteindsats.",
    ),
    (
        "plan_outdated_months",
        "",
        6,
        "months",
        LAB_START,
        None,
        LOCAL,
        "Lokal arbejdsgang: en plan, der ikke er opdateret i 6 måneder, markeres som forældet.",
    ),
    (
        "youth_max_months_aabenlyst",
        "",
        4,
        "months",
        LAB_START,
        None,
        PLAN,
        "Unge: åbenlyst uddannelsesparate højst 4 måneder på ydelse.",
    ),
    (
        "youth_max_months_uddannelsesparat",
        "",
        13,
        "months",
        LAB_START,
        None,
        PLAN,
        "Unge: uddannelsesparate højst 13 måneder på ydelse.",
    ),
    (
        "early_offer_percent",
        "",
        25,
        "percent",
        LAB_START,
        None,
        PLAN,
        "Mål: 25 % af nyledige jobparate/forsikrede får et tidligt tilbud.",
    ),
    (
        "composite_offer_percent",
        "",
        40,
        "percent",
        LAB_START,
        None,
        PLAN,
        "Mål: 40 % af langvarige aktivitetsparate får et sammensat, tværfagligt tilbud.",
    ),
    (
        "conversations_first_6_months_percent",
        "",
        75,
        "percent",
        date(2026, 1, 1),
        None,
        LAB_2025,
        "75 %-krav til samtaler og tilbud i de første 6 måneder.",
    ),
    (
        "samarbejdsgrad_min_percent",
        "",
        20,
        "percent",
        LAB_START,
        None,
        PLAN,
        "Mål: jobcentret samarbejder med mindst 20 % af de lokale virksomheder.",
    ),
]


def load(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    db = schema_editor.connection.alias
    existing = set(Rule.objects.using(db).values_list("key", "qualifier", "valid_from"))
    Rule.objects.using(db).bulk_create(
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
            for key, qualifier, value, unit, valid_from, valid_to, reference, description in RULES
            if (key, qualifier, valid_from) not in existing
        ]
    )


def unload(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    db = schema_editor.connection.alias
    for key, qualifier, _value, _unit, valid_from, *_rest in RULES:
        Rule.objects.using(db).filter(key=key, qualifier=qualifier, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_load_occupations")]

    operations = [migrations.RunPython(load, unload)]
