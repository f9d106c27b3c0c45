"""The benchmark's tables: ``RESULTS.md`` and ``results.json`` from the runs of
:mod:`bench.run`, a line per run and a table per instance family."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SOLVERS = ("engine", "cpsat", "twostep", "timefold")
NAMES = {"engine": "engine", "cpsat": "plain CP-SAT", "twostep": "two-step",
         "timefold": "local search"}
BASELINES = SOLVERS[1:]
RIPPLE_DAYS = 2  # as coverage_app.services.absence (not imported: the bench stays light)
GRACE_S = 2.0  # the whole command must end within its limit plus this

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
    (out / "RESULTS.md").write_text(text + _notes(out / "RESULTS.md"), encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n",
                                      encoding="utf-8")
    return text


NOTES = "\n## Notes"


def _notes(path: Path) -> str:
    """The notes added by hand to an earlier ``RESULTS.md`` (from its first "## Notes"
    heading on), kept below the new tables: a run of the bench rewrites the tables only."""
    if not path.exists():
        return ""
    earlier = path.read_text(encoding="utf-8")
    at = earlier.find(NOTES)
    return "" if at < 0 else earlier[at:]
