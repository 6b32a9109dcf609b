"""Writes of the GRID: starting a match run, executing its shards (idempotently), finishing it
and switching the shown results over; and the proposal workflow (propose, accept, reject).

A run is split into shards of two sides. A citizens' shard is a bounded group of active citizens
by id range and keeps each citizen's top-k openings (Match rows with `rank`); an openings' shard is
a bounded group of open openings by id range and keeps each opening's top-k citizens among all the
run's citizens (OpeningCandidate rows, merged into Match as `opening_rank` when the run is done).
Which sides a run has follows its scope: all = both; one citizen or one team = citizens; one
opening = openings. Each shard task reloads its bounds from the database, scores, and in ONE
transaction deletes this run's rows of its range and side, writes its rows (COPY on PostgreSQL)
and marks itself done; a shard that runs twice (a worker died before acknowledging it) therefore
leaves exactly one set of rows. A counter on the run is raised under a row lock, and the shard that
finds every shard done finishes the run and switches the GridState's current run, so results
appear only when the whole run is done. No chord or result backend is involved.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from citizens.models import Citizen
from core import background
from core.audit import records_actor
from core.exceptions import Conflict
from core.models import Team, User
from core.permissions import granted, require
from core.queue import send_now
from employers.models import Opening

from . import engine
from .hours import match_hours_bounds
from .loading import (
    active_citizens,
    load_citizens,
    load_openings,
    open_openings,
    tables_for,
    with_track_in_group,
)
from .models import GridState, Match, MatchRun, MatchRunShard, OpeningCandidate
from .opening_run import screen_one_opening

logger = logging.getLogger("grid")

DEFAULT_SHARD_SIZE = 5000
DEFAULT_OPENING_SHARD_SIZE = 25000


def shard_size() -> int:
    return int(getattr(settings, "GRID_SHARD_SIZE", DEFAULT_SHARD_SIZE))


def opening_shard_size() -> int:
    """Openings per openings' shard. Each such shard loads all of the run's citizens, so they are
    fewer and larger than the citizens' shards."""
    return int(getattr(settings, "GRID_OPENING_SHARD_SIZE", DEFAULT_OPENING_SHARD_SIZE))


# --- Starting a run ----------------------------------------------------------------------------


def _scope_citizens(run: MatchRun):
    citizens = active_citizens()
    if run.scope == MatchRun.Scope.CITIZEN:
        citizens = citizens.filter(pk=run.citizen_id)
    elif run.scope == MatchRun.Scope.TEAM:
        citizens = citizens.filter(team_id=run.team_id)
    elif run.scope == MatchRun.Scope.OPENING:
        citizens = with_track_in_group(citizens, run.opening.occupation_id)
    return citizens


def _bounds(ids: list[int], size: int) -> list[tuple[int, int]]:
    """(first id, last id) of consecutive groups of at most `size` of the sorted ids."""
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def _plan_shards(run: MatchRun) -> list[MatchRunShard]:
    """The shards of a run by its scope: citizens' shards of at most shard_size() citizens and
    openings' shards of at most opening_shard_size() open openings (bounds only)."""
    if run.scope == MatchRun.Scope.OPENING:
        # Counted only: the run reads them itself, closest occupations first (grid.opening_run).
        citizen_ids = []
        run.citizens_count = _scope_citizens(run).count()
    else:
        citizen_ids = list(_scope_citizens(run).order_by("pk").values_list("pk", flat=True))
        run.citizens_count = len(citizen_ids)
    bounds: list[tuple[str, int, int]] = []
    if run.scope != MatchRun.Scope.OPENING:
        side = MatchRunShard.Side.CITIZENS
        bounds += [(side, a, b) for a, b in _bounds(citizen_ids, shard_size())]
    if run.scope == MatchRun.Scope.OPENING:
        # Also with no citizen it can be relevant to: the shard replaces the opening's old rows.
        bounds.append((MatchRunShard.Side.OPENINGS, run.opening_id, run.opening_id))
    elif citizen_ids and run.scope == MatchRun.Scope.ALL:
        opening_ids = list(
            Opening.objects.filter(status=Opening.Status.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        side = MatchRunShard.Side.OPENINGS
        bounds += [(side, a, b) for a, b in _bounds(opening_ids, opening_shard_size())]
    return [
        MatchRunShard(run=run, index=index, side=side, id_from=first, id_to=last)
        for index, (side, first, last) in enumerate(bounds)
    ]


@transaction.atomic
@records_actor
def match_run_start(
    *,
    actor: User | None,
    scope: str = MatchRun.Scope.ALL,
    citizen: Citizen | None = None,
    opening: Opening | None = None,
    team: Team | None = None,
    trigger: str = MatchRun.Trigger.USER,
    dispatch: bool = True,
) -> MatchRun:
    """Queue a match run: all active citizens × open openings, or one citizen, one opening or one
    team. The shards are planned now (bounds only) and sent to Celery after the commit. When the
    broker cannot be reached the run is marked failed with the reason; the caller is not
    disturbed. `actor` is None for runs the system starts (trigger nightly/incremental).
    `dispatch=False` leaves the shards to the caller (seed_demo executes them in its own process
    with grid.tasks.execute_in_process)."""
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

    run = MatchRun(
        scope=scope,
        citizen=citizen if scope == MatchRun.Scope.CITIZEN else None,
        opening=opening if scope == MatchRun.Scope.OPENING else None,
        team=team if scope == MatchRun.Scope.TEAM else None,
        trigger=trigger,
        started_by=actor,
        top_k=current_weights().top_k,
    )
    if actor is not None or trigger == MatchRun.Trigger.USER:
        require(actor, "grid.add_matchrun", run)
    run.save()
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
    # The openings' shards first: each loads every citizen, so they are the long ones, and
    # starting the longest first keeps the workers' finishing times close.
    order = [shard.index for shard in sorted(shards, key=lambda s: s.side != s.Side.OPENINGS)]
    if dispatch:
        transaction.on_commit(lambda: _dispatch(run.pk, order))
    return run


def runs_in_thread() -> bool:
    """The embedded default (no broker, tasks eager): a run executes in the process's background
    thread (core.background), not in the request or command that started it. Off with the
    setting GRID_RUN_IN_THREAD = False (the tests, the benchmark)."""
    return bool(settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "GRID_RUN_IN_THREAD", True))


def _dispatch(run_id: int, shards: list[int]) -> None:
    """Send one task per shard. A broker that cannot be reached fails the run with the reason.
    (A shard that fails is the task's business: grid.tasks marks the run failed with the error.)
    In the embedded default the shards run in the background thread instead; if that thread
    fails outside a shard, or the process stops first, the run is marked failed with why."""
    from .tasks import execute_in_process, run_match_shard

    if runs_in_thread():
        background.submit(
            lambda: execute_in_process(run_id, shards),
            what=f"GRID run {run_id}",
            on_failure=lambda error: _fail_in_background(run_id, error),
        )
        return

    def fail(error: BaseException) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            reason = _(
                "The task queue (Celery broker) could not be reached, so the run was not "
                "started. Try again later or ask IT to check the queue. (%(error)s)"
            ) % {"error": error.__class__.__name__}
        match_run_fail(run_id=run_id, reason=reason)

    send_now(
        run_match_shard,
        [((run_id, index), {}) for index in shards],
        what=f"GRID run {run_id}",
        on_unreachable=fail,
    )


FAIL_RETRIES = 10
FAIL_RETRY_SECONDS = 0.2


def _fail_in_background(run_id: int, error: BaseException) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(error, background.StoppedBeforeDone):
            reason = _("The application stopped before the run was done. Start the run again.")
        else:
            reason = _("The run stopped in the background: %(error)s") % {
                "error": str(error) or error.__class__.__name__
            }
    # The embedded SQLite may be briefly locked by the request that is reading the run: retry a
    # few times rather than leave the run "queued" (the failure must be recorded).
    for attempt in range(FAIL_RETRIES):
        try:
            match_run_fail(run_id=run_id, reason=reason)
            return
        except OperationalError:
            if attempt == FAIL_RETRIES - 1:
                raise
            time.sleep(FAIL_RETRY_SECONDS)


def match_run_fail(*, run_id: int, reason: str) -> None:
    """Mark a run that has not finished as failed, with the reason (shown to the user)."""
    MatchRun.objects.filter(
        pk=run_id, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    ).update(status=MatchRun.Status.FAILED, failure_reason=reason[:500], finished_at=timezone.now())


# --- Executing a shard -----------------------------------------------------------------------

# What every shard of a run on one side needs (all its openings for the citizens' side, all its
# citizens for the openings' side), loaded once per worker process and reused by its other shards.
_run_cache: dict[tuple[int, str], object] = {}


def _cached(run: MatchRun, side: str, load):
    key = (run.pk, side)
    if key not in _run_cache:
        for old in [k for k in _run_cache if k[0] != run.pk]:
            del _run_cache[old]
        _run_cache[key] = load()
    return _run_cache[key]


def _load_side(run: MatchRun, shard: MatchRunShard, on: date):
    """(citizens, openings, placed) for the shard: its own range on its side, and everything of
    the run's scope on the other side. A shard that is its side's only one (Ballerup: one of
    each) reads its side from the same per-worker cache, so a worker loads each side once. (A
    run for one opening reads its citizens itself: grid.opening_run.)"""
    team_id = run.team_id if run.scope == MatchRun.Scope.TEAM else None
    only = (
        run.scope == MatchRun.Scope.ALL
        and not run.shards.filter(side=shard.side).exclude(pk=shard.pk).exists()
    )

    def all_citizens():
        return _cached(
            run,
            "citizens",
            lambda: load_citizens(on=on, id_from=0, id_to=2**62, team_id=team_id),
        )

    def all_openings():
        return _cached(run, "openings", lambda: open_openings(on))

    if shard.side == MatchRunShard.Side.CITIZENS:
        if only:
            citizens, placed = all_citizens()
        else:
            citizens, placed = load_citizens(
                on=on, id_from=shard.id_from, id_to=shard.id_to, team_id=team_id
            )
        if run.scope == MatchRun.Scope.CITIZEN:
            citizens = citizens.take(citizens.ids == run.citizen_id)
        return citizens, all_openings(), placed
    citizens, placed = all_citizens()
    if only:
        openings = all_openings()
    else:
        openings = load_openings(on=on, id_from=shard.id_from, id_to=shard.id_to)
    return citizens, openings, placed


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
    MatchRunShard.objects.filter(pk=shard.pk).update(
        attempts=F("attempts") + 1, started_at=timezone.now()
    )
    on = timezone.localdate()
    citizens_side = shard.side == MatchRunShard.Side.CITIZENS
    t0 = time.perf_counter()
    if run.scope == MatchRun.Scope.OPENING:
        # Its citizens read tier by tier, closest occupations first (grid.opening_run).
        screened = screen_one_opening(
            opening_id=run.opening_id,
            occupation_code=run.opening.occupation_id,
            on=on,
            top_k=run.top_k,
        )
        citizens, openings = screened.citizens, screened.openings
        tables, result = screened.tables, screened.result
        t1 = t0 + screened.load_seconds
    else:
        citizens, openings, placed = _load_side(run, shard, on)
        tables = tables_for(on=on, top_k=run.top_k, placed=placed)
        t1 = time.perf_counter()
        if citizens_side:
            result = engine.screen(citizens, openings, tables)
        else:
            result = engine.screen_openings(citizens, openings, tables)
    explanation = engine.explain(citizens, openings, tables, result)
    t2 = time.perf_counter()
    with transaction.atomic():
        locked = MatchRunShard.objects.select_for_update().get(pk=shard.pk)
        if locked.done:
            return False
        if citizens_side:
            with _run_rows_only():
                if locked.attempts > 1:
                    # Only a shard run again can find rows of its own (its first attempt's
                    # transaction rolled back, or a worker died before acknowledging it). The
                    # first attempt skips the statement: with the run's rows new to the
                    # planner's statistics it read every row of the run so far.
                    Match.objects.filter(
                        run_id=run_id, citizen_id__gte=shard.id_from, citizen_id__lte=shard.id_to
                    ).delete()
                _write_pairs(Match, run_id, result, explanation, rank_column="rank")
                merged = _merge_when_openings_done(run, shard)
        else:
            OpeningCandidate.objects.filter(
                run_id=run_id, opening_id__gte=shard.id_from, opening_id__lte=shard.id_to
            ).delete()
            _write_pairs(OpeningCandidate, run_id, result, explanation, rank_column="opening_rank")
            merged = 0
        _crash_test_pause()
        t3 = time.perf_counter()
        locked.done = True
        # The citizens scored: a citizens' shard's own, a run for one opening's tiers read.
        scored_all = citizens_side or run.scope == MatchRun.Scope.OPENING
        locked.citizens_count = len(citizens) if scored_all else 0
        locked.pairs_considered = result.pairs_considered if citizens_side else 0
        # The exclusion counts are the citizens' side's (every pair once).
        locked.excluded = result.excluded if citizens_side else {}
        # A citizens' shard also counts the rows its merge added (kept for an opening only).
        locked.matches_kept = len(result) + merged
        locked.timings = {
            "load": t1 - t0,
            "score" if citizens_side else "score_openings": t2 - t1,
            "persist": t3 - t2,
        }
        locked.finished_at = timezone.now()
        locked.save()
        MatchRun.objects.filter(pk=run_id).update(shards_done=F("shards_done") + 1)
    _finish(run_id)
    return True


def _merge_when_openings_done(run: MatchRun, shard: MatchRunShard) -> int:
    """If every openings' shard of the run is done, merge their candidates for this citizens'
    shard's range now, in this shard's transaction: the merge is then spread over the workers
    instead of waiting for the last shard. Ranges whose shards finished before the openings'
    side are merged when the run finishes. Returns the rows added."""
    openings = run.shards.filter(side=MatchRunShard.Side.OPENINGS)
    if not openings.exists() or openings.filter(done=False).exists():
        return 0
    return _merge_opening_candidates(run, citizen_ids=(shard.id_from, shard.id_to))


def _crash_test_pause() -> None:
    """For the crash test (tests/integration/test_grid_runs.py): while the file named by
    GRID_CRASH_TEST_PAUSE_FILE exists, a shard waits here, rows written but not committed, so
    the test can kill the worker mid-shard. Unset in production: does nothing."""
    path = os.environ.get("GRID_CRASH_TEST_PAUSE_FILE")
    deadline = time.monotonic() + 60
    while path and os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.2)


_PAIR_COLUMNS = (
    "run_id",
    "citizen_id",
    "opening_id",
    "score",
    "raw_score",
    "track_priority",
    "track_occupation",
    "occupation_level",
    "distance_km",
    "urgency",
    "overdue",
    "kind_fit",
    "language_fit",
)


def _pair_columns(
    run_id: int, result: engine.ScreenResult, ex: engine.Explanation, rank_column: str
) -> dict[str, list]:
    """The kept pairs column by column (Python values, None for NULL), in _PAIR_COLUMNS order
    and then `rank_column`."""
    n = len(result)
    codes = ex.track_code.tolist()
    code_text = {code: f"{code:04d}" if code > 0 else "" for code in set(codes)}
    distances = ex.distance_km.tolist()
    return {
        "run_id": [run_id] * n,
        "citizen_id": result.citizen_ids.tolist(),
        "opening_id": result.opening_ids.tolist(),
        "score": result.scores.tolist(),
        "raw_score": result.raw.tolist(),
        "track_priority": [p or None for p in ex.track_priority.tolist()],
        "track_occupation": [code_text[code] for code in codes],
        "occupation_level": ex.level.tolist(),
        "distance_km": [km if km >= 0 else None for km in distances],
        "urgency": ex.urgency.tolist(),
        "overdue": ex.overdue.astype(bool).tolist(),
        "kind_fit": ex.kind_fit.tolist(),
        "language_fit": ex.language_fit.tolist(),
        rank_column: result.ranks.tolist(),
    }


def _write_pairs(
    model,
    run_id: int,
    result: engine.ScreenResult,
    ex: engine.Explanation,
    *,
    rank_column: str,
) -> None:
    """The kept pairs as rows of `model` (Match or OpeningCandidate), the result's ranks in
    `rank_column`. PostgreSQL: COPY (psycopg 3) of text built column by column. Other
    databases (SQLite, the embedded default): one prepared INSERT run over the rows
    (executemany), like COPY the columns given and NULL for the rest; a few times faster than
    bulk_create, which matters because the shard's transaction holds SQLite's one write lock
    while the pages wait."""
    columns = _pair_columns(run_id, result, ex, rank_column)
    if model is Match:
        columns["status"] = [Match.Status.SUGGESTED.value] * len(result)
        columns["reject_reason"] = [""] * len(result)
    if connection.vendor == "postgresql":
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        text = [_copy_column(values) for values in columns.values()]
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for start in range(0, len(result), 50_000):
                rows = zip(*(column[start : start + 50_000] for column in text), strict=True)
                copy.write("\n".join(map("\t".join, rows)) + "\n")
        return
    quote = connection.ops.quote_name
    # The names are the model's own (quoted); the values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608 (model names quoted, values parameters)
        quote(model._meta.db_table),
        ", ".join(quote(name) for name in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(zip(*columns.values(), strict=True)))


def _copy_column(values: list) -> list[str]:
    """A column in COPY's text format. The values are numbers, booleans and fixed codes (no tab,
    newline or backslash to escape); None is NULL."""
    if values and isinstance(values[0], bool):
        return ["t" if value else "f" for value in values]
    if None in values:
        return ["\\N" if value is None else str(value) for value in values]
    return list(map(str, values))


# --- Finishing a run ---------------------------------------------------------------------------


@contextmanager
def _run_rows_only() -> Iterator[None]:
    """Around statements that write only a run's own rows, before it is shown (a shard's): the
    matches' version is left alone for them (grid/0014), so two workers writing a run's shards
    do not queue on its row. On an error the transaction's rollback undoes the setting."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL grid.run_rows = 'on'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL grid.run_rows = 'off'")


def _matches_changing() -> None:
    """Take the matches' version (grid.models.MatchesVersion) at the start of a write to the
    shown matches. Every such write's first statement renews it anyway (the trigger); taking it
    first puts every writer in the same order, the version before any match row: a proposal
    holding its row and waiting for the version, against a run's merge holding the version and
    renumbering that row, would deadlock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT grid_matches_bump()")


def _finish(run_id: int) -> None:
    """If every shard is done: sum the shards' counts, mark the run done and make it current."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status not in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING):
            return
        shards = run.shards.all()
        if shards.filter(done=False).exists():
            return
        merge_started = time.perf_counter()
        if run.scope == MatchRun.Scope.ALL:
            _refresh_match_statistics()
        kept_only_for_openings = _merge_opening_candidates(run)
        totals = shards.filter(side=MatchRunShard.Side.CITIZENS).aggregate(
            pairs=Sum("pairs_considered"), kept=Sum("matches_kept")
        )
        excluded: dict[str, int] = {}
        timings: dict[str, float] = {}
        for shard_excluded, shard_timings in shards.values_list("excluded", "timings"):
            for reason, count in (shard_excluded or {}).items():
                excluded[reason] = excluded.get(reason, 0) + count
            for phase, seconds in (shard_timings or {}).items():
                timings[phase] = round(timings.get(phase, 0.0) + seconds, 4)
        now = timezone.now()
        started = run.started_at or run.created_at
        timings["merge"] = round(time.perf_counter() - merge_started, 4)
        timings["wall"] = round((now - started).total_seconds(), 4)
        run.pairs_considered = totals["pairs"] or 0
        run.matches_kept = (totals["kept"] or 0) + kept_only_for_openings
        run.excluded = excluded
        run.timings = timings
        run.status = MatchRun.Status.DONE
        run.started_at = started
        run.finished_at = now
        run.save()
        _switch_current(run)
    for key in [k for k in _run_cache if k[0] == run_id]:
        del _run_cache[key]
    if run.scope == MatchRun.Scope.ALL:
        _store_plan(run)


def _refresh_match_statistics() -> None:
    """PostgreSQL: the planner's statistics of the match and candidate tables refreshed before a
    full run's last merge, so before it becomes current. Its rows carry a new run id the
    statistics have never seen, so until autovacuum's ANALYZE comes round the planner would
    count on a handful of rows: the merge could join by a nested loop, and the lists' pages
    would scan the whole run (seconds at 10x Ballerup) instead of reading a few index entries
    (about a millisecond). ANALYZE samples the tables: well under a second."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Match._meta.db_table}, {OpeningCandidate._meta.db_table}")


def _store_plan(run: MatchRun) -> None:
    """A full run's optimal plan, computed once here in the worker (grid.picture.plan_store) so
    the page and the API only read it. A failure is logged; the run stays done."""
    from .picture import plan_store

    try:
        plan_store(run)
    except Exception:
        logger.exception("The optimal plan of run %s could not be computed.", run.pk)


def _merge_opening_candidates(run: MatchRun, *, citizen_ids: tuple[int, int] | None = None) -> int:
    """The openings' side into the run's matches (the candidates of citizens in `citizen_ids`,
    inclusive, or all that are left): a pair that is also among the citizen's top-k gets its
    opening_rank; the others become rows of their own with no citizen rank. The merged
    candidates are deleted. Returns how many rows that added. (Two plain statements: an
    INSERT … ON CONFLICT was no faster, and this way the new rows are counted.)"""
    match, candidate = Match._meta.db_table, OpeningCandidate._meta.db_table
    columns = ", ".join((*_PAIR_COLUMNS, "opening_rank"))
    # m's run and citizen range given outright too, so its side is one index range.
    same_pair = (
        "m.run_id = c.run_id AND m.citizen_id = c.citizen_id AND m.opening_id = c.opening_id "
        "AND m.run_id = %s AND m.citizen_id BETWEEN %s AND %s"
    )
    first, last = citizen_ids if citizen_ids is not None else (0, 2**62)
    in_range = "c.citizen_id BETWEEN %s AND %s"
    # An early merge of one citizens' range (_merge_when_openings_done) runs while the run's rows
    # are new to the planner's statistics; the last one runs after _finish refreshed them.
    guard = connection.vendor == "postgresql" and citizen_ids is not None
    # Table and column names come from the models; values are parameters.
    with connection.cursor() as cursor:
        if guard:
            # The run's rows were just written, so the planner's statistics know none of them
            # and it would join by a nested loop: every match row of the run against every
            # candidate (34 minutes at 10x Ballerup). A hash join reads each side once
            # whatever the estimates; set for these two statements only (this transaction).
            cursor.execute("SELECT set_config('enable_nestloop', 'off', true)")
        cursor.execute(
            f"UPDATE {match} AS m SET opening_rank = c.opening_rank "  # noqa: S608  # nosec B608
            f"FROM {candidate} AS c WHERE c.run_id = %s AND {in_range} AND {same_pair}",
            [run.pk, first, last, run.pk, first, last],
        )
        cursor.execute(
            f"INSERT INTO {match} ({columns}, rank, status, reject_reason) "  # noqa: S608  # nosec B608
            f"SELECT {columns}, NULL, %s, '' FROM {candidate} AS c WHERE c.run_id = %s "
            f"AND {in_range} AND NOT EXISTS (SELECT 1 FROM {match} AS m WHERE {same_pair})",
            [Match.Status.SUGGESTED.value, run.pk, first, last, run.pk, first, last],
        )
        added = cursor.rowcount
        if guard:
            cursor.execute("SELECT set_config('enable_nestloop', 'on', true)")
    OpeningCandidate.objects.filter(run=run, citizen_id__gte=first, citizen_id__lte=last).delete()
    return added


def _switch_current(run: MatchRun) -> None:
    """Make the finished run's matches the ones shown. A run over everything replaces the pointer;
    a narrower run replaces the current run's suggestions within its scope (one transaction), and
    the other side's ranks of what it touched are renumbered (see _renumber)."""
    state, _created = GridState.objects.select_for_update().get_or_create(pk=1)
    _matches_changing()
    current = state.current_run
    if current is not None and _superseded(run, current):
        logger.warning("GRID run %s finished after a newer run; not shown.", run.pk)
        return
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
        touched = set(in_scope.values_list(*_OTHER_SIDE[run.scope]).distinct()) | set(
            Match.objects.filter(run=run).values_list(*_OTHER_SIDE[run.scope]).distinct()
        )
        in_scope.filter(status=Match.Status.SUGGESTED).delete()
        # Pairs already proposed, accepted or rejected (in this or an earlier run: the current
        # run's suggestions in scope are gone) keep their row, marked as refreshed by this run so
        # `?run=<id>` finds everything it produced; the acted rows are few and indexed.
        same_pair = {"citizen_id": OuterRef("citizen_id"), "opening_id": OuterRef("opening_id")}
        Match.objects.exclude(status=Match.Status.SUGGESTED).filter(
            Exists(Match.objects.filter(run=run, **same_pair))
        ).update(refreshed_by=run)
        Match.objects.filter(run=run).filter(
            Exists(Match.objects.filter(run=current, **same_pair))
        ).delete()
        Match.objects.filter(run=run).update(run=current, refreshed_by=run)
        _renumber(run, current, {value for (value,) in touched})
    state.switched_at = timezone.now()
    state.save()


def _superseded(run: MatchRun, current: MatchRun) -> bool:
    """A run older than the current one, or than a finished run of the same scope, finished
    late: its results are older than those shown, so it never replaces them."""
    if run.pk < current.pk:  # ids follow the order the runs were started in
        return True
    if run.scope == MatchRun.Scope.ALL:
        return False
    return MatchRun.objects.filter(
        status=MatchRun.Status.DONE,
        scope=run.scope,
        citizen_id=run.citizen_id,
        opening_id=run.opening_id,
        team_id=run.team_id,
        pk__gt=run.pk,
    ).exists()


# For a scoped run, the side it did not screen: the column its touched rows are grouped by.
_OTHER_SIDE = {
    MatchRun.Scope.CITIZEN: ("opening_id",),
    MatchRun.Scope.TEAM: ("opening_id",),
    MatchRun.Scope.OPENING: ("citizen_id",),
}


def _renumber(run: MatchRun, current: MatchRun, touched: set[int]) -> None:
    """After a scoped run is merged into the current run: the side it did not screen gets its
    ranks back in order. A citizen or team run re-screened its citizens' top-k openings, so the
    openings those rows touch get their opening_rank renumbered over the rows they have (their
    kept top-k and the new rows) by raw score, then citizen id; an opening run re-screened its
    top-k citizens, so those citizens' ranks are renumbered likewise. Beyond top-k the rank is
    cleared, and a suggestion kept on neither side is deleted. (A pair that would enter the other
    side's top-k without being in the screened side's is found by the next full run.)"""
    if not touched:
        return
    if run.scope == MatchRun.Scope.OPENING:
        rank, group, order = "rank", "citizen_id", "opening_id"
        members = Q(rank__isnull=False) | Q(opening_id=run.opening_id)
    else:
        rank, group, order = "opening_rank", "opening_id", "citizen_id"
        members = Q(opening_rank__isnull=False) | Q(pk__in=_scoped_rows(run, current))
    rows = (
        Match.objects.filter(run=current, **{f"{group}__in": touched})
        .filter(members)
        .order_by(group, F("raw_score").desc(), order)
        .values_list("pk", group, rank)
    )
    if connection.vendor == "postgresql":
        # The rows come through a server-side cursor (iterator), which PostgreSQL plans for its
        # first 10 % (cursor_tuple_fraction): that walked the whole run in the lists' order
        # instead of sorting the few hundred rows asked for (0.19 s against 9 ms at 10x
        # Ballerup). Every row is read, so plan for all of them (this transaction only).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    changed, position, last = [], 0, None
    for pk, key, old in rows.iterator(chunk_size=5000):
        position = position + 1 if key == last else 1
        last = key
        new = position if position <= run.top_k else None
        if new != old:
            changed.append(Match(pk=pk, **{rank: new}))
    Match.objects.bulk_update(changed, [rank], batch_size=2000)
    Match.objects.filter(
        run=current, rank__isnull=True, opening_rank__isnull=True, status=Match.Status.SUGGESTED
    ).filter(**{f"{group}__in": touched}).delete()


def _scoped_rows(run: MatchRun, current: MatchRun):
    rows = Match.objects.filter(run=current)
    if run.scope == MatchRun.Scope.CITIZEN:
        return rows.filter(citizen_id=run.citizen_id).values("pk")
    return rows.filter(citizen__team_id=run.team_id).values("pk")


def current_run() -> MatchRun | None:
    state = GridState.objects.select_related("current_run").filter(pk=1).first()
    return state.current_run if state else None


# --- Proposal workflow -------------------------------------------------------------------------


def _locked_match(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("citizen", "opening__workplace__employer")
        .get(pk=match.pk)
    )


@transaction.atomic
@records_actor
def match_propose(*, actor: User, match: Match) -> Match:
    """A caseworker proposes one of their own citizens' matches to the opening's consultant."""
    require(actor, "grid.propose_match")
    _matches_changing()  # before the row lock (see there)
    match = _locked_match(match)
    require(actor, "grid.propose_match", match)
    if match.status != Match.Status.SUGGESTED:
        raise Conflict(_("The match has already been proposed or decided."), code="not_suggested")
    if Match.objects.filter(
        citizen_id=match.citizen_id,
        opening_id=match.opening_id,
        status__in=[Match.Status.PROPOSED, Match.Status.ACCEPTED],
    ).exists():
        raise Conflict(_("The citizen is already proposed for this opening."), code="duplicate")
    _bookable_hours(match)
    match.status = Match.Status.PROPOSED
    match.proposed_by = actor
    match.proposed_at = timezone.now()
    match.save(update_fields=["status", "proposed_by", "proposed_at"])
    return match


def _bookable_hours(match: Match, hours: int | None = None) -> int:
    """The weekly hours to book for the match (grid.hours): `hours` when within the bounds,
    else the most they allow. Conflict when the citizen's maximum is below the opening's
    minimum; ValidationError on `hours` outside the bounds."""
    bounds = match_hours_bounds(match)
    if bounds is None:
        raise Conflict(
            _(
                "The citizen can work at most %(max)s hours a week; the opening needs at least "
                "%(min)s."
            )
            % {"max": match.citizen.max_hours_per_week, "min": match.opening.hours_min},
            code="hours_do_not_fit",
        )
    if hours is None:
        return bounds.high
    if not bounds.holds(hours):
        raise ValidationError(
            {
                "hours": _("Agree on %(low)s to %(high)s hours a week.")
                % {"low": bounds.low, "high": bounds.high}
            }
        )
    return hours


def _check_decider(actor: User, match: Match) -> None:
    require(actor, "grid.decide_match", match)
    if match.status != Match.Status.PROPOSED:
        raise Conflict(_("Only a proposed match can be accepted or rejected."), code="not_proposed")


@transaction.atomic
@records_actor
def match_accept(
    *,
    actor: User,
    match: Match,
    start: date | None = None,
    end: date | None = None,
    merbeskaeftigelse_note: str = "",
    hours: int | None = None,
) -> Match:
    """The opening's consultant accepts a proposed match: the intervention and the placement are
    created and a seat is taken, all in this transaction (citizens.services.intervention_create
    → employers.services.placement_create under row locks), booked with `hours` a week (agreed,
    within the opening's range and the citizen's maximum; default the most both allow,
    grid.hours). Conflict (409) when the opening is full, the rimelighedskrav has no room or the
    hours can't fit; nothing is saved then."""
    from citizens.services import PlacementRequest, intervention_create

    require(actor, "grid.decide_match")
    _matches_changing()  # before the row lock (see there)
    match = _locked_match(match)
    _check_decider(actor, match)
    opening = match.opening
    booked_hours = _bookable_hours(match, hours)
    # Accepting the match plans the citizen's intervention and takes the seat it needs.
    with (
        granted(actor, "citizens.add_intervention", match.citizen),
        granted(actor, "employers.add_placement", opening),
    ):
        intervention = intervention_create(
            actor=actor,
            citizen=match.citizen,
            kind=opening.kind,
            start=start or max(timezone.localdate(), opening.start),
            end=end if end is not None else opening.end,
            hours_per_week=booked_hours,
            note=_("From the GRID (match %(id)s, score %(score)s)")
            % {
                "id": match.pk,
                "score": match.score,
            },
            placement=PlacementRequest(
                opening_id=opening.pk,
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
@records_actor
def match_reject(*, actor: User, match: Match, reason: str) -> Match:
    """The consultant rejects a proposed match with a reason, kept as feedback."""
    require(actor, "grid.decide_match")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for rejecting the match.")})
    _matches_changing()  # before the row lock (see there)
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


def citizens_anonymised(citizen_ids: list[int]) -> None:
    """Retention (citizens.retention, registered as a scrubber): the GRID's words about citizens
    whose closed case is anonymised — an employer's reason for rejecting them, a caseworker's
    reason for declining a request for them. The rows (and so the counts) stay."""
    from citizens.retention import ANONYMISED_TEXT

    from .models import CandidateRequestAnswer

    Match.objects.filter(citizen_id__in=citizen_ids).exclude(reject_reason="").update(
        reject_reason=ANONYMISED_TEXT
    )
    CandidateRequestAnswer.objects.filter(citizen_id__in=citizen_ids).exclude(reason="").update(
        reason=ANONYMISED_TEXT
    )
