"""Pages, API answers and files with personal data are never cached (`Cache-Control: no-store`):
every response to a logged-in user or an API client carries it."""

import pytest
from django.urls import reverse

from core.api.tokens import token_issue
from tests.factories.citizens import CitizenFactory

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_a_citizens_page_is_not_stored(login, caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)

    response = login(caseworker).get(reverse("citizens:detail", args=[citizen.pk]))

    assert response.status_code == 200
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


def test_a_report_file_is_not_stored(login, manager):
    response = login(manager).get(reverse("strategy:report_csv"))

    assert response.status_code == 200
    assert _no_store(response)


def test_an_api_answer_to_a_token_client_is_not_stored(api, caseworker):
    key, _token = token_issue(caseworker)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.get("/api/v1/citizens/")

    assert response.status_code == 200
    assert _no_store(response)
