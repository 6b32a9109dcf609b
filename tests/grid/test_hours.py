"""Accepting books hours within both the opening's range and the citizen's maximum (grid.hours);
the consultant may agree on the hours; a pair whose ranges don't meet is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from citizens.models import Intervention
from core.exceptions import Conflict
from grid.hours import hours_bounds
from grid.models import Match
from grid.services import match_accept, match_propose

pytestmark = pytest.mark.django_db
MATCHES = "/api/v1/matches/"


@given(low=st.integers(1, 37), span=st.integers(0, 20), citizen=st.none() | st.integers(1, 37))
def test_the_bounds_are_the_overlap_of_the_opening_and_the_citizens_maximum(low, span, citizen):
    high = min(low + span, 37)
    bounds = hours_bounds(opening_min=low, opening_max=high, citizen_max=citizen)
    allowed = [h for h in range(1, 38) if low <= h <= high and (citizen is None or h <= citizen)]
    if not allowed:
        assert bounds is None
    else:
        assert (bounds.low, bounds.high) == (allowed[0], allowed[-1])


@pytest.fixture
def proposed_pair(make_citizen, make_opening, run_grid, consultant, caseworker):
    citizen = make_citizen(max_hours_per_week=20)
    opening = make_opening(consultant=consultant, hours_min=10, hours_max=37)
    run_grid()
    match = Match.objects.get(citizen=citizen, opening=opening)
    match_propose(actor=caseworker, match=match)
    return citizen, opening, match


def booked(citizen) -> int:
    return Intervention.objects.get(citizen=citizen).hours_per_week


def test_accepting_books_the_most_both_allow_not_the_openings_maximum(proposed_pair, consultant):
    citizen, _opening, match = proposed_pair

    match_accept(actor=consultant, match=match)

    assert booked(citizen) == 20


def test_the_consultant_can_agree_on_hours_within_the_bounds(api, proposed_pair, consultant):
    citizen, _opening, match = proposed_pair
    api.force_authenticate(consultant)

    too_many = api.post(f"{MATCHES}{match.pk}/accept/", {"hours": 25}, format="json")
    agreed = api.post(f"{MATCHES}{match.pk}/accept/", {"hours": 12}, format="json")

    assert too_many.status_code == 400
    assert too_many.json()["hours"] == ["Aftal mellem 10 og 20 timer om ugen."]
    assert agreed.status_code == 200, agreed.json()
    assert agreed.json()["booked_hours"] == 12
    assert booked(citizen) == 12


def test_the_candidates_page_offers_the_bounds_and_books_the_agreed_hours(
    login, proposed_pair, consultant
):
    citizen, _opening, match = proposed_pair
    client = login(consultant)

    page = client.get(reverse("grid:candidates")).content.decode()
    client.post(reverse("grid:accept", args=[match.pk]), {"hours": "15"})

    assert 'name="hours" min="10" max="20"' in page
    assert "10–20 timer om ugen kan aftales" in page
    assert booked(citizen) == 15
    assert "15 timer om ugen booket" in client.get(reverse("grid:candidates")).content.decode()


def test_a_pair_whose_hours_cannot_meet_is_refused_and_nothing_is_booked(proposed_pair, consultant):
    citizen, _opening, match = proposed_pair
    citizen.max_hours_per_week = 8  # lowered after the run
    citizen.save()

    with pytest.raises(Conflict) as refused:
        match_accept(actor=consultant, match=match)

    assert refused.value.code == "hours_do_not_fit"
    assert not Intervention.objects.filter(citizen=citizen).exists()
    assert Match.objects.get(pk=match.pk).status == Match.Status.PROPOSED


def test_proposing_a_pair_whose_hours_cannot_meet_is_refused(
    make_citizen, make_opening, run_grid, caseworker
):
    citizen = make_citizen(max_hours_per_week=30)
    opening = make_opening(hours_min=20, hours_max=30)
    run_grid()
    match = Match.objects.get(citizen=citizen, opening=opening)
    citizen.max_hours_per_week = 10
    citizen.save()

    with pytest.raises(Conflict):
        match_propose(actor=caseworker, match=match)

    assert Match.objects.get(pk=match.pk).status == Match.Status.SUGGESTED


def test_agreed_hours_outside_the_bounds_are_a_field_error(proposed_pair, consultant):
    _citizen, _opening, match = proposed_pair

    with pytest.raises(ValidationError) as refused:
        match_accept(actor=consultant, match=match, hours=9)

    assert list(refused.value.message_dict) == ["hours"]
