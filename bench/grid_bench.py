"""GRID benchmark: figures and ratios in one run (`make bench`, or `python bench/grid_bench.py`).

Measures, on PostgreSQL (the demo data from seed_demo, seeded once into its own databases):
- Ballerup scale (seed_demo): a whole match run end-to-end (plan shards, load, score, persist
  with COPY, switch) in-process; the optimal plan against greedy.
- National scale (seed_demo --scale 100): loading; scoring + top-20 on one core and on two
  (two forked processes, each half of the citizens); peak memory; the unblocked numpy kernel and
  the pure-Python pair loop, both estimated from a sample and checked to give the same top-k as
  the blocked kernel on that sample; the optimal plan on the national top-20 graph.
- The openings' side at national scale: each opening's top-20 citizens, one core.
- Two Celery workers against one (seed_demo --scale 10, Redis): parallel efficiency.
- With --national-celery: one whole national run through two Celery workers.
No figure is a test: misses are printed as misses.

Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432), BENCH_REDIS
(default redis://127.0.0.1:6379/12), BENCH_DB_PREFIX (default bench_grid_; databases
<prefix>1, <prefix>10, <prefix>100 are created and seeded when missing: the national one takes
about 10 minutes the first time). Flags: --skip-national, --skip-celery, --national-celery.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/12")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench_grid_")
SEED = "2750"


def db_url(scale: int) -> str:
    return f"{PG}/{PREFIX}{scale}"


def env_for(scale: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="ballerup_jobcenter.settings.test",
        DATABASE_URL=db_url(scale),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def ensure_database(scale: int) -> None:
    import psycopg

    name = f"{PREFIX}{scale}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    env = env_for(scale)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"  seeding {name} (scale {scale}) if empty ...", flush=True)
    subprocess.run(
        [
            PY,
            "manage.py",
            "seed_demo",
            "--scale",
            str(scale),
            "--seed",
            SEED,
            "--if-empty",
            "--no-first-run",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def measure(scale: int, what: str, **extra: str) -> dict:
    """Run one measurement in a fresh process (its own peak memory), return its JSON."""
    out = subprocess.run(
        [PY, str(Path(__file__).resolve()), "--measure", what],
        cwd=ROOT,
        env=env_for(scale, **extra),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Measurements (run inside a Django process) ----------------------------------------------


def _django() -> None:
    import django
    from django.conf import settings

    django.setup()
    # Time the runs in this thread, not in the embedded default's background thread.
    settings.GRID_RUN_IN_THREAD = False


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_ballerup() -> dict:
    _django()
    from grid.models import Match, MatchRun
    from grid.picture import plan_compare
    from grid.services import match_run_start, matches_prune

    match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)  # warm-up (imports, caches)
    walls, runs = [], []
    for _ in range(3):
        matches_prune()
        started = time.perf_counter()
        run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
        walls.append(time.perf_counter() - started)
        run.refresh_from_db()
        runs.append(run)
    run = runs[-1]
    plan = plan_compare(run)
    return {
        "run_seconds": sorted(walls)[1],
        "run_seconds_all": walls,
        "status": run.status,
        "citizens": run.citizens_count,
        "openings": run.openings_count,
        "pairs_considered": run.pairs_considered,
        "matches": Match.objects.filter(run=run).count(),
        "phases": run.timings,
        "plan_optimal_seconds": plan.optimal.seconds,
        "plan_greedy_seconds": plan.greedy.seconds,
        "plan_optimal_placements": plan.optimal.placements,
        "plan_greedy_placements": plan.greedy.placements,
        "plan_edges": plan.edges,
    }


def _screen_half(args):
    citizens, openings, tables = _SHARED
    import numpy as np

    from grid import engine

    part, parts = args
    index = np.arange(part, len(citizens), parts)
    started, cpu = time.perf_counter(), time.process_time()
    result = engine.screen(citizens.take(index), openings, tables)
    done = time.perf_counter()
    seconds, cpu = done - started, time.process_time() - cpu
    # perf_counter is CLOCK_MONOTONIC, one clock for the parent and its forked children.
    return result.citizen_ids, result.opening_ids, result.scores, seconds, cpu, done


_SHARED = None


def measure_national() -> dict:
    global _SHARED
    _django()
    import multiprocessing

    import numpy as np
    from django.utils import timezone

    from grid import engine
    from grid.loading import load_citizens, load_openings, tables_for
    from grid.picture import PlanInput, plan_greedy, plan_optimal

    on = timezone.localdate()
    started = time.perf_counter()
    openings = load_openings(on=on)
    citizens, placed = load_citizens(on=on, id_from=0, id_to=2**62)
    tables = tables_for(on=on, top_k=20, placed=placed)
    load_seconds = time.perf_counter() - started
    memory_after_load = _peak_mb()

    one_core, one_core_cpu = [], []
    for _ in range(2):
        started, cpu = time.perf_counter(), time.process_time()
        result = engine.screen(citizens, openings, tables)
        one_core.append(time.perf_counter() - started)
        one_core_cpu.append(time.process_time() - cpu)
    peak = _peak_mb()

    _SHARED = (citizens, openings, tables)
    context = multiprocessing.get_context("fork")
    two_core, two_core_halves, two_core_returned = [], [], []
    for _ in range(3):
        with context.Pool(2) as pool:
            pool.map(abs, [0, 1])  # the workers are forked and idle before the clock starts
            started = time.perf_counter()
            halves = pool.map(_screen_half, [(0, 2), (1, 2)])
            returned = time.perf_counter()
        # Both halves scored and ranked in their own processes (as two workers would before
        # persisting); shipping the arrays back to this process is reported apart.
        two_core.append(max(half[5] for half in halves) - started)
        two_core_returned.append(returned - started)
        two_core_halves.append([(half[3], half[4]) for half in halves])
    pairs = {
        (c, o, s)
        for half in halves
        for c, o, s in zip(half[0].tolist(), half[1].tolist(), half[2].tolist(), strict=True)
    }
    same_two = pairs == set(
        zip(
            result.citizen_ids.tolist(),
            result.opening_ids.tolist(),
            result.scores.tolist(),
            strict=True,
        )
    )

    # The unblocked numpy kernel and the pure-Python loop on samples, extrapolated linearly in
    # the number of citizens (every citizen is scored against every opening there).
    rng = np.random.default_rng(1)
    sample = np.sort(rng.choice(len(citizens), 2000, replace=False))
    small = citizens.take(sample)
    started = time.perf_counter()
    blocked_small = engine.screen(small, openings, tables)
    blocked_small_seconds = time.perf_counter() - started
    started = time.perf_counter()
    unblocked_small = engine.screen_unblocked(small, openings, tables)
    unblocked_seconds = (time.perf_counter() - started) * len(citizens) / len(sample)
    tiny = citizens.take(sample[:4])
    started = time.perf_counter()
    python_tiny = engine.screen_python(tiny, openings, tables)
    python_seconds = (time.perf_counter() - started) * len(citizens) / len(tiny.ids)
    blocked_tiny = engine.screen(tiny, openings, tables)

    # The openings' side: every opening's top-20 citizens, one core; checked against the
    # pure-Python pair loop for a few openings (every citizen against each of them).
    started = time.perf_counter()
    per_opening = engine.screen_openings(citizens, openings, tables)
    openings_side_seconds = time.perf_counter() - started
    openings_side_rows, openings_side_pairs = len(per_opening), per_opening.pairs_considered
    opening_sample = np.sort(rng.choice(np.flatnonzero(openings.free), 3, replace=False))
    few = openings.take(opening_sample)
    same_openings_side = (
        engine.screen_openings(citizens, few, tables).as_opening_sets()
        == engine.screen_openings_python(citizens, few, tables).as_opening_sets()
    )

    # The optimal plan on the national top-20 graph (in memory, not persisted).
    from employers.models import Opening

    seats = dict(Opening.objects.filter(status="open").values_list("pk", "seats"))
    plan_data = PlanInput(
        result.citizen_ids.astype(np.int64),
        result.opening_ids.astype(np.int64),
        result.scores.astype(np.int64),
        seats,
        {},
        {},
    )
    optimal = plan_optimal(plan_data)
    greedy = plan_greedy(plan_data)
    return {
        "citizens": len(citizens),
        "openings": len(openings),
        "free_openings": int(openings.free.sum()),
        "load_seconds": load_seconds,
        "one_core_seconds": min(one_core),
        "one_core_cpu_seconds": min(one_core_cpu),
        "two_core_seconds": min(two_core),
        "two_core_returned_seconds": two_core_returned[two_core.index(min(two_core))],
        "two_core_halves": two_core_halves[two_core.index(min(two_core))],
        "openings_side_seconds": openings_side_seconds,
        "openings_side_rows": openings_side_rows,
        "openings_side_pairs": openings_side_pairs,
        "same_openings_side_python": same_openings_side,
        "openings_side_sample": len(opening_sample),
        "same_top_k_two_cores": same_two,
        "peak_mb": peak,
        "memory_after_load_mb": memory_after_load,
        "matches": len(result),
        "pairs_considered": result.pairs_considered,
        "excluded": result.excluded,
        "sample_citizens": len(sample),
        "blocked_sample_seconds": blocked_small_seconds,
        "unblocked_estimated_seconds": unblocked_seconds,
        "same_top_k_unblocked": blocked_small.as_sets() == unblocked_small.as_sets(),
        "python_sample_citizens": len(tiny.ids),
        "python_estimated_seconds": python_seconds,
        "same_top_k_python": blocked_tiny.as_sets() == python_tiny.as_sets(),
        "plan_edges": len(result),
        "plan_optimal_seconds": optimal.seconds,
        "plan_greedy_seconds": greedy.seconds,
        "plan_optimal_placements": optimal.placements,
        "plan_greedy_placements": greedy.placements,
    }


def measure_celery_run() -> dict:
    """One full run through the broker (workers started by the caller); seconds to done."""
    _django()
    from grid.models import MatchRun
    from grid.services import match_run_start, matches_prune

    matches_prune()
    started = time.perf_counter()
    run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    while True:
        run.refresh_from_db()
        if run.status in ("done", "failed"):
            break
        time.sleep(0.05)
    return {
        "seconds": time.perf_counter() - started,
        "status": run.status,
        "reason": run.failure_reason,
        "shards": run.shards_total,
        "phases": run.timings,
        "matches": run.matches_kept,
    }


@contextlib.contextmanager
def celery_workers(scale: int, count: int, extra: dict[str, str]):
    """`count` Celery worker processes (concurrency 1 each) on their own queue."""
    workers = []
    for n in range(count):
        workers.append(
            subprocess.Popen(
                [
                    PY,
                    "-m",
                    "celery",
                    "-A",
                    "ballerup_jobcenter",
                    "worker",
                    "-Q",
                    extra["CELERY_TASK_DEFAULT_QUEUE"],
                    "--concurrency",
                    "1",
                    "--pool",
                    "prefork",
                    "--loglevel",
                    "WARNING",
                    "--hostname",
                    f"{extra['CELERY_TASK_DEFAULT_QUEUE']}-{n}@%h",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env_for(scale, **extra),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
    time.sleep(8)  # let them connect
    try:
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)


def _queue(shard_size: str) -> dict[str, str]:
    return {
        "CELERY_BROKER_URL": REDIS,
        "CELERY_TASK_DEFAULT_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
        "GRID_SHARD_SIZE": shard_size,
    }


def celery_efficiency(scale: int) -> dict:
    extra = _queue(os.environ.get("BENCH_GRID_SHARD_SIZE", "3000"))
    results = {}
    for count in (1, 2):
        with celery_workers(scale, count, extra):
            measure(scale, "celery-run", **extra)  # warm-up: workers import and cache
            runs = [measure(scale, "celery-run", **extra) for _ in range(2)]
        results[count] = min(runs, key=lambda r: r["seconds"])
    one, two = results[1]["seconds"], results[2]["seconds"]
    return {
        "phases": [results[1]["phases"], results[2]["phases"]],
        "one_worker_seconds": one,
        "two_workers_seconds": two,
        "efficiency": one / (2 * two),
        "shards": results[1]["shards"],
        "status": [results[1]["status"], results[2]["status"]],
    }


def national_celery_run() -> dict:
    """One whole national run through two workers, default shard sizes, nothing warmed up."""
    extra = _queue(os.environ.get("BENCH_GRID_SHARD_SIZE", "5000"))
    with celery_workers(100, 2, extra):
        return measure(100, "celery-run", **extra)


# --- Report ----------------------------------------------------------------------------------


def row(label: str, value: str, target: str = "", met: bool | None = None) -> None:
    mark = "" if met is None else ("met" if met else "MISSED")
    print(f"  {label:<52} {value:>18}  {target:<10} {mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--skip-celery", action="store_true")
    parser.add_argument(
        "--national-celery",
        action="store_true",
        help="also a whole national run through two Celery workers (a few minutes)",
    )
    args = parser.parse_args()
    if args.measure:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ballerup_jobcenter.settings.test")
        sys.path.insert(0, str(ROOT))
        result = {
            "ballerup": measure_ballerup,
            "national": measure_national,
            "celery-run": measure_celery_run,
        }[args.measure]()
        print(json.dumps(result, default=str))
        return

    print(f"GRID benchmark on {os.cpu_count()} cores (PostgreSQL {PG}, prefix {PREFIX})")
    ensure_database(1)
    ballerup = measure(1, "ballerup")
    print("\nBallerup scale (seed_demo): whole run end-to-end, in-process")
    row("citizens x open openings", f"{ballerup['citizens']} x {ballerup['openings']}")
    row("matches kept (top-20)", f"{ballerup['matches']}")
    row(
        "run: plan, load, score, persist (COPY), switch",
        f"{ballerup['run_seconds']:.3f} s",
        "<= 1 s",
        ballerup["run_seconds"] <= 1.0,
    )
    phases = ballerup["phases"]
    row(
        "  of which load / score / persist",
        f"{phases.get('load', 0):.3f}/{phases.get('score', 0):.3f}/{phases.get('persist', 0):.3f}",
    )
    row(
        "optimal plan (OR-tools min-cost flow)",
        f"{ballerup['plan_optimal_seconds']:.3f} s",
        "<= 0.5 s",
        ballerup["plan_optimal_seconds"] <= 0.5,
    )
    row(
        "placements: optimal vs greedy",
        f"{ballerup['plan_optimal_placements']} vs {ballerup['plan_greedy_placements']}",
    )

    if not args.skip_national:
        ensure_database(100)
        national = measure(100, "national")
        n = national
        print("\nNational scale (seed_demo --scale 100): scoring + top-20 in memory")
        row(
            "active citizens x open openings (free)",
            f"{n['citizens']} x {n['openings']} ({n['free_openings']})",
        )
        row("load from PostgreSQL", f"{n['load_seconds']:.2f} s")
        row("pairs scored by the blocked kernel", f"{n['pairs_considered']:,}")
        row(
            "scoring + top-20, one core",
            f"{n['one_core_seconds']:.2f} s",
            "<= 6 s",
            n["one_core_seconds"] <= 6,
        )
        row(
            "scoring + top-20, two cores (two processes)",
            f"{n['two_core_seconds']:.2f} s",
            "<= 3 s",
            n["two_core_seconds"] <= 3,
        )
        row("  CPU time of that run (the machine is shared)", f"{n['one_core_cpu_seconds']:.2f} s")
        row(
            "  each half: wall / CPU seconds",
            " ".join(f"{wall:.1f}/{cpu:.1f}" for wall, cpu in n["two_core_halves"]),
        )
        row("  same top-k on two cores", str(n["same_top_k_two_cores"]))
        row(
            "  with the arrays shipped back to one process",
            f"{n['two_core_returned_seconds']:.2f} s",
        )
        row(
            "openings' side: top-20 citizens per opening, one core",
            f"{n['openings_side_seconds']:.2f} s",
        )
        row(
            "  pairs scored / rows kept",
            f"{n['openings_side_pairs']:,} / {n['openings_side_rows']:,}",
        )
        row(
            f"  same as the pair loop for {n['openings_side_sample']} openings",
            str(n["same_openings_side_python"]),
        )
        row(
            "peak memory (process, incl. Django and the data)",
            f"{n['peak_mb']:.0f} MB",
            "<= 1 GB",
            n["peak_mb"] <= 1024,
        )
        row("  of which after loading from the database", f"{n['memory_after_load_mb']:.0f} MB")
        speed_unblocked = n["unblocked_estimated_seconds"] / n["one_core_seconds"]
        speed_python = n["python_estimated_seconds"] / n["one_core_seconds"]
        row(
            f"unblocked numpy, est. from {n['sample_citizens']} citizens",
            f"{n['unblocked_estimated_seconds']:.0f} s",
        )
        row("  blocked is faster by", f"{speed_unblocked:.0f}x", ">= 50x", speed_unblocked >= 50)
        row("  same top-k on the sample", str(n["same_top_k_unblocked"]))
        row(
            f"pure-Python pair loop, est. from {n['python_sample_citizens']} citizens",
            f"{n['python_estimated_seconds']:.0f} s",
        )
        row("  blocked is faster by", f"{speed_python:.0f}x", ">= 1000x", speed_python >= 1000)
        row("  same top-k on the sample", str(n["same_top_k_python"]))
        row(
            f"optimal plan on {n['plan_edges']:,} edges",
            f"{n['plan_optimal_seconds']:.1f} s",
            "<= 15 s",
            n["plan_optimal_seconds"] <= 15,
        )
        row(
            "placements: optimal vs greedy",
            f"{n['plan_optimal_placements']} vs {n['plan_greedy_placements']}",
        )

    if not args.skip_celery:
        ensure_database(10)
        celery = celery_efficiency(10)
        print("\nCelery (seed_demo --scale 10, Redis): one worker against two")
        row("whole run, one worker", f"{celery['one_worker_seconds']:.2f} s")
        row("whole run, two workers", f"{celery['two_workers_seconds']:.2f} s")
        row(
            "parallel efficiency",
            f"{100 * celery['efficiency']:.0f} %",
            ">= 90 %",
            celery["efficiency"] >= 0.9,
        )
        row("shards per run", str(celery["shards"]))
        for workers, phases in zip((1, 2), celery["phases"], strict=True):
            row(
                f"  {workers} worker(s), summed: load/score/openings/persist/merge",
                "/".join(
                    f"{phases.get(p, 0):.1f}"
                    for p in ("load", "score", "score_openings", "persist", "merge")
                ),
            )

    if args.national_celery:
        ensure_database(100)
        national = national_celery_run()
        print("\nNational run through Celery (seed_demo --scale 100, two workers, Redis)")
        row("status", national["status"])
        row("whole run: both sides, COPY, merge, switch", f"{national['seconds']:.1f} s")
        row("shards", str(national["shards"]))
        phases = national["phases"]
        row(
            "  summed: load/score/openings/persist/merge",
            "/".join(
                f"{phases.get(p, 0):.1f}"
                for p in ("load", "score", "score_openings", "persist", "merge")
            ),
        )
        row("  matches kept", f"{national['matches']:,}")


if __name__ == "__main__":
    main()
