"""The employer consultant's day (konsulent): a new need logged with the keyboard only, who fits
it, a request for candidates, a proposed candidate accepted and the seat counted, and an
over-fill refused with the rimelighedskrav's numbers."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

# pytest-django creates the test database only for tests that ask for it; the journeys talk to
# the server, which reads the demo data committed once for the session.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_need_logged_with_the_keyboard_then_who_fits_and_a_request(
    page, check, log_in, consultant_facts
):
    log_in("konsulent")
    page.goto("/virksomheder/behov/ny/")
    check("need-form")
    keyboard = page.keyboard
    page.locator("#id_company").focus()
    keyboard.type(consultant_facts["company"][:12])
    workplace = page.locator("input[name=workplace]").first
    expect(workplace).to_be_visible()
    keyboard.press("Tab")
    expect(page.locator("input[name=workplace]:focus")).to_have_count(1)
    keyboard.press("Space")
    expect(workplace.or_(page.locator("input[name=workplace]:checked")).first).to_be_visible()
    page.locator("#id_occupation").focus()
    keyboard.type("5223")
    page.locator("#id_seats").focus()
    keyboard.press("Control+A")
    keyboard.type("2")
    page.locator("#id_hours_min").focus()
    keyboard.press("Control+A")
    keyboard.type("15")
    # The date widget's segments follow the browser's own locale, not the page's: the keyboard
    # user types into it as the browser shows it; the test fills its ISO value.
    page.locator("#id_start").fill((date.today() + timedelta(days=14)).isoformat())
    page.locator("form.form--need details summary").focus()
    keyboard.press("Enter")  # "Flere oplysninger (valgfrit)"
    page.locator("#id_title").focus()
    keyboard.type("Butiksmedhjælper, browsertest")
    page.get_by_role("button", name="Gem, og registrér det næste").focus()
    keyboard.press("Enter")
    page.wait_for_load_state()
    message = page.locator(".message--success").first
    expect(message).to_contain_text("Butiksmedhjælper, browsertest")
    check("need-saved", focus=True)

    page.goto(f"/virksomheder/{consultant_facts['company_id']}/")
    row = page.locator("tr", has_text="Butiksmedhjælper, browsertest").first
    expect(row).to_be_visible()
    check("company-with-the-need")
    row.locator("a[href^='/grid/aabninger/']").click()
    expect(page.locator("h1")).to_be_visible()
    check("who-fits")
    page.locator("#id_note").fill("Vi søger en stabil medarbejder til formiddage.")
    page.get_by_role("button", name="Anmod om kandidater").click()
    expect(page.locator(".message--success").first).to_be_visible()
    check("candidates-requested")


def test_accepting_a_candidate_takes_a_seat_and_an_over_fill_is_refused_with_the_numbers(
    page, check, log_in, consultant_facts
):
    log_in("konsulent")
    page.goto("/grid/kandidater/")
    check("candidates")
    first = page.locator(".match-card", has_text=consultant_facts["first"]).first
    first.get_by_role("button", name=re.compile("^Acceptér")).click()
    expect(page.locator(".message--success").first).to_be_visible()
    check("accepted")

    page.goto(f"/virksomheder/{consultant_facts['employer_id']}/")
    row = page.locator("tr", has_text=consultant_facts["opening"]).first
    expect(row).to_contain_text(re.compile(r"[1-9]\d* af \d+"))
    check("company-seats")

    page.goto("/grid/kandidater/")
    second = page.locator(".match-card", has_text=consultant_facts["second"]).first
    second.get_by_role("button", name=re.compile("^Acceptér")).click()
    refusal = page.locator(".message--error, .notice--error, .errorlist").first
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("rimelighedskrav")
    expect(refusal).to_contain_text(re.compile(r"\d+ ordinært ansatte"))
    check("over-fill-refused")
