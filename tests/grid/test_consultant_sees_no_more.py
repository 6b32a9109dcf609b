"""A consultant sees of a candidate the name, the shared skånebehov and the hours — nothing more
(issue 11; verified over every URL for issue 13, item 8). Every URL of the project that can be
requested with a GET (the access-log walk's ROUTES and world, tests/core/test_access_log_walk.py)
is requested as the consultant, as a page, an htmx fragment and an API response, after the
candidate's match was given a distance, an overdue deadline, a score and ranks, and the citizen
a job goal and a deadline text: none of them may appear, nor any JSON field that carries them."""

import json

import pytest
from django.test import Client

from citizens.models import PlanRevision
from grid.models import Match
from tests.core.test_access_log_walk import (  # noqa: F401 (fixtures)
    ROUTES,
    NoCitizens,
    Shows,
    users,
    world,
)

pytestmark = pytest.mark.django_db

JOB_GOAL = "Qjobmaalzz: vil være buschauffør"
DEADLINE = "Qfristzz: opfølgning mangler"
# What the caseworker's pages use to show a distance, a deadline, a score or a rank (Danish).
WORDS = ("km fra bopæl", "Frist overskredet", "Score", "score", "Rang", "Jobmål", "jobmål")
FIELDS = {
    "score",
    "raw_score",
    "rank",
    "opening_rank",
    "distance_km",
    "distance",
    "overdue",
    "urgency",
    "due",
    "deadline",
    "deadlines",
    "alerts",
    "job_goal",
    "plan",
    "reasons",
    "cpr",
    "citizen",  # the citizen id
    "cpr_masked",
}


@pytest.fixture
def candidate(world):  # noqa: F811 (the walk's fixture)
    match = world["proposed"]
    Match.objects.filter(pk=match.pk).update(
        score=87, rank=3, opening_rank=4, distance_km=37, overdue=True, urgency=90
    )
    citizen = world["own"]
    citizen.alerts.update(message=DEADLINE)
    PlanRevision.objects.create(
        citizen=citizen,
        job_goal=JOB_GOAL,
        created_by=citizen.caseworker,
        created_at=match.proposed_at,
    )
    return match


def _keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in _keys(value)}
    if isinstance(data, list):
        return {key for value in data for key in _keys(value)}
    return set()


def _urls(w) -> list[str]:
    urls = []
    for entry in ROUTES.values():
        if isinstance(entry, Shows) or (isinstance(entry, NoCitizens) and entry.url is not None):
            urls.append(entry.url(w))
    return urls


def _assert_nothing_more(url: str, response) -> None:
    body = response.content.decode("utf-8", errors="replace")
    for secret in (JOB_GOAL, DEADLINE, "Qjobmaalzz", "Qfristzz", "37 km"):
        assert secret not in body, f"{url}: {secret!r} shown to the consultant"
    if response.get("Content-Type", "").startswith("application/json"):
        leaked = _keys(json.loads(body)) & FIELDS
        assert not leaked, f"{url}: fields {sorted(leaked)} shown to the consultant"
    elif response.get("Content-Type", "").startswith("text/html"):
        for word in WORDS:
            assert word not in body, f"{url}: {word!r} shown to the consultant"


def test_no_page_or_response_shows_a_consultant_more_than_name_needs_and_hours(
    users,  # noqa: F811 (the walk's fixtures)
    world,  # noqa: F811
    candidate,
):
    client = Client()
    client.force_login(users["consultant"])
    seen_candidate = 0
    for url in _urls(world):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            _assert_nothing_more(url, response)
            seen_candidate += world["own"].last_name in response.content.decode()
    # The consultant does see the candidate (by name) somewhere: the check above looked at them.
    assert seen_candidate >= 3


def test_accepting_through_the_api_answers_a_consultant_with_the_candidate_only(
    users,  # noqa: F811 (the walk's fixtures)
    world,  # noqa: F811
    candidate,
):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["consultant"])

    response = api.post(f"/api/v1/matches/{candidate.pk}/accept/", {}, format="json")

    assert response.status_code == 200, response.content
    assert world["own"].last_name in response.content.decode()
    _assert_nothing_more("accept", response)
