"""GUI benchmarks (issue 5 §6): figures are printed and written to JSON, never asserted.

    python -m bench.bench_gui [--size L] [--solve-seconds 20] [--out bench/gui_results.json]

- paint: time to lay out and paint one week of 150 agents in the rota calendar (goal ≤ 100 ms);
- stall: the longest gap between ticks of a 5 ms timer on the GUI thread while the L instance
  solves in the worker (goal ≤ 50 ms), and separately while its result lands and is drawn;
- launch: a first start on the demo database, from starting the process to the main window on
  screen (goal ≤ 2 s; it says "Opening team…" while the database is opened and checked), to the
  team shown, and to a useful rota on screen (goal ≤ 10 s), by the app's readiness markers.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIRST_DAY = date(2026, 12, 7)


def big_team(agents: int = 150) -> Any:
    """The demo team copied until it has ``agents`` agents (when bench.generate is missing)."""
    from coverage_app.services.scenarios import demo_scenario

    demo = demo_scenario()
    copies = []
    for i in range(agents):
        base = demo.agents[i % len(demo.agents)]
        copies.append(dataclasses.replace(base, id=f"{base.id}-{i}", name=f"{base.name} {i}",
                                          display_name=f"{base.label} {i}", email=""))
    return dataclasses.replace(demo, agents=tuple(copies), time_off=(), history=())


def scenario_for(size: str) -> tuple[Any, Any]:
    from models.domain import Period

    if size == "copies":  # the demo team copied to 150 agents, two weeks
        return big_team(150), Period(FIRST_DAY, 14)
    try:
        from bench.generate import generate
    except ImportError:
        return big_team(150), Period(FIRST_DAY, 7)
    return generate(size, 0)


def week_plan(scenario: Any, period: Any) -> Any:
    """Five 8-hour shifts a week per agent at 09:00 local: a realistic number of bars."""
    from models.domain import Plan, Shift
    from models.timerules import to_utc

    shifts = []
    for agent in scenario.active_agents():
        for day in period.dates():
            if day.weekday() < 5:
                start = to_utc(day, clock(9), agent.time_zone)
                shifts.append(Shift(f"{agent.id}-{day:%Y%m%d}", agent.id, start,
                                    start + timedelta(hours=8)))
    return Plan(period, tuple(shifts))


def bench_paint(app: Any, repeats: int = 15) -> dict[str, float]:
    from coverage_app.widgets.rota_layout import RotaLayout
    from coverage_app.widgets.rota_style import ROW_H, TOP
    from coverage_app.widgets.rota_view import RotaView
    from models.domain import Period

    scenario = big_team(150)
    plan = week_plan(scenario, Period(FIRST_DAY, 7))
    view = RotaView()
    view.resize(1600, TOP + 150 * ROW_H + 8)  # every row visible: the worst case
    view.show()
    app.processEvents()
    layouts, paints = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        layout = RotaLayout(scenario, plan, scenario.team.reference_zone, FIRST_DAY, 7)
        t1 = time.perf_counter()
        view.set_layout(layout, {})
        view.viewport().grab()
        t2 = time.perf_counter()
        layouts.append((t1 - t0) * 1000)
        paints.append((t2 - t1) * 1000)
    check_ms = float("nan")
    try:
        from solver.check import check

        t0 = time.perf_counter()
        check(scenario, plan)
        check_ms = (time.perf_counter() - t0) * 1000
    except ImportError:
        pass
    view.close()
    return {"agents": 150, "shifts": len(plan.shifts),
            "layout_ms_first_incl_coverage_count": layouts[0],
            "layout_ms_median": statistics.median(layouts),
            "paint_ms_median": statistics.median(paints),
            "layout_plus_paint_ms_median": statistics.median(
                a + b for a, b in zip(layouts, paints, strict=True)),
            "paint_ms_max": max(paints), "check_ms": check_ms}


class StallMeter:
    """Ticks every 5 ms on the GUI thread and records the longest gap between ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.ticks = 0
        self.origin = self.last
        self.stalls: list[tuple[float, float]] = []  # (seconds after start, ms) over 30 ms

    def start(self) -> None:
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = self.origin = time.perf_counter()
        self.longest = 0.0
        self.ticks = 0
        self.stalls = []

    def _tick(self) -> None:
        now = time.perf_counter()
        if now - self.last > 0.03:
            self.stalls.append((round(self.last - self.origin, 2), round((now - self.last) * 1000)))
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1


def bench_stall(app: Any, size: str, seconds: float) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, QTimer

    from coverage_app.pages.rota import RotaPage
    from coverage_app.state import AppState

    scenario, period = scenario_for(size)
    state = AppState(scenario)
    page = RotaPage(state, None)
    page.resize(1600, 1000)
    page.show()
    page.panel.set_start(period.first_day)
    page.panel.days_spin.setValue(period.days)
    page.panel.limit_spin.setValue(seconds)
    # Steady state: the page loads the checker (OR-Tools) in a worker after start-up; a solve
    # started in that first second also competes with that import (measured in "launch").
    deadline = time.monotonic() + 20
    while "solver.check" not in sys.modules and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    meter = StallMeter()
    landed: dict[str, Any] = {}

    def on_solved(result: Any) -> None:
        landed["solve_s"] = time.perf_counter() - started
        landed["during_ms"] = meter.longest * 1000
        landed["ticks"] = meter.ticks
        landed["stalls"] = sorted(meter.stalls, key=lambda s: -s[1])[:5]
        landed["status"] = str(result.status)
        meter.reset()
        QTimer.singleShot(300, loop.quit)  # let the result be drawn, then read the meter

    loop = QEventLoop()
    page.solved.connect(on_solved)
    def on_failed(message: str) -> None:
        landed["error"] = message
        loop.quit()

    page.solve_failed.connect(on_failed)
    meter.start()
    started = time.perf_counter()
    page.start_solve()
    loop.exec()
    after = meter.longest * 1000
    page.shutdown()
    page.close()
    return {"size": size, "agents": len(scenario.agents), "days": period.days,
            "time_limit_s": seconds, "solve_s": landed.get("solve_s"),
            "status": landed.get("status", landed.get("error")),
            "longest_stall_during_solve_ms": landed.get("during_ms"),
            "timer_ticks_during_solve": landed.get("ticks"),
            "worst_stalls_during_solve_at_s_ms": landed.get("stalls"),
            "longest_stall_when_result_lands_ms": after}


def bench_first_start(repeats: int = 2, platform: str = "offscreen") -> dict[str, Any]:
    """The app as a new user starts it: the demo database without a plan, so it solves at once.
    Times from starting the process to the app's readiness markers: ``window`` (the main window
    is on screen) and ``rota`` (a plan with its coverage and gaps is drawn; the solver's first
    plan, shown while CP-SAT improves it)."""
    runs: list[dict[str, float]] = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ, COVERAGE_SCHEDULER_DATA_DIR=folder,
                       COVERAGE_SCHEDULER_LOG_DIR=folder, XDG_CONFIG_HOME=folder,
                       QT_QPA_PLATFORM=platform, COVERAGE_SCHEDULER_READY_MARKERS="1")
            database = str(Path(folder) / "demo.sqlite")
            command = [sys.executable, "-m", "coverage_app.cli"]
            subprocess.run([*command, "demo", "--db", database], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times: dict[str, float] = {}
            t0 = time.perf_counter()
            proc = subprocess.Popen([*command, "--db", database], stderr=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
            assert proc.stderr is not None
            for line in proc.stderr:
                stage = line.removeprefix("coverage-scheduler ready: ").strip()
                if stage in ("window", "team", "rota"):
                    times[stage] = time.perf_counter() - t0
                if "rota" in times:
                    break
            proc.terminate()
            proc.wait(timeout=60)
            runs.append(times)
    def median(stage: str) -> float | None:
        values = [r[stage] for r in runs if stage in r]
        return statistics.median(values) if values else None

    return {"platform": platform,
            "first_window_s_median": median("window"),
            "team_shown_s_median": median("team"),
            "first_useful_rota_s_median": median("rota"),
            "runs_s": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_gui")
    parser.add_argument("--size", default="L")
    parser.add_argument("--solve-seconds", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "gui_results.json")
    parser.add_argument("--skip", default="", help="comma list of paint,stall,launch")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    skip = set(filter(None, args.skip.split(",")))
    results: dict[str, Any] = {}
    if "paint" not in skip:
        results["paint_week_150_agents"] = bench_paint(app)
    if "stall" not in skip:
        results["event_loop_stall"] = bench_stall(app, args.size, args.solve_seconds)
    if "launch" not in skip:
        results["first_start"] = bench_first_start()
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    for name, figures in results.items():
        print(f"{name}:")
        for key, value in figures.items():
            shown = f"{value:.1f}" if isinstance(value, float) else value
            print(f"  {key:40} {shown}")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
