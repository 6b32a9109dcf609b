"""Unbounded input is answered with a clear Danish message, never a 500: request bodies over the
size or field limits (page and API), JSON nested too deeply, years 0 and 10000 in periods and
dates."""

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

FIVE_MIB = "a=" + "x" * (5 * 1024 * 1024)
MANY_FIELDS = "&".join(f"f{i}=1" for i in range(1500))
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def web(login, caseworker) -> Client:
    client = login(caseworker)
    client.raise_request_exception = False
    return client


def test_a_page_refuses_a_5_mib_body_with_413_and_a_danish_page(web):
    response = web.post(reverse("login"), data=FIVE_MIB, content_type=FORM)

    assert response.status_code == 413
    assert "Forespørgslen er for stor" in response.content.decode()


def test_the_api_refuses_a_5_mib_body_with_413_json(web):
    response = web.post("/api/v1/citizens/", data=FIVE_MIB, content_type=FORM)

    assert response.status_code == 413
    assert response.json()["detail"].startswith("Forespørgslen er for stor")


def test_a_page_answers_a_body_with_1500_fields_with_400_in_danish(web):
    response = web.post(reverse("login"), data=MANY_FIELDS, content_type=FORM)

    assert response.status_code == 400
    assert "Fejl 400" in response.content.decode()


def test_the_api_answers_1500_form_fields_with_400_json(web):
    response = web.post("/api/v1/citizens/", data=MANY_FIELDS, content_type=FORM)

    assert response.status_code == 400
    assert "for mange felter" in response.json()["detail"]


@pytest.mark.parametrize("depth", [40, 5000])
def test_json_nested_too_deep_is_a_400_with_a_danish_detail(api, api_user, depth):
    api.force_authenticate(api_user)
    body = "[" * depth + "]" * depth

    response = api.post("/api/v1/auth/token/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert "for dybt" in response.json()["detail"]


def test_json_within_the_depth_limit_is_parsed(api, caseworker, jobafsnit):
    api.force_authenticate(caseworker)
    body = {"first_name": {"a": {"b": {"c": [[["x"]]]}}}}

    response = api.post("/api/v1/citizens/", data=json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert "first_name" in response.json()


@pytest.mark.parametrize("period", ["0000-Q1", "0000-01", "9999-Q4", "2201-01"])
def test_a_period_with_an_absurd_year_is_refused_in_danish(period):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from strategy.periods import period_parse

    with translation.override("da"), pytest.raises(ValidationError) as error:
        period_parse(period)

    assert "Året skal ligge mellem 1900 og 2200" in str(error.value)


@pytest.mark.parametrize("period", ["0000-Q1", "9999-Q4"])
def test_the_report_page_with_year_0_or_9999_answers_not_500(login, manager, period):
    client = login(manager)
    client.raise_request_exception = False

    response = client.get(reverse("strategy:report"), {"period": period})

    assert response.status_code == 200


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_a_date_parameter_out_of_range_is_a_400_in_danish(api, consultant, on):
    api.force_authenticate(consultant)

    response = api.get("/api/v1/employers/samarbejdsgrad/", {"on": on})

    assert response.status_code == 400
    assert "Datoen skal ligge mellem 1900-01-01 og 2199-12-31" in response.json()["on"][0]


def test_a_form_date_out_of_range_is_a_field_error():
    from django import forms

    class When(forms.Form):
        day = forms.DateField()

    form = When({"day": "9999-12-31"})

    assert not form.is_valid()
    assert form.errors["day"][0].startswith("Datoen skal ligge mellem")
