"""The GRID picture for managers: the optimal plan against the greedy one and the fairness report
(supply against demand: grid.supply_demand). Reads only; grid.selectors check the permission."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Count
from django.utils import timezone

from employers.models import Opening
from employers.rules import RIMELIGHEDSKRAV_KINDS, active_on_q

from .loading import active_citizens, int64_columns, rimelighedskrav_free_places
from .models import Match, MatchRun, RunPlan

# --- The plan ----------------------------------------------------------------------------------


@dataclass
class Plan:
    """An assignment of citizens to free seats among the kept matches."""

    assignments: list[tuple[int, int, int]]  # (citizen id, opening id, score)
    placements: int
    total_score: int
    seconds: float


@dataclass
class PlanComparison:
    optimal: Plan
    greedy: Plan
    edges: int
    more_placements: int = field(init=False)
    more_score: int = field(init=False)

    def __post_init__(self) -> None:
        self.more_placements = self.optimal.placements - self.greedy.placements
        self.more_score = self.optimal.total_score - self.greedy.total_score


@dataclass
class PlanInput:
    citizen: np.ndarray  # int64 per edge
    opening: np.ndarray  # int64 per edge
    score: np.ndarray  # int64 per edge
    seats: dict[int, int]  # opening id -> free seats
    workplace_of: dict[int, int]  # opening id -> workplace id (rimelighedskrav kinds only)
    room: dict[int, int]  # workplace id -> free places under the rimelighedskrav


def plan_input(run: MatchRun, *, on: date | None = None) -> PlanInput:
    """The run's suggested matches and the capacities: free seats per opening and, for praktik,
    løntilskud and nyttejob, the free places of the workplace's rimelighedskrav."""
    on = on or timezone.localdate()
    rows = int64_columns(
        Match.objects.filter(run=run, status=Match.Status.SUGGESTED),
        "citizen_id",
        "opening_id",
        "score",
    )
    opening_ids = np.unique(rows[:, 1]).tolist()
    active = active_on_q(on, "placements__")
    seats, workplace_of = {}, {}
    for oid, total, used, kind, workplace in (
        Opening.objects.filter(pk__in=opening_ids)
        .annotate(used=Count("placements", filter=active))
        .values_list("pk", "seats", "used", "kind", "workplace_id")
    ):
        seats[oid] = max(total - used, 0)
        if kind in RIMELIGHEDSKRAV_KINDS:
            workplace_of[oid] = workplace
    room = rimelighedskrav_free_places(set(workplace_of.values()), on) if workplace_of else {}
    return PlanInput(rows[:, 0], rows[:, 1], rows[:, 2], seats, workplace_of, room)


def plan_greedy(data: PlanInput) -> Plan:
    """Best score first: each match is taken if its citizen is free and a seat (and room) is."""
    started = time.perf_counter()
    order = np.lexsort((data.opening, data.citizen, -data.score))
    seats = dict(data.seats)
    room = dict(data.room)
    placed: set[int] = set()
    assignments = []
    citizens, openings, scores = data.citizen.tolist(), data.opening.tolist(), data.score.tolist()
    for i in order.tolist():
        cid, oid = citizens[i], openings[i]
        if cid in placed or seats.get(oid, 0) <= 0:
            continue
        workplace = data.workplace_of.get(oid)
        if workplace is not None and room.get(workplace, 0) <= 0:
            continue
        placed.add(cid)
        seats[oid] -= 1
        if workplace is not None:
            room[workplace] -= 1
        assignments.append((cid, oid, scores[i]))
    return Plan(
        assignments,
        len(assignments),
        sum(s for _, _, s in assignments),
        time.perf_counter() - started,
    )


def plan_optimal(data: PlanInput) -> Plan:
    """Min-cost max-flow (OR-tools): source → citizen (1) → opening (1, cost −score) → [workplace
    (its rimelighedskrav room)] → sink (free seats). The most placements possible, and among
    those the highest total score."""
    from ortools.graph.python import min_cost_flow

    started = time.perf_counter()
    keep = np.array([data.seats.get(o, 0) > 0 for o in data.opening.tolist()], dtype=bool)
    citizen, opening, score = data.citizen[keep], data.opening[keep], data.score[keep]
    if len(citizen) == 0:
        return Plan([], 0, 0, time.perf_counter() - started)
    c_ids, c_node = np.unique(citizen, return_inverse=True)
    o_ids, o_node = np.unique(opening, return_inverse=True)
    workplaces = sorted({data.workplace_of[o] for o in o_ids.tolist() if o in data.workplace_of})
    w_index = {w: i for i, w in enumerate(workplaces)}
    source, sink = 0, 1
    c_base = 2
    o_base = c_base + len(c_ids)
    w_base = o_base + len(o_ids)
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = [np.full(len(c_ids), source), c_base + c_node.reshape(-1)]
    heads = [c_base + np.arange(len(c_ids)), o_base + o_node.reshape(-1)]
    caps = [np.ones(len(c_ids)), np.ones(len(citizen))]
    costs = [np.zeros(len(c_ids)), -score]
    for j, oid in enumerate(o_ids.tolist()):
        workplace = data.workplace_of.get(oid)
        target = sink if workplace is None else w_base + w_index[workplace]
        tails.append(np.array([o_base + j]))
        heads.append(np.array([target]))
        caps.append(np.array([data.seats[oid]]))
        costs.append(np.zeros(1))
    for workplace, i in w_index.items():
        tails.append(np.array([w_base + i]))
        heads.append(np.array([sink]))
        caps.append(np.array([data.room.get(workplace, 0)]))
        costs.append(np.zeros(1))
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    # Max flow with min cost: as many placements as the capacities allow (at most one per
    # citizen), and the least cost, i.e. the highest total score, among them.
    flow.set_node_supply(source, len(c_ids))
    flow.set_node_supply(sink, -len(c_ids))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow status {status}")
    edge_arcs = arcs[len(c_ids) : len(c_ids) + len(citizen)]
    used = np.asarray(flow.flows(edge_arcs)) > 0
    assignments = list(
        zip(citizen[used].tolist(), opening[used].tolist(), score[used].tolist(), strict=True)
    )
    return Plan(
        assignments,
        len(assignments),
        sum(s for _, _, s in assignments),
        time.perf_counter() - started,
    )


def plan_compare(run: MatchRun) -> PlanComparison:
    data = plan_input(run)
    return PlanComparison(
        optimal=plan_optimal(data), greedy=plan_greedy(data), edges=len(data.citizen)
    )


def plan_as_data(comparison: PlanComparison) -> dict:
    """The comparison as stored and as the API gives it (without the run's id)."""

    def plan(p: Plan) -> dict:
        return {
            "placements": p.placements,
            "total_score": p.total_score,
            "seconds": round(p.seconds, 4),
            "assignments": [{"citizen": c, "opening": o, "score": s} for c, o, s in p.assignments],
        }

    return {
        "edges": comparison.edges,
        "more_placements": comparison.more_placements,
        "more_score": comparison.more_score,
        "optimal": plan(comparison.optimal),
        "greedy": plan(comparison.greedy),
    }


def plan_store(run: MatchRun) -> RunPlan:
    """Compute the run's plan once and keep it (the worker does this when a full run finishes;
    the page and the API only read it)."""
    started = time.perf_counter()
    data = plan_as_data(plan_compare(run))
    stored, _ = RunPlan.objects.update_or_create(
        run=run, defaults={"data": data, "seconds": round(time.perf_counter() - started, 4)}
    )
    return stored


def plan_of(run: MatchRun) -> RunPlan | None:
    """The run's stored plan; a finished run without one (finished before plans were stored)
    gets it computed now, once."""
    stored = RunPlan.objects.filter(run=run).first()
    if stored is None and run.status == MatchRun.Status.DONE:
        stored = plan_store(run)
    return stored


# --- Fairness ----------------------------------------------------------------------------------

AGE_BANDS = (
    (0, 25, "under 25"),
    (25, 30, "25-29"),
    (30, 40, "30-39"),
    (40, 50, "40-49"),
    (50, 60, "50-59"),
    (60, 200, "60+"),
)


def _band(age: int) -> str:
    return next(label for low, high, label in AGE_BANDS if low <= age < high)


def fairness_rates(run: MatchRun | None, *, on: date | None = None) -> dict:
    """Match rate (share of active citizens with at least one kept match in the run) and proposal
    rate (share proposed for an opening) by gender (from CPR), segment and age band. The score
    never uses gender or age; this report is where a bias would show."""
    on = on or timezone.localdate()
    matched = set()
    if run is not None:
        matched = set(Match.objects.filter(run=run).values_list("citizen_id", flat=True).distinct())
    proposed = set(
        Match.objects.exclude(status=Match.Status.SUGGESTED)
        .values_list("citizen_id", flat=True)
        .distinct()
    )
    tallies: dict[str, dict[str, list[int]]] = {"gender": {}, "segment": {}, "age_band": {}}
    for cid, gender, segment, born in active_citizens().values_list(
        "pk", "gender", "segment", "birth_date"
    ):
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        for dimension, value in (
            ("gender", gender),
            ("segment", segment),
            ("age_band", _band(age)),
        ):
            row = tallies[dimension].setdefault(value, [0, 0, 0])
            row[0] += 1
            row[1] += cid in matched
            row[2] += cid in proposed
    return {
        dimension: [
            {
                "value": value,
                "citizens": total,
                "matched": hit,
                "match_rate": round(hit / total, 3) if total else 0.0,
                "proposed": prop,
                "proposal_rate": round(prop / total, 3) if total else 0.0,
            }
            for value, (total, hit, prop) in sorted(rows.items())
        ]
        for dimension, rows in tallies.items()
    }
