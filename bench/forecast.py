"""Solve times with forecast-derived targets: the desk M instance with its phone, chat and
e-mail demand worked out from a forecast (Erlang C for phone and chat, workload within the
response window for e-mail; :mod:`coverage_app.services.forecast`), against the same team
with its typed target.

    python -m bench.forecast [--size M] [--seed 0] [--limits 10,30] [--json FILE]

Per limit it prints the demand in person-hours, the uncovered person-hours, whether the
shortfall is proven minimal, and the solve's wall time (model building included) against the
limit + 2 s. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

from bench.families import instance
from coverage_app.services.forecast import apply_forecast
from coverage_app.services.forecast_file import ChannelForecast
from models.coverage import demands
from models.domain import Period, Scenario
from models.horizon import horizon
from solver import SolveParams, solve
from solver.demand import DemandModel, HourLoad, ServiceTarget

# Contacts an hour at the busiest hour, per 40 agents; a follow-the-sun day curve with its peak
# at 14:00 in the reference zone and quieter weekends.
PEAK_PER_40 = {"phone": 6.0, "chat": 10.0, "email": 8.0}
HANDLE_SECONDS = {"phone": 360.0, "chat": 540.0, "email": 420.0}
SERVICE = {
    "phone": ServiceTarget(DemandModel.QUEUE, 0.8, 20.0, shrinkage=0.3),
    "chat": ServiceTarget(DemandModel.CHAT, 0.8, 60.0, concurrency=2, shrinkage=0.3),
    "email": ServiceTarget(DemandModel.EMAIL, answer_within_seconds=3600.0, shrinkage=0.3),
}


def forecasts(agents: int) -> tuple[ChannelForecast, ...]:
    found = []
    for channel, peak in PEAK_PER_40.items():
        loads = []
        for hour in range(168):
            day, clock = divmod(hour, 24)
            shape = 0.25 + 0.75 * math.exp(-((clock - 14) / 5.0) ** 2)
            weekend = 0.5 if day >= 5 else 1.0
            loads.append(HourLoad(peak * agents / 40 * shape * weekend, HANDLE_SECONDS[channel]))
        found.append(ChannelForecast(channel, SERVICE[channel], tuple(loads), weeks=0))
    return tuple(found)


def demand_hours(scenario: Scenario, period: Period) -> float:
    grid = horizon(scenario, period)
    return sum(d.headcount * grid.slot_minutes(d.slot)
               for d in demands(scenario, period, grid)) / 60


def run_one(scenario: Scenario, period: Period, limit: float, seed: int) -> dict[str, Any]:
    began = time.monotonic()
    result = solve(scenario, SolveParams(period, time_limit_s=limit, workers=2, seed=seed))
    wall = time.monotonic() - began
    stats = result.plan.statistics
    return {"limit_s": limit, "wall_s": round(wall, 1),
            "shortfall_h": (stats.shortfall_minutes or 0) / 60,
            "proven": bool(stats.shortfall_proven_minimal),
            "within_limit": wall <= limit + 2}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limits", default="10,30")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    typed, period = instance("desk", args.size, args.seed)
    forecast, _ = apply_forecast(typed, typed.active_target_id,
                                 forecasts(len(typed.active_agents())))
    rows = []
    print("| target | demand h | limit s | uncovered h | proven minimal | wall s | within limit "
          "+ 2 s |")
    print("|---|---|---|---|---|---|---|")
    for name, scenario in (("typed", typed), ("from a forecast", forecast)):
        hours = demand_hours(scenario, period)
        for limit in (float(x) for x in args.limits.split(",")):
            row = {"target": name, "demand_h": round(hours, 1),
                   **run_one(scenario, period, limit, args.seed)}
            rows.append(row)
            print(f"| {name} | {row['demand_h']} | {limit:g} | {row['shortfall_h']:.1f} | "
                  f"{'yes' if row['proven'] else 'no'} | {row['wall_s']} | "
                  f"{'yes' if row['within_limit'] else 'no'} |", flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
