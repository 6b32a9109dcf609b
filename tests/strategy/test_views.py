"""The managers' strategy dashboards: who sees what, status and trend as text, team and segment
filters, charts fed by json_script, the manual value form and Genberegn, the report's period, and
a constant number of queries however many periods and indicators there are."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategy.models import FocusArea, Indicator, Measurement
from strategy.periods import Period, period_parse

pytestmark = pytest.mark.django_db


def indicator(key: str) -> Indicator:
    return Indicator.objects.get(key=key)


def measure(ind: Indicator, label: str, value, *, team=None, **extra) -> Measurement:
    period = period_parse(label)
    return Measurement.objects.create(
        indicator=ind,
        period_kind=period.kind,
        period_start=period.start,
        team=team,
        value=Decimal(str(value)) if value is not None else None,
        source=ind.source,
        **extra,
    )


def area_url(ind: Indicator, **query) -> str:
    url = reverse("strategy:focus_area", args=[ind.focus_area_id])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


READ_PAGES = [
    ("strategy:overview", None),
    ("strategy:focus_areas", None),
    ("strategy:focus_area", "area"),
    ("strategy:report", None),
    ("strategy:report_csv", None),
    ("strategy:report_xlsx", None),
]


def read_urls() -> list[str]:
    area = FocusArea.objects.order_by("order").first()
    return [reverse(name, args=[area.pk] if arg else []) for name, arg in READ_PAGES]


# --- Permissions ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_page(client):
    manual = indicator("citizen_satisfaction")
    computed = indicator("samarbejdsgrad")
    urls = [
        *read_urls(),
        reverse("strategy:measurement_enter", args=[manual.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("strategy:indicator_compute", args=[computed.pk]))
    assert response.status_code == 302
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("role", ["manager", "caseworker", "consultant"])
def test_every_role_with_the_strategy_read_permissions_reads_the_figures(request, login, role):
    client = login(request.getfixturevalue(role))
    for url in read_urls():
        assert client.get(url).status_code == 200, url


def test_a_user_without_a_role_reads_no_figures(login, outsider):
    client = login(outsider)
    for url in read_urls():
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["caseworker", "consultant", "outsider"])
def test_only_a_leder_enters_values_and_recomputes(request, login, role):
    client = login(request.getfixturevalue(role))
    manual = indicator("citizen_satisfaction")
    computed = indicator("samarbejdsgrad")
    enter = reverse("strategy:measurement_enter", args=[manual.pk])

    assert client.get(enter).status_code == 403
    assert client.post(enter, {"period": "2025-Q2", "value": "50"}).status_code == 403
    compute = reverse("strategy:indicator_compute", args=[computed.pk])
    assert client.post(compute).status_code == 403
    assert not Measurement.objects.exists()


def test_readers_see_no_buttons_to_enter_or_recompute(login, caseworker, manager):
    manual = indicator("citizen_satisfaction")
    enter = reverse("strategy:measurement_enter", args=[manual.pk])
    compute = reverse("strategy:indicator_compute", args=[indicator("samarbejdsgrad").pk])

    page = login(caseworker).get(area_url(manual)).content.decode()
    assert enter not in page and compute not in page

    page = login(manager).get(area_url(manual)).content.decode()
    assert enter in page and compute in page


# --- Overview ---------------------------------------------------------------------------------


def test_overview_shows_each_key_figure_against_its_target_with_status_and_trend_in_words(
    login, manager
):
    share = indicator("samarbejdsgrad")  # target at least 20 %, higher is better
    measure(share, "2025-Q1", "18.5")
    measure(share, "2025-Q2", "21.25")

    page = login(manager).get(reverse("strategy:overview")).content.decode()

    assert "21,3 %" in page  # Danish number format, one decimal for a percentage
    assert "mindst 20,0 %" in page
    assert "Grøn: målet er nået" in page
    assert "Steget 2,8 procentpoint" in page
    assert "(bedre)" in page
    assert page.count('class="kpi"') == FocusArea.objects.filter(active=True).count()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("20", "Grøn: målet er nået"),
        ("18", "Gul: tæt på målet (inden for 10 %)"),
        ("17.99", "Rød: målet er ikke nået"),
    ],
)
def test_the_status_at_the_target_boundary_is_named_in_text_not_only_colour(
    login, manager, value, text
):
    measure(indicator("samarbejdsgrad"), "2025-Q2", value)

    page = login(manager).get(reverse("strategy:overview")).content.decode()

    assert text in page


def test_the_leder_start_page_links_the_dashboards_and_shows_the_key_figures_status(login, manager):
    measure(indicator("samarbejdsgrad"), "2025-Q2", "25")

    page = login(manager).get(reverse("home")).content.decode()

    assert reverse("strategy:overview") in page
    assert reverse("strategy:report") in page
    assert "Samarbejdsgrad" in page and "25,0 %" in page
    assert "Grøn" in page


# --- A focus area's page ----------------------------------------------------------------------


def test_focus_area_charts_get_their_data_through_json_script_and_a_table_with_the_same_numbers(
    login, manager
):
    share = indicator("samarbejdsgrad")
    measure(share, "2025-Q1", "18.5", numerator=37, denominator=200)
    measure(share, "2025-Q2", "21.25", numerator=85, denominator=400)

    page = login(manager).get(area_url(share)).content.decode()

    data = re.search(
        rf'<script id="chart-data-{share.pk}" type="application/json">(.*?)</script>', page, re.S
    )
    assert json.loads(data[1]) == {
        "labels": ["2025-Q1", "2025-Q2"],
        "values": [18.5, 21.25],
        "targets": [20.0, 20.0],
        "unit": "percent",
        "valueLabel": "Samarbejdsgrad",
        "targetLabel": "Mål",
    }
    table = page[page.index(f'id="table-{share.pk}"') :]
    table = table[: table.index("</table>")]
    assert "<caption" in table and 'scope="row"' in table and 'scope="col"' in table
    assert "18,5 %" in table and "21,3 %" in table and "37 / 200" in table
    assert share.description in page
    # Strict CSP: every script has a src, except the JSON data blocks.
    for script in re.findall(r"<script[^>]*>", page):
        assert "src=" in script or 'type="application/json"' in script, script


def test_team_filter_shows_the_teams_series_for_team_scoped_indicators(login, manager, jobafsnit):
    early = indicator("early_offer")  # team scoped
    measure(early, "2025-Q2", "30")
    measure(early, "2025-Q2", "44.5", team=jobafsnit)

    client = login(manager)
    whole = client.get(area_url(early)).content.decode()
    team = client.get(area_url(early, team=jobafsnit.pk)).content.decode()

    assert "30,0 %" in whole and "44,5 %" not in whole
    assert "44,5 %" in team and "Jobafsnit" in team


def test_a_caseworker_cannot_filter_on_another_team(
    login, caseworker, jobafsnit, sygedagpengeafsnit
):
    early = indicator("early_offer")
    measure(early, "2025-Q2", "30")
    measure(early, "2025-Q2", "44.5", team=jobafsnit)
    measure(early, "2025-Q2", "66.5", team=sygedagpengeafsnit)

    client = login(caseworker)
    own = client.get(area_url(early, team=jobafsnit.pk)).content.decode()
    other = client.get(area_url(early, team=sygedagpengeafsnit.pk)).content.decode()

    assert "44,5 %" in own
    assert "66,5 %" not in other
    assert "Sygedagpengeafsnit" not in other  # not even offered as a choice
    assert "30,0 %" in other  # the whole centre instead


def test_segment_filter_keeps_the_segments_indicators(login, manager):
    jobparate = indicator("company_based_share_jobparate")
    early = indicator("early_offer")
    assert jobparate.focus_area_id == early.focus_area_id

    page = login(manager).get(area_url(early, segment="jobparate")).content.decode()

    assert f'id="indicator-{jobparate.pk}"' in page
    assert f'id="indicator-{early.pk}"' not in page


# --- Manual values and Genberegn --------------------------------------------------------------


def test_a_leder_enters_a_manual_value_with_a_danish_decimal_comma(login, manager):
    satisfaction = indicator("citizen_satisfaction")
    url = reverse("strategy:measurement_enter", args=[satisfaction.pk])

    response = login(manager).post(
        url, {"period": "2025-Q2", "value": "54,5", "comment": "Svarprocent 25 %"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{satisfaction.pk}")
    row = Measurement.objects.get(indicator=satisfaction)
    assert row.value == Decimal("54.5")
    assert row.period == period_parse("2025-Q2")
    assert row.entered_by == manager
    assert row.comment == "Svarprocent 25 %"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period": "2025-Q2", "value": "120"}, "value", "En procentdel ligger mellem 0 og 100."),
        ({"period": "2025-Q2", "value": "mange"}, "value", "Indtast et tal."),
        ({"period": "2025-Q5", "value": "50"}, "period", "ÅÅÅÅ-Qn"),
        ({"period": "2099-Q1", "value": "50"}, "period", "igangværende kvartal"),
        ({"period": "", "value": "50"}, "period", "Dette felt er påkrævet."),
    ],
)
def test_a_wrong_manual_value_is_explained_in_danish_next_to_its_field_and_nothing_is_saved(
    login, manager, data, field, message
):
    satisfaction = indicator("citizen_satisfaction")
    url = reverse("strategy:measurement_enter", args=[satisfaction.pk])

    response = login(manager).post(url, data)

    assert response.status_code == 422
    page = response.content.decode()
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert errors and message in errors[1], page
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', page)
    assert not Measurement.objects.exists()


def test_a_computed_indicator_has_no_manual_form(login, manager):
    url = reverse("strategy:measurement_enter", args=[indicator("samarbejdsgrad").pk])
    assert login(manager).get(url).status_code == 404


def test_genberegn_recomputes_the_previous_and_current_quarter(login, manager):
    sick = indicator("sick_count")
    url = reverse("strategy:indicator_compute", args=[sick.pk])
    client = login(manager)

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.status_code == 302
    current = Period.current_quarter()
    periods = {row.period for row in Measurement.objects.filter(indicator=sick, team=None)}
    assert periods == {current.previous(), current}
    assert not Measurement.objects.exclude(indicator=sick).exists()


# --- The report -------------------------------------------------------------------------------


def test_report_shows_every_area_for_the_requested_quarter_against_the_previous(login, manager):
    share = indicator("samarbejdsgrad")
    measure(share, "2025-Q1", "18.5")
    measure(share, "2025-Q2", "21.25")
    measure(share, "2025-Q3", "47.7")

    response = login(manager).get(reverse("strategy:report") + "?period=2025-Q2")

    page = response.content.decode()
    assert "Beskæftigelsesstrategiens nøgletal, 2025-Q2" in page
    assert page.count('class="report-area"') == FocusArea.objects.filter(active=True).count()
    assert "21,3 %" in page and "18,5 %" in page
    assert "47,7 %" not in page  # a later quarter is not in this report
    assert reverse("strategy:report_csv") + "?period=2025-Q2" in page
    assert reverse("strategy:report_xlsx") + "?period=2025-Q2" in page


def test_report_shows_the_latest_manual_value_up_to_the_quarter_with_its_period(login, manager):
    rank = indicator("benchmark_rank")
    measure(rank, "2024-Q2", "2")

    page = login(manager).get(reverse("strategy:report") + "?period=2025-Q2").content.decode()

    assert "nr. 2" in page and "(2024-Q2)" in page


def test_report_explains_a_malformed_period_and_the_export_refuses_it(login, manager):
    client = login(manager)

    page = client.get(reverse("strategy:report") + "?period=2025-13").content.decode()
    assert "Skriv kvartalet som ÅÅÅÅ-Qn" in page

    assert client.get(reverse("strategy:report_csv") + "?period=2025-13").status_code == 400


# --- Queries ----------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _seed_quarters(count: int, team=None) -> None:
    start = period_parse("2020-Q1")
    rows = []
    indicators = Indicator.objects.all()
    if team is not None:
        indicators = indicators.filter(team_scoped=True)
    for ind in indicators:
        for n in range(count):
            period = start.shifted(n)
            rows.append(
                Measurement(
                    indicator=ind,
                    period_kind=period.kind,
                    period_start=period.start,
                    team=team,
                    value=Decimal(n),
                    source=ind.source,
                )
            )
    Measurement.objects.bulk_create(rows)


def test_dashboards_read_in_a_constant_number_of_queries(login, manager, jobafsnit):
    client = login(manager)
    area = indicator("early_offer").focus_area
    urls = [
        reverse("strategy:overview"),
        reverse("strategy:focus_areas"),
        reverse("strategy:focus_area", args=[area.pk]),
        reverse("strategy:focus_area", args=[area.pk]) + f"?team={jobafsnit.pk}",
        reverse("strategy:report") + "?period=2020-Q4",
        reverse("strategy:report_xlsx") + "?period=2020-Q4",
        reverse("home"),
    ]
    _seed_quarters(2)
    _seed_quarters(2, team=jobafsnit)
    for url in urls:  # warm caches (sessions, content types)
        client.get(url)
    few = [_queries(client, url) for url in urls]

    Measurement.objects.all().delete()
    _seed_quarters(16)
    _seed_quarters(16, team=jobafsnit)
    for number in range(3):  # more indicators in the area too
        Indicator.objects.create(
            focus_area=area,
            key=f"extra_{number}",
            name=f"Ekstra {number}",
            description="Test.",
            unit="percent",
            direction="higher",
            source="manual",
        )
    many = [_queries(client, url) for url in urls]

    assert few == many
    assert Measurement.objects.filter(period_start__gte=date(2023, 1, 1)).exists()


def test_the_dashboard_reads_refuse_another_teams_series(caseworker, sygedagpengeafsnit):
    from django.core.exceptions import PermissionDenied

    from strategy import dashboard

    area = indicator("early_offer").focus_area
    with pytest.raises(PermissionDenied):
        dashboard.focus_area_panels(user=caseworker, area=area, team=sygedagpengeafsnit)


def test_the_report_defaults_to_the_last_complete_quarter_with_figures(login, manager):
    current = Period.current_quarter()
    share = indicator("samarbejdsgrad")
    for period in (current.shifted(-2), current.previous(), current):
        measure(share, period.label, "30")

    page = login(manager).get(reverse("strategy:report")).content.decode()

    assert f"Beskæftigelsesstrategiens nøgletal, {current.previous().label}" in page


# --- Danish translations of the strategy app --------------------------------------------------


def test_every_msgid_of_the_strategy_app_is_translated_and_compiled():
    import gettext
    from pathlib import Path

    from django.conf import settings

    from tests.core.test_ui_shell import _po_entries

    folder = Path(settings.BASE_DIR) / "strategy" / "locale" / "da" / "LC_MESSAGES"
    entries = _po_entries(folder / "django.po")
    header, messages = entries[0], entries[1:]
    with (folder / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]

    assert "fuzzy" not in header["flags"]
    assert "Genberegn" in [e["msgstr"][0] for e in messages]
    assert [e["msgid"] for e in messages if not all(e["msgstr"])] == []
    assert [e["msgid"] for e in messages if "fuzzy" in e["flags"]] == []
    singular = [e for e in messages if "msgid_plural" not in e and "msgctxt" not in e]
    assert all(catalog.get(e["msgid"]) == e["msgstr"][0] for e in singular)
