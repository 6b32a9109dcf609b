"""The strategy's focus areas (seed 000) plus the committee's sick-leave group, their indicators
and the seeds' starting targets (seeds 001-003). Managers change them afterwards; this runs once."""

from datetime import date
from decimal import Decimal

from django.db import migrations

STRATEGY_ADOPTED = date(2021, 1, 1)

FOCUS_AREAS = [
    (
        "Samarbejde i øjenhøjde – relationer og resultater",
        "Samarbejde i øjenhøjde med borgere og virksomheder: tætte relationer, færre fagfolk "
        "om den enkelte borger og virkningsfulde samtaler.",
    ),
    (
        "Forsikrede ledige borgere",
        "Hurtigt i job: tidlig, virksomhedsrettet indsats til nyledige og jobrettede samtaler.",
    ),
    (
        "Borgere med udfordringer ud over ledighed",
        "Virksomhedsrettede, parallelle og tværfaglige indsatser, lønnede timer og mentorstøtte "
        "til borgere langt fra arbejdsmarkedet.",
    ),
    (
        "Unge borgere",
        "Alle unge i uddannelse eller job: kort tid på ydelse og en positiv destination "
        "(ungegarantien).",
    ),
    (
        "Borgere med ikke-vestlig baggrund",
        "Flere i job og uddannelse gennem virksomhedsrettede indsatser – især flere kvinder.",
    ),
    (
        "Sygedagpenge og jobafklaring",
        "Udvalget følger målgruppen tæt: færre sygemeldte i arbejdsstyrken og flere tilbage i "
        "ordinært job.",
    ),
]

# (area index, key, name, unit, direction, computation or "" for manual, segment, key figure,
#  team scoped, [(target, valid from, note)], description in Danish)
INDICATORS = [
    (
        0,
        "samarbejdsgrad",
        "Samarbejdsgrad",
        "percent",
        "higher",
        "samarbejdsgrad",
        "",
        True,
        False,
        [(20, STRATEGY_ADOPTED, "Mindst 20 % (beskæftigelsesplanen, seed 002).")],
        "Andelen af de registrerede virksomheder, som jobcentret har haft en registreret "
        "kontakt med eller en borger placeret hos (praktik, løntilskud m.v., ikke annulleret) "
        "i de 12 måneder, der slutter med periodens sidste dag. Nævneren er de virksomheder, "
        "der var registreret på periodens sidste dag.",
    ),
    (
        0,
        "distinct_staff",
        "Færre fagfolk: medarbejdere pr. borger",
        "number",
        "lower",
        "distinct_staff",
        "",
        False,
        True,
        [],
        "Gennemsnitligt antal forskellige medarbejdere pr. aktiv borger (borgere i et forløb på "
        "periodens sidste dag), der i de 90 dage frem til periodens sidste dag har holdt en "
        "samtale med borgeren, startet en indsats, revideret planen, registreret en ændring i "
        "forløbet eller overdraget sagen. Lavere er bedre (princip 3: færre fagfolk).",
    ),
    (
        0,
        "citizen_satisfaction",
        "Borgertilfredshed",
        "percent",
        "higher",
        "",
        "",
        False,
        False,
        [(53, STRATEGY_ADOPTED, "Niveauet i 2018: 53 % (svarprocent 23 %).")],
        "Andelen af de adspurgte borgere, der svarer \"i høj grad\" eller \"i meget høj grad\" i "
        "tilfredshedsundersøgelsen. Indtastes af en leder. 2018: 53 % (svarprocent 23 %).",
    ),
    (
        0,
        "benchmark_rank",
        "Placering i ministeriets benchmark",
        "rank",
        "lower",
        "",
        "",
        False,
        False,
        [(2, date(2024, 1, 1), "2. plads af 98 kommuner (benchmark 3. kv. 2023 – 2. kv. 2024).")],
        "Kommunens samlede placering på Beskæftigelsesministeriets benchmarkliste (1 er bedst "
        "af 98 kommuner). Indtastes af en leder, når listen offentliggøres.",
    ),
    (
        1,
        "early_offer",
        "Tidlig indsats til nyledige",
        "percent",
        "higher",
        "early_offer",
        "",
        True,
        True,
        [(25, STRATEGY_ADOPTED, "25 % af de nyledige skal tilbydes en tidlig indsats (seed 002).")],
        "Af de nyledige forsikrede og jobparate (forløb på a-dagpenge eller jobparat ved start), "
        "hvis første 3 måneder slutter i perioden, andelen der er startet i en indsats (alle "
        "slags undtagen ordinært job) inden for 91 dage fra forløbets start.",
    ),
    (
        1,
        "three_month_rule",
        "Jobparate over 3 måneder uden virksomhedsrettet tilbud",
        "percent",
        "lower",
        "three_month_rule",
        "",
        False,
        True,
        [(0, STRATEGY_ADOPTED, "Alle jobparate i virksomhedsrettet tilbud efter 3 måneder.")],
        "Af borgerne, der på periodens sidste dag er jobparate (eller på a-dagpenge) og har været "
        "det i mindst 3 måneder (fra forløbets start eller seneste skift til jobparat/a-dagpenge), "
        "andelen der i hele den tid ikke har haft et virksomhedsrettet tilbud. Mod 0.",
    ),
    (
        1,
        "long_term_unemployment",
        "Langtidsledighed blandt forsikrede ledige",
        "percent",
        "lower",
        "long_term_unemployment",
        "",
        False,
        True,
        [],
        "Af borgerne på a-dagpenge på periodens sidste dag, andelen der har været på "
        "a-dagpenge, kontanthjælp eller uddannelseshjælp mindst 80 % af dagene i de 12 måneder "
        "frem til periodens sidste dag (STAR's definition). 26,3 % i beskæftigelsesplanen.",
    ),
    (
        1,
        "conversations_first_6_months",
        "Mindst 4 jobrettede samtaler i de første 6 måneder",
        "percent",
        "higher",
        "conversations_first_6_months",
        "",
        False,
        True,
        [(75, date(2026, 1, 1), "75 %-reglen for samtaler i de første 6 måneder (2026).")],
        "Af forløbene på a-dagpenge eller som jobparat, hvis første 6 måneder slutter i "
        "perioden, andelen med mindst 4 jobrettede samtaler (jobrettet samtale eller "
        "fællessamtale med a-kasse) i forløbets første 182 dage.",
    ),
    (
        1,
        "company_based_share_jobparate",
        "Virksomhedsrettet indsats: jobparate",
        "percent",
        "higher",
        "company_based_share",
        "jobparate",
        False,
        True,
        [],
        "Af borgerne i segmentet jobparate på periodens sidste dag, andelen der i perioden har "
        "været i en virksomhedsrettet indsats eller haft lønnede timer.",
    ),
    (
        2,
        "company_based_share_ikke_jobparate",
        "Virksomhedsrettet indsats: ikke-jobparate",
        "percent",
        "higher",
        "company_based_share",
        "ikke_jobparate",
        True,
        True,
        [(25, STRATEGY_ADOPTED, "Fra 15 % mod 25 % (beskæftigelsesstrategien).")],
        "Af borgerne i segmentet ikke-jobparate på periodens sidste dag, andelen der i perioden "
        "har været i en virksomhedsrettet indsats (virksomhedspraktik, løntilskud, småjob, "
        "fleksjob, IPS, KLAPjob m.v.) eller haft lønnede timer.",
    ),
    (
        2,
        "paid_hours_share",
        "Lønnede timer",
        "percent",
        "higher",
        "paid_hours_share",
        "",
        False,
        True,
        [(6, date(2024, 1, 1), "Løbende 6 % af ydelsesmodtagerne (udvalget, oktober 2024).")],
        "Af ydelsesmodtagerne på periodens sidste dag (kontanthjælp, uddannelseshjælp, "
        "ressourceforløb, ledighedsydelse, førtidspension), andelen med lønnede timer i en "
        "måned i perioden.",
    ),
    (
        2,
        "composite_offer",
        "Sammensat, tværgående tilbud",
        "percent",
        "higher",
        "composite_offer",
        "",
        False,
        True,
        [(40, STRATEGY_ADOPTED, "40 % af de langvarige aktivitetsparate (seed 002).")],
        "Af de langvarige aktivitetsparate (aktivitetsparate eller i ressourceforløb på "
        "periodens sidste dag og på ydelse mindst 80 % af de sidste 12 måneder), andelen der i "
        "perioden har mindst to samtidige (parallelle) indsatser, hvoraf mindst én er "
        "virksomhedsrettet.",
    ),
    (
        2,
        "composite_offer_progress",
        "Sammensat tilbud: i job, uddannelse eller parat",
        "percent",
        "higher",
        "composite_offer_progress",
        "",
        False,
        True,
        [(20, STRATEGY_ADOPTED, "20 % af dem, der får et tilbud (seed 002).")],
        "Af dem, der for 12 måneder siden havde et sammensat tilbud, andelen der inden for de 12 "
        "måneder er kommet i job eller uddannelse (forløb afsluttet med ordinært job, fleksjob "
        "eller uddannelse) eller er blevet jobparate eller uddannelsesparate.",
    ),
    (
        2,
        "mentor_share",
        "Langvarige aktivitetsparate med mentor",
        "percent",
        "higher",
        "mentor_share",
        "",
        False,
        True,
        [(100, STRATEGY_ADOPTED, "Som minimum skal alle i målgruppen have en mentor.")],
        "Af de langvarige aktivitetsparate (som for sammensat tilbud), andelen med en "
        "mentorindsats i perioden.",
    ),
    (
        3,
        "youth_progress",
        "Aktivitetsparate unge bliver uddannelsesparate",
        "percent",
        "higher",
        "youth_progress",
        "",
        True,
        True,
        [(20, STRATEGY_ADOPTED, "Mindst 20 % bliver uddannelsesparate (seed 002).")],
        "Af de unge under 30, der var aktivitetsparate for 12 måneder siden, andelen der inden "
        "for de 12 måneder er blevet uddannelsesparate eller åbenlyst uddannelsesparate eller "
        "er startet i uddannelse (opkvalificering, FGU eller forløb afsluttet med uddannelse).",
    ),
    (
        3,
        "youth_median_months_aabenlyst",
        "Måneder på ydelse: åbenlyst uddannelsesparate",
        "months",
        "lower",
        "youth_median_months_aabenlyst",
        "",
        False,
        True,
        [(4, STRATEGY_ADOPTED, "Højst 4 måneder på ydelse (seed 002).")],
        "Medianen af varigheden i måneder (dage / 30,44) af de forløb for unge under 30, der "
        "sluttede i perioden, og hvor borgeren ved forløbets slutning var åbenlyst "
        "uddannelsesparat.",
    ),
    (
        3,
        "youth_median_months_uddannelsesparat",
        "Måneder på ydelse: uddannelsesparate",
        "months",
        "lower",
        "youth_median_months_uddannelsesparat",
        "",
        False,
        True,
        [(13, STRATEGY_ADOPTED, "Højst 13 måneder på ydelse (seed 002).")],
        "Medianen af varigheden i måneder (dage / 30,44) af de forløb for unge under 30, der "
        "sluttede i perioden, og hvor borgeren ved forløbets slutning var uddannelsesparat.",
    ),
    (
        3,
        "ungegaranti",
        "Ungegaranti: positiv destination",
        "percent",
        "higher",
        "ungegaranti",
        "",
        False,
        True,
        [],
        "Af de forløb for unge under 30, der sluttede i perioden, andelen med en positiv "
        "destination: ordinært job, fleksjob eller uddannelse, eller en FGU-indsats i gang på "
        "forløbets sidste dag.",
    ),
    (
        3,
        "company_based_share_unge",
        "Virksomhedsrettet indsats: unge",
        "percent",
        "higher",
        "company_based_share",
        "unge",
        False,
        True,
        [],
        "Af borgerne i segmentet unge på periodens sidste dag, andelen der i perioden har været "
        "i en virksomhedsrettet indsats eller haft lønnede timer.",
    ),
    (
        4,
        "company_based_share_integration",
        "Virksomhedsrettet indsats: integration",
        "percent",
        "higher",
        "company_based_share",
        "integration",
        True,
        True,
        [],
        "Af borgerne i integrationsprogrammet på periodens sidste dag, andelen der i perioden "
        "har været i en virksomhedsrettet indsats eller haft lønnede timer.",
    ),
    (
        4,
        "integration_outcome_women",
        "Integration: kvinder i job eller uddannelse",
        "percent",
        "higher",
        "integration_outcome_women",
        "",
        False,
        True,
        [],
        "Af de forløb i integrationsprogrammet for kvinder (køn ifølge CPR-nummeret), der "
        "sluttede i perioden, andelen der sluttede med ordinært job, fleksjob eller uddannelse.",
    ),
    (
        4,
        "integration_outcome_men",
        "Integration: mænd i job eller uddannelse",
        "percent",
        "higher",
        "integration_outcome_men",
        "",
        False,
        True,
        [],
        "Af de forløb i integrationsprogrammet for mænd (køn ifølge CPR-nummeret), der sluttede "
        "i perioden, andelen der sluttede med ordinært job, fleksjob eller uddannelse.",
    ),
    (
        4,
        "nonwestern_employment_rate",
        "Beskæftigelsesfrekvens, ikke-vestlig baggrund",
        "percent",
        "higher",
        "",
        "",
        False,
        False,
        [],
        "Beskæftigelsesfrekvensen for borgere med ikke-vestlig baggrund fra Danmarks Statistik. "
        "Indtastes af en leder (systemet registrerer ikke etnicitet).",
    ),
    (
        5,
        "sick_labour_force_share",
        "Andel af arbejdsstyrken på sygedagpenge og i jobafklaring",
        "percent",
        "lower",
        "sick_labour_force_share",
        "",
        True,
        False,
        [(Decimal("3.2"), STRATEGY_ADOPTED, "Fra 3,8 % til 3,2 % (seed 001).")],
        "Antal borgere på sygedagpenge eller i jobafklaringsforløb på periodens sidste dag "
        "divideret med arbejdsstyrken (den indtastede arbejdsstyrke for perioden eller den "
        "senest indtastede før).",
    ),
    (
        5,
        "sick_count",
        "Borgere på sygedagpenge og i jobafklaring",
        "count",
        "lower",
        "sick_count",
        "",
        False,
        True,
        [],
        "Antal borgere på sygedagpenge eller i jobafklaringsforløb på periodens sidste dag "
        "(knap 900 i 2024).",
    ),
    (
        5,
        "sick_ordinary_job",
        "Tilbage i ordinært job efter sygedagpenge",
        "percent",
        "higher",
        "sick_ordinary_job",
        "",
        False,
        True,
        [(70, STRATEGY_ADOPTED, "70 % i ordinært job efter et lukket forløb (seed 002).")],
        "Af de sygedagpengeforløb, der sluttede i perioden, andelen der sluttede med ordinært "
        "job.",
    ),
    (
        5,
        "sick_past_reassessment",
        "Sygedagpengeforløb over 22 uger (revurdering)",
        "percent",
        "lower",
        "sick_past_reassessment",
        "",
        False,
        True,
        [],
        "Af borgerne på sygedagpenge på periodens sidste dag, andelen der har haft sygedagpenge "
        "i mere end 22 uger (fra forløbets start eller seneste skift til sygedagpenge).",
    ),
    (
        5,
        "company_based_share_sick",
        "Virksomhedsrettet indsats: sygedagpenge og jobafklaring",
        "percent",
        "higher",
        "company_based_share",
        "sygedagpenge_jobafklaring",
        False,
        True,
        [],
        "Af borgerne på sygedagpenge eller i jobafklaring på periodens sidste dag, andelen der i "
        "perioden har været i en virksomhedsrettet indsats (fx virksomhedspraktik) eller haft "
        "lønnede timer.",
    ),
    (
        5,
        "labour_force",
        "Arbejdsstyrken i Ballerup",
        "number",
        "higher",
        "",
        "",
        False,
        False,
        [],
        "Antal personer i arbejdsstyrken i Ballerup Kommune (Danmarks Statistik). Indtastes af "
        "en leder; bruges som nævner for andelen på sygedagpenge og i jobafklaring.",
    ),
]


def seed(apps, schema_editor):
    FocusArea = apps.get_model("strategy", "FocusArea")
    Indicator = apps.get_model("strategy", "Indicator")
    Target = apps.get_model("strategy", "Target")
    areas = []
    for order, (name, description) in enumerate(FOCUS_AREAS, start=1):
        area, _ = FocusArea.objects.get_or_create(
            name=name, defaults={"description": description, "order": order}
        )
        areas.append(area)
    for order, row in enumerate(INDICATORS, start=1):
        (area, key, name, unit, direction, computation, segment, key_figure, team_scoped,
         targets, description) = row  # fmt: skip
        indicator, created = Indicator.objects.get_or_create(
            key=key,
            defaults={
                "focus_area": areas[area],
                "name": name,
                "description": description,
                "unit": unit,
                "direction": direction,
                "source": "computed" if computation else "manual",
                "computation": computation,
                "segment": segment,
                "is_key_figure": key_figure,
                "team_scoped": team_scoped,
                "order": order,
            },
        )
        if created:
            for value, valid_from, note in targets:
                Target.objects.create(
                    indicator=indicator, value=value, valid_from=valid_from, note=note
                )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
