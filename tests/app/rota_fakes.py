"""Fakes for the rota tests: a fast solve service and a small checker (no CP-SAT)."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any

from models.domain import Gap, GapReason, Plan, PlanStatistics, PlanStatus, Scenario, Shift
from models.timerules import to_utc


@dataclass(frozen=True)
class FakeProgress:
    elapsed_s: float
    objective: float | None
    bound: float | None
    solutions: int
    shortfall_minutes: int | None = None


@dataclass(frozen=True)
class FakeResult:
    status: PlanStatus
    plan: Plan
    diff: Any = None
    penalties: tuple[Any, ...] = ()
    messages: tuple[str, ...] = ()


def day_shifts_plan(scenario: Scenario, params: Any, status: PlanStatus = PlanStatus.FEASIBLE,
                    hours: int = 8, weekdays_only: bool = True) -> Plan:
    """Every active agent works 09:00 local for ``hours`` on weekdays; one gap with a reason."""
    shifts = []
    for agent in scenario.active_agents():
        for day in params.period.dates():
            if weekdays_only and day.weekday() >= 5:
                continue
            start = to_utc(day, time(9), agent.time_zone)
            shifts.append(Shift(f"{agent.id}-{day:%Y%m%d}", agent.id, start,
                                start + timedelta(hours=hours)))
    first = params.period.first_day
    gap_start = to_utc(first, time(3), scenario.team.reference_zone)
    requirement = scenario.target.requirements[0]
    gap = Gap(requirement.id, gap_start, gap_start + timedelta(hours=2), 1,
              GapReason.NOT_AVAILABLE, "nobody with the skill is available then")
    stats = PlanStatistics(status=status, objective=1234.0, best_bound=1000.0, wall_seconds=0.1)
    return Plan(params.period, tuple(shifts), (gap,), stats, scenario.active_target_id)


@dataclass
class FakeSolver:
    """A solve service: reports progress, waits for ``release`` or cancel, returns a plan."""

    block: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    calls: list[Any] = field(default_factory=list)

    def __call__(self, scenario: Scenario, params: Any, *, on_progress: Any = None,
                 cancel: Any = None) -> FakeResult:
        self.calls.append(params)
        if on_progress is not None:
            on_progress(FakeProgress(0.01, 2000.0, 900.0, 1, 600))
        if self.block:
            while not self.release.is_set() and not (cancel is not None and cancel.cancelled):
                self.release.wait(0.01)
        cancelled = cancel is not None and cancel.cancelled
        status = PlanStatus.CANCELLED if cancelled else PlanStatus.FEASIBLE
        return FakeResult(status, day_shifts_plan(scenario, params, status))


@dataclass(frozen=True)
class FakeViolation:
    rule: str
    agent_id: str
    shift_ids: tuple[str, ...]
    amount: float
    message: str


def rest_check(scenario: Scenario, plan: Plan) -> list[FakeViolation]:
    """Only the min-rest rule, in plain Python (a stand-in for solver.check)."""
    found = []
    for agent in scenario.agents:
        rest = timedelta(hours=scenario.contract_of(agent).min_rest_hours)
        shifts = plan.shifts_of(agent.id)
        for a, b in itertools.pairwise(shifts):
            if b.start - a.end < rest:
                gap_h = (b.start - a.end).total_seconds() / 3600
                found.append(FakeViolation("min_rest", agent.id, (a.id, b.id), gap_h,
                                           f"only {gap_h:g} h rest between shifts "
                                           f"(at least {rest.total_seconds() / 3600:g} h)"))
    return found
