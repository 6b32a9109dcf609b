"""GRID benchmark: figures and ratios in one run (`make bench`, or `python bench/grid_bench.py`).

Measures, on PostgreSQL (the demo data from seed_demo, seeded once into its own databases):
- Ballerup scale (seed_demo): a whole match run end-to-end (plan shards, load, score, persist
  with COPY, switch) in-process; the optimal plan against greedy.
- National scale (seed_demo --scale 100), each part in its own process so its peak memory (the
  whole process's, read at its end) is its own: loading, scoring + top-20 on one core and on two
  (two forked processes, each half of the citizens); the unblocked numpy kernel and the
  pure-Python pair loop against the blocked kernel, each measured (not extrapolated) on the same
  sample, large enough that the blocked kernel takes its blocked path, and checked to give the
  same top-k; the openings' side (each opening's top-20 citizens, one core); and the optimal
  plan as the app computes it for the current run (grid.picture.plan_compare: the run's
  suggestions, free seats and the rimelighedskrav's room), against greedy.
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


def _national_data():
    """The national arrays as a run loads them, and the seconds it took."""
    from django.utils import timezone

    from grid.loading import load_citizens, load_openings, tables_for

    on = timezone.localdate()
    started = time.perf_counter()
    openings = load_openings(on=on)
    citizens, placed = load_citizens(on=on, id_from=0, id_to=2**62)
    tables = tables_for(on=on, top_k=20, placed=placed)
    return citizens, openings, tables, time.perf_counter() - started


def measure_national() -> dict:
    global _SHARED
    _django()
    import multiprocessing

    from grid import engine

    citizens, openings, tables, load_seconds = _national_data()
    memory_after_load = _peak_mb()

    one_core, one_core_cpu = [], []
    for _ in range(2):
        started, cpu = time.perf_counter(), time.process_time()
        result = engine.screen(citizens, openings, tables)
        one_core.append(time.perf_counter() - started)
        one_core_cpu.append(time.process_time() - cpu)

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
        "same_top_k_two_cores": same_two,
        "peak_mb": _peak_mb(),  # the whole process, at its end
        "memory_after_load_mb": memory_after_load,
        "matches": len(result),
        "pairs_considered": result.pairs_considered,
        "excluded": result.excluded,
    }


# The samples the baselines are measured on (BENCH_GRID_UNBLOCKED_SAMPLE,
# BENCH_GRID_PYTHON_SAMPLE citizens). Both are raised, if needed, until the sample has more pairs
# than the blocked kernel's small-input cut-off, so the blocked kernel compared is the blocked one.
UNBLOCKED_SAMPLE = int(os.environ.get("BENCH_GRID_UNBLOCKED_SAMPLE", "5000"))
PYTHON_SAMPLE = int(os.environ.get("BENCH_GRID_PYTHON_SAMPLE", "200"))


def _timed(kernel, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = kernel(*args)
    return time.perf_counter() - started, result


def measure_national_baselines() -> dict:
    """The unblocked numpy kernel and the pure-Python pair loop against the blocked kernel, each
    timed on the same random sample of citizens (every open opening), nothing extrapolated."""
    _django()
    import inspect

    import numpy as np

    from grid import engine

    citizens, openings, tables, _load = _national_data()
    cut_off = inspect.signature(engine.screen).parameters["small_pairs"].default
    least = cut_off // max(len(openings), 1) + 1
    rng = np.random.default_rng(1)
    out: dict = {"cut_off_pairs": cut_off}
    for name, size, kernel in (
        ("unblocked", max(UNBLOCKED_SAMPLE, least), engine.screen_unblocked),
        ("python", max(PYTHON_SAMPLE, least), engine.screen_python),
    ):
        sample = citizens.take(np.sort(rng.choice(len(citizens), size, replace=False)))
        blocked_seconds, blocked = _timed(engine.screen, sample, openings, tables)
        other_seconds, other = _timed(kernel, sample, openings, tables)
        out[name] = {
            "citizens": size,
            "pairs": size * len(openings),
            "blocked_seconds": blocked_seconds,
            "seconds": other_seconds,
            "same_top_k": blocked.as_sets() == other.as_sets(),
        }
    out["peak_mb"] = _peak_mb()
    return out


def measure_national_openings() -> dict:
    """The openings' side: every opening's top-20 citizens, one core; checked against the pure-
    Python pair loop for a few openings (every citizen against each of them)."""
    _django()
    import numpy as np

    from grid import engine

    citizens, openings, tables, _load = _national_data()
    started = time.perf_counter()
    per_opening = engine.screen_openings(citizens, openings, tables)
    seconds = time.perf_counter() - started
    rng = np.random.default_rng(1)
    sample = np.sort(rng.choice(np.flatnonzero(openings.free), 3, replace=False))
    few = openings.take(sample)
    same = (
        engine.screen_openings(citizens, few, tables).as_opening_sets()
        == engine.screen_openings_python(citizens, few, tables).as_opening_sets()
    )
    return {
        "seconds": seconds,
        "rows": len(per_opening),
        "pairs": per_opening.pairs_considered,
        "same_as_python": same,
        "sample": len(sample),
        "peak_mb": _peak_mb(),
    }


def measure_national_plan() -> dict:
    """The optimal plan of the current full run as the worker computes it when the run is done
    (grid.picture.plan_compare: the run's suggestions from the database, the openings' free seats
    and the rimelighedskrav's room, the min-cost flow, and greedy beside it). A database without
    a current full run gets one first, in this process (not timed)."""
    _django()
    from grid.models import MatchRun
    from grid.picture import plan_compare
    from grid.services import current_run, match_run_start

    run = current_run()
    if run is None or run.scope != MatchRun.Scope.ALL:
        run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
        run.refresh_from_db()
    started = time.perf_counter()
    plan = plan_compare(run)
    seconds = time.perf_counter() - started
    return {
        "run": run.pk,
        "seconds": seconds,
        "edges": plan.edges,
        "optimal_seconds": plan.optimal.seconds,
        "greedy_seconds": plan.greedy.seconds,
        "optimal_placements": plan.optimal.placements,
        "greedy_placements": plan.greedy.placements,
        "optimal_score": plan.optimal.total_score,
        "greedy_score": plan.greedy.total_score,
        "peak_mb": _peak_mb(),
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
            "national-baselines": measure_national_baselines,
            "national-openings": measure_national_openings,
            "national-plan": measure_national_plan,
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
            "peak memory (the whole process: Django, the data, scoring)",
            f"{n['peak_mb']:.0f} MB",
            "<= 1 GB",
            n["peak_mb"] <= 1024,
        )
        row("  of which after loading from the database", f"{n['memory_after_load_mb']:.0f} MB")

        base = measure(100, "national-baselines")
        print(
            "\nBaselines on samples of the national citizens (every open opening; measured; "
            f"the blocked kernel's small-input cut-off is {base['cut_off_pairs']:,} pairs)"
        )
        for name, label, target in (
            ("unblocked", "unblocked numpy", 50),
            ("python", "pure-Python pair loop", 1000),
        ):
            b = base[name]
            speed = b["seconds"] / b["blocked_seconds"]
            row(
                f"{label}, {b['citizens']:,} citizens ({b['pairs']:,} pairs)",
                f"{b['seconds']:.2f} s",
            )
            row("  blocked kernel on the same sample", f"{b['blocked_seconds']:.3f} s")
            row("  blocked is faster by", f"{speed:.0f}x", f">= {target}x", speed >= target)
            row("  same top-k", str(b["same_top_k"]))
        row("peak memory of that process", f"{base['peak_mb']:.0f} MB")

        side = measure(100, "national-openings")
        print("\nThe openings' side at national scale")
        row("top-20 citizens per opening, one core", f"{side['seconds']:.2f} s")
        row("  pairs scored / rows kept", f"{side['pairs']:,} / {side['rows']:,}")
        row(f"  same as the pair loop for {side['sample']} openings", str(side["same_as_python"]))
        row("peak memory of that process", f"{side['peak_mb']:.0f} MB")

        plan = measure(100, "national-plan")
        print(
            "\nThe optimal plan of the current national run, as the worker computes it "
            "(free seats, rimelighedskrav room)"
        )
        row(
            f"read, solve and greedy on {plan['edges']:,} edges",
            f"{plan['seconds']:.1f} s",
            "<= 15 s",
            plan["seconds"] <= 15,
        )
        row("  of which the min-cost flow", f"{plan['optimal_seconds']:.1f} s")
        row(
            "placements: optimal vs greedy",
            f"{plan['optimal_placements']:,} vs {plan['greedy_placements']:,}",
            ">= greedy",
            plan["optimal_placements"] >= plan["greedy_placements"],
        )
        row(
            "peak memory of that process",
            f"{plan['peak_mb']:.0f} MB",
            "<= 1.5 GB",
            plan["peak_mb"] <= 1536,
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
