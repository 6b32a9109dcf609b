"""Anyone: a failed login, the lockout, logging out, the Danish 404 and 403 pages, the idle
timeout's warning and staying logged in, and nothing typed lost when the time runs out."""

import re

import pytest
from playwright.sync_api import expect

# pytest-django creates the test database only for tests that ask for it; the journeys talk to
# the server, which reads the demo data committed once for the session.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_failed_login_then_the_right_password_then_logout(page, check, log_in):
    log_in("sagsbehandler", "forkert-kode")
    expect(page.locator("main")).to_contain_text("korrekt")
    check("failed-login")
    log_in("sagsbehandler")
    expect(page.locator("h1")).to_be_visible()
    assert "/login/" not in page.url
    check("start-page")
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    page.goto("/borgere/mine/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))


def test_five_wrong_passwords_lock_the_username_with_a_danish_explanation(page, check, log_in):
    # A username no other journey uses: the lock holds for 15 minutes (username + IP address).
    for _ in range(5):
        log_in("ukendt.bruger", "forkert-kode")
    log_in("ukendt.bruger", "forkert-kode")
    expect(page.locator("h1")).to_have_text("Kontoen er spærret")
    check("locked-out")


def test_the_404_and_403_pages_are_danish_and_show_no_internals(page, check, log_in):
    response = page.goto("/findes-ikke/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Siden findes ikke")
    expect(page.locator("body")).not_to_contain_text("URLconf")
    check("404-anonymous")
    log_in("konsulent")
    response = page.goto("/borgere/mine/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Adgang nægtet")
    check("403")


def test_the_idle_warning_lets_the_user_stay_and_keeps_what_was_typed(page, check, log_in):
    page.clock.install()
    log_in("sagsbehandler")
    page.goto("/borgere/mine/")
    page.locator("main table tbody a[href^='/borgere/']").first.click()
    page.goto(page.url.split("?")[0] + "samtaler/ny/")
    timeout = int(page.locator("body").get_attribute("data-session-timeout"))
    warning = int(page.locator("body").get_attribute("data-session-warning"))
    dialog = page.locator("#session-warning")
    expect(dialog).to_be_hidden()

    page.clock.run_for((timeout - warning + 2) * 1000)
    expect(dialog).to_be_visible()
    expect(page.get_by_role("button", name="Bliv logget ind")).to_be_focused()
    check("idle-warning", focus=True)
    page.get_by_role("button", name="Bliv logget ind").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-session-status]")).to_have_text("Du er stadig logget ind.")

    # Type something, then let the time run out: the text comes back after the next login.
    field = page.locator("main form textarea").first
    field.fill("Noter til samtalen")
    name = field.get_attribute("name")
    page.context.clear_cookies()  # the server's session has ended as well
    page.clock.run_for((timeout + 2) * 1000)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("#id_username").fill("sagsbehandler")
    page.locator("#id_password").fill("demo-ballerup")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(f"main form [name='{name}']").first).to_have_value("Noter til samtalen")
    expect(page.locator("[data-draft-restored]")).to_be_visible()
    check("draft-restored")
