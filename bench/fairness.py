"""Fairness at the defaults: the demo team (or a generated instance) solved for several seeds.

    python -m bench.fairness [--seeds 0,1,2,3,4] [--days 28] [--limit 20] [--start 2026-11-30]
                             [--instance demo|desk:M|tight:M|loose:M] [--json FILE]

Per seed it prints: whether each stage found a plan, the shortfall after the coverage stage
and in the final plan (never more), and the spread of night and weekend hours (most minus
fewest) inside each group of agents on the same contract with the same availability for that
kind of hours (equal eligible minutes, so equal fair shares), with the group's longest shift
for comparison: the target is a spread of at most one shift. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from models.domain import Period, Scenario
from solver import SolveParams, solve
from solver.types import SolveResult


def load(name: str, seed: int, start: date, days: int) -> tuple[Scenario, Period]:
    if name == "demo":
        from coverage_app.services.scenarios import demo_scenario

        return demo_scenario(), Period(start, days)
    from bench.families import instance

    family, size = name.split(":")
    return instance(family, size, seed)


def spreads(result: SolveResult, kind: str) -> list[dict[str, Any]]:
    """The groups of alike agents of ``kind`` as the plan's fairness report gives them."""
    assert result.fairness is not None
    return [{"agents": list(s.agent_ids),
             "hours": {a: m / 60 for a, m in zip(s.agent_ids, s.minutes, strict=True)},
             "spread_h": s.spread_minutes / 60, "longest_shift_h": s.longest_shift_minutes / 60}
            for s in result.fairness.alike if s.kind == kind]


def run_one(name: str, seed: int, start: date, days: int, limit: float) -> dict[str, Any]:
    scenario, period = load(name, seed, start, days)
    began = time.monotonic()
    result = solve(scenario, SolveParams(period, time_limit_s=limit, workers=2, seed=seed))
    wall = time.monotonic() - began
    stages = {s.name: s.shortfall_minutes / 60 for s in result.stages}
    return {
        "instance": name, "seed": seed, "wall_s": round(wall, 1),
        "stages": [s.name for s in result.stages],
        "shortfall_after_coverage_h": stages.get("coverage"),
        "shortfall_final_h": (result.plan.statistics.shortfall_minutes or 0) / 60,
        "night": spreads(result, "night"),
        "weekend": spreads(result, "weekend"),
    }


def _worst(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "–"
    worst = max(rows, key=lambda r: r["spread_h"] - r["longest_shift_h"])
    ok = all(r["spread_h"] <= r["longest_shift_h"] + 1e-6 for r in rows)
    return (f"{worst['spread_h']:.1f} h (shift {worst['longest_shift_h']:.1f} h, "
            f"{len(rows)} group{'s' if len(rows) > 1 else ''}) {'ok' if ok else 'NOT MET'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--limit", type=float, default=20.0)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 11, 30))
    parser.add_argument("--instance", default="demo")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    found = []
    print("| seed | stages with a plan | shortfall after coverage h | final h | night spread "
          "(worst group) | weekend spread (worst group) | wall s |")
    print("|---|---|---|---|---|---|---|")
    for seed in (int(s) for s in args.seeds.split(",")):
        row = run_one(args.instance, seed, args.start, args.days, args.limit)
        found.append(row)
        after = row["shortfall_after_coverage_h"]
        print(f"| {seed} | {', '.join(row['stages']) or 'none (first rota)'} | "
              f"{'–' if after is None else f'{after:.1f}'} | {row['shortfall_final_h']:.1f} | "
              f"{_worst(row['night'])} | {_worst(row['weekend'])} | {row['wall_s']} |",
              flush=True)
    for row in found:
        for kind in ("night", "weekend"):
            for g in row[kind]:
                hours = ", ".join(f"{a} {h:.1f}" for a, h in g["hours"].items())
                print(f"seed {row['seed']} {kind}: {hours}")
    if args.json is not None:
        args.json.write_text(json.dumps(found, indent=1, default=str))


if __name__ == "__main__":
    main()
