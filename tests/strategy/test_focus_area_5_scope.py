"""Focus area 5 (citizens of non-Western origin): the system does not record origin, so the pages
say which figures are computed for the integration programme and which are entered for the whole
group; no computed figure claims the whole group. Also: migration 0006 is reversible."""

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from strategy.models import FocusArea, Indicator, Measurement
from strategy.periods import period_parse

pytestmark = pytest.mark.django_db

NOTE = "Systemet registrerer ikke oprindelse, og matchningen er blind for den."
COMPUTED_LABEL = "Beregnet kun for integrationsprogrammet"
MANUAL_LABEL = "Indtastet for hele gruppen"
MIGRATION = "strategy.migrations.0006_paid_hours_target_group_frikort_and_integration_scope"


def area_5() -> FocusArea:
    return Indicator.objects.get(key="company_based_share_integration").focus_area


def panels_by_indicator(page: str) -> dict[str, str]:
    """The focus-area page's indicator sections, by heading."""
    sections = page.split('<section class="panel indicator"')[1:]
    found = {}
    for section in sections:
        heading = re.search(r"<h2[^>]*>([^<]+)", section).group(1).strip()
        found[heading] = section
    return found


def test_computed_figures_name_the_integration_programme_and_manual_ones_the_whole_group():
    indicators = list(area_5().indicators.filter(active=True))
    computed = [i for i in indicators if i.source == "computed"]
    manual = [i for i in indicators if i.source == "manual"]

    assert len(computed) == 3 and len(manual) == 2
    for indicator in computed:
        assert indicator.name.startswith("Integrationsprogrammet:"), indicator.name
        assert "ikke-vestlig" not in indicator.name
        assert indicator.description.startswith("Beregnet for integrationsprogrammet, ikke for")
    for indicator in manual:
        assert "hele gruppen" in indicator.name
        assert indicator.description.startswith("Indtastet tal for hele gruppen")
    assert "De beregnede tal gælder integrationsprogrammet" in area_5().description
    assert "hele gruppen indtastes" in area_5().description


def test_the_womens_employment_rate_is_a_manual_figure_for_the_whole_group():
    women = Indicator.objects.get(key="nonwestern_women_employment_rate")

    assert (women.source, women.computation, women.unit) == ("manual", "", "percent")
    assert women.focus_area == area_5()
    assert "kvinder" in women.name and "hele gruppen" in women.name


def test_the_focus_area_page_labels_each_figure_with_whom_it_counts(login, manager):
    page = login(manager).get(reverse("strategy:focus_area", args=[area_5().pk]))
    text = page.content.decode()

    assert page.status_code == 200
    assert text.count(NOTE) == 1
    panels = panels_by_indicator(text)
    for indicator in area_5().indicators.filter(active=True):
        label = COMPUTED_LABEL if indicator.source == "computed" else MANUAL_LABEL
        other = MANUAL_LABEL if indicator.source == "computed" else COMPUTED_LABEL
        panel = panels[indicator.name]
        assert label in panel and other not in panel, indicator.key


def test_the_labels_hold_with_the_segment_filter_too(login, manager):
    url = reverse("strategy:focus_area", args=[area_5().pk]) + "?segment=integration"
    text = login(manager).get(url).content.decode()

    assert NOTE in text
    assert list(panels_by_indicator(text)) == ["Integrationsprogrammet: virksomhedsrettet indsats"]
    assert COMPUTED_LABEL in text


def test_other_focus_areas_carry_no_origin_note_or_scope_labels(login, manager):
    paid = Indicator.objects.get(key="paid_hours_share").focus_area
    text = login(manager).get(reverse("strategy:focus_area", args=[paid.pk])).content.decode()

    assert NOTE not in text
    assert COMPUTED_LABEL not in text and MANUAL_LABEL not in text


def test_the_list_of_focus_areas_and_the_report_say_it_too(login, manager):
    client = login(manager)
    women = Indicator.objects.get(key="nonwestern_women_employment_rate")
    period = period_parse("2025-Q2")
    Measurement.objects.create(
        indicator=women,
        period_kind=period.kind,
        period_start=period.start,
        value=Decimal("48.5"),
        source="manual",
    )

    listing = client.get(reverse("strategy:focus_areas")).content.decode()
    report = client.get(reverse("strategy:report") + "?period=2025-Q2").content.decode()

    for text in (listing, report):
        assert text.count(NOTE) == 1
        assert text.count(COMPUTED_LABEL) == 3
        assert text.count(MANUAL_LABEL) == 2
        assert women.name in text


class _Editor:
    connection = connection


def test_migration_0006_goes_back_and_forth():
    migration = importlib.import_module(MIGRATION)
    women_key = migration.WOMEN["key"]

    migration.backward(apps, _Editor())

    assert not Indicator.objects.filter(key__in=["frikort_holders", women_key]).exists()
    assert Indicator.objects.get(key="paid_hours_share").name == "Lønnede timer"
    assert area_5().description == migration.AREA_5_OLD
    assert Indicator.objects.get(key="integration_outcome_men").description.startswith(
        "Af de forløb"
    )

    migration.forward(apps, _Editor())

    assert Indicator.objects.filter(key__in=["frikort_holders", women_key]).count() == 2
    assert (
        Indicator.objects.get(key="paid_hours_share").name == migration.TEXTS["paid_hours_share"][1]
    )
    assert area_5().description == migration.AREA_5_NEW


def test_a_renamed_indicator_keeps_the_leders_name():
    migration = importlib.import_module(MIGRATION)
    Indicator.objects.filter(key="nonwestern_employment_rate").update(
        name="Beskæftigelse (DST)", description="Egen tekst."
    )

    migration.backward(apps, _Editor())
    migration.forward(apps, _Editor())

    kept = Indicator.objects.get(key="nonwestern_employment_rate")
    assert (kept.name, kept.description) == ("Beskæftigelse (DST)", "Egen tekst.")
