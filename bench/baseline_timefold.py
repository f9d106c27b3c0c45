"""The local-search baseline: the model a Timefold user writes for this problem.

Timefold Solver is the open-source local-search solver made for rostering: a construction
heuristic, then late-acceptance search over change and swap moves, the score kept incrementally
by constraint streams. The model is written on its Java API (``bench/timefold/RotaSolver.java``),
compiled with ``javac`` against the solver's jars, which the Python package ``timefold``
(1.24.0b0) ships, and run on a Java 17+ runtime.
Measured reason for Java over the package's Python API (the same model, tried first): on 150
agents at 60 s the Python API spent 7.7 s before its search (starting its Java runtime inside
Python, translating the classes, handing the problem over) and 4.6 s turning the best plan back
into Python objects; on 10 agents it evaluated 13-18 thousand moves a second, the Java model 54
thousand. Follow the sun, tight: 296-327 uncovered hours at 150 agents and 60 s against the
Java model's 185, 165-176 against 114 at 40 agents and 30 s.

- One planning entity per agent and local day the agent could work; its planning variable is
  the shift worked that day, or none. Values are shared patterns (local start, length, the
  dedicated duty held, night or not), so a swap move trades shifts between two days or two
  agents; each entity's value range holds only the patterns that are legal options of
  ``bench/shifts.py`` for it (availability, time off, shift length, skills, rest against
  history). On a day whose clock changes, a pattern's real start moves with the clock; the
  second run of an hour the clock turned back is left out.
- Hard constraints, as ``solver/check.py`` states them: min rest (and no overlap) between two
  shifts of an agent, max hours per local ISO week, max night shifts per week, max consecutive
  working days (one window of N+1 days at a time); shifts worked before the period count.
- Soft: the priority-weighted demand met, summed per demanded (requirement, slot) as the people
  counted for it up to its headcount. Maximising it is minimising the weighted shortfall; the
  plan is then measured as every other solver's is (``models.coverage``).
- Timefold's default phases. Environment mode ``NON_REPRODUCIBLE`` (the default re-checks the
  score after every phase). One thread: more are in the enterprise edition only.

The budget covers everything from ``started``: building and writing the problem, starting Java,
reading it there and the search; compiling the model (once per source) does not count, as
installing a package would not.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.java import java_tools, solver_jars
from bench.shifts import BaselineResult, ShiftOption, agent_options, histories, make_plan, no_plan
from models.coverage import demands
from models.domain import DutyKind, Period, PlanStatistics, PlanStatus, Scenario
from models.horizon import horizon
from models.timerules import day_start, iso_week, to_local
from solver.soft import priority_weights

SOURCE = Path(__file__).resolve().parent / "timefold" / "RotaSolver.java"
BUILD = Path(__file__).resolve().parent.parent / "build" / "bench-timefold"
FINISH_S = 0.5  # kept back to read the chosen shifts and make the plan
FINISH_SHARE = 0.03
MAX_REQUIREMENTS = 63  # a requirement is one bit of a Java long


@dataclass
class _Day:
    """One agent-day of the problem, as its ``D`` line says it."""

    id: int
    agent: int
    day: int
    cap: int
    midnight: int  # local midnight, minutes from the grid's start
    rest: int
    counted: int  # bit r: the agent counts for shared requirement r
    clock_at: int = 24 * 60  # local minutes after midnight from which the clock has changed
    clock_by: int = 0  # by how much (real minutes)
    starts: list[int] = field(default_factory=list)

    def line(self) -> str:
        return (f"D {self.id} {self.agent} {self.day} {self.cap} {self.midnight} {self.clock_at} "
                f"{self.clock_by} {self.rest} {self.counted} {','.join(map(str, self.starts))}")


@dataclass
class _Problem:
    lines: list[str]
    chosen: dict[tuple[int, int], tuple[ShiftOption, str | None]]  # (day id, start id) -> shift
    entities: int
    options: int


def _problem(scenario: Scenario, period: Period) -> _Problem:
    """The problem's lines: the weekly caps, the windows of consecutive days, the demand, the
    shift patterns and every agent-day with the patterns it may work."""
    grid = horizon(scenario, period)
    history = histories(scenario)
    weights = priority_weights(scenario)
    requirements = list(scenario.target.requirements)
    index = {r.id: i for i, r in enumerate(requirements)}
    found = demands(scenario, period, grid)
    lines = [f"N {i} {index[d.requirement_id]} {grid.minute_of(grid.slot_start(d.slot))} "
             f"{grid.minute_of(grid.slot_end(d.slot))} {d.headcount} "
             f"{weights[requirements[index[d.requirement_id]].priority]}"
             for i, d in enumerate(found)]
    demanded: dict[str, set[int]] = defaultdict(set)
    for d in found:
        demanded[d.requirement_id].add(d.slot)
    dedicated = [r for r in requirements if r.duty is DutyKind.DEDICATED]
    first_day = grid.start.date() - timedelta(days=2)
    patterns: dict[tuple[int, int, int, int], int] = {}
    chosen: dict[tuple[int, int], tuple[ShiftOption, str | None]] = {}
    caps: dict[tuple[str, tuple[int, int]], int] = {}
    days: list[_Day] = []
    windows = 0
    for number, agent in enumerate(scenario.active_agents()):
        contract = scenario.contract_of(agent)
        zone = agent.time_zone
        done = history[agent.id]
        duties = [r.id for r in dedicated if agent.meets(r)]
        shared = sum(1 << i for i, r in enumerate(requirements)
                     if agent.meets(r) and r.duty is DutyKind.SHARED)
        by_day: dict[date, list[ShiftOption]] = defaultdict(list)
        for o in agent_options(scenario, agent, grid, done):
            by_day[o.day].append(o)
        for day, options in sorted(by_day.items()):
            week = iso_week(day)
            if (agent.id, week) not in caps:
                caps[(agent.id, week)] = len(caps)
                minutes = round(contract.max_hours_per_week * 60) - done.week_minutes[week]
                nights = contract.max_nights_per_week - done.week_nights[week]
                lines.append(f"C {len(caps) - 1} {max(0, minutes)} {max(0, nights)}")
            entity = _Day(len(days), number, (day - first_day).days, caps[(agent.id, week)],
                          grid.minute_of(day_start(day, zone)),
                          round(contract.min_rest_hours * 60), shared)
            placed = []  # (option, local minutes after midnight, real minus local, fold)
            for o in options:
                wall = to_local(o.start, zone)
                offset = wall.hour * 60 + wall.minute
                placed.append((o, offset, grid.minute_of(o.start) - entity.midnight - offset,
                               wall.fold))
            changed = [(offset, c) for _, offset, c, fold in placed if c and not fold]
            if changed:
                first_changed, by = min(changed)
                entity.clock_at, entity.clock_by = first_changed, -by
            for o, offset, c, _ in placed:
                if c != (-entity.clock_by if offset >= entity.clock_at else 0):
                    continue  # the hour a clock turned back repeats: its second run is left out
                for duty in [None, *duties]:
                    if duty is not None and demanded[duty].isdisjoint(o.slots):
                        continue
                    key = (offset, o.minutes, 0 if duty is None else 1 << index[duty],
                           int(o.night))
                    if key not in patterns:
                        patterns[key] = len(patterns)
                        lines.append(f"S {patterns[key]} {' '.join(map(str, key))}")
                    if (entity.id, patterns[key]) not in chosen:
                        entity.starts.append(patterns[key])
                        chosen[(entity.id, patterns[key])] = (o, duty)
            days.append(entity)
        n = contract.max_consecutive_days
        for start_day in sorted({*by_day, *done.days}):
            window = [start_day + timedelta(days=k) for k in range(n + 1)]
            if all(d in by_day or d in done.days for d in window):
                lines.append(f"W {windows} {number} {(start_day - first_day).days} "
                             f"{(window[-1] - first_day).days} "
                             f"{n - sum(d in done.days for d in window)}")
                windows += 1
    # Facts first: a day line names its cap and patterns.
    lines.sort(key=lambda line: "CSNW".index(line[0]))
    lines += [d.line() for d in days]
    return _Problem(lines, chosen, len(days), len(chosen))


def compiled() -> Path:
    """The model's classes, compiled once per source (under ``build/``)."""
    source = SOURCE.read_bytes()
    folder = BUILD / hashlib.sha1(source).hexdigest()[:12]
    if not (folder / "RotaSolver.class").exists():
        _, javac = java_tools()
        BUILD.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="classes-", dir=BUILD))
        subprocess.run([javac, "-nowarn", "-cp", f"{solver_jars()}/*", "-d", str(staging),
                        str(SOURCE)], check=True, capture_output=True, text=True)
        staging.replace(folder)  # whole, or not at all (another run may compile beside it)
    return folder


def solve_timefold(scenario: Scenario, period: Period, time_limit_s: float, workers: int = 2,
                   seed: int = 0, started: float | None = None) -> BaselineResult:
    """The baseline's plan within ``time_limit_s`` counted from ``started`` (default: now).

    ``workers`` is not used: the community edition solves on one thread."""
    started = time.monotonic() if started is None else started
    deadline = started + time_limit_s - max(FINISH_S, FINISH_SHARE * time_limit_s)
    if len(scenario.target.requirements) > MAX_REQUIREMENTS:
        return no_plan(scenario, period, f"more than {MAX_REQUIREMENTS} requirements",
                       started, None)
    classes = compiled()
    problem = _problem(scenario, period)
    java, _ = java_tools()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as file:
        file.write("\n".join(problem.lines) + "\n")
        file.flush()
        build_s = time.monotonic() - started
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            return no_plan(scenario, period, "no time left to search after building the model",
                           started, build_s)
        done = subprocess.run(
            [java, "-cp", f"{solver_jars()}/*:{classes}", "RotaSolver", file.name,
             str(left_ms), str(seed)], capture_output=True, text=True, check=False,
            timeout=left_ms / 1000 + 60)
    if done.returncode != 0:
        return no_plan(scenario, period, f"Timefold failed: {done.stderr.strip()[-500:]}",
                       started, build_s)
    score, *answer = done.stdout.splitlines()
    if score == "score none" or score.split()[1] != "0":
        return no_plan(scenario, period, f"Timefold's best plan breaks rules ({score})",
                       started, build_s)
    chosen = [problem.chosen[(int(d), int(s))] for d, s in (line.split() for line in answer)]
    statistics = PlanStatistics(status=PlanStatus.FEASIBLE, variables=problem.entities,
                                wall_seconds=time.monotonic() - started, seed=seed, workers=1)
    plan = make_plan(scenario, period, chosen, statistics)
    return BaselineResult(plan, "feasible", build_s, None, problem.entities, 0,
                          notes={"options": float(problem.options)})
