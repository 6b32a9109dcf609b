"""The strategy's writes are checked in their services, for the actor they are given
(core.permissions): only a leder keeps the focus areas, enters manual values and recomputes. A
caseworker, a consultant and the API client are refused whichever door they use — the service, the
page, the API — and nothing changes."""

import pytest
from django.urls import reverse

from core.exceptions import PermissionRefused
from strategy import services
from strategy.models import FocusArea, Indicator, Measurement
from strategy.periods import Period

pytestmark = pytest.mark.django_db

READERS = ["caseworker", "consultant", "api_user"]


def _state() -> tuple:
    return (
        list(FocusArea.objects.order_by("pk").values_list("name", "active")),
        list(Measurement.objects.order_by("pk").values_list("indicator_id", "value")),
    )


def _period() -> str:
    return Period.current_quarter().previous().label


WRITES = {
    "focus_area_create": lambda actor: services.focus_area_create(actor=actor, name="Nyt"),
    "focus_area_update": lambda actor: services.focus_area_update(
        actor=actor, focus_area=FocusArea.objects.first(), name="Omdøbt"
    ),
    "measurement_enter": lambda actor: services.measurement_enter(
        actor=actor,
        indicator=Indicator.objects.get(key="labour_force"),
        period=_period(),
        value="25000",
    ),
    "indicator_compute": lambda actor: services.indicator_compute(
        actor=actor, indicator=Indicator.objects.get(key="sick_count"), period=_period()
    ),
}


@pytest.mark.parametrize("name", list(WRITES))
@pytest.mark.parametrize("who", READERS)
def test_the_service_refuses_everyone_but_a_leder(name, who, request):
    before = _state()

    with pytest.raises(PermissionRefused):
        WRITES[name](request.getfixturevalue(who))

    assert _state() == before


@pytest.mark.parametrize("name", list(WRITES))
def test_the_service_lets_a_leder_write(name, manager):
    before = _state()

    WRITES[name](manager)

    assert _state() != before


@pytest.mark.parametrize("who", READERS)
def test_the_pages_refuse_everyone_but_a_leder(who, request, login):
    client = login(request.getfixturevalue(who))
    manual = Indicator.objects.get(key="labour_force")
    computed = Indicator.objects.get(key="sick_count")
    before = _state()

    entered = client.post(
        reverse("strategy:measurement_enter", args=[manual.pk]),
        {"period": _period(), "value": "25000"},
    )
    recomputed = client.post(reverse("strategy:indicator_compute", args=[computed.pk]))

    assert entered.status_code == 403
    assert recomputed.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("who", ["caseworker", "api_user"])
def test_the_api_refuses_everyone_but_a_leder(who, request, api):
    api.force_authenticate(request.getfixturevalue(who))
    manual = Indicator.objects.get(key="labour_force")
    computed = Indicator.objects.get(key="sick_count")
    area = FocusArea.objects.first()
    before = _state()

    answers = [
        api.post("/api/v1/focus-areas/", {"name": "Nyt"}, format="json"),
        api.patch(f"/api/v1/focus-areas/{area.pk}/", {"name": "Omdøbt"}, format="json"),
        api.post(
            f"/api/v1/indicators/{manual.pk}/measurements/",
            {"period": _period(), "value": "25000"},
            format="json",
        ),
        api.post(f"/api/v1/indicators/{computed.pk}/compute/", {}, format="json"),
    ]

    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    assert _state() == before
