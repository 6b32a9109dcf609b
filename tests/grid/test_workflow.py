"""From match to placement: reasons in Danish, propose / accept / reject, 409 when full, the
timeline, and who sees what (a consultant never sees CPR or unproposed citizens)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test import override_settings
from django.utils import timezone, translation

from citizens.models import Intervention
from citizens.selectors import citizen_timeline
from core.exceptions import Conflict, PermissionRefused
from employers.models import Placement
from grid.models import Match
from grid.selectors import (
    ProposedCandidate,
    match_list,
    matches_for_citizen,
    matches_for_opening,
)
from grid.services import current_run, match_accept, match_propose, match_reject
from tests.factories.employers import PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_citizen, make_opening, run_grid, consultant):
    citizen = make_citizen(
        accommodations=["no_heavy_lifting"], languages=[("tr", "native")], postcode="2750"
    )
    opening = make_opening(
        postcode="2740",
        consultant=consultant,
        accommodations=["no_heavy_lifting", "quiet_environment"],
        required_languages=["tr"],
        seats=1,
    )
    run_grid()
    return citizen, opening, Match.objects.get(citizen=citizen, opening=opening)


def test_reasons_are_danish_and_name_track_needs_distance_and_language(pair, caseworker):
    citizen, _opening, _match = pair

    with translation.override("da"):
        rows = matches_for_citizen(user=caseworker, citizen_id=citizen.pk)

    reasons = rows[0].reasons
    assert reasons[0].startswith("Jobspor 1: ")
    assert reasons[0].endswith("(5322) – samme enhedsgruppe")
    assert "Kan tilbyde: ingen tunge løft" in reasons
    assert "3 km fra bopæl" in reasons  # Ballerup 2750 → Skovlunde 2740
    assert "Taler tyrkisk (krav)" in reasons


def test_the_score_is_between_0_and_100_and_uses_no_gender_or_age(
    make_citizen, make_opening, run_grid
):
    young_man = make_citizen(age=31, sex="M")
    older_woman = make_citizen(age=58, sex="F")
    make_opening()
    run_grid()

    scores = {
        m.citizen_id: m.score for m in Match.objects.filter(citizen__in=[young_man, older_woman])
    }
    assert scores[young_man.pk] == scores[older_woman.pk]
    assert 0 <= scores[young_man.pk] <= 100


def test_propose_then_accept_creates_the_intervention_and_the_placement(
    pair, caseworker, consultant
):
    citizen, opening, match = pair

    match_propose(actor=caseworker, match=match)
    accepted = match_accept(actor=consultant, match=match)

    assert accepted.status == Match.Status.ACCEPTED
    intervention = Intervention.objects.get(citizen=citizen)
    assert accepted.intervention == intervention
    assert intervention.placement.opening == opening
    assert Placement.objects.filter(opening=opening, status="active").count() == 1
    kinds = {entry.kind for entry in citizen_timeline(citizen=citizen)}
    assert {"grid_proposed", "grid_accepted"} <= kinds


def test_accept_when_full_is_a_conflict_and_saves_nothing(pair, caseworker, consultant):
    citizen, opening, match = pair
    match_propose(actor=caseworker, match=match)
    PlacementFactory(opening=opening, start=timezone.localdate() - timedelta(days=1))

    with pytest.raises(Conflict):
        match_accept(actor=consultant, match=match)

    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED
    assert not Intervention.objects.filter(citizen=citizen).exists()


def test_reject_needs_a_reason_which_is_kept(pair, caseworker, consultant):
    citizen, _opening, match = pair
    match_propose(actor=caseworker, match=match)

    with pytest.raises(ValidationError):
        match_reject(actor=consultant, match=match, reason=" ")
    rejected = match_reject(actor=consultant, match=match, reason="Mangler erfaring med kasse")

    assert rejected.status == Match.Status.REJECTED
    assert rejected.reject_reason == "Mangler erfaring med kasse"
    details = [e.detail for e in citizen_timeline(citizen=citizen) if e.kind == "grid_rejected"]
    assert details and "Mangler erfaring med kasse" in details[0]


def test_only_a_proposed_match_can_be_decided_and_only_by_a_consultant(
    pair, caseworker, consultant
):
    _citizen, _opening, match = pair

    with pytest.raises(Conflict):
        match_accept(actor=consultant, match=match)
    with pytest.raises(PermissionRefused):
        match_propose(actor=consultant, match=match)
    match_propose(actor=caseworker, match=match)
    with pytest.raises(PermissionRefused):
        match_accept(actor=caseworker, match=match)
    with pytest.raises(Conflict):
        match_propose(actor=caseworker, match=match)


def test_a_caseworker_of_another_team_neither_sees_nor_proposes(pair, other_caseworker):
    citizen, _opening, match = pair

    with pytest.raises(Http404):
        matches_for_citizen(user=other_caseworker, citizen_id=citizen.pk)
    with pytest.raises(PermissionRefused):
        match_propose(actor=other_caseworker, match=match)
    assert not match_list(user=other_caseworker).exists()


def test_a_consultant_sees_only_proposed_candidates_by_name_and_needs(
    pair, make_citizen, run_grid, caseworker, consultant
):
    citizen, opening, match = pair
    citizen.shared_accommodations = ["no_heavy_lifting"]
    citizen.save()
    assert matches_for_opening(user=consultant, opening_id=opening.pk) == []
    assert not match_list(user=consultant).exists()

    match_propose(actor=caseworker, match=match)
    with translation.override("da"):
        rows = matches_for_opening(user=consultant, opening_id=opening.pk)

    assert len(rows) == 1
    candidate = rows[0]
    assert isinstance(candidate, ProposedCandidate)
    assert candidate.name == citizen.full_name
    assert candidate.accommodations == ["Ingen tunge løft"]
    assert not hasattr(candidate, "cpr")
    assert citizen.cpr not in repr(candidate)
    assert list(match_list(user=consultant)) == [match]
    with pytest.raises(Http404):
        matches_for_citizen(user=consultant, citizen_id=citizen.pk)


def test_a_consultant_does_not_see_other_consultants_openings(pair, caseworker):
    from core.roles import CONSULTANT
    from tests.factories.core import UserFactory

    _citizen, opening, match = pair
    match_propose(actor=caseworker, match=match)
    other = UserFactory(username="vk2", roles=[CONSULTANT])

    with pytest.raises(Http404):
        matches_for_opening(user=other, opening_id=opening.pk)
    assert not match_list(user=other).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(GRID_INCREMENTAL=False)
def test_two_concurrent_accepts_on_the_last_seat_exactly_one_succeeds(
    grid_rules, make_citizen, make_opening, run_grid, caseworker, consultant
):
    opening = make_opening(consultant=consultant, seats=1)
    first, second = make_citizen(), make_citizen()
    run_grid()
    matches = list(
        Match.objects.filter(run=current_run(), opening=opening, citizen__in=[first, second])
    )
    assert len(matches) == 2
    for match in matches:
        match_propose(actor=caseworker, match=match)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(match):
        try:
            barrier.wait(timeout=10)
            match_accept(actor=consultant, match=match)
            outcomes.append("accepted")
        except Conflict:
            outcomes.append("409")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in matches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["409", "accepted"]
    assert Placement.objects.filter(opening=opening).count() == 1
    assert Match.objects.filter(opening=opening, status="accepted").count() == 1
