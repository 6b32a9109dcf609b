"""Digits are 0-9 only, wherever a number comes in: forms, serializers, model fields, filters,
the CSV import and the CPR number (issue 13: `٠٢٠٨٠٣٤٣٦٤` gave a second record for a person that
uniqueness, find-by-CPR and the access-log export did not see)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework import serializers

from citizens.models import Citizen, PaidHours
from core.models import AccessLog
from employers.imports import import_csv
from tests.factories.citizens import CitizenFactory
from tests.factories.employers import occupation_get_or_create

DIGITS_DA = "Brug kun cifrene 0-9"
FOREIGN = ["٣", "３", "1٢", "۴۵", "१२"]


@pytest.mark.parametrize("value", FOREIGN)
@pytest.mark.parametrize(
    "field",
    [forms.IntegerField(), forms.DecimalField(), forms.FloatField()],
    ids=["integer", "decimal", "float"],
)
def test_every_form_number_field_refuses_other_digits(field, value):
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    assert refused.value.code == "non_ascii_digits"
    assert field.clean("12") == 12


@pytest.mark.parametrize("value", FOREIGN)
@pytest.mark.parametrize(
    "field",
    [
        serializers.IntegerField(),
        serializers.DecimalField(max_digits=6, decimal_places=2),
        serializers.FloatField(),
    ],
    ids=["integer", "decimal", "float"],
)
def test_every_api_number_field_refuses_other_digits(field, value):
    with pytest.raises(serializers.ValidationError):
        field.run_validation(value)
    assert field.run_validation("12") == 12


@pytest.mark.django_db
def test_a_model_refuses_other_digits_in_full_clean(jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    row = PaidHours(citizen=citizen, month="2026-03-01", hours="٣", earnings="10")

    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "hours" in refused.value.message_dict


@pytest.mark.django_db
def test_the_paid_hours_form_and_api_refuse_other_digits(client, api, caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)
    client.force_login(caseworker)
    api.force_authenticate(caseworker)

    page = client.post(
        reverse("citizens:paid_hours", args=[citizen.pk]),
        {"month": "2026-03", "hours": "٤٠", "earnings": "1000"},
    )
    response = api.post(
        f"/api/v1/citizens/{citizen.pk}/paid-hours/",
        {"month": "2026-03", "hours": "٤٠", "earnings": "1000", "under_frikort": False},
    )

    assert page.status_code == 422 and DIGITS_DA in page.content.decode()
    assert response.status_code == 400 and DIGITS_DA in response.json()["hours"][0]
    assert not PaidHours.objects.exists()


@pytest.mark.django_db
def test_a_filter_refuses_other_digits(api, manager):
    api.force_authenticate(manager)

    response = api.get("/api/v1/matches/", {"citizen": "٣"})

    assert response.status_code == 400
    assert DIGITS_DA in str(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("cpr", ["٠٢٠٨٠٣٤٣٦٤", "０２０８０３４３６４", "020803-٤٣٦٤", "۰۲۰۸۰۳۴۳۶۴"])
def test_a_citizen_is_never_registered_with_other_digits(client, api, caseworker, cpr):
    CitizenFactory(cpr="0208034364", team=caseworker.team)
    client.force_login(caseworker)
    api.force_authenticate(caseworker)

    page = client.post(reverse("citizens:create"), {"cpr": cpr, "first_name": "K"})
    response = api.post(
        "/api/v1/citizens/",
        {
            "cpr": cpr,
            "first_name": "Karen",
            "last_name": "Christensen",
            "postcode": "2750",
            "benefit": "a_dagpenge",
        },
    )

    assert DIGITS_DA in page.context["form"].errors["cpr"][0]
    assert response.status_code == 400 and DIGITS_DA in response.json()["cpr"][0]
    assert Citizen.objects.count() == 1
    assert not AccessLog.objects.filter(action="refused").exists()


@pytest.mark.django_db
def test_the_csv_import_refuses_other_digits_per_column(consultant):
    occupation_get_or_create("5321")
    header = (
        "cvr;name;public;p_number;workplace_postcode;ordinary_employees;kind;occupation;title;"
        "seats;hours_min;hours_max;start;end;required_languages"
    )
    rows = [
        "٣٥٠٠٣٧١١;X;nej;١٩٠٠٠٠٠١٠١;2750;30;smaajob;5321;T;١;5;10;2026-12-01;;",
        "35003711;X;nej;1900000101;٢٧٥٠;٣٠;smaajob;5321;T;1;5;10;2026-12-01;;",
    ]

    result = import_csv(actor=consultant, content="\n".join([header, *rows]), dry_run=True)

    refused = {column: messages for row in result.rows for column, messages in row.errors.items()}
    for column in ("cvr", "p_number", "seats", "ordinary_employees"):
        assert column in refused, (column, refused)
        assert any(DIGITS_DA in message for message in refused[column]), column
    assert not result.can_import


@pytest.mark.parametrize("period", ["٢٠٢٦-Q1", "２０２６-03", "2026-Q١"])
def test_a_period_in_other_digits_is_refused(period):
    from strategy.periods import period_parse

    with pytest.raises(ValidationError) as refused:
        period_parse(period)
    assert "0-9" in str(refused.value)
    assert str(period_parse("2026-Q1")) == "2026-Q1"
