"""Reads of the GRID. Every function is given the user and returns only what that user may see:

- a caseworker sees the matches of their own team's citizens (citizens.selectors);
- a consultant sees only candidates PROPOSED to the openings of their own companies, and of those
  only the name and the functional needs (ProposedCandidate): never CPR, notes or unproposed
  citizens;
- a manager and the API client read everything (no CPR is part of a match);
- runs: a caseworker sees the runs of everyone (all, one opening) and of their own team or its
  citizens, never another team's (match_runs_visible_to).
The pages and responses that show citizens are logged by core.access.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens.selectors import TimelineEntry, citizens_visible_to
from core.access import refusal
from core.choices import Accommodation
from core.keyset import Key, SeekPage, merge_seek_pages
from core.models import User
from core.roles import CASEWORKER, CONSULTANT, has_role
from employers.models import Opening

from .hours import match_hours_bounds
from .models import Match, MatchCount, MatchesVersion, MatchRun
from .reasons import exclusion_text, match_reasons, occupation_titles
from .services import current_run


def _require(user: User, perm: str) -> None:
    if not user or not user.is_authenticated or not user.has_perm(perm):
        raise Http404(_("Not found."))


# --- Runs ------------------------------------------------------------------------------------


def match_runs_visible_to(user: User) -> QuerySet[MatchRun]:
    """The runs the user may see. A manager (and anyone who reads every team) sees every run; a
    caseworker the runs of no one team (all citizens, one opening) and those of their own team or
    one of its citizens: never another team's run or its citizen's id."""
    if not user or not user.is_authenticated or not user.has_perm("grid.view_matchrun"):
        return MatchRun.objects.none()
    runs = MatchRun.objects.select_related("started_by", "citizen", "opening", "team")
    if user.has_perm("citizens.view_all_teams"):
        return runs
    if user.team_id is None:
        return runs.filter(team__isnull=True, citizen__isnull=True)
    return runs.filter(
        Q(team__isnull=True) | Q(team_id=user.team_id),
        Q(citizen__isnull=True) | Q(citizen__team_id=user.team_id),
    )


def match_run_status(*, user: User, run_id: int) -> dict:
    """What a progress bar shows: status, progress 0-100, the phase, counts, timings and, when it
    failed, the reason. Http404 when the run does not exist or the user may not see runs."""
    run = match_runs_visible_to(user).filter(pk=run_id).first()
    if run is None:
        raise Http404(_("No such run."))
    if run.status == MatchRun.Status.QUEUED:
        phase = _("Waiting for a worker")
    elif run.status == MatchRun.Status.RUNNING:
        phase = _("Screening: %(done)s of %(total)s parts done") % {
            "done": run.shards_done,
            "total": run.shards_total,
        }
    elif run.status == MatchRun.Status.DONE:
        phase = _("Done")
    else:
        phase = _("Failed")
    return {
        "id": run.pk,
        "scope": run.scope,
        "status": run.status,
        "progress": run.progress,
        "phase": phase,
        "failure_reason": run.failure_reason,
        "shards_total": run.shards_total,
        "shards_done": run.shards_done,
        "citizens": run.citizens_count,
        "openings": run.openings_count,
        "pairs_considered": run.pairs_considered,
        "excluded": run.excluded,
        "matches_kept": run.matches_kept,
        "timings": run.timings,
        "trigger": run.trigger,
        "started_by": str(run.started_by) if run.started_by else "",
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "is_current": current_run() is not None and current_run().pk == run.pk,
    }


# --- Matches ---------------------------------------------------------------------------------


# Above this many proposed/decided pairs, shown_parts hides the repeated suggestions with a
# subquery per row instead of by their ids (a long IN list costs more than it saves).
SHOWN_ACTED_PAIRS_INLINE_MAX = 1000


def shown_parts() -> list[Q]:
    """The two disjoint parts of what is shown: the current run's suggestions (those whose pair
    has not been proposed or decided in an earlier run), and the proposals and decisions of any
    run. Without a current run, only the second.

    Proposals and decisions are few next to a run's suggestions, so their pairs are read first
    and the current run's suggestions with those pairs excluded by id: the list and its COUNT then
    need no subquery per row (an Exists per row made the leader's list take seconds)."""
    run = current_run()
    acted = ~Q(status=Match.Status.SUGGESTED)
    if run is None:
        return [acted]
    suggested_now = Q(run=run) & Q(status=Match.Status.SUGGESTED)
    acted_pairs = set(
        Match.objects.exclude(status=Match.Status.SUGGESTED)
        .order_by()
        .values_list("citizen_id", "opening_id")
        .distinct()[: SHOWN_ACTED_PAIRS_INLINE_MAX + 1]
    )
    if len(acted_pairs) > SHOWN_ACTED_PAIRS_INLINE_MAX:
        earlier_action = Match.objects.filter(
            citizen_id=OuterRef("citizen_id"), opening_id=OuterRef("opening_id")
        ).exclude(status=Match.Status.SUGGESTED)
        return [suggested_now & ~Exists(earlier_action), acted]
    hidden = []
    if acted_pairs:
        candidates = Match.objects.filter(
            run=run,
            status=Match.Status.SUGGESTED,
            citizen_id__in={pair[0] for pair in acted_pairs},
        ).values_list("pk", "citizen_id", "opening_id")
        hidden = [
            pk
            for pk, citizen_id, opening_id in candidates
            if (citizen_id, opening_id) in acted_pairs
        ]
    if hidden:
        suggested_now &= ~Q(pk__in=hidden)
    return [suggested_now, acted]


def shown_matches(queryset: QuerySet[Match]) -> QuerySet[Match]:
    """The current run's rows, plus proposals and decisions of any run; a current suggestion is
    hidden when the same pair has been proposed or decided in an earlier run (shown_parts)."""
    condition = Q()
    for part in shown_parts():
        condition |= part
    return queryset.filter(condition)


def consultant_only(user: User) -> bool:
    """A consultant without access to citizens: sees candidates as ProposedCandidate only."""
    return has_role(user, CONSULTANT) and not user.has_perm("citizens.view_citizen")


def match_list(*, user: User) -> QuerySet[Match]:
    """The matches the user may see (for lists and the API; filter on top)."""
    if not user or not user.is_authenticated or not user.has_perm("grid.view_match"):
        return Match.objects.none()
    base = Match.objects.select_related("citizen", "opening__workplace__employer", "run")
    if consultant_only(user):
        # The own companies' candidates, and the shared queue of companies without a consultant.
        return base.filter(
            Q(opening__workplace__employer__consultant=user)
            | Q(opening__workplace__employer__consultant__isnull=True),
            status__in=[Match.Status.PROPOSED, Match.Status.ACCEPTED, Match.Status.REJECTED],
        ).order_by("-proposed_at", "pk")
    # With the run joined PostgreSQL reads this order (citizen first) through the citizen index
    # and stops after the page (0.9 ms at 10x); without it, it sorted the whole run (280 ms at
    # 10x, 3 s at 100x; measured by make bench).
    return (
        shown_matches(visible_matches(user=user))
        .select_related("run")
        .order_by("citizen_id", F("rank").asc(nulls_last=True), "-score", "pk")
    )


def visible_matches(*, user: User) -> QuerySet[Match]:
    """The matches of the citizens the user may see, every run's rows, before shown_matches:
    only for match_page, which shows them through shown_parts. Empty for a consultant (their
    candidates are match_list's)."""
    if (
        not user
        or not user.is_authenticated
        or not user.has_perm("grid.view_match")
        or not user.has_perm("citizens.view_citizen")
        or consultant_only(user)
    ):
        return Match.objects.none()
    matches = Match.objects.select_related("citizen", "opening__workplace__employer")
    if user.has_perm("citizens.view_all_teams"):
        # citizens_visible_to gives such a user every citizen: no semi-join over the whole
        # population (a third of the API list's count at 10x Ballerup).
        return matches
    return matches.filter(citizen__in=citizens_visible_to(user))


# The matches lists' order: by citizen, the citizen's best first (rows kept only for the
# opening's side last), the pk breaking ties. A keyset (core.keyset) over it, read through the
# unique index (run, citizen, opening) for the current run's suggestions.
RANK_LAST = 32767  # after every rank (a PositiveSmallIntegerField)
MATCH_COUNT_CAP = 1000  # the lists count their matches up to this many ("more than 1,000")
MATCH_PAGE_KEYS = (
    Key("citizen_id"),
    Key("rank_key"),
    Key("score", descending=True),
    Key("pk"),
)


def match_page(queryset: QuerySet[Match], *, after: str | None, size: int) -> SeekPage:
    """One page of the shown matches among `queryset` (visible_matches, filtered), in the lists'
    order, after the ?after= token: the current run's suggestions and the proposals and
    decisions each read through their own index (no full scan, no full count: more than 1,000
    are counted as "more than 1,000")."""
    ordered = queryset.annotate(rank_key=Coalesce("rank", Value(RANK_LAST)))
    return merge_seek_pages(
        [ordered.filter(part) for part in shown_parts()],
        keys=MATCH_PAGE_KEYS,
        after=after,
        size=size,
        count_cap=MATCH_COUNT_CAP,
        sort_key=lambda row: (row.citizen_id, row.rank_key, -row.score, row.pk),
    )


def matches_version() -> int | None:
    """The matches' version (grid.models.MatchesVersion: new on every write to the match table
    but a run's own rows before it is shown), or None where no trigger keeps it (SQLite)."""
    return MatchesVersion.current()


_TABLES_READ = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')


def match_count(queryset: QuerySet[Match]) -> int:
    """The exact number of rows in `queryset` (the API's `count`). Counting every team's shown
    matches reads the whole current run, 5.3 million rows and about 0.4 s at national scale, on
    every page; so a count that reads the match table alone is kept (grid.models.MatchCount,
    shared by every process) under the matches' version and its query, and counted again only
    after a write to the table. The version is read first: a count kept under it is at least as
    new as it. A count that also reads other tables (a caseworker's team, a filter on the
    opening) is counted each time."""
    version = matches_version()
    if version is None:
        return queryset.count()
    sql, params = queryset.order_by().select_related(None).query.sql_with_params()
    if set(_TABLES_READ.findall(sql)) != {Match._meta.db_table}:
        return queryset.count()
    query = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    kept = (
        MatchCount.objects.filter(version=version, query=query)
        .values_list("rows", flat=True)
        .first()
    )
    if kept is not None:
        return kept
    rows = queryset.count()
    MatchCount.objects.filter(version__lt=version).delete()
    MatchCount.objects.bulk_create(
        [MatchCount(version=version, query=query, rows=rows)], ignore_conflicts=True
    )
    return rows


MINE, TEAM = "mine", "team"


def scoped_to_person(queryset: QuerySet[Match], *, user: User, scope: str) -> QuerySet[Match]:
    """A caseworker's matches narrowed to their own caseload (`mine`) or the team's (`team`:
    everything match_list gives them); other roles are not narrowed."""
    if scope == MINE and has_role(user, CASEWORKER) and not consultant_only(user):
        return queryset.filter(citizen__caseworker=user)
    return queryset


def of_run(queryset: QuerySet[Match], run_id: int) -> QuerySet[Match]:
    """The rows a run produced: a full run's own rows, and the rows a scoped run merged into the
    current run or refreshed there (Match.refreshed_by)."""
    return queryset.filter(Q(run_id=run_id) | Q(refreshed_by_id=run_id))


def matches_for_citizen(*, user: User, citizen_id: int) -> list[Match]:
    """A citizen's matches, best first, each with `reasons` (Danish in the UI). Only for users who
    may see the citizen (the page or response showing them logs the access). Http404 otherwise."""
    if (
        not user.has_perm("grid.view_match")
        or not citizens_visible_to(user).filter(pk=citizen_id).exists()
    ):
        raise refusal(Http404(_("No such citizen.")), citizen_id)  # logged (core.access)
    rows = list(
        shown_matches(
            Match.objects.filter(citizen_id=citizen_id).select_related(
                "citizen", "opening__workplace__employer", "opening__occupation"
            )
        ).order_by("-score", F("rank").asc(nulls_last=True), "pk")
    )
    _attach_reasons(rows)
    return rows


@dataclass(frozen=True)
class ProposedCandidate:
    """What a consultant sees of a proposed citizen: the first and last name, the skånebehov the
    citizen agreed to share, the hours (the citizen's maximum, the hours that may be booked and,
    once accepted, the booked ones) — nothing else: no score, rank, reasons, distance, deadlines,
    job goal, segment or CPR."""

    match_id: int
    opening_id: int
    first_name: str
    last_name: str
    accommodations: list[str]  # labels of the shared skånebehov
    accommodation_codes: list[str]  # their codes (the API)
    max_hours_per_week: int | None
    hours_low: int | None  # the hours that may be booked (grid.hours); None: they can't fit
    hours_high: int | None
    booked_hours: int | None
    status: str
    proposed_at: object
    decided_at: object = None
    reject_reason: str = ""
    # The citizen behind the row, for the access log (core.access); never shown or serialised.
    citizen: object = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def proposed_candidate(row: Match) -> ProposedCandidate:
    """A match as its consultant sees it."""
    citizen = row.citizen
    bounds = match_hours_bounds(row)
    intervention = row.intervention if row.intervention_id else None
    shared = [
        code
        for code in citizen.shared_accommodations or []
        if code in Accommodation.values and code in (citizen.accommodations or [])
    ]
    return ProposedCandidate(
        match_id=row.pk,
        opening_id=row.opening_id,
        first_name=citizen.first_name,
        last_name=citizen.last_name,
        accommodations=[str(Accommodation(code).label) for code in shared],
        accommodation_codes=shared,
        max_hours_per_week=citizen.max_hours_per_week,
        hours_low=bounds.low if bounds else None,
        hours_high=bounds.high if bounds else None,
        booked_hours=intervention.hours_per_week if intervention else None,
        status=row.status,
        proposed_at=row.proposed_at,
        decided_at=row.decided_at,
        reject_reason=row.reject_reason,
        citizen=citizen,
    )


def matches_for_opening(*, user: User, opening_id: int) -> list:
    """An opening's candidates. A consultant gets ProposedCandidate rows for proposed (and decided)
    matches of their own companies' openings only; a caseworker gets the matches of their own
    team's citizens; a manager all. Http404 when the user may not see the opening's matches."""
    if not user.has_perm("grid.view_match"):
        raise Http404(_("No such opening."))
    opening = Opening.objects.select_related("workplace__employer").filter(pk=opening_id).first()
    if opening is None:
        raise Http404(_("No such opening."))
    if consultant_only(user):
        if opening.workplace.employer.consultant_id not in (None, user.pk):
            raise Http404(_("No such opening."))
        rows = match_list(user=user).filter(opening_id=opening_id)
        return [proposed_candidate(row) for row in rows.select_related("intervention")]
    rows = list(
        match_list(user=user)
        .filter(opening_id=opening_id)
        .order_by(F("opening_rank").asc(nulls_last=True), "-score", "pk")
    )
    _attach_reasons(rows)
    return rows


def candidates_for_consultant(*, user: User) -> list[tuple[Opening, list[ProposedCandidate]]]:
    """The consultant's own companies' openings with their proposed (and decided) candidates as
    ProposedCandidate rows, newest proposal first. Empty for everyone else."""
    if not user.has_perm("grid.view_match") or not consultant_only(user):
        return []
    rows = match_list(user=user).select_related("opening__workplace__employer", "intervention")
    grouped: dict[int, tuple[Opening, list[ProposedCandidate]]] = {}
    for row in rows:
        grouped.setdefault(row.opening_id, (row.opening, []))[1].append(proposed_candidate(row))
    return list(grouped.values())


def _attach_reasons(rows: list[Match]) -> None:
    titles = occupation_titles(row.track_occupation for row in rows)
    for row in rows:
        row.reasons = match_reasons(row, titles=titles)


# --- Why not? ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exclusion:
    opening_id: int
    opening_title: str
    reason: str  # a code of grid.engine.EXCLUSION_REASONS, no_occupation_fit or not_in_top_k
    text: str


def explain_exclusions(*, user: User, citizen_id: int, on: date | None = None) -> list[Exclusion]:
    """For one citizen: every open opening that is not among the citizen's matches, with the
    first hard limit (or relevance rule) that excluded it. Computed now, in pure Python through
    the engine's pair definition (grid.engine.pair_raw_score)."""
    from . import engine
    from .loading import load_citizens, load_openings, tables_for

    if (
        not user.has_perm("grid.view_match")
        or not citizens_visible_to(user).filter(pk=citizen_id).exists()
    ):
        raise refusal(Http404(_("No such citizen.")), citizen_id)  # logged (core.access)
    on = on or timezone.localdate()
    citizens, placed = load_citizens(on=on, id_from=citizen_id, id_to=citizen_id)
    openings = load_openings(on=on)
    titles = dict(Opening.objects.filter(pk__in=openings.ids.tolist()).values_list("pk", "title"))
    if len(citizens) == 0:
        return [
            Exclusion(oid, titles.get(oid, ""), "inactive", exclusion_text("inactive"))
            for oid in openings.ids.tolist()
        ]
    tables = tables_for(on=on, placed=placed)
    kept = set(engine.screen(citizens, openings, tables).opening_ids.tolist())
    out = []
    for j, oid in enumerate(openings.ids.tolist()):
        if oid in kept:
            continue
        _raw, reason = engine.pair_raw_score(citizens, 0, openings, j, tables)
        reason = reason or "not_in_top_k"
        out.append(Exclusion(oid, titles.get(oid, ""), reason, exclusion_text(reason)))
    return out


# --- Timeline --------------------------------------------------------------------------------


def match_timeline_entries(citizen) -> list[TimelineEntry]:
    """The citizen's GRID steps for citizens.selectors.citizen_timeline: proposed, accepted,
    rejected (with the reason)."""
    entries = []
    for match in (
        Match.objects.filter(citizen=citizen)
        .exclude(status=Match.Status.SUGGESTED)
        .select_related("opening__workplace__employer", "proposed_by", "decided_by")
    ):
        where = f"{match.opening.title}, {match.opening.workplace.employer.name}"
        if match.proposed_at:
            entries.append(
                TimelineEntry(
                    when=timezone.localdate(match.proposed_at),
                    kind="grid_proposed",
                    title=_("Proposed for an opening (GRID)"),
                    detail=where,
                    actor=str(match.proposed_by or ""),
                )
            )
        if match.decided_at:
            accepted = match.status == Match.Status.ACCEPTED
            entries.append(
                TimelineEntry(
                    when=timezone.localdate(match.decided_at),
                    kind="grid_accepted" if accepted else "grid_rejected",
                    title=_("Accepted by the employer (GRID)")
                    if accepted
                    else _("Rejected by the employer (GRID)"),
                    detail=where if accepted else f"{where}: {match.reject_reason}",
                    actor=str(match.decided_by or ""),
                )
            )
    return entries


# --- The picture (managers) --------------------------------------------------------------------


def optimal_plan(*, user: User, run_id: int | None = None):
    """The capacity-aware optimal assignment of the current (or given) run's matches beside the
    greedy one: how many more placements and how much more score (grid.models.RunPlan, computed
    once when the run finished; `data` as grid.picture.plan_as_data). A suggestion for
    managers, never carried out automatically."""
    from .picture import plan_of

    _require(user, "grid.view_grid_picture")
    run = current_run() if run_id is None else MatchRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404(_("No such run."))
    return plan_of(run)


def supply_demand(*, user: User, query=None) -> dict:
    """Supply against demand at a DISCO level, by kind and postcode, with the campaign list
    (grid.supply_demand.picture; `query` a grid.supply_demand.Query, default the major groups).
    Counts only, no citizen: for the leder and the consultants."""
    from .supply_demand import Query, picture

    _require(user, "grid.view_supply_demand")
    return picture(query or Query())


def fairness_report(*, user: User, run_id: int | None = None) -> dict:
    """Match and proposal rates by gender, segment and age band (grid.picture.fairness_rates)."""
    from .picture import fairness_rates

    _require(user, "grid.view_grid_picture")
    run = current_run() if run_id is None else MatchRun.objects.filter(pk=run_id).first()
    return fairness_rates(run)
