"""The consultant's side of a need: a new company's consultant, the shared queue of companies
without one, who fits an opening (counts only), the request for candidates, the caseworkers'
answers and the thread on the opening — through the API and the pages."""

import pytest
from django.urls import reverse

from core.exceptions import PermissionRefused
from core.roles import CASEWORKER, CONSULTANT
from employers.services import employer_create, employer_take
from grid.candidate_requests import candidate_request_create, fit_counts
from grid.models import CandidateRequest, CandidateRequestAnswer, Match
from grid.services import match_accept, match_propose
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db
VALID_CVR = "10000009"


@pytest.fixture
def colleague(jobafsnit):
    return UserFactory(username="sb-kollega", roles=[CASEWORKER], team=jobafsnit)


@pytest.fixture
def need(make_citizen, make_opening, run_grid, caseworker, colleague, consultant):
    """An opening of the consultant's company that three citizens fit: two of the caseworker's,
    one of a colleague's."""
    opening = make_opening(consultant=consultant)
    mine = [make_citizen(caseworker=caseworker) for _ in range(2)]
    theirs = make_citizen(caseworker=colleague)
    run_grid()
    return opening, mine, theirs


def test_a_consultant_registering_a_company_becomes_its_consultant(consultant, manager):
    other = UserFactory(username="vk-2", roles=[CONSULTANT])

    own = employer_create(actor=consultant, cvr=VALID_CVR, name="Egen ApS")
    chosen = employer_create(actor=consultant, cvr="10000017", name="Valgt ApS", consultant=other)

    assert (own.consultant, chosen.consultant) == (consultant, other)


def test_who_fits_is_counted_per_team_and_caseworker_without_names(need, caseworker):
    opening, mine, _theirs = need

    counts = fit_counts(opening_id=opening.pk)

    assert counts.total == 3
    assert counts.by_team == [("Jobafsnit", 3)]
    assert sorted(n for _name, _team, n in counts.by_caseworker) == [1, 2]
    assert mine[0].full_name not in repr(counts)


def test_a_request_reaches_the_caseworkers_whose_citizens_fit_and_they_answer(
    api, need, caseworker, colleague, consultant
):
    opening, mine, theirs = need
    api.force_authenticate(consultant)
    sent = api.post(
        f"/api/v1/openings/{opening.pk}/candidate-requests/",
        {"note": "Vi mangler to til lageret fra 1. februar."},
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    request_id = sent.json()["id"]

    api.force_authenticate(caseworker)
    inbox = api.get("/api/v1/candidate-requests/").json()
    fitting = {row["citizen"] for row in inbox["results"][0]["fitting"]}
    refused = api.post(
        f"/api/v1/candidate-requests/{request_id}/answers/",
        {"citizen": mine[1].pk, "decision": "decline"},
        format="json",
    )
    proposed = api.post(
        f"/api/v1/candidate-requests/{request_id}/answers/",
        {"citizen": mine[0].pk, "decision": "propose"},
        format="json",
    )
    declined = api.post(
        f"/api/v1/candidate-requests/{request_id}/answers/",
        {"citizen": mine[1].pk, "decision": "decline", "reason": "Er i gang med uddannelse."},
        format="json",
    )
    not_mine = api.post(
        f"/api/v1/candidate-requests/{request_id}/answers/",
        {"citizen": theirs.pk, "decision": "propose"},
        format="json",
    )

    assert fitting == {m.pk for m in mine}  # only the caseworker's own citizens
    assert refused.status_code == 400 and "reason" in refused.json()
    assert (proposed.status_code, declined.status_code) == (201, 201)
    assert not_mine.status_code == 403
    assert Match.objects.get(citizen=mine[0], opening=opening).status == Match.Status.PROPOSED
    api.force_authenticate(consultant)
    seen = api.get("/api/v1/candidate-requests/").json()["results"][0]
    assert [a["decision"] for a in seen["answers"]] == ["proposed", "declined"]
    assert "Er i gang med uddannelse." in str(seen["answers"])
    assert all(not row for row in [seen["fitting"]])


def test_only_the_companys_consultant_may_ask_for_candidates(api, need):
    opening, _mine, _theirs = need
    other = UserFactory(username="vk-anden", roles=[CONSULTANT])
    api.force_authenticate(other)

    response = api.post(
        f"/api/v1/openings/{opening.pk}/candidate-requests/", {"note": "Hej"}, format="json"
    )

    assert response.status_code == 404
    with pytest.raises(PermissionRefused):
        candidate_request_create(actor=other, opening=opening, note="Hej")
    assert not CandidateRequest.objects.exists()


def test_the_opening_page_shows_counts_request_and_thread(login, need, caseworker, consultant):
    opening, mine, _theirs = need
    client = login(consultant)
    before = client.get(reverse("grid:opening", args=[opening.pk])).content.decode()

    client.post(reverse("grid:opening", args=[opening.pk]), {"note": "Hurtigst muligt."})
    match = Match.objects.get(citizen=mine[0], opening=opening)
    match_propose(actor=caseworker, match=match)
    match_accept(actor=consultant, match=match)
    page = client.get(reverse("grid:opening", args=[opening.pk])).content.decode()

    assert "3 borgere passer til tilbuddet nu." in before
    assert "2 borgere passer til tilbuddet nu." in page  # one is accepted now
    assert "Hurtigst muligt." in page
    assert mine[0].full_name in page  # the accepted candidate, by name
    assert mine[1].full_name not in page  # a fitting citizen is never named
    assert mine[1].cpr not in page


def test_the_caseworkers_inbox_page_proposes_and_declines(login, need, caseworker, consultant):
    opening, mine, theirs = need
    candidate_request_create(actor=consultant, opening=opening, note="Lager")
    request_id = CandidateRequest.objects.get().pk
    client = login(caseworker)

    page = client.get(reverse("grid:inbox")).content.decode()
    client.post(
        reverse("grid:answer", args=[request_id]), {"citizen": mine[0].pk, "decision": "propose"}
    )
    client.post(
        reverse("grid:answer", args=[request_id]),
        {"citizen": mine[1].pk, "decision": "decline", "reason": "Sygemeldt"},
    )

    assert mine[0].full_name in page and mine[1].full_name in page
    assert theirs.full_name not in page
    assert set(CandidateRequestAnswer.objects.values_list("decision", flat=True)) == {
        "proposed",
        "declined",
    }


def test_proposals_for_a_company_without_a_consultant_are_a_shared_queue_until_taken(
    api, make_citizen, make_opening, run_grid, caseworker
):
    first = UserFactory(username="vk-1", roles=[CONSULTANT])
    second = UserFactory(username="vk-2", roles=[CONSULTANT])
    opening = make_opening()  # the company has no consultant
    citizen = make_citizen(caseworker=caseworker)
    run_grid()
    match = Match.objects.get(citizen=citizen, opening=opening)
    match_propose(actor=caseworker, match=match)

    api.force_authenticate(first)
    seen_by_first = api.get("/api/v1/matches/").json()["count"]
    api.force_authenticate(second)
    seen_by_second = api.get("/api/v1/matches/").json()["count"]
    employer_take(actor=first, employer=opening.workplace.employer)
    after_taking = api.get("/api/v1/matches/").json()["count"]
    api.force_authenticate(first)
    accepted = api.post(f"/api/v1/matches/{match.pk}/accept/", {}, format="json")

    assert (seen_by_first, seen_by_second, after_taking) == (1, 1, 0)
    assert accepted.status_code == 200, accepted.json()


def test_taking_a_company_from_its_page(login, make_opening):
    taker = UserFactory(username="vk-tager", roles=[CONSULTANT])
    employer = make_opening().workplace.employer
    client = login(taker)

    page = client.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    client.post(reverse("employers:take", args=[employer.pk]))

    assert "Tag virksomheden" in page
    employer.refresh_from_db()
    assert employer.consultant == taker
