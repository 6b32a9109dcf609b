"""The `api-klient` role is for the REST API only: every web page answers 403 with a Danish page
saying so, while the API, the login page, logging out and /healthz still work (issue 13, item 8).
Every URL × role is in tests/core/test_permission_matrix.py; these are the behaviours in words."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/borgere/",
    "/borgere/mine/",
    "/grid/",
    "/grid/matches/",
    "/virksomheder/aabninger/",
    "/strategi/overblik/",
    "/adgangslog/",
]


@pytest.mark.parametrize("path", PAGES)
def test_an_api_account_is_refused_every_web_page_with_a_danish_explanation(login, api_user, path):
    response = login(api_user).get(path)

    assert response.status_code == 403
    body = response.content.decode()
    assert "Denne konto er kun til REST-API'et" in body
    assert '<html lang="da">' in body


def test_an_api_account_is_refused_an_htmx_fragment_too(login, api_user):
    response = login(api_user).get("/grid/matches/", headers={"HX-Request": "true"})

    assert response.status_code == 403


def test_an_api_account_is_refused_a_write_through_a_page(login, api_user, jobafsnit):
    response = login(api_user).post("/grid/koersler/start/", {"scope": "all"})

    assert response.status_code == 403


def test_an_api_account_still_uses_the_rest_api_with_its_session_or_token(login, api_user, api):
    assert login(api_user).get("/api/v1/me/").status_code == 200
    api.force_authenticate(api_user)
    assert api.get("/api/v1/citizens/").status_code == 200


def test_an_api_account_may_log_out_and_see_the_public_pages(login, api_user):
    client = login(api_user)

    assert client.get("/healthz").status_code in (200, 503)
    assert client.post("/logout/").status_code == 302
    assert client.get("/login/").status_code == 200


def test_the_other_roles_keep_the_web_pages(login, caseworker, manager, consultant):
    assert login(caseworker).get("/borgere/").status_code == 200
    assert login(manager).get("/strategi/overblik/").status_code == 200
    assert login(consultant).get("/virksomheder/aabninger/").status_code == 200
