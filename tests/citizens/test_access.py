"""Need to know: who may see which citizen, and break-glass with a logged reason."""

import pytest
from django.http import Http404
from django.urls import reverse

from citizens.models import Citizen
from citizens.selectors import (
    BreakGlassRequired,
    citizen_find_by_cpr,
    citizen_get,
    citizens_visible_to,
)
from core.cpr_crypto import cpr_hash
from core.models import AccessLog
from tests.factories.citizens import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_citizen(jobafsnit, caseworker):
    return Citizen.objects.create(
        cpr="0101901234",
        first_name="Mette",
        last_name="Hansen",
        postcode="2750",
        team=jobafsnit,
        caseworker=caseworker,
    )


@pytest.fixture
def foreign_citizen(sygedagpengeafsnit, other_caseworker):
    return Citizen.objects.create(
        cpr="0202805678",
        first_name="Ali",
        last_name="Yilmaz",
        postcode="2740",
        team=sygedagpengeafsnit,
        caseworker=other_caseworker,
    )


def test_caseworker_sees_only_own_team(caseworker, own_citizen, foreign_citizen):
    assert list(citizens_visible_to(caseworker)) == [own_citizen]


def test_manager_and_api_client_see_every_team(manager, api_user, own_citizen, foreign_citizen):
    assert set(citizens_visible_to(manager)) == {own_citizen, foreign_citizen}
    assert set(citizens_visible_to(api_user)) == {own_citizen, foreign_citizen}


def test_consultant_and_user_without_role_see_no_citizen(consultant, outsider, own_citizen):
    assert not citizens_visible_to(consultant).exists()
    assert not citizens_visible_to(outsider).exists()


def test_opening_own_citizen_is_logged_as_a_view(client, caseworker, own_citizen):
    client.force_login(caseworker)
    client.get(reverse("citizens:detail", args=[own_citizen.pk]))

    row = AccessLog.objects.get()
    assert (row.actor, row.citizen_id, row.cpr_hash, row.action) == (
        caseworker,
        own_citizen.pk,
        cpr_hash("0101901234"),
        "view",
    )


def test_other_team_needs_a_stated_reason(caseworker, foreign_citizen):
    with pytest.raises(BreakGlassRequired):
        citizen_get(user=caseworker, citizen_id=foreign_citizen.pk, reason="   ")

    assert not AccessLog.objects.exists()


def test_break_glass_with_reason_opens_and_logs_the_reason(client, caseworker, foreign_citizen):
    citizen = citizen_get(
        user=caseworker, citizen_id=foreign_citizen.pk, reason="Vikar for kollega"
    )
    assert citizen == foreign_citizen
    assert not AccessLog.objects.exists()  # the selector decides; the page shown logs

    client.force_login(caseworker)
    client.post(
        reverse("citizens:break_glass", args=[foreign_citizen.pk]),
        {"reason": "Vikar for kollega"},
    )
    client.get(reverse("citizens:detail", args=[foreign_citizen.pk]))
    row = AccessLog.objects.get()
    assert (row.action, row.reason) == ("break_glass", "Vikar for kollega")


def test_consultant_cannot_open_a_citizen_even_with_a_reason(consultant, own_citizen):
    with pytest.raises(Http404):
        citizen_get(user=consultant, citizen_id=own_citizen.pk, reason="nysgerrig")

    assert not AccessLog.objects.exists()


def test_exact_cpr_lookup_finds_other_teams_and_is_logged(client, caseworker, foreign_citizen):
    assert citizen_find_by_cpr(user=caseworker, cpr="020280-5678") == foreign_citizen

    assert not AccessLog.objects.exists()  # the selector finds; the page that shows logs


def test_finding_by_cpr_on_the_page_logs_a_search(client, caseworker, sygedagpengeafsnit):
    found = CitizenFactory(team=sygedagpengeafsnit)

    client.force_login(caseworker)
    response = client.post(reverse("citizens:find"), {"cpr": found.cpr, "reason": "Vikar"})

    assert response.status_code == 302
    row = AccessLog.objects.get()
    assert (row.action, row.citizen_id) == ("search", found.pk)


def test_partial_cpr_finds_nothing(caseworker, foreign_citizen):
    assert citizen_find_by_cpr(user=caseworker, cpr="020280") is None
    assert not AccessLog.objects.exists()
