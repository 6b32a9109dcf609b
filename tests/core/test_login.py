"""Login, logout and brute-force lockout (django-axes: per username + IP)."""

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from tests.factories.core import UserFactory

IP_A = "10.0.0.1"
IP_B = "10.0.0.2"


@pytest.fixture
def attempt(client):
    """POST the login form from an IP address; returns the response."""

    def _attempt(username: str, password: str, ip: str = IP_A):
        return client.post(
            reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
        )

    return _attempt


def fail_times(attempt, username: str, times: int, ip: str = IP_A) -> None:
    for _ in range(times):
        response = attempt(username, "wrong-password", ip)
        assert response.status_code in (200, 429)


def test_login_page_is_public_and_danish(client, db):
    response = client.get(reverse("login"))
    content = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="da">' in content
    assert "Log ind" in content
    assert '<label for="id_username">Brugernavn:</label>' in content
    assert '<label for="id_password">Adgangskode:</label>' in content


def test_login_view_is_exempt_from_login_required():
    view = resolve(reverse("login")).func
    assert getattr(view, "login_required", True) is False


def test_successful_login_goes_to_the_start_page(attempt, caseworker, password):
    response = attempt(caseworker.username, password)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_shows_a_danish_error_next_to_the_form(attempt, caseworker):
    response = attempt(caseworker.username, "wrong-password")
    content = response.content.decode()

    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in content
    assert 'role="alert"' in content


def test_missing_fields_are_marked_invalid_and_described(attempt, db):
    content = attempt("", "").content.decode()

    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_username_error"' in content
    assert 'id="id_username_error"' in content
    assert "Dette felt er påkrævet." in content


def test_logout_is_post_only_and_returns_to_login(login, caseworker):
    client = login(caseworker)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Du er nu logget ud." in response.content.decode()
    assert client.get("/").status_code == 302


# --- django-axes lockout ---------------------------------------------------------------------
def test_failure_limit_is_five():
    assert settings.AXES_FAILURE_LIMIT == 5


def test_locked_out_after_five_failures_from_one_ip(attempt, caseworker, password):
    fail_times(attempt, caseworker.username, 5)

    response = attempt(caseworker.username, password)
    content = response.content.decode()

    assert response.status_code == 429
    assert "Kontoen er spærret" in content
    assert "spærret i 15 minutter" in content
    assert "denne IP-adresse" in content
    assert "_auth_user_id" not in response.client.session


def test_four_failures_do_not_lock(attempt, caseworker, password):
    fail_times(attempt, caseworker.username, 4)

    assert attempt(caseworker.username, password).status_code == 302


def test_lockout_does_not_block_the_same_username_from_another_ip(attempt, caseworker, password):
    fail_times(attempt, caseworker.username, 5, ip=IP_A)

    response = attempt(caseworker.username, password, ip=IP_B)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_lockout_does_not_block_another_username_from_the_same_ip(
    attempt, caseworker, consultant, password
):
    fail_times(attempt, caseworker.username, 5, ip=IP_A)

    response = attempt(consultant.username, password, ip=IP_A)

    assert response.status_code == 302


def test_successful_login_resets_the_failure_count(attempt, client, caseworker, password):
    fail_times(attempt, caseworker.username, 4)
    assert attempt(caseworker.username, password).status_code == 302
    client.logout()

    fail_times(attempt, caseworker.username, 4)

    assert attempt(caseworker.username, password).status_code == 302


def test_failed_attempts_for_an_unknown_username_lock_too(attempt, db):
    fail_times(attempt, "findes-ikke", 5)

    assert attempt("findes-ikke", "anything").status_code == 429


def test_lockout_page_in_english_after_language_switch(client, attempt, db):
    UserFactory(username="eng")
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    fail_times(attempt, "eng", 5)

    content = attempt("eng", "wrong-password").content.decode()

    assert "Account locked" in content
    assert "locked for 15 minutes" in content
