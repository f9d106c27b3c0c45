"""What the two baselines share: every legal shift of an agent, the rule facts of a shift, and
the chosen shifts turned into a ``models.domain.Plan``.

Nothing here comes from the engine's candidate builder. A shift option is every start on the
team grid and every length on the grid from the contract's minimum to its maximum (capped at the
daily maximum, since an agent works one shift a local day) that lies wholly inside one interval
of the agent's availability and inside the period. Availability is read with
``solver.rules.agent_calendar``, the function the checker reads it with (time off and public
holidays removed), and a shift belongs to the local day and ISO week it starts in, as the checker
says. Shifts worked before the period (``scenario.history``) take their local day, and every
option that would break rest against them is left out.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from models.coverage import coverage
from models.domain import (
    Agent,
    Period,
    Plan,
    PlanStatistics,
    PlanStatus,
    Scenario,
    Shift,
    ShiftOrigin,
)
from models.horizon import Horizon, horizon
from models.timerules import Interval, iso_week, local_date, night_intervals
from solver.rules import agent_calendar, is_night

MARGIN = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class ShiftOption:
    """One shift an agent may work, with the facts the contract rules ask about."""

    agent: Agent
    start: datetime
    end: datetime
    day: date  # the agent's local day the shift starts on
    minutes: int  # real elapsed minutes
    night: bool  # overlaps the team's night window in the agent's local time
    slots: range  # grid slots the shift covers wholly

    @property
    def week(self) -> tuple[int, int]:
        return iso_week(self.day)


@dataclass
class AgentHistory:
    """What shifts worked before the period weigh on one agent's rules."""

    shifts: list[Shift] = field(default_factory=list)
    days: set[date] = field(default_factory=set)
    week_minutes: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    week_nights: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))


def histories(scenario: Scenario) -> dict[str, AgentHistory]:
    out: dict[str, AgentHistory] = defaultdict(AgentHistory)
    for s in scenario.history:
        agent = scenario.agent(s.agent_id)
        day = local_date(s.start, agent.time_zone)
        h = out[agent.id]
        h.shifts.append(s)
        h.days.add(day)
        h.week_minutes[iso_week(day)] += s.minutes
        h.week_nights[iso_week(day)] += is_night(scenario, agent, s.start, s.end)
    return out


def option_lengths(scenario: Scenario, agent: Agent, granularity: int) -> list[int]:
    """Every shift length on the grid from the contract's minimum to its maximum (minutes)."""
    contract = scenario.contract_of(agent)
    low = -(-round(contract.min_shift_hours * 60) // granularity) * granularity
    high = round(min(contract.max_shift_hours, contract.max_hours_per_day) * 60)
    return list(range(low, high + 1, granularity))


def _overlaps(intervals: list[Interval], ends: list[datetime], start: datetime,
              end: datetime) -> bool:
    """Whether ``[start, end)`` meets one of sorted, disjoint ``intervals`` (``ends``: theirs)."""
    i = bisect_right(ends, start)  # the first interval ending after ``start``
    return i < len(intervals) and intervals[i].start < end


def agent_options(scenario: Scenario, agent: Agent, grid: Horizon, history: AgentHistory,
                  lengths: list[int] | None = None) -> Iterator[ShiftOption]:
    """Every legal shift option of one agent, in order of start (``lengths`` narrows them)."""
    contract = scenario.contract_of(agent)
    zone = agent.time_zone
    g = grid.granularity
    calendar = agent_calendar(scenario, agent, grid.start - MARGIN, grid.end + MARGIN)
    nights = night_intervals(scenario.team, zone, grid.start - MARGIN, grid.end + MARGIN)
    night_ends = [iv.end for iv in nights]
    allowed = option_lengths(scenario, agent, g)
    if lengths is not None:
        allowed = [m for m in allowed if m in lengths]
    rest = timedelta(hours=contract.min_rest_hours)
    # A shift starts inside the period; the last day's may end after it, as the engine's do
    # (a night of the period's last day).
    bounds = Interval(grid.start, grid.end + timedelta(minutes=max(allowed, default=0)))
    for available in calendar.available:
        interval = available.overlap(bounds)
        if interval is None:
            continue
        first = -(-grid.minute_of(interval.start) // g)
        for index in range(first, grid.minute_of(min(interval.end, grid.end)) // g):
            start = grid.slot_start(index)
            day = local_date(start, zone)
            if day in history.days:
                continue
            for length in allowed:
                end = start + timedelta(minutes=length)
                if end > interval.end:
                    break
                if any(s.start < end + rest and start < s.end + rest for s in history.shifts):
                    continue
                night = _overlaps(nights, night_ends, start, end)
                yield ShiftOption(agent, start, end, day, length, night,
                                  grid.covered_slots(start, end))


@dataclass
class BaselineResult:
    """A baseline's plan and how it got there (seconds counted from the budget's start)."""

    plan: Plan
    status: str  # "optimal", "feasible", "no plan: <why>"
    build_s: float | None  # model (or heuristic input) ready; None: never built
    first_solution_s: float | None
    variables: int = 0
    constraints: int = 0
    objective: float | None = None  # priority-weighted shortfall (person-slots)
    bound: float | None = None
    notes: dict[str, float] = field(default_factory=dict)


def make_plan(scenario: Scenario, period: Period,
              chosen: list[tuple[ShiftOption, str | None]], statistics: PlanStatistics) -> Plan:
    """The chosen options (each with the dedicated duty it holds, or None) as a plan, its
    shortfall filled in; shift ids are ``agent:local-day`` like the engine's."""
    shifts = tuple(sorted(
        (Shift(f"{o.agent.id}:{o.day.isoformat()}", o.agent.id, o.start, o.end, duty=duty,
               origin=ShiftOrigin.SOLVER) for o, duty in chosen),
        key=lambda s: (s.start, s.agent_id)))
    plan = Plan(period, shifts, target_id=scenario.active_target_id)
    statistics = replace(statistics, shortfall_minutes=uncovered_minutes(scenario, plan))
    return replace(plan, statistics=statistics)


def no_plan(scenario: Scenario, period: Period, why: str, started: float,
            build_s: float | None) -> BaselineResult:
    plan = Plan(period, (), statistics=PlanStatistics(
        status=PlanStatus.NO_PLAN, wall_seconds=time.monotonic() - started),
        target_id=scenario.active_target_id)
    return BaselineResult(plan, f"no plan: {why}", build_s, None)


def uncovered_minutes(scenario: Scenario, plan: Plan, grid: Horizon | None = None) -> int:
    """Missing person-minutes of the active target (the measure every solver is judged by)."""
    grid = grid or horizon(scenario, plan.period)
    return sum(row.missing_minutes for row in coverage(scenario, plan, grid))
