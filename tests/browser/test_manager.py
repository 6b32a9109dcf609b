"""The manager's (leder) round: the overview, a focus area, a chart's table, a manual value (an
invalid one first), the quarterly report and its export, the heat map of supply and demand, the
fairness report, and one citizen's access log."""

import re

import pytest
from playwright.sync_api import expect

# pytest-django creates the test database only for tests that ask for it; the journeys talk to
# the server, which reads the demo data committed once for the session.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_managers_round(page, check, log_in, demo_facts):
    log_in("leder")
    page.goto("/strategi/overblik/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("outcome")
    check("overview")

    page.goto("/strategi/fokusomraader/")
    check("focus-areas")
    page.locator("main a[href^='/strategi/fokusomraader/']").first.click()
    expect(page.locator("h1")).to_be_visible()
    table = page.locator("main table.data-table").first
    expect(table).to_be_attached()
    if not table.is_visible():
        page.locator("main details:has(table.data-table) summary").first.click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_be_visible()
    check("focus-area")

    enter = page.locator("a[href*='/vaerdi/']").first
    enter.click()
    page.locator("#id_period").fill("2026-K9")
    page.locator("#id_value").fill("mange")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_focused()
    check("manual-value-invalid", focus=True)
    page.locator("#id_period").fill("2026-Q3")
    page.locator("#id_value").fill("12")
    page.locator("#id_comment").fill("Tal fra Jobindsats, browsertest.")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message--success").first).to_be_in_viewport()
    check("manual-value-saved")

    page.goto("/strategi/rapport/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Steget 0,00")
    check("report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent CSV").click()
    assert download.value.suggested_filename.endswith(".csv")

    page.goto("/grid/udbud-og-efterspoergsel/")
    expect(page.locator("#sd-heat")).to_be_visible()
    check("heat-map")
    page.goto("/grid/fairness/")
    expect(page.locator("h1")).to_be_visible()
    check("fairness")

    page.goto("/")
    page.locator("a[href='/adgangslog/']").click()
    page.locator("#id_cpr").fill(demo_facts["other_team_cpr"])
    check("access-log-form")
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").first.click()
    assert re.search(r"\.csv$", download.value.suggested_filename)
