"""The caseworker's day (sagsbehandler, Jobafsnit): the caseload filtered by an alert, a citizen's
record with a conversation, a plan revision, a job track and a skånebehov, a GRID screening whose
progress bar a real worker fills, a match's explanation and a proposal, the agenda, a transfer
with a reason, and another team's citizen refused, then opened by CPR with a reason."""

import re

import pytest
from playwright.sync_api import expect

# pytest-django creates the test database only for tests that ask for it; the journeys talk to
# the server, which reads the demo data committed once for the session.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def saved(page) -> None:
    """The confirmation after a save is on screen (not under the sticky section bar)."""
    message = page.locator(".message--success").first
    expect(message).to_be_visible()
    expect(message).to_be_in_viewport()


def submit(page) -> None:
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state()


def test_the_caseworkers_day(page, check, log_in):
    log_in("sagsbehandler")
    page.goto("/borgere/mine/")
    expect(page.locator("h1")).to_be_visible()
    check("caseload")

    # Filter by an alert: the list updates in place (htmx) and says how many.
    alert = page.locator("#id_alert")
    first_alert = alert.locator("option").nth(1).get_attribute("value")
    alert.select_option(first_alert)
    expect(page).to_have_url(re.compile(rf"alert={first_alert}"))
    rows = page.locator("#caseload-results tbody tr")
    expect(rows.first).to_be_visible()
    check("caseload-by-alert")

    rows.first.locator("a").first.click()
    expect(page.locator("#timeline-heading")).to_be_visible()
    check("record")

    page.locator("a[href$='/samtaler/ny/']").click()
    page.locator("#id_note").fill("Samtale om jobmål og praktik.")
    check("conversation-form")
    submit(page)
    saved(page)
    expect(page.locator("#conversations")).to_contain_text("Samtale om jobmål og praktik.")
    check("record-after-conversation", focus=True)

    page.locator("a[href$='/plan/']").first.click()
    page.locator("#id_job_goal").fill("Arbejde i detailhandlen, 25 timer om ugen.")
    submit(page)
    saved(page)
    expect(page.locator("#plan")).to_contain_text("Arbejde i detailhandlen")
    check("record-after-plan")

    page.locator("a[href$='/jobspor/']").click()
    occupation = page.locator("#id_occupation_1")
    if not occupation.input_value():
        occupation.fill("5223")  # DISCO-08: Butiksassistenter
    page.locator("#id_hours_1").fill("25")
    check("job-tracks-form")
    submit(page)
    saved(page)
    check("record-after-job-tracks")

    page.locator("a[href$='/skaanebehov/']").click()
    page.locator("input[name=codes]").first.check()
    submit(page)
    saved(page)
    check("record-after-accommodations")

    # A GRID screening of the team: the progress bar is filled by the Celery worker.
    page.goto("/grid/")
    page.locator("input[name=scope][value=team]").check()
    page.locator("#id_team").select_option(index=1)
    page.get_by_role("button", name="Start kørslen").click()
    expect(page).to_have_url(re.compile(r"/grid/koersler/\d+/"))
    check("run-started")
    expect(page.locator("#run-progress-bar")).to_have_attribute("value", "100", timeout=90_000)
    check("run-done")

    # A match's explanation, the exclusions and a proposal: a citizen of mine with suggestions.
    page.goto("/grid/matches/")
    check("my-matches")
    page.locator("main table tbody tr", has_text="Foreslået af GRID").first.locator(
        "a[href*='/grid/matches/borger/']"
    ).click()
    expect(page.locator("#grid-matches-heading")).to_be_visible()
    expect(page.locator(".match-card").first).to_be_visible()
    check("citizen-matches")
    page.get_by_role("link", name="Hvorfor er andre tilbud ikke et match?").click()
    expect(page.locator("#grid-exclusions table, #grid-exclusions p").first).to_be_visible()
    check("exclusions", focus=True)
    page.locator("form[action*='/foreslaa/'] button").first.click()
    saved(page)
    check("proposed")

    page.goto("/borgere/frister/")
    expect(page.locator("h1")).to_be_visible()
    check("agenda")


def test_a_transfer_needs_a_reason_and_then_moves_the_citizen(page, check, log_in):
    log_in("sagsbehandler")
    page.goto("/borgere/mine/")
    first = page.locator("#caseload-results tbody tr").first
    name = first.locator("th a").inner_text()
    first.locator("input[name=citizens]").check()
    page.locator("fieldset.transfer-panel button[type=submit]").click()
    # The transfer page lists the ticked citizen and asks for the new caseworker and a reason.
    expect(page.locator("main")).to_contain_text(name.split(",")[0])
    page.locator("#id_to_caseworker").select_option(index=1)
    page.locator("main form button[type=submit]").first.click()
    # Refused without a reason: the transfer page says why at the field, nothing moved.
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text(name.split(",")[0])
    check("transfer-without-reason", focus=True)
    page.locator("#id_reason").fill("Ny fordeling af sager i teamet.")
    page.locator("main form button[type=submit]").first.click()
    saved(page)
    expect(page.locator("#caseload-results")).not_to_contain_text(name)
    check("after-transfer")


def test_another_teams_citizen_is_refused_then_opened_by_cpr_with_a_reason(
    page, check, log_in, demo_facts
):
    log_in("sagsbehandler")
    response = page.goto(f"/borgere/{demo_facts['other_team_citizen']}/")
    assert response.status == 403
    check("other-team-refused")
    # The refusal names nobody and offers find-by-CPR (a POST form: no CPR in any address).
    expect(page.locator("main")).not_to_contain_text("Sygedagpenge")
    page.goto("/borgere/find/")
    page.locator("#id_cpr").fill(demo_facts["other_team_cpr"])
    page.locator("#id_reason").fill("Borgeren ringede om sin sag; kollegaen er syg.")
    check("find-by-cpr")
    submit(page)
    assert demo_facts["other_team_cpr"] not in page.url
    expect(page.locator("#timeline-heading")).to_be_visible()
    check("opened-with-reason")
