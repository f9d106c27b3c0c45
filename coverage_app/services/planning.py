"""Use cases "plan a period" and "re-plan after a sick call" (Qt-free; the CLI and the GUI call
these), plus the plan summary both show: coverage per requirement, hours per agent, fairness."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coverage_app.services.absence import replan_window
from models.coverage import SlotCoverage, coverage
from models.domain import Period, Plan, Scenario, TimeOff, TimeOffKind
from models.horizon import horizon
from models.requirement_coverage import RequirementCoverage, requirement_coverage
from models.timerules import night_minutes, weekend_minutes
from solver.types import (
    CancelToken,
    CarriedBalance,
    Progress,
    SolveParams,
    SolveResult,
    Weights,
)


def plan_period(scenario: Scenario, period: Period, *, time_limit_s: float = 10.0,
                workers: int = 2, seed: int = 0, weights: Weights | None = None,
                previous: Plan | None = None, keep_before: datetime | None = None,
                keep_after: datetime | None = None,
                on_progress: Callable[[Progress], None] | None = None,
                cancel: CancelToken | None = None,
                deterministic: bool = False, max_memory_mb: int | None = None,
                cheapest_first: bool = False,
                carried: tuple[CarriedBalance, ...] = ()) -> SolveResult:
    """A rota for ``period`` (a re-plan when ``previous`` is given).

    ``cheapest_first``: the cheapest plan that meets the target (cost before fairness);
    ``carried``: the fairness balance from earlier published plans
    (:func:`coverage_app.services.fair_balance.carried_from_store`).

    ``deterministic``: the same seed gives the same plan on any machine (the limit then counts
    CP-SAT's deterministic time, not seconds, so the wall time varies with the machine).
    """
    from solver.engine import solve  # OR-Tools: loaded when a solve is asked for

    params = SolveParams(period, time_limit_s=time_limit_s, workers=workers, seed=seed,
                         weights=weights or Weights(), previous=previous,
                         keep_before=keep_before, keep_after=keep_after,
                         deterministic=deterministic, cheapest_first=cheapest_first,
                         carried=carried)
    if max_memory_mb is not None:
        params = dataclasses.replace(params, max_memory_mb=max_memory_mb)
    return solve(scenario, params, on_progress=on_progress, cancel=cancel)


def with_sick_days(scenario: Scenario, agent_id: str, first_day: date,
                   last_day: date) -> Scenario:
    """The scenario with a sick leave added (local days in the agent's zone)."""
    off = TimeOff(f"sick-{agent_id}-{first_day.isoformat()}", agent_id, first_day, last_day,
                  TimeOffKind.SICK, "called in sick")
    return dataclasses.replace(scenario, time_off=(*scenario.time_off, off))


def replan_after_sick_call(scenario: Scenario, previous: Plan, agent_id: str, first_day: date,
                           last_day: date | None = None, *, keep_before: datetime | None = None,
                           keep_after: datetime | None = None,
                           time_limit_s: float = 10.0, workers: int = 2, seed: int = 0,
                           on_progress: Callable[[Progress], None] | None = None,
                           cancel: CancelToken | None = None) -> tuple[Scenario, SolveResult]:
    """Mark the agent sick and re-plan, keeping every shift the sick days do not force out.

    Only shifts inside the window (default :func:`replan_window`) may change: those starting
    before ``keep_before`` or at or after ``keep_after`` are locked."""
    last_day = last_day or first_day
    sick = with_sick_days(scenario, agent_id, first_day, last_day)
    default_before, default_after = replan_window(scenario, agent_id, first_day, last_day)
    result = plan_period(sick, previous.period, time_limit_s=time_limit_s, workers=workers,
                         seed=seed, previous=previous, keep_before=keep_before or default_before,
                         keep_after=keep_after or default_after,
                         on_progress=on_progress, cancel=cancel)
    return sick, result


@dataclass(frozen=True, slots=True)
class AgentHours:
    agent_id: str
    name: str
    shifts: int
    hours: float
    night_hours: float
    weekend_hours: float


@dataclass(frozen=True, slots=True)
class PlanSummary:
    coverage: tuple[RequirementCoverage, ...]
    agents: tuple[AgentHours, ...]
    night_spread_hours: float
    weekend_spread_hours: float
    hours_spread_percent: float  # share of contract maximum, most minus least loaded


def summarize(scenario: Scenario, plan: Plan,
              rows: Sequence[SlotCoverage] | None = None) -> PlanSummary:
    """What the CLI prints after a solve and the app's headline shows (one definition).

    ``rows``: the plan's coverage when the caller has it already."""
    if rows is None:
        rows = coverage(scenario, plan, horizon(scenario, plan.period))
    cover = requirement_coverage(scenario, rows)
    agents = []
    load: list[float] = []
    weeks = max(1.0, plan.period.days / 7)
    for agent in scenario.active_agents():
        shifts = plan.shifts_of(agent.id)
        minutes = sum(s.minutes for s in shifts)
        night = sum(night_minutes(scenario.team, agent.time_zone, s.start, s.end) for s in shifts)
        weekend = sum(weekend_minutes(s.start, s.end, agent.time_zone) for s in shifts)
        agents.append(AgentHours(agent.id, agent.label, len(shifts), minutes / 60, night / 60,
                                 weekend / 60))
        cap = scenario.contract_of(agent).max_hours_per_week * weeks
        if cap > 0:
            load.append(100 * minutes / 60 / cap)

    def spread(values: list[float]) -> float:
        return max(values) - min(values) if values else 0.0

    night_workers = [a.night_hours for a in agents if a.night_hours > 0]
    return PlanSummary(cover, tuple(agents), spread(night_workers),
                       spread([a.weekend_hours for a in agents]), spread(load))
