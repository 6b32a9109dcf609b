"""The strategy REST API: the contract's fields, who reads and who writes, manual values and
recompute, per-team series, query counts, and a schema without warnings."""

from datetime import date

import pytest
from django.urls import reverse

from strategy import services
from strategy.models import FocusArea, Indicator, Measurement
from strategy.periods import Period, period_parse

from .conftest import make_course

pytestmark = pytest.mark.django_db

CONTRACT_FIELDS = {"id", "name", "unit", "direction", "target", "source", "latest_value", "status"}


def indicator(key: str) -> Indicator:
    return Indicator.objects.get(key=key)


def measurements_url(ind: Indicator) -> str:
    return reverse("api:indicator-measurements", args=[ind.pk])


def compute_url(ind: Indicator) -> str:
    return reverse("api:indicator-compute", args=[ind.pk])


@pytest.fixture
def figures(manager):
    """Two quarters of sick-leave figures: 2025-Q1 one citizen, 2025-Q2 two."""
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1))
    make_course(benefit="sygedagpenge", start=date(2025, 4, 1))
    for label in ("2025-Q1", "2025-Q2"):
        services.measurement_enter(
            actor=manager, indicator=indicator("labour_force"), period=label, value=50
        )
        services.snapshot_period(period_parse(label))


def test_focus_areas_carry_their_indicators_with_latest_value_target_and_status(
    api, manager, figures
):
    api.force_authenticate(manager)

    response = api.get(reverse("api:focus-area-list"))

    assert response.status_code == 200
    areas = response.json()
    assert len(areas) == 6
    sick_area = areas[-1]
    assert sick_area["name"] == "Sygedagpenge og jobafklaring"
    share = next(i for i in sick_area["indicators"] if i["key"] == "sick_labour_force_share")
    assert set(share) >= CONTRACT_FIELDS
    # Q2: 2 sick of a labour force of 50 = 4 %; target 3.2, lower is better: 3.52 < 4 -> red.
    # Q1: 1 / 50 = 2 % -> the trend is worse by 2 points.
    assert share["latest_value"] == 4.0
    assert share["latest_period"] == "2025-Q2"
    assert share["target"] == 3.2
    assert share["status"] == "red"
    assert (share["trend"], share["trend_verdict"]) == (2.0, "worse")
    assert share["source"] == "computed" and share["direction"] == "lower"
    assert share["is_key_figure"] is True


@pytest.mark.parametrize("who", ["caseworker", "consultant", "api_user", "manager"])
def test_every_role_reads_the_figures(api, request, who, figures):
    api.force_authenticate(request.getfixturevalue(who))
    ind = indicator("sick_count")

    listing = api.get(reverse("api:indicator-list"))
    series = api.get(measurements_url(ind))

    assert listing.status_code == 200
    assert set(listing.json()["results"][0]) >= CONTRACT_FIELDS
    assert series.status_code == 200
    assert [(m["period"], m["value"]) for m in series.json()] == [
        ("2025-Q1", 1.0),
        ("2025-Q2", 2.0),
    ]


def test_without_a_role_no_figures(api, outsider):
    assert api.get(reverse("api:indicator-list")).status_code == 401
    api.force_authenticate(outsider)
    assert api.get(reverse("api:indicator-list")).status_code == 403
    assert api.get(reverse("api:focus-area-list")).status_code == 403


def test_manager_enters_a_manual_value(api, manager):
    api.force_authenticate(manager)

    response = api.post(
        measurements_url(indicator("citizen_satisfaction")),
        {"period": "2024-Q4", "value": "53", "comment": "Svarprocent 23 %"},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["period"], body["value"], body["source"]) == ("2024-Q4", 53.0, "manual")
    assert body["entered_by"] == manager.username
    assert (body["target"], body["status"]) == (53.0, "green")
    assert Measurement.objects.get().entered_by == manager


@pytest.mark.parametrize("who", ["caseworker", "consultant", "api_user"])
def test_others_may_not_enter_values(api, request, who):
    api.force_authenticate(request.getfixturevalue(who))

    response = api.post(
        measurements_url(indicator("citizen_satisfaction")), {"period": "2024-Q4", "value": 53}
    )

    assert response.status_code == 403
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("key", "payload", "field"),
    [
        ("sick_count", {"period": "2025-Q1", "value": 3}, "indicator"),
        ("citizen_satisfaction", {"period": "2025-Q1", "value": 101}, "value"),
        ("benchmark_rank", {"period": "2025-Q1", "value": 0}, "value"),
        ("benchmark_rank", {"period": "2025-Q5", "value": 2}, "period"),
        ("benchmark_rank", {"period": "2025-Q1"}, "value"),
    ],
)
def test_invalid_values_are_400_with_the_field(api, manager, key, payload, field):
    api.force_authenticate(manager)

    response = api.post(measurements_url(indicator(key)), payload)

    assert response.status_code == 400
    assert field in response.json()
    assert not Measurement.objects.exists()


def test_manager_recomputes_now(api, manager):
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1))
    api.force_authenticate(manager)

    response = api.post(compute_url(indicator("sick_count")), {"period": "2025-Q2"})

    assert response.status_code == 200
    whole = [m for m in response.json() if m["team"] is None]
    assert [(m["period"], m["value"], m["source"]) for m in whole] == [("2025-Q2", 1.0, "computed")]

    default = api.post(compute_url(indicator("sick_count")), {})
    current = Period.current_quarter()
    assert default.status_code == 200
    assert {m["period"] for m in default.json()} == {current.previous().label, current.label}


def test_recompute_is_for_managers_and_computed_indicators(api, manager, caseworker):
    api.force_authenticate(caseworker)
    assert api.post(compute_url(indicator("sick_count")), {}).status_code == 403

    api.force_authenticate(manager)
    response = api.post(compute_url(indicator("labour_force")), {})
    assert response.status_code == 400
    assert "indicator" in response.json()


def test_caseworker_reads_own_teams_series_only(api, caseworker, other_caseworker, manager):
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1), team=caseworker.team)
    services.snapshot_period(period_parse("2025-Q1"), indicators=[indicator("sick_count")])
    url = measurements_url(indicator("sick_count"))

    api.force_authenticate(caseworker)
    own = api.get(url, {"team": caseworker.team_id})
    other = api.get(url, {"team": other_caseworker.team_id})
    api.force_authenticate(manager)
    any_team = api.get(url, {"team": other_caseworker.team_id})

    assert own.status_code == 200
    assert [(m["team"], m["value"]) for m in own.json()] == [(caseworker.team_id, 1.0)]
    assert other.status_code == 403
    assert any_team.status_code == 200
    assert [m["value"] for m in any_team.json()] == [0.0]


def test_indicator_list_queries_do_not_grow_with_history(
    api, manager, django_assert_max_num_queries
):
    api.force_authenticate(manager)
    services.snapshot_period(period_parse("2025-Q1"))
    with django_assert_max_num_queries(12) as few:
        assert api.get(reverse("api:focus-area-list")).status_code == 200
    for label in ("2024-Q3", "2024-Q4", "2025-Q2"):
        services.snapshot_period(period_parse(label))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(reverse("api:focus-area-list")).status_code == 200


def test_errors_are_in_danish(api, manager):
    api.force_authenticate(manager)
    url = measurements_url(indicator("citizen_satisfaction"))

    percent = api.post(url, {"period": "2025-Q1", "value": 101})
    period = api.post(url, {"period": "2025/1", "value": 50})

    assert percent.json() == {"value": ["En procentdel ligger mellem 0 og 100."]}
    assert period.json()["period"][0].startswith("Skriv perioden som ÅÅÅÅ-Qn")


def test_manager_adds_renames_and_retires_a_focus_area(api, manager):
    api.force_authenticate(manager)

    created = api.post(reverse("api:focus-area-list"), {"name": "Seniorer", "description": "60+"})
    area_id = created.json()["id"]
    renamed = api.patch(
        reverse("api:focus-area-detail", args=[area_id]), {"name": "Seniorer på arbejdsmarkedet"}
    )
    retired = api.patch(reverse("api:focus-area-detail", args=[area_id]), {"active": False})
    listed = api.get(reverse("api:focus-area-list")).json()

    assert created.status_code == 201
    assert (created.json()["order"], created.json()["indicators"]) == (7, [])
    assert renamed.json()["name"] == "Seniorer på arbejdsmarkedet"
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert area_id not in [area["id"] for area in listed]
    # No role may delete: refused before the method is even considered.
    assert api.delete(reverse("api:focus-area-detail", args=[area_id])).status_code == 403
    assert FocusArea.objects.filter(pk=area_id, active=False).exists()


def test_a_duplicate_focus_area_name_is_a_400(api, manager):
    api.force_authenticate(manager)

    response = api.post(reverse("api:focus-area-list"), {"name": "Unge borgere"})

    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize("who", ["caseworker", "consultant", "api_user"])
def test_only_a_manager_changes_focus_areas(api, request, who):
    api.force_authenticate(request.getfixturevalue(who))

    response = api.post(reverse("api:focus-area-list"), {"name": "Seniorer"})

    assert response.status_code == 403
