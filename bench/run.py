"""Benchmark runner: the engine against three honest baselines at equal wall time.

    python -m bench.run [--families desk,tight,loose] [--sizes S,M,L,XL] [--limits 10,30,60]
                        [--solvers engine,cpsat,twostep,timefold] [--seed 0] [--workers 2]
                        [--out bench]

For every instance (family × size) and limit, the engine (``solver.solve``), the plain CP-SAT
baseline (``bench/baseline_cpsat.py``), the two-step heuristic (``bench/baseline_twostep.py``)
and the local-search solver Timefold (``bench/baseline_timefold.py``) run one after the other,
each in its own process (so peak memory is that run's), with the same seed and workers. Each
gets the same budget, counted from the moment it is handed the scenario: its own imports, model
building and search all count. "To plan" is measured from the process's
start (interpreter start-up and instance generation included), which is what a user waiting for
``coverage-scheduler solve`` sees. Every plan is checked with ``solver.check.check`` and its
uncovered demand measured the same way (``models.coverage``), whoever made it.

Prints a line per run and writes ``RESULTS.md`` and ``results.json`` into ``--out`` after each
instance. Nothing here is asserted by tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.tables import NAMES, SOLVERS, run_line, write_results

HERE = Path(__file__).resolve().parent
REPLAN = ("desk", "L")  # the instance whose engine plan is re-planned after a sick day


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------
# One run, in its own process
# --------------------------------------------------------------------------------------------


def job(solver: str, family: str, size: str, limit: float, seed: int, workers: int,
        spawned_at: float, replan: bool = False) -> dict[str, Any]:
    from bench.families import instance

    scenario, period = instance(family, size, seed)
    handed = time.monotonic()
    out: dict[str, Any] = {"generated_s": handed - spawned_at}
    if solver == "engine":
        from bench.bounds import engine_bound_hours
        from solver import SolveParams, solve

        params = SolveParams(period, time_limit_s=limit - (time.monotonic() - handed),
                             workers=workers, seed=seed)
        result = solve(scenario, params)
        plan, stats = result.plan, result.plan.statistics
        out.update(status=str(result.status), engine_shortfall_h=(
            stats.shortfall_minutes or 0) / 60, objective=stats.objective,
            bound=stats.best_bound, proven=stats.shortfall_proven_minimal,
            bound_h=engine_bound_hours(scenario, period, stats.best_bound),
            first_plan_s=stats.first_solution_seconds,
            variables=stats.variables, constraints=stats.constraints)
    else:
        if solver == "cpsat":
            from bench.baseline_cpsat import solve_cpsat as solve_baseline
        elif solver == "twostep":
            from bench.baseline_twostep import solve_twostep as solve_baseline
        else:
            from bench.java import missing_java

            why = missing_java()
            if why:
                return {**out, "status": f"no plan: {why}", "uncovered_h": None}
            from bench.baseline_timefold import solve_timefold as solve_baseline
        baseline = solve_baseline(scenario, period, limit, workers, seed, started=handed)
        plan = baseline.plan
        out.update(status=baseline.status, objective=baseline.objective, bound=baseline.bound,
                   first_plan_s=baseline.first_solution_s, built_s=baseline.build_s,
                   variables=baseline.variables, constraints=baseline.constraints,
                   **baseline.notes)
    done = time.monotonic()
    out.update(solve_s=done - handed, to_plan_s=done - spawned_at)
    from bench.shifts import uncovered_minutes
    from models.domain import PlanStatus
    from solver.check import check

    has_plan = plan.statistics.status is not PlanStatus.NO_PLAN
    violations = check(scenario, plan)
    out.update(uncovered_h=uncovered_minutes(scenario, plan) / 60 if has_plan else None,
               shifts=len(plan.shifts), violations=len(violations),
               violation_examples=[str(v) for v in violations[:5]])
    if replan and has_plan:
        out["replan"] = _replan(scenario, plan, seed, workers)
    out["peak_mb"] = _peak_mb()
    return out


def _replan(scenario: Any, plan: Any, seed: int, workers: int) -> dict[str, Any]:
    from coverage_app.services.planning import replan_after_sick_call
    from models.timerules import local_date

    shift = sorted(plan.shifts, key=lambda s: s.start)[len(plan.shifts) // 2]
    agent = scenario.agent(shift.agent_id)
    day = local_date(shift.start, agent.time_zone)
    started = time.monotonic()
    _, result = replan_after_sick_call(scenario, plan, agent.id, day, time_limit_s=5.0,
                                       workers=workers, seed=seed)
    diff = result.diff
    return {"wall_s": time.monotonic() - started, "status": str(result.status),
            "changed": diff.changed if diff else None, "kept": diff.kept if diff else None,
            "sick_day": str(day)}


def _child(solver: str, family: str, size: str, limit: float, seed: int, workers: int,
           replan: bool) -> dict[str, Any]:
    spawned_at = time.monotonic()  # CLOCK_MONOTONIC is system-wide: the child can read it
    cmd = [sys.executable, "-m", "bench.run", "--job", solver, "--families", family,
           "--sizes", size, "--limits", f"{limit:g}", "--seed", str(seed),
           "--workers", str(workers), "--spawned-at", repr(spawned_at)]
    if replan:
        cmd.append("--replan")
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                              cwd=HERE.parent, timeout=limit * 3 + 120)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {limit * 3 + 120:g} s", "process_s": None}
    process_s = time.monotonic() - spawned_at
    if done.returncode != 0:
        return {"error": done.stderr[-2000:], "process_s": process_s}
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "process_s": process_s}


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def _instance_facts(family: str, size: str, seed: int) -> dict[str, Any]:
    from bench.bounds import lower_bounds, lp_bound_hours
    from bench.families import instance

    scenario, period = instance(family, size, seed)
    b = lower_bounds(scenario, period)
    lp = lp_bound_hours(scenario, period)
    return {"agents": len(scenario.agents), "days": period.days, "demand_h": b.demand_h,
            "capacity_h": b.capacity_h, "reach_lb_h": b.reach_lb_h,
            "capacity_lb_h": b.capacity_lb_h, "lp_lb_h": lp,
            "lower_bound_h": max(b.lower_bound_h, lp or 0.0)}


def _names(text: str, known: tuple[str, ...], what: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    bad = [n for n in names if n not in known]
    if bad:
        raise ValueError(f"unknown {what} {', '.join(bad)}; choose from {', '.join(known)}")
    return names


def _limits(text: str) -> list[float]:
    try:
        limits = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise ValueError(f"--limits takes seconds separated by commas, got {text!r}") from None
    if not limits or any(not math.isfinite(v) or v <= 0 for v in limits):
        raise ValueError(f"--limits takes positive seconds, got {text!r}")
    return limits


def main(argv: list[str] | None = None) -> int:
    from bench.families import FAMILIES, SIZE_NAMES

    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="The engine against a plain CP-SAT model, a two-step heuristic and a "
                    "local-search solver, each in its own process with the same time limit.")
    parser.add_argument("--families", default=",".join(FAMILIES),
                        help=f"instance families, from {', '.join(FAMILIES)} (default: all)")
    parser.add_argument("--sizes", default=",".join(SIZE_NAMES),
                        help=f"sizes, from {', '.join(SIZE_NAMES)} (default: all)")
    parser.add_argument("--limits", default="10,30,60",
                        help="time limits in seconds, each a separate run (default: 10,30,60)")
    parser.add_argument("--solvers", default=",".join(SOLVERS),
                        help=f"from {', '.join(SOLVERS)} (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder for RESULTS.md and results.json (default: bench/)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other results of OUT/results.json in the tables")
    parser.add_argument("--job", choices=SOLVERS, help=argparse.SUPPRESS)
    parser.add_argument("--spawned-at", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--replan", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        families = _names(args.families, FAMILIES, "family")
        sizes = _names(args.sizes.upper(), SIZE_NAMES, "size")
        solvers = _names(args.solvers, SOLVERS, "solver")
        limits = _limits(args.limits)
    except ValueError as error:
        parser.error(str(error))
    if args.job:
        spawned_at = args.spawned_at if args.spawned_at is not None else time.monotonic()
        print(json.dumps(job(args.job, families[0], sizes[0], limits[0], args.seed,
                             args.workers, spawned_at, args.replan), default=str))
        return 0
    if "timefold" in solvers:
        from bench.java import missing_java

        if missing_java() is None:
            from bench.baseline_timefold import compiled

            compiled()  # once, before any budget starts, as installing a package would be
    results: dict[str, Any] = {"families": {}}
    if args.merge and (args.out / "results.json").exists():
        old = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        results["families"] = old.get("families", {})  # older layouts are left out
    results["meta"] = {"machine": platform.processor() or platform.machine(),
                       "workers": args.workers, "seed": args.seed,
                       "python": platform.python_version(),
                       "date": time.strftime("%Y-%m-%d")}
    for family in families:
        for size in sizes:
            entry = results["families"].setdefault(family, {}).setdefault(size, {"runs": {}})
            entry["instance"] = _instance_facts(family, size, args.seed)
            for limit in limits:
                runs = entry["runs"].setdefault(f"{limit:g}", {})
                for solver in solvers:
                    replan = (solver == "engine" and (family, size) == REPLAN
                              and limit == max(limits))
                    runs[solver] = _child(solver, family, size, limit, args.seed,
                                          args.workers, replan)
                    if "error" in runs[solver]:
                        print(f"{family} {size} {limit:g} s {NAMES[solver]}: "
                              f"{runs[solver]['error']}", flush=True)
                print(run_line(family, size, limit, runs), flush=True)
            write_results(results, args.out)
    print(write_results(results, args.out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
