"""50 concurrent accepts on the last seat of an opening, through the API, on PostgreSQL: 50
threads, each with its own database connection, accept 50 different proposed matches for the same
one-seat opening at the same moment. Exactly one wins (200); the other 49 are refused with 409 and
the Danish reason; the opening never holds more placements than seats."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from employers.models import Placement
from grid.models import Match, MatchRun
from grid.services import current_run, match_propose, match_run_start
from tests.grid.conftest import grid_rules, make_citizen, make_opening  # noqa: F401

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grid_rules"),
]

CONTENDERS = 50


@override_settings(GRID_INCREMENTAL=False)
def test_fifty_concurrent_accepts_on_the_last_seat_give_one_placement_and_49_conflicts(
    make_citizen,  # noqa: F811
    make_opening,  # noqa: F811
    celery_worker_process,
    caseworker,
    consultant,
):
    opening = make_opening(consultant=consultant, seats=1)
    citizens = [make_citizen(caseworker=caseworker) for _ in range(CONTENDERS)]
    run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)  # on the real worker
    deadline = time.monotonic() + 120
    while run.status not in (MatchRun.Status.DONE, MatchRun.Status.FAILED):
        assert time.monotonic() < deadline, "the run did not finish"
        time.sleep(0.2)
        run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE, run.failure_reason
    matches = list(Match.objects.filter(run=current_run(), opening=opening, citizen__in=citizens))
    assert len(matches) == CONTENDERS
    for match in matches:
        match_propose(actor=caseworker, match=match)
    connection.close()  # the threads open their own connections; this one is not shared

    barrier = threading.Barrier(CONTENDERS)
    answers: list[tuple[int, dict, float]] = []
    lock = threading.Lock()

    def accept(match_id: int) -> None:
        client = APIClient()
        client.force_authenticate(consultant)
        try:
            barrier.wait(timeout=30)
            started = time.monotonic()
            response = client.post(
                f"/api/v1/matches/{match_id}/accept/", {}, format="json", HTTP_ACCEPT_LANGUAGE="da"
            )
            with lock:
                answers.append((response.status_code, response.json(), time.monotonic() - started))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(m.pk,)) for m in matches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = Counter(status for status, _body, _seconds in answers)
    slowest = max(seconds for _status, _body, seconds in answers)
    print(f"\n{CONTENDERS} concurrent accepts: {dict(statuses)}; slowest answer {slowest:.2f} s")
    assert statuses == {200: 1, 409: CONTENDERS - 1}, answers
    refusals = {body["detail"] for status, body, _seconds in answers if status == 409}
    assert refusals == {"Alle 1 pladser i tilbuddet er optaget i perioden."}
    opening.refresh_from_db()
    placements = Placement.objects.filter(opening=opening)
    assert placements.count() == 1 <= opening.seats
    assert Match.objects.filter(opening=opening, status=Match.Status.ACCEPTED).count() == 1
    winner = Match.objects.get(opening=opening, status=Match.Status.ACCEPTED)
    assert winner.intervention is not None
    assert placements.get().pk == winner.intervention.placement_id
