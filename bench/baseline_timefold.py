"""The local-search baseline: the model a Timefold user writes for this problem.

Timefold Solver is the open-source local-search solver made for rostering: a construction
heuristic, then late-acceptance search over change and swap moves, the score kept incrementally
by constraint streams. Its Python package (``timefold``, on a Java 17+ runtime; 1.24.0b0 is the
last release, SolverForge's ``solverforge-legacy`` carries the same code on) is what a Python
team reaches for.

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
  score after every phase). One thread: more are in the enterprise edition only. Tabu search
  instead of late acceptance did better on small instances and far worse on large ones (follow
  the sun, tight: 89 against 147 h at 10 agents and 10 s, 1,247 against 296 h at 150 agents
  and 60 s), so the default stays.

The budget covers everything from ``started``: starting the Java runtime and translating the
classes (on import), building the problem, handing it to Java and the search. Only the chosen
shifts are read back.
"""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated

from timefold.solver.domain import (
    PlanningEntityCollectionProperty,
    PlanningId,
    PlanningScore,
    PlanningVariable,
    ProblemFactCollectionProperty,
    ValueRangeProvider,
    planning_entity,
    planning_solution,
)
from timefold.solver.score import (
    ConstraintCollectors,
    ConstraintFactory,
    HardSoftScore,
    Joiners,
    constraint_provider,
)

from bench.shifts import BaselineResult, ShiftOption, agent_options, histories, make_plan, no_plan
from models.coverage import demands
from models.domain import DutyKind, Period, PlanStatistics, PlanStatus, Scenario
from models.horizon import horizon
from models.timerules import day_start, to_local
from solver.soft import priority_weights

FINISH_S = 0.5  # kept back to read the best shifts back and make the plan
FINISH_SHARE = 0.03


@dataclass
class Cap:
    """What one agent may still work in one local ISO week."""

    id: Annotated[int, PlanningId]
    minutes: int
    nights: int


@dataclass
class Window:
    """N+1 local days in a row of one agent: at most ``allowed`` of them may be worked."""

    id: Annotated[int, PlanningId]
    agent: int
    first: int
    last: int
    allowed: int


@dataclass
class Need:
    """The headcount one requirement asks for in one slot (minutes from the grid's start),
    and its priority weight."""

    id: Annotated[int, PlanningId]
    requirement: int
    start: int
    end: int
    headcount: int
    weight: int


@dataclass
class Start:
    """A shift as a rota pattern: its local start (minutes after local midnight), length, the
    dedicated duty it holds (bit mask of the requirement) and whether it is a night shift.
    One object serves every agent-day it fits, so a swap move trades shifts between days."""

    id: Annotated[int, PlanningId]
    offset: int
    minutes: int
    duty: int
    night: int


@planning_entity
@dataclass
class AgentDay:
    """One agent's local day; ``shift`` is the shift worked that day, or None (a day off)."""

    id: Annotated[int, PlanningId]
    agent: int
    day: int
    cap: Cap
    midnight: int  # local midnight, minutes from the grid's start
    clock_at: int  # local minutes after midnight from which the clock has changed that day
    clock_by: int  # by how much (real minutes)
    rest: int
    counted: int  # bit r: the agent counts for shared requirement r
    starts: Annotated[list[Start], ValueRangeProvider(id="starts")] = field(
        default_factory=list)
    shift: Annotated[Start | None, PlanningVariable(
        value_range_provider_refs=["starts"], allows_unassigned=True)] = None

    def begin(self) -> int:
        offset = self.shift.offset
        return self.midnight + offset - (self.clock_by if offset >= self.clock_at else 0)

    def end(self) -> int:
        return self.begin() + self.shift.minutes


@planning_solution
@dataclass
class Rota:
    caps: Annotated[list[Cap], ProblemFactCollectionProperty]
    windows: Annotated[list[Window], ProblemFactCollectionProperty]
    needs: Annotated[list[Need], ProblemFactCollectionProperty]
    starts: Annotated[list[Start], ProblemFactCollectionProperty]
    days: Annotated[list[AgentDay], PlanningEntityCollectionProperty]
    score: Annotated[HardSoftScore | None, PlanningScore] = None


@constraint_provider
def rules(factory: ConstraintFactory) -> list:
    return [
        factory.for_each_unique_pair(
            AgentDay, Joiners.equal(lambda a: a.agent),
            Joiners.overlapping(lambda a: a.begin(), lambda a: a.end() + a.rest))
        .penalize(HardSoftScore.ONE_HARD).as_constraint("min rest"),
        factory.for_each(AgentDay)
        .group_by(lambda a: a.cap, ConstraintCollectors.sum(lambda a: a.shift.minutes))
        .filter(lambda cap, minutes: minutes > cap.minutes)
        .penalize(HardSoftScore.ONE_HARD, lambda cap, minutes: minutes - cap.minutes)
        .as_constraint("max hours per week"),
        factory.for_each(AgentDay).filter(lambda a: a.shift.night == 1)
        .group_by(lambda a: a.cap, ConstraintCollectors.count())
        .filter(lambda cap, nights: nights > cap.nights)
        .penalize(HardSoftScore.ONE_HARD, lambda cap, nights: nights - cap.nights)
        .as_constraint("max nights per week"),
        factory.for_each(Window)
        .join(AgentDay, Joiners.equal(lambda w: w.agent, lambda a: a.agent),
              Joiners.less_than_or_equal(lambda w: w.first, lambda a: a.day),
              Joiners.greater_than_or_equal(lambda w: w.last, lambda a: a.day))
        .group_by(lambda w, a: w, ConstraintCollectors.count_bi())
        .filter(lambda w, worked: worked > w.allowed)
        .penalize(HardSoftScore.ONE_HARD, lambda w, worked: worked - w.allowed)
        .as_constraint("max consecutive days"),
        factory.for_each(AgentDay)
        .join(Need, Joiners.less_than_or_equal(lambda a: a.begin(), lambda n: n.start),
              Joiners.greater_than_or_equal(lambda a: a.end(), lambda n: n.end))
        .filter(lambda a, n: ((a.counted | a.shift.duty) >> n.requirement) & 1 == 1)
        .group_by(lambda a, n: n, ConstraintCollectors.count_bi())
        .reward(HardSoftScore.ONE_SOFT, lambda n, people: min(people, n.headcount) * n.weight)
        .as_constraint("demand met"),
    ]


@dataclass
class _Problem:
    rota: Rota
    chosen: dict[tuple[int, int], tuple[ShiftOption, str | None]]  # (day id, start id) -> shift
    entities: int
    options: int


def _problem(scenario: Scenario, period: Period) -> _Problem:
    """The Timefold problem: every agent-day with the patterns it may work, the weekly caps,
    the windows of consecutive days and the demand."""
    grid = horizon(scenario, period)
    history = histories(scenario)
    weights = priority_weights(scenario)
    requirements = list(scenario.target.requirements)
    index = {r.id: i for i, r in enumerate(requirements)}
    found = demands(scenario, period, grid)
    needs = [Need(i, index[d.requirement_id], grid.minute_of(grid.slot_start(d.slot)),
                  grid.minute_of(grid.slot_end(d.slot)), d.headcount,
                  weights[requirements[index[d.requirement_id]].priority])
             for i, d in enumerate(found)]
    demanded: dict[str, set[int]] = defaultdict(set)
    for d in found:
        demanded[d.requirement_id].add(d.slot)
    dedicated = [r for r in requirements if r.duty is DutyKind.DEDICATED]
    first_day = grid.start.date() - timedelta(days=2)
    patterns: dict[tuple[int, int, int, int], Start] = {}
    chosen: dict[tuple[int, int], tuple[ShiftOption, str | None]] = {}
    caps: dict[tuple[str, tuple[int, int]], Cap] = {}
    days: list[AgentDay] = []
    windows: list[Window] = []
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
            base = grid.minute_of(day_start(day, zone))
            entity = AgentDay(len(days), number, (day - first_day).days, Cap(0, 0, 0), base,
                              24 * 60, 0, round(contract.min_rest_hours * 60), shared)
            placed = []  # (option, local minutes after midnight, real minus local)
            for o in options:
                wall = to_local(o.start, zone)
                offset = wall.hour * 60 + wall.minute
                placed.append((o, offset, grid.minute_of(o.start) - base - offset, wall.fold))
            changed = [(offset, c) for _, offset, c, fold in placed if c and not fold]
            if changed:
                entity.clock_at, entity.clock_by = min(changed)[0], -changed[0][1]
            for o, offset, c, _ in placed:
                if c != (-entity.clock_by if offset >= entity.clock_at else 0):
                    continue  # the hour a clock turned back repeats: its second run is left out
                for duty in [None, *duties]:
                    if duty is not None and demanded[duty].isdisjoint(o.slots):
                        continue
                    key = (offset, o.minutes, 0 if duty is None else 1 << index[duty],
                           int(o.night))
                    if key not in patterns:
                        patterns[key] = Start(len(patterns), *key)
                    if patterns[key] not in entity.starts:
                        entity.starts.append(patterns[key])
                        chosen[(entity.id, patterns[key].id)] = (o, duty)
            week = (day.isocalendar()[0], day.isocalendar()[1])
            if (agent.id, week) not in caps:
                caps[(agent.id, week)] = Cap(len(caps), max(0, round(
                    contract.max_hours_per_week * 60) - done.week_minutes[week]), max(
                    0, contract.max_nights_per_week - done.week_nights[week]))
            entity.cap = caps[(agent.id, week)]
            days.append(entity)
        n = contract.max_consecutive_days
        for start_day in sorted({*by_day, *done.days}):
            window = [start_day + timedelta(days=k) for k in range(n + 1)]
            if all(d in by_day or d in done.days for d in window):
                windows.append(Window(len(windows), number, (start_day - first_day).days,
                                      (window[-1] - first_day).days,
                                      n - sum(d in done.days for d in window)))
    rota = Rota(list(caps.values()), windows, needs, list(patterns.values()), days)
    return _Problem(rota, chosen, len(days), len(chosen))


def solve_timefold(scenario: Scenario, period: Period, time_limit_s: float, workers: int = 2,
                   seed: int = 0, started: float | None = None) -> BaselineResult:
    """The baseline's plan within ``time_limit_s`` counted from ``started`` (default: now).

    ``workers`` is not used: the community edition solves on one thread."""
    from _jpyinterpreter import convert_to_java_python_like_object
    from timefold.solver import SolverFactory
    from timefold.solver.config import (
        Duration,
        EnvironmentMode,
        ScoreDirectorFactoryConfig,
        SolverConfig,
        SolverConfigOverride,
        TerminationConfig,
    )

    started = time.monotonic() if started is None else started
    deadline = started + time_limit_s - max(FINISH_S, FINISH_SHARE * time_limit_s)
    problem = _problem(scenario, period)
    factory = SolverFactory.create(SolverConfig(
        solution_class=Rota, entity_class_list=[AgentDay],
        environment_mode=EnvironmentMode.NON_REPRODUCIBLE, random_seed=seed,
        score_director_factory_config=ScoreDirectorFactoryConfig(
            constraint_provider_function=rules)))
    java_problem = convert_to_java_python_like_object(problem.rota)
    build_s = time.monotonic() - started
    left = deadline - time.monotonic()
    if left <= 0:
        return no_plan(scenario, period, "no time left to search after building the model",
                       started, build_s)
    solver = factory.build_solver(SolverConfigOverride(termination_config=TerminationConfig(
        spent_limit=Duration(milliseconds=int(left * 1000)))))
    # The spent limit counts from the search's start; the timer holds the budget's end.
    timer = threading.Timer(left, solver.terminate_early)
    timer.start()
    try:
        # ``solver.solve`` would turn the whole best solution back into Python objects: 4.6 s
        # at 150 agents. Only each agent-day's shift is read here, from the Java objects.
        best = solver._delegate.solve(java_problem)
    finally:
        timer.cancel()
    if best.score is None or int(str(best.score.hard_score)) != 0:
        return no_plan(scenario, period, f"Timefold's best plan breaks rules ({best.score})",
                       started, build_s)
    chosen = [problem.chosen[(int(str(day.id)), int(str(day.shift.id)))]
              for day in best.days if hasattr(day.shift, "id")]  # else Python's None in Java
    statistics = PlanStatistics(status=PlanStatus.FEASIBLE, variables=problem.entities,
                                wall_seconds=time.monotonic() - started, seed=seed, workers=1)
    plan = make_plan(scenario, period, chosen, statistics)
    return BaselineResult(plan, "feasible", build_s, None, problem.entities, 0,
                          notes={"options": float(problem.options)})
