"""Benchmark runner: ``python -m bench.run [--sizes S,M,L] [--limits S=10,M=30] [--no-reference]``.

Each instance is solved in its own process (so peak memory is that solve's) by the engine and by
the plain reference model (``bench/reference.py``) with the same time limit, seed and workers.
Prints a table and writes ``bench/RESULTS.md`` and ``bench/results.json``. Nothing here is
asserted by tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RIPPLE_DAYS = 2  # as coverage_app.services.absence (not imported: the runner stays light)
DEFAULT_LIMITS = {"S": 10.0, "M": 30.0, "L": 60.0, "XL": 60.0}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def job_engine(size: str, limit: float, seed: int, workers: int) -> dict[str, Any]:
    from bench.generate import generate
    from solver import Progress, SolveParams, solve
    from solver.check import check

    scenario, period = generate(size, seed)
    trace: list[tuple[float, float]] = []

    def on_progress(p: Progress) -> None:
        if p.stage == "coverage" and p.objective is not None:
            trace.append((p.elapsed_s, p.objective))

    started = time.monotonic()
    result = solve(scenario, SolveParams(period, time_limit_s=limit, workers=workers, seed=seed),
                   on_progress=on_progress)
    wall = time.monotonic() - started
    stats = result.plan.statistics
    out: dict[str, Any] = {
        "agents": len(scenario.agents), "variables": stats.variables,
        "constraints": stats.constraints, "first_plan_s": stats.first_solution_seconds,
        "best_s": trace[-1][0] if trace else None, "objective": stats.objective,
        "bound": stats.best_bound, "gap": stats.relative_gap,
        "proven": stats.shortfall_proven_minimal,
        "shortfall_h": (stats.shortfall_minutes or 0) / 60, "gaps": len(result.plan.gaps),
        "violations": len(check(scenario, result.plan)), "status": str(result.status),
        "wall_s": wall, "trace": trace,
    }
    if size.upper() == "L":
        out["replan"] = _replan(scenario, result.plan, seed, workers)
    out["peak_mb"] = _peak_mb()
    return out


def _replan(scenario: Any, plan: Any, seed: int, workers: int) -> dict[str, Any]:
    from datetime import timedelta

    from coverage_app.services.planning import replan_after_sick_call

    shift = sorted(plan.shifts, key=lambda s: s.start)[len(plan.shifts) // 2]
    agent = scenario.agent(shift.agent_id)
    from models.timerules import local_date

    day = local_date(shift.start, agent.time_zone)
    started = time.monotonic()
    _, result = replan_after_sick_call(scenario, plan, agent.id, day, time_limit_s=5.0,
                                       workers=workers, seed=seed)
    diff = result.diff
    return {"wall_s": time.monotonic() - started, "status": str(result.status),
            "changed": diff.changed if diff else None, "kept": diff.kept if diff else None,
            "sick_day": str(day + timedelta(days=0))}


def job_reference(size: str, limit: float, seed: int, workers: int) -> dict[str, Any]:
    from bench.generate import generate
    from bench.reference import solve_reference

    scenario, period = generate(size, seed)
    started = time.monotonic()
    r = solve_reference(scenario, period, limit, workers, seed)
    return {"variables": r.variables, "first_plan_s": r.first_solution_s, "best_s": r.best_s,
            "objective": r.shortfall_minutes, "bound": r.bound_minutes, "status": r.status,
            "wall_s": time.monotonic() - started, "trace": r.trace, "peak_mb": _peak_mb()}


def _child(kind: str, size: str, limit: float, seed: int, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.run", "--job", kind, "--sizes", size,
           "--limits", f"{size}={limit}", "--seed", str(seed), "--workers", str(workers)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          cwd=HERE.parent, timeout=limit * 6 + 300)
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _time_to(trace: list[list[float]] | list[tuple[float, float]], target: float) -> float | None:
    return next((t for t, value in trace if value <= target + 1e-9), None)


def _speedup(engine: dict[str, Any], reference: dict[str, Any]) -> str:
    """Reference time / engine time to reach the worse of the two final objectives."""
    if "error" in engine or "error" in reference or reference.get("objective") is None:
        return "ref: no plan"
    target = max(engine["objective"] or 0, reference["objective"])
    t_engine = _time_to(engine["trace"], target) or engine["first_plan_s"]
    t_ref = _time_to(reference["trace"], target)
    if t_ref is None:
        return f"> {reference['wall_s'] / max(t_engine, 1e-3):.1f}× (ref never reached it)"
    return f"{t_ref / max(t_engine, 1e-3):.1f}×"


def _fmt(value: Any, spec: str = ".1f") -> str:
    return "–" if value is None else format(value, spec)


def write_results(rows: dict[str, dict[str, Any]], limits: dict[str, float], seed: int,
                  workers: int) -> str:
    lines = [
        "# Benchmark results", "",
        f"Machine: {platform.processor() or platform.machine()}, {workers} workers, seed {seed}, "
        f"Python {platform.python_version()}. Written by `python -m bench.run`; never asserted.",
        "Instances: `bench/generate.py` (24/7 target, dedicated phone duty, 7 zones incl. "
        "+5:45, DST change inside the 28 days, vacations, some under-staffing).",
        "Objective = priority-weighted shortfall (person-slots); bound = CP-SAT's proven lower "
        "bound of it; first plan = the greedy rota (complete and checker-valid), built before the "
        "CP-SAT model and handed to it as its first solution; best = last improvement of the "
        "coverage stage.", "",
        "| size | agents | limit s | variables | first plan s | best s | shortfall h | objective "
        "| bound | gap | proven | peak MB | violations | ref variables | ref first s | ref "
        "objective | speed-up to same quality |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, row in rows.items():
        e, r = row["engine"], row.get("reference", {})
        if "error" in e:
            lines.append(f"| {size} | error: {e['error'][-200:]!r} |")
            continue
        gap = f"{e['gap'] * 100:.1f} %" if e.get("gap") is not None else "–"
        lines.append(
            f"| {size} | {e['agents']} | {limits[size]:g} | {e['variables']} | "
            f"{_fmt(e['first_plan_s'])} | {_fmt(e['best_s'])} | {e['shortfall_h']:.1f} | "
            f"{_fmt(e['objective'], '.0f')} | {_fmt(e['bound'], '.0f')} | {gap} | "
            f"{'yes' if e['proven'] else 'no'} | {e['peak_mb']:.0f} | {e['violations']} | "
            f"{r.get('variables', '–')} | {_fmt(r.get('first_plan_s'))} | "
            f"{_fmt(r.get('objective'), '.0f')} | {_speedup(e, r) if r else '–'} |")
    for size, row in rows.items():
        replan = row["engine"].get("replan")
        if replan:
            lines += ["", f"Re-plan after one sick day on {size}: {replan['wall_s']:.1f} s wall "
                      f"(limit 5 s, the sick day and the {RIPPLE_DAYS} days after it re-planned), "
                      f"status {replan['status']}, {replan['changed']} shifts changed, "
                      f"{replan['kept']} kept."]
    text = "\n".join(lines) + "\n"
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    (HERE / "results.json").write_text(json.dumps(rows, indent=1, default=str) + "\n",
                                       encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--limits", default="", help="e.g. S=10,M=30 (seconds per instance)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other sizes of bench/results.json in the table")
    parser.add_argument("--job", choices=("engine", "reference"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    limits = dict(DEFAULT_LIMITS)
    for item in filter(None, args.limits.split(",")):
        key, value = item.split("=")
        limits[key.strip().upper()] = float(value)
    if args.job:
        size = sizes[0]
        job = job_engine if args.job == "engine" else job_reference
        print(json.dumps(job(size, limits[size], args.seed, args.workers), default=str))
        return 0
    rows: dict[str, dict[str, Any]] = {}
    if args.merge and (HERE / "results.json").exists():
        rows = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
        limits.update({s: float(r["limit"]) for s, r in rows.items() if "limit" in r})
    for size in sizes:
        print(f"{size}: engine…", flush=True)
        rows[size] = {"engine": _child("engine", size, limits[size], args.seed, args.workers),
                      "limit": limits[size]}
        if not args.no_reference:
            print(f"{size}: reference…", flush=True)
            rows[size]["reference"] = _child("reference", size, limits[size], args.seed,
                                             args.workers)
        ordered = {s: rows[s] for s in ("S", "M", "L", "XL") if s in rows}
        print(write_results(ordered, limits, args.seed, args.workers), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
