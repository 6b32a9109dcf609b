"""Writes of the GRID: starting a match run, executing its shards (idempotently), finishing it
and switching the shown results over; and the proposal workflow (propose, accept, reject).

A run is split into shards: bounded groups of active citizens by id range. Each shard task reloads
its bounds from the database, scores, and in ONE transaction deletes this run's rows of its range,
writes its top-k rows (COPY on PostgreSQL) and marks itself done; a shard that runs twice (a worker
died before acknowledging it) therefore leaves exactly one set of rows. A counter on the run is
raised under a row lock, and the shard that finds every shard done finishes the run and switches
the GridState's current run, so results appear only when the whole run is done. No chord or result
backend is involved.
"""

from __future__ import annotations

import io
import logging
import os
import time
from datetime import date

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from citizens.models import Citizen
from core.exceptions import Conflict
from core.models import Team, User
from employers.models import Opening

from . import engine
from .loading import active_citizens, load_citizens, load_openings, tables_for
from .models import GridState, Match, MatchRun, MatchRunShard

logger = logging.getLogger("grid")

DEFAULT_SHARD_SIZE = 5000


def shard_size() -> int:
    return int(getattr(settings, "GRID_SHARD_SIZE", DEFAULT_SHARD_SIZE))


# --- Starting a run ----------------------------------------------------------------------------


def _scope_citizens(run: MatchRun):
    citizens = active_citizens()
    if run.scope == MatchRun.Scope.CITIZEN:
        citizens = citizens.filter(pk=run.citizen_id)
    elif run.scope == MatchRun.Scope.TEAM:
        citizens = citizens.filter(team_id=run.team_id)
    return citizens


def _plan_shards(run: MatchRun) -> list[MatchRunShard]:
    """Bounds (first id, last id) of consecutive groups of at most shard_size() citizens."""
    ids = list(_scope_citizens(run).order_by("pk").values_list("pk", flat=True))
    size = shard_size()
    shards = []
    for index, start in enumerate(range(0, len(ids), size)):
        chunk = ids[start : start + size]
        shards.append(
            MatchRunShard(run=run, index=index, citizen_id_from=chunk[0], citizen_id_to=chunk[-1])
        )
    run.citizens_count = len(ids)
    return shards


@transaction.atomic
def match_run_start(
    *,
    actor: User | None,
    scope: str = MatchRun.Scope.ALL,
    citizen: Citizen | None = None,
    opening: Opening | None = None,
    team: Team | None = None,
    trigger: str = MatchRun.Trigger.USER,
) -> MatchRun:
    """Queue a match run: all active citizens × open openings, or one citizen, one opening or one
    team. The shards are planned now (bounds only) and sent to Celery after the commit. When the
    broker cannot be reached the run is marked failed with the reason; the caller is not
    disturbed. `actor` is None for runs the system starts (trigger nightly/incremental)."""
    needed = {
        MatchRun.Scope.CITIZEN: ("citizen", citizen),
        MatchRun.Scope.OPENING: ("opening", opening),
        MatchRun.Scope.TEAM: ("team", team),
    }
    if scope not in MatchRun.Scope.values:
        raise ValidationError({"scope": _("Choose a valid scope.")})
    if scope in needed and needed[scope][1] is None:
        raise ValidationError(
            {needed[scope][0]: _("This scope needs its %(field)s.") % {"field": needed[scope][0]}}
        )
    if trigger not in MatchRun.Trigger.values:
        raise ValidationError({"trigger": _("Choose a valid trigger.")})
    from .loading import current_weights

    run = MatchRun.objects.create(
        scope=scope,
        citizen=citizen if scope == MatchRun.Scope.CITIZEN else None,
        opening=opening if scope == MatchRun.Scope.OPENING else None,
        team=team if scope == MatchRun.Scope.TEAM else None,
        trigger=trigger,
        started_by=actor,
        top_k=current_weights().top_k,
    )
    shards = _plan_shards(run)
    MatchRunShard.objects.bulk_create(shards)
    run.shards_total = len(shards)
    run.openings_count = (
        1
        if scope == MatchRun.Scope.OPENING
        else Opening.objects.filter(status=Opening.Status.OPEN).count()
    )
    run.save(update_fields=["shards_total", "citizens_count", "openings_count"])
    if not shards:
        _finish(run.pk)
        run.refresh_from_db()
        return run
    transaction.on_commit(lambda: _dispatch(run.pk, len(shards)))
    return run


def _dispatch(run_id: int, shards: int) -> None:
    """Send one task per shard. A broker that cannot be reached fails the run with the reason."""
    from .tasks import run_match_shard

    try:
        for index in range(shards):
            run_match_shard.apply_async((run_id, index), retry=False)
    except Exception as error:  # kombu.exceptions.OperationalError, redis errors, ...
        if settings.CELERY_TASK_ALWAYS_EAGER and not _is_broker_error(error):
            # In-process (eager) execution: the shard already marked the run failed.
            logger.exception("GRID run %s failed in-process", run_id)
            match_run_fail(run_id=run_id, reason=_("The run failed: %(error)s") % {"error": error})
            return
        logger.warning("GRID run %s: the task queue could not be reached: %s", run_id, error)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _(
                "The task queue (Celery broker) could not be reached, so the run was not "
                "started. Try again later or ask IT to check the queue. (%(error)s)"
            ) % {"error": error.__class__.__name__}
        match_run_fail(run_id=run_id, reason=reason)


def _is_broker_error(error: Exception) -> bool:
    from kombu.exceptions import OperationalError

    return isinstance(error, OperationalError | ConnectionError | OSError)


def match_run_fail(*, run_id: int, reason: str) -> None:
    """Mark a run that has not finished as failed, with the reason (shown to the user)."""
    MatchRun.objects.filter(
        pk=run_id, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    ).update(status=MatchRun.Status.FAILED, failure_reason=reason[:500], finished_at=timezone.now())


# --- Executing a shard -----------------------------------------------------------------------

# Openings of a run, loaded once per worker process and reused by its other shards.
_opening_cache: dict[int, engine.OpeningArrays] = {}


def _openings_for(run: MatchRun, on: date) -> engine.OpeningArrays:
    cached = _opening_cache.get(run.pk)
    if cached is None:
        _opening_cache.clear()
        opening_id = run.opening_id if run.scope == MatchRun.Scope.OPENING else None
        cached = load_openings(on=on, opening_id=opening_id)
        _opening_cache[run.pk] = cached
    return cached


def match_run_execute_shard(*, run_id: int, index: int) -> bool:
    """Run one shard; safe to run twice. Returns True when it wrote rows now."""
    shard = MatchRunShard.objects.select_related("run").get(run_id=run_id, index=index)
    run = shard.run
    if run.status in (MatchRun.Status.DONE, MatchRun.Status.FAILED):
        return False
    if shard.done:
        _finish(run_id)
        return False
    MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.QUEUED).update(
        status=MatchRun.Status.RUNNING, started_at=timezone.now()
    )
    MatchRunShard.objects.filter(pk=shard.pk).update(attempts=F("attempts") + 1)
    on = timezone.localdate()
    t0 = time.perf_counter()
    openings = _openings_for(run, on)
    citizens, placed = load_citizens(
        on=on,
        id_from=shard.citizen_id_from,
        id_to=shard.citizen_id_to,
        team_id=run.team_id if run.scope == MatchRun.Scope.TEAM else None,
    )
    if run.scope == MatchRun.Scope.CITIZEN:
        citizens = citizens.take(citizens.ids == run.citizen_id)
    tables = tables_for(on=on, top_k=run.top_k, placed=placed)
    t1 = time.perf_counter()
    result = engine.screen(citizens, openings, tables)
    if run.scope == MatchRun.Scope.OPENING:
        result = _best_per_opening(result, run.top_k)
    explanation = engine.explain(citizens, openings, tables, result)
    t2 = time.perf_counter()
    with transaction.atomic():
        locked = MatchRunShard.objects.select_for_update().get(pk=shard.pk)
        if locked.done:
            return False
        Match.objects.filter(
            run_id=run_id,
            citizen_id__gte=shard.citizen_id_from,
            citizen_id__lte=shard.citizen_id_to,
        ).delete()
        _write_matches(run_id, result, explanation)
        _crash_test_pause()
        t3 = time.perf_counter()
        locked.done = True
        locked.citizens_count = len(citizens)
        locked.pairs_considered = result.pairs_considered
        locked.excluded = result.excluded
        locked.matches_kept = len(result)
        locked.timings = {"load": t1 - t0, "score": t2 - t1, "persist": t3 - t2}
        locked.finished_at = timezone.now()
        locked.save()
        MatchRun.objects.filter(pk=run_id).update(shards_done=F("shards_done") + 1)
    _finish(run_id)
    return True


def _crash_test_pause() -> None:
    """For the crash test (tests/integration/test_grid_runs.py): while the file named by
    GRID_CRASH_TEST_PAUSE_FILE exists, a shard waits here, rows written but not committed, so
    the test can kill the worker mid-shard. Unset in production: does nothing."""
    path = os.environ.get("GRID_CRASH_TEST_PAUSE_FILE")
    deadline = time.monotonic() + 60
    while path and os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.2)


def _best_per_opening(result: engine.ScreenResult, k: int) -> engine.ScreenResult:
    """A run for one opening keeps its k best citizens (raw score desc, citizen id asc)."""
    order = np.lexsort((result.citizen_ids, -result.raw.astype(np.int64)))[:k]
    order = np.sort(order)
    return engine.ScreenResult(
        citizen_ids=result.citizen_ids[order],
        opening_ids=result.opening_ids[order],
        scores=result.scores[order],
        raw=result.raw[order],
        ranks=result.ranks[order],
        pairs_considered=result.pairs_considered,
        excluded=result.excluded,
    )


_MATCH_COLUMNS = (
    "run_id",
    "citizen_id",
    "opening_id",
    "score",
    "rank",
    "track_priority",
    "track_occupation",
    "occupation_level",
    "distance_km",
    "urgency",
    "overdue",
    "kind_fit",
    "language_fit",
    "status",
    "reject_reason",
)


def _match_rows(run_id: int, result: engine.ScreenResult, ex: engine.Explanation):
    priorities = ex.track_priority.tolist()
    codes = ex.track_code.tolist()
    distances = ex.distance_km.tolist()
    for values in zip(
        result.citizen_ids.tolist(),
        result.opening_ids.tolist(),
        result.scores.tolist(),
        result.ranks.tolist(),
        priorities,
        codes,
        ex.level.tolist(),
        distances,
        ex.urgency.tolist(),
        ex.overdue.tolist(),
        ex.kind_fit.tolist(),
        ex.language_fit.tolist(),
        strict=True,
    ):
        cid, oid, score, rank, prio, code, level, km, urgency, overdue, kind_fit, lang = values
        yield (
            run_id,
            cid,
            oid,
            score,
            rank,
            prio or None,
            f"{code:04d}" if code > 0 else "",
            level,
            km if km >= 0 else None,
            urgency,
            bool(overdue),
            kind_fit,
            lang,
            Match.Status.SUGGESTED.value,
            "",
        )


def _write_matches(run_id: int, result: engine.ScreenResult, ex: engine.Explanation) -> None:
    """PostgreSQL: COPY (psycopg 3). Other databases: bulk_create."""
    rows = _match_rows(run_id, result, ex)
    if connection.vendor == "postgresql":
        table = Match._meta.db_table
        sql = f"COPY {table} ({', '.join(_MATCH_COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(_copy_text(v) for v in row))
                buffer.write("\n")
            copy.write(buffer.getvalue())
        return
    Match.objects.bulk_create(
        (Match(**dict(zip(_MATCH_COLUMNS, row, strict=True))) for row in rows),
        batch_size=2000,
    )


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


# --- Finishing a run ---------------------------------------------------------------------------


def _finish(run_id: int) -> None:
    """If every shard is done: sum the shards' counts, mark the run done and make it current."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status not in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING):
            return
        shards = run.shards.all()
        if shards.filter(done=False).exists():
            return
        totals = shards.aggregate(pairs=Sum("pairs_considered"), kept=Sum("matches_kept"))
        excluded: dict[str, int] = {}
        timings: dict[str, float] = {}
        for shard_excluded, shard_timings in shards.values_list("excluded", "timings"):
            for reason, count in (shard_excluded or {}).items():
                excluded[reason] = excluded.get(reason, 0) + count
            for phase, seconds in (shard_timings or {}).items():
                timings[phase] = round(timings.get(phase, 0.0) + seconds, 4)
        now = timezone.now()
        started = run.started_at or run.created_at
        timings["wall"] = round((now - started).total_seconds(), 4)
        run.pairs_considered = totals["pairs"] or 0
        run.matches_kept = totals["kept"] or 0
        run.excluded = excluded
        run.timings = timings
        run.status = MatchRun.Status.DONE
        run.started_at = started
        run.finished_at = now
        run.save()
        _switch_current(run)
    _opening_cache.pop(run_id, None)


def _switch_current(run: MatchRun) -> None:
    """Make the finished run's matches the ones shown. A run over everything replaces the pointer;
    a narrower run replaces the current run's suggestions within its scope (one transaction)."""
    state, _created = GridState.objects.select_for_update().get_or_create(pk=1)
    current = state.current_run
    if run.scope == MatchRun.Scope.ALL or current is None:
        state.current_run = run
    else:
        in_scope = Match.objects.filter(run=current)
        if run.scope == MatchRun.Scope.CITIZEN:
            in_scope = in_scope.filter(citizen_id=run.citizen_id)
        elif run.scope == MatchRun.Scope.OPENING:
            in_scope = in_scope.filter(opening_id=run.opening_id)
        else:
            in_scope = in_scope.filter(citizen__team_id=run.team_id)
        in_scope.filter(status=Match.Status.SUGGESTED).delete()
        # Pairs already proposed, accepted or rejected in the current run keep their row.
        Match.objects.filter(run=run).filter(
            Exists(
                Match.objects.filter(
                    run=current,
                    citizen_id=OuterRef("citizen_id"),
                    opening_id=OuterRef("opening_id"),
                )
            )
        ).delete()
        Match.objects.filter(run=run).update(run=current)
    state.switched_at = timezone.now()
    state.save()


def current_run() -> MatchRun | None:
    state = GridState.objects.select_related("current_run").filter(pk=1).first()
    return state.current_run if state else None


# --- Proposal workflow -------------------------------------------------------------------------


def _locked_match(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("citizen", "opening")
        .get(pk=match.pk)
    )


@transaction.atomic
def match_propose(*, actor: User, match: Match) -> Match:
    """A caseworker proposes one of their own citizens' matches to the opening's consultant."""
    from citizens.selectors import citizens_visible_to

    if not actor.has_perm("grid.propose_match"):
        raise ValidationError({"match": _("You may not propose matches.")})
    match = _locked_match(match)
    if not citizens_visible_to(actor).filter(pk=match.citizen_id).exists():
        raise ValidationError({"match": _("The citizen is not one of your team's.")})
    if match.status != Match.Status.SUGGESTED:
        raise Conflict(_("The match has already been proposed or decided."), code="not_suggested")
    if Match.objects.filter(
        citizen_id=match.citizen_id,
        opening_id=match.opening_id,
        status__in=[Match.Status.PROPOSED, Match.Status.ACCEPTED],
    ).exists():
        raise Conflict(_("The citizen is already proposed for this opening."), code="duplicate")
    match.status = Match.Status.PROPOSED
    match.proposed_by = actor
    match.proposed_at = timezone.now()
    match.save(update_fields=["status", "proposed_by", "proposed_at"])
    return match


def _check_decider(actor: User, match: Match) -> None:
    if not actor.has_perm("grid.decide_match"):
        raise ValidationError({"match": _("You may not accept or reject matches.")})
    if match.status != Match.Status.PROPOSED:
        raise Conflict(_("Only a proposed match can be accepted or rejected."), code="not_proposed")


@transaction.atomic
def match_accept(
    *,
    actor: User,
    match: Match,
    start: date | None = None,
    end: date | None = None,
    merbeskaeftigelse_note: str = "",
    override_reason: str = "",
) -> Match:
    """The opening's consultant accepts a proposed match: the intervention and the placement are
    created and a seat is taken, all in this transaction (citizens.services.intervention_create
    → employers.services.placement_create under row locks). Conflict (409) when the opening is
    full or the rimelighedskrav has no room; nothing is saved then."""
    from citizens.services import PlacementRequest, intervention_create

    match = _locked_match(match)
    _check_decider(actor, match)
    opening = match.opening
    intervention = intervention_create(
        actor=actor,
        citizen=match.citizen,
        kind=opening.kind,
        start=start or max(timezone.localdate(), opening.start),
        end=end if end is not None else opening.end,
        hours_per_week=opening.hours_max,
        note=_("From the GRID (match %(id)s, score %(score)s)")
        % {
            "id": match.pk,
            "score": match.score,
        },
        placement=PlacementRequest(
            opening_id=opening.pk,
            override_reason=override_reason,
            merbeskaeftigelse_note=merbeskaeftigelse_note,
        ),
    )
    match.status = Match.Status.ACCEPTED
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.intervention = intervention
    match.save(update_fields=["status", "decided_by", "decided_at", "intervention"])
    return match


@transaction.atomic
def match_reject(*, actor: User, match: Match, reason: str) -> Match:
    """The consultant rejects a proposed match with a reason, kept as feedback."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for rejecting the match.")})
    match = _locked_match(match)
    _check_decider(actor, match)
    match.status = Match.Status.REJECTED
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.reject_reason = reason.strip()[:500]
    match.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    return match


def matches_prune() -> int:
    """Delete the untouched suggestions of finished runs that are no longer shown (proposals,
    acceptances and rejections are kept as history). Returns the number of rows deleted."""
    current = current_run()
    old = Match.objects.filter(
        status=Match.Status.SUGGESTED,
        run__status__in=[MatchRun.Status.DONE, MatchRun.Status.FAILED],
    )
    if current is not None:
        old = old.exclude(run=current)
    deleted, _counts = old.delete()
    return deleted
