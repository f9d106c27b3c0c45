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

HERE = Path(__file__).resolve().parent
SOLVERS = ("engine", "cpsat", "twostep", "timefold")
NAMES = {"engine": "engine", "cpsat": "plain CP-SAT", "twostep": "two-step",
         "timefold": "local search"}
BASELINES = SOLVERS[1:]
RIPPLE_DAYS = 2  # as coverage_app.services.absence (not imported: the runner stays light)
GRACE_S = 2.0  # the whole command must end within its limit plus this
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
# Tables
# --------------------------------------------------------------------------------------------


def _fmt(value: Any, spec: str = ".1f") -> str:
    return "–" if value is None else format(value, spec)


def uncovered_cell(run: dict[str, Any] | None) -> str:
    if run is None:
        return "–"
    if "error" in run:
        return "error"
    if run.get("uncovered_h") is None:
        return "no plan"
    return f"{run['uncovered_h']:.1f}"


def ratio(engine: dict[str, Any] | None, other: dict[str, Any] | None) -> str:
    """Engine's uncovered hours over the other's: below 1, the engine covers more."""
    mine = None if engine is None else engine.get("uncovered_h")
    theirs = None if other is None else other.get("uncovered_h")
    if mine is None or theirs is None:
        return "–" if mine is None else "no plan there"
    if theirs == 0:
        return "1.00" if mine == 0 else "∞"
    return f"{mine / theirs:.2f}"


def proven(engine: dict[str, Any] | None) -> str:
    if engine is None or engine.get("proven") is None:
        return "–"
    return "yes" if engine["proven"] else "no"


def within_grace(engine: dict[str, Any] | None, limit: float) -> str:
    if engine is None or engine.get("to_plan_s") is None:
        return "–"
    return "yes" if engine["to_plan_s"] <= limit + GRACE_S else "**no**"


def run_line(family: str, size: str, limit: float, runs: dict[str, Any]) -> str:
    parts = [f"{NAMES[s]} {uncovered_cell(runs.get(s))}" for s in SOLVERS if s in runs]
    engine = runs.get("engine")
    text = f"{family} {size} {limit:g} s: uncovered h: " + " | ".join(parts)
    for other in BASELINES:
        if engine is not None and other in runs:
            text += f" | engine/{NAMES[other]} {ratio(engine, runs[other])}"
    if engine is not None and engine.get("to_plan_s") is not None:
        text += (f" | engine to plan {engine['to_plan_s']:.1f} s (within limit + {GRACE_S:g} s: "
                 f"{within_grace(engine, limit)})")
    bad = {s: r.get("violations") for s, r in runs.items() if r.get("violations")}
    if bad:
        text += f" | VIOLATIONS {bad}"
    return text


FAMILY_TEXT = {
    "desk": "support desk (`bench/generate.py`: skills, a dedicated phone duty, seven zones incl. "
            "+5:45 with DST changes, 30-minute grid, shifts of 4-10 h by contract, vacations)",
    "tight": "follow the sun, tight (`bench/follow_sun.py`: four fixed-offset zones, fixed 8 h "
             "shifts on whole hours, five a week, 11 h rest, 6 days in a row at most, anonymous "
             "hourly demand at 97.5 % of the shifts the team can work)",
    "loose": "follow the sun, loose (as tight, with narrowed 9-10 h windows, 3-7 day leave "
             "blocks for about a third of the agents, demand at 88 % of what is left)",
}


def family_table(family: str, sizes: dict[str, Any]) -> list[str]:
    lines = [f"## {family}: {FAMILY_TEXT.get(family, family)}", "",
             "| size | agents | demand h | capacity h | demand / capacity | lower bound h "
             "(reach / capacity / LP) |", "|---|---|---|---|---|---|"]
    for size, entry in sizes.items():
        b = entry["instance"]
        share = (f"{b['demand_h'] / b['capacity_h'] * 100:.1f} %" if b.get("capacity_h")
                 else "–")
        lines.append(f"| {size} | {b['agents']} | {b['demand_h']:.0f} | "
                     f"{_fmt(b.get('capacity_h'), '.0f')} | {share} | "
                     f"**{b['lower_bound_h']:.1f}** ({b['reach_lb_h']:.1f} / "
                     f"{_fmt(b.get('capacity_lb_h'))} / {_fmt(b.get('lp_lb_h'))}) |")
    lines += ["", "| size | limit s | engine | plain CP-SAT | two-step | local search | "
              "engine / CP-SAT | engine / two-step | engine / local search | "
              "engine proven minimal | engine's proven bound h | "
              "engine solve s | engine to plan s | to plan ≤ limit + 2 s | CP-SAT model built s | "
              "CP-SAT first plan s | violations (engine / CP-SAT / two-step / local search) |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size, entry in sizes.items():
        for limit_key, runs in sorted(entry["runs"].items(), key=lambda kv: float(kv[0])):
            e, c = runs.get("engine"), runs.get("cpsat")
            others = [runs.get(s) for s in BASELINES]
            violations = " / ".join(_fmt(None if r is None else r.get("violations"), "d")
                                    for r in (e, *others))
            lines.append(
                f"| {size} | {limit_key} | {uncovered_cell(e)} | "
                + "".join(f"{uncovered_cell(r)} | " for r in others)
                + "".join(f"{ratio(e, r)} | " for r in others) + f"{proven(e)} | "
                f"{_fmt(None if e is None else e.get('bound_h'))} | "
                f"{_fmt(None if e is None else e.get('solve_s'))} | "
                f"{_fmt(None if e is None else e.get('to_plan_s'))} | "
                f"{within_grace(e, float(limit_key))} | "
                f"{_fmt(None if c is None else c.get('built_s'))} | "
                f"{_fmt(None if c is None else c.get('first_plan_s'))} | {violations} |")
    return lines


def _ordered(families: dict[str, Any]) -> dict[str, Any]:
    """Families and sizes in their usual order (merged results come in any order)."""
    from bench.families import FAMILIES, SIZE_NAMES

    def rank(name: str, known: tuple[str, ...]) -> tuple[int, str]:
        return (known.index(name) if name in known else len(known), name)

    return {f: {s: families[f][s] for s in sorted(families[f], key=lambda s: rank(s, SIZE_NAMES))}
            for f in sorted(families, key=lambda f: rank(f, FAMILIES))}


def _why_no_plan(family: str, sizes: dict[str, Any]) -> list[str]:
    notes = []
    for size, entry in sizes.items():
        for limit_key, runs in entry["runs"].items():
            for solver, run in runs.items():
                why = run.get("error") or (run.get("status") if run.get("uncovered_h") is None
                                           else None)
                if why:
                    text = " ".join(str(why).split())[-300:]
                    notes.append(f"- {size}, {limit_key} s, {NAMES[solver]}: {text}")
    return ["", "No plan:", *notes] if notes else []


def write_results(results: dict[str, Any], out: Path) -> str:
    meta = results["meta"]
    lines = [
        "# Benchmark results", "",
        f"Machine: {meta['machine']}, {meta['workers']} workers, seed {meta['seed']}, Python "
        f"{meta['python']}. Written by `python -m bench.run` on {meta['date']}; never asserted.",
        "",
        "Every solver gets the same wall-clock budget (the limit), counted from the moment it is "
        "handed the scenario: its imports, model building and search all count. Each run has "
        "its own process, one after the other. Cells are **uncovered person-hours** (demand "
        "missing from the plan, measured the same way for every solver); a ratio below 1 means "
        "the engine leaves less uncovered. *Engine solve s* is its `solve()` call; *to plan* "
        "counts from process start (interpreter, imports, instance generation), which must stay "
        "within the limit + 2 s. Every plan is checked by `solver.check.check`.",
        "",
        "Baselines: *plain CP-SAT* is the model an experienced OR-Tools user writes "
        "(`bench/baseline_cpsat.py`: every grid start and length inside availability, the same "
        "hard rules, priority-weighted shortfall only, no warm start, no stages); *two-step* "
        "plans how many 8 h shifts start each hour, then gives them to agents greedily "
        "(`bench/baseline_twostep.py`); *local search* is Timefold Solver's default "
        "construction heuristic and late-acceptance search over one planning entity per agent "
        "and local day, whose value is the shift worked that day or none "
        "(`bench/baseline_timefold.py`; one thread, as its community edition has; Java "
        "start-up and model translation count in its budget).",
        "",
        "Lower bound (`bench/bounds.py`; none is what CP-SAT proves in the run): the largest "
        "of *reach* (demand no agent could be on shift for) and *capacity* (the largest "
        "headcount at each moment beyond a maximum flow of the team's weekly hours to when "
        "each agent could be there), the engine's own proofs without a search "
        "(`solver.reach`, `solver.team_hours`), and *LP*, the optimum of the linear "
        "relaxation of the engine's whole coverage model over every legal placement, every "
        "rule included, with the missing person-minutes as its objective (GLOP, outside the "
        "timed runs; – where that model is too big to build). No plan can do better. "
        "*Capacity h* is the team's hours (given where no slot has two requirements). "
        "*Engine's proven bound* is the lower bound its coverage search proved, in hours "
        "(`bench.bounds.engine_bound_hours`; – where its candidates are not every placement, "
        "so it bounds only plans made of them): no plan of any solver misses less, so a goal "
        "below it is out of reach.",
        "",
    ]
    families = _ordered(results["families"])
    for family, sizes in families.items():
        lines += [*family_table(family, sizes), *_why_no_plan(family, sizes), ""]
    for family, sizes in families.items():
        for size, entry in sizes.items():
            for runs in entry["runs"].values():
                replan = (runs.get("engine") or {}).get("replan")
                if replan:
                    lines += [
                        f"Re-plan after one sick day on {family} {size}: {replan['wall_s']:.1f} s"
                        f" wall (limit 5 s, the sick day and the {RIPPLE_DAYS} days after it "
                        f"re-planned), status {replan['status']}, {replan['changed']} shifts "
                        f"changed, {replan['kept']} kept.", ""]
    text = "\n".join(lines)
    out.mkdir(parents=True, exist_ok=True)
    (out / "RESULTS.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n",
                                      encoding="utf-8")
    return text


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
