"""The demo's first run: what the nightly jobs would have produced by the first morning.

`seed_demo` calls `first_run` after seeding, so every role's start page has real content at once
(`make run`, with a worker or without): the strategy's key figures back-filled for every quarter
the case data covers, one finished GRID run with matches, some of the demo caseworker's matches
proposed to the demo consultant, and one of them accepted (a placement taking a seat).
Each step goes through the same services as the users and the nightly jobs do.
"""

import logging
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F

from core.exceptions import Conflict
from grid.models import Match, MatchRun
from grid.services import match_accept, match_propose, match_run_start
from grid.tasks import execute_in_process
from strategy.services import backfill

logger = logging.getLogger("demo.first_run")

# How many of the demo caseworker's best matches are proposed, and how many of those accepted.
PROPOSALS = 6
ACCEPTED = 1
DEMO_CASEWORKER = "sagsbehandler"
DEMO_CONSULTANT = "konsulent"


@dataclass
class FirstRunResult:
    quarters: int = 0
    run_id: int | None = None
    run_status: str = ""
    matches: int = 0
    proposed: list[int] = field(default_factory=list)
    accepted: list[int] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def first_run(*, recent_quarters: int | None = None) -> FirstRunResult:
    """Back-fill the strategy (every quarter, or the `recent_quarters` last), finish one GRID run
    in this process, propose and accept."""
    result = FirstRunResult()

    started = time.perf_counter()
    result.quarters = len(backfill(actor=None, last=recent_quarters))
    result.seconds["strategy"] = time.perf_counter() - started

    started = time.perf_counter()
    run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY, dispatch=False)
    shards = list(run.shards.order_by("index").values_list("index", flat=True))
    execute_in_process(run.pk, shards)
    run.refresh_from_db()
    result.run_id, result.run_status = run.pk, run.status
    result.matches = Match.objects.filter(run=run).count()
    result.seconds["grid"] = time.perf_counter() - started

    if run.status == MatchRun.Status.DONE:
        started = time.perf_counter()
        _propose_and_accept(run, result)
        result.seconds["proposals"] = time.perf_counter() - started
    return result


def _propose_and_accept(run: MatchRun, result: FirstRunResult) -> None:
    """The demo caseworker proposes their best matches with the demo consultant's companies (one
    per citizen and opening); the consultant accepts the first that fits. A match the rules
    refuse (hours, a full opening, the rimelighedskrav) is skipped, as a user would."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[DEMO_CASEWORKER, DEMO_CONSULTANT])
    }
    caseworker, consultant = users.get(DEMO_CASEWORKER), users.get(DEMO_CONSULTANT)
    if caseworker is None or consultant is None:
        return
    candidates = (
        Match.objects.filter(
            run=run,
            status=Match.Status.SUGGESTED,
            citizen__caseworker=caseworker,
            opening__workplace__employer__consultant=consultant,
        )
        .select_related("citizen", "opening__workplace__employer")
        .order_by(F("rank").asc(nulls_last=True), "-score", "pk")
    )
    seen_citizens: set[int] = set()
    seen_openings: set[int] = set()
    for match in candidates[:200]:
        if len(result.proposed) >= PROPOSALS:
            break
        if match.citizen_id in seen_citizens or match.opening_id in seen_openings:
            continue
        try:
            match_propose(actor=caseworker, match=match)
        except (Conflict, ValidationError) as refused:
            logger.info("first run: match %s not proposed (%s)", match.pk, refused)
            continue
        seen_citizens.add(match.citizen_id)
        seen_openings.add(match.opening_id)
        result.proposed.append(match.pk)

    for match_id in result.proposed:
        if len(result.accepted) >= ACCEPTED:
            break
        try:
            match_accept(actor=consultant, match=Match.objects.get(pk=match_id))
        except (Conflict, ValidationError) as refused:
            logger.info("first run: match %s not accepted (%s)", match_id, refused)
            continue
        result.accepted.append(match_id)
