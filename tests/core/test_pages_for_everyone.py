"""What every user meets whatever their role: the error pages, the accessibility statement and
the idle timeout's warning (issue 12)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_404_for_an_anonymous_visitor_is_the_danish_page_without_any_route_list(client):
    response = client.get("/findes-ikke/", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in body
    assert "URLconf" not in body and "urlpatterns" not in body


@pytest.mark.parametrize("page", ["400", "413", "500", "503"])
def test_standalone_error_pages_render_without_a_request(page):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("da"):
        html = render_to_string(f"{page}.html")
    assert f"Fejl {page}" in html
    assert 'href="/"' in html


def test_the_accessibility_statement_is_public_and_in_danish(client):
    response = client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Tilgængelighedserklæring</h1>" in body
    assert "Digitaliseringsstyrelsen" in body


def test_every_footer_links_the_accessibility_statement(login, caseworker, client):
    for page in (reverse("login"), reverse("accessibility")):
        assert reverse("accessibility") in client.get(page).content.decode()
    assert reverse("accessibility") in login(caseworker).get(reverse("home")).content.decode()


def test_a_logged_in_page_carries_the_idle_timeout_and_the_warning(login, caseworker, settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_WARNING_SECONDS = 120
    body = login(caseworker).get(reverse("home")).content.decode()
    assert 'data-session-timeout="1800"' in body
    assert 'data-session-warning="120"' in body
    assert 'id="session-warning"' in body
    assert "session-timeout.js" in body


def test_the_warning_never_comes_before_the_session_starts(login, caseworker, settings):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 120
    body = login(caseworker).get(reverse("home")).content.decode()
    assert 'data-session-warning="50"' in body


def test_an_anonymous_page_has_no_timeout_script(client):
    body = client.get(reverse("login")).content.decode()
    assert "session-timeout.js" not in body
    assert "data-session-timeout" not in body


def test_staying_logged_in_renews_the_session(login, caseworker, settings):
    client = login(caseworker)
    response = client.post(reverse("session-extend"))
    assert response.status_code == 200
    assert response.json() == {"expires_in": settings.SESSION_IDLE_MINUTES * 60}
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_staying_logged_in_needs_a_post_and_a_login(login, caseworker, client):
    assert client.post(reverse("session-extend")).status_code == 302
    assert login(caseworker).get(reverse("session-extend")).status_code == 405


def test_staying_logged_in_is_refused_without_the_csrf_token(caseworker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    assert client.post(reverse("session-extend")).status_code == 403
