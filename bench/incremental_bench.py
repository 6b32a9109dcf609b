"""The GRID's incremental runs: one changed citizen, one changed opening.

`python bench/incremental_bench.py` (part of `make bench`). For each scale in
BENCH_INCREMENTAL_SCALES (default `10`; `10,100` adds the national scale, whose database takes
about an hour to make once) it uses the load benchmark's database `bench_jobcenter_<scale>`
(made by bench/load_bench.py when missing) and runs, in-process as a worker would, a run for
each of BENCH_INCREMENTAL_SAMPLES (default 5) active citizens and open openings picked at random
(fixed seed), from `match_run_start` to the run being merged into the current run, after one
warm-up run of each kind. Prints the median and the slowest wall time, the CPU time and the
phases (load, score, persist, merge) against the target (<= 1 s at 100x). The runs change the
benchmark database as the night's and the day's runs do. No figure is a test.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess  # nosec B404 (our own interpreter, 127.0.0.1 only)
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from load_bench import PG, ensure_database  # noqa: E402

SCALES = [
    s.strip() for s in os.environ.get("BENCH_INCREMENTAL_SCALES", "10").split(",") if s.strip()
]
SAMPLES = int(os.environ.get("BENCH_INCREMENTAL_SAMPLES", "5"))
TARGET_SECONDS = {"100": 1.0}


def measure() -> dict:
    """Inside Django: the runs, one after another."""
    import random

    import django

    django.setup()
    from django.conf import settings

    settings.GRID_RUN_IN_THREAD = False
    from employers.models import Opening
    from grid.loading import active_citizens
    from grid.models import MatchRun
    from grid.services import match_run_execute_shard, match_run_start

    pick = random.Random(2750)  # nosec B311 (a sample, not a secret)
    citizen_ids = list(active_citizens().order_by("pk").values_list("pk", flat=True))
    opening_ids = list(
        Opening.objects.filter(status=Opening.Status.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    samples = {
        MatchRun.Scope.CITIZEN: pick.sample(citizen_ids, SAMPLES + 1),
        MatchRun.Scope.OPENING: pick.sample(opening_ids, SAMPLES + 1),
    }
    results: dict[str, list[dict]] = {}
    for scope, ids in samples.items():
        results[scope] = []
        for pk in ids:
            subject = {"citizen_id": pk} if scope == MatchRun.Scope.CITIZEN else {"opening_id": pk}
            model = active_citizens().model if scope == MatchRun.Scope.CITIZEN else Opening
            started, cpu = time.perf_counter(), time.process_time()
            run = match_run_start(
                actor=None,
                scope=scope,
                trigger=MatchRun.Trigger.INCREMENTAL,
                dispatch=False,
                **{scope: model.objects.get(pk=subject[f"{scope}_id"])},
            )
            for index in run.shards.order_by("index").values_list("index", flat=True):
                match_run_execute_shard(run_id=run.pk, index=index)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            run.refresh_from_db()
            results[scope].append(
                {
                    "seconds": seconds,
                    "cpu": cpu,
                    "status": run.status,
                    # The citizens its shards scored (a run for one opening reads its
                    # citizens tier by tier, closest occupations first: grid.opening_run).
                    "citizens": sum(run.shards.values_list("citizens_count", flat=True)),
                    "in_scope": run.citizens_count,
                    "phases": run.timings,
                }
            )
        results[scope] = results[scope][1:]  # the first is the warm-up
    # The first citizen's run after a write to the openings' tables reads them again (a statement
    # that changes nothing still renews grid.OpeningsVersion).
    from core.models import Rule

    Rule.objects.filter(pk=-1).update(value=0)
    started = time.perf_counter()
    run = match_run_start(
        actor=None,
        scope=MatchRun.Scope.CITIZEN,
        trigger=MatchRun.Trigger.INCREMENTAL,
        dispatch=False,
        citizen=active_citizens().get(pk=samples[MatchRun.Scope.CITIZEN][0]),
    )
    for index in run.shards.order_by("index").values_list("index", flat=True):
        match_run_execute_shard(run_id=run.pk, index=index)
    first_after_write = time.perf_counter() - started
    return {
        "population": active_citizens().count(),
        "openings": len(opening_ids),
        "first_after_write": first_after_write,
        **results,
    }


def main() -> int:
    for scale in SCALES:
        ensure_database(scale)
        env = dict(os.environ)
        env.update(
            DATABASE_URL=f"{PG}/bench_jobcenter_{scale}",
            DJANGO_SETTINGS_MODULE="ballerup_jobcenter.settings.local",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        env.pop("CELERY_BROKER_URL", None)
        out = subprocess.run(  # nosec B603
            [sys.executable, str(Path(__file__).resolve()), "--measure"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"\nIncremental GRID runs at {scale}x ({result['population']:,} active citizens, "
            f"{result['openings']:,} open openings; {SAMPLES} runs each, in-process)"
        )
        target = TARGET_SECONDS.get(scale)
        for scope in ("citizen", "opening"):
            runs = result[scope]
            walls = [r["seconds"] for r in runs]
            phases = {
                phase: statistics.median(r["phases"].get(phase, 0.0) for r in runs)
                for phase in ("load", "score", "score_openings", "persist", "merge")
            }
            verdict = ""
            if target is not None:
                met = max(walls) <= target
                verdict = "  met" if met else f"  MISSED (<= {target:.0f} s)"
            print(
                f"  one {scope}: median {statistics.median(walls):.2f} s, slowest "
                f"{max(walls):.2f} s, CPU {statistics.median(r['cpu'] for r in runs):.2f} s, "
                f"citizens read {statistics.median(r['citizens'] for r in runs):,.0f} (median; "
                f"most {max(r['citizens'] for r in runs):,} of "
                f"{statistics.median(r['in_scope'] for r in runs):,.0f} in scope); phases "
                + ", ".join(f"{k} {v:.2f}" for k, v in phases.items() if v)
                + verdict
            )
            if scope == "citizen":
                print(
                    "  one citizen, the first run after a write to the openings' tables: "
                    f"{result['first_after_write']:.2f} s"
                )
            if any(r["status"] != "done" for r in runs):
                print(f"  FAILED: a {scope} run did not finish")
                return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
        sys.exit(0)
    sys.exit(main())
