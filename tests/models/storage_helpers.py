"""Shared helpers for the storage tests: scenarios with every kind of row, stores on tmp files."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time

from models.domain import (
    AvailabilityException,
    Gap,
    GapCandidate,
    GapReason,
    Period,
    Plan,
    PlanStatistics,
    PlanStatus,
    Scenario,
    Shift,
    ShiftOrigin,
    TargetOverride,
    TimeOff,
    TimeOffKind,
)


def rich_scenario(demo: Scenario) -> Scenario:
    """The demo plus the row kinds it lacks: history, availability exceptions, overrides."""
    first, second = demo.agents[0], demo.agents[1]
    exception = AvailabilityException(day=date(2026, 3, 29), start=time(2, 30), end=time(6, 0),
                                      ends_next_day=False, available=True,
                                      note="extra early shift — «DST night»")
    first = dataclasses.replace(first, availability=dataclasses.replace(
        first.availability, exceptions=(exception,)))
    target = demo.target
    overrides = (TargetOverride(day=date(2026, 12, 24), headcount=0, note="Christmas Eve"),
                 TargetOverride(day=date(2026, 12, 31), headcount=1,
                                requirement_id=target.requirements[0].id))
    targets = tuple(dataclasses.replace(t, overrides=overrides) if t.id == target.id else t
                    for t in demo.targets)
    history = (
        Shift(id="h-1", agent_id=first.id, start=datetime(2026, 3, 28, 22, 0, tzinfo=UTC),
              end=datetime(2026, 3, 29, 6, 0, tzinfo=UTC), origin=ShiftOrigin.HISTORY,
              locked=True, note="worked"),
        Shift(id="h-2", agent_id=second.id, start=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
              end=datetime(2026, 3, 29, 8, 45, tzinfo=UTC), duty=target.requirements[0].id,
              origin=ShiftOrigin.HISTORY),
    )
    time_off = (*demo.time_off, TimeOff(id="sick-1", agent_id=second.id,
                                        first_day=date(2026, 4, 1), last_day=date(2026, 4, 2),
                                        kind=TimeOffKind.SICK, note="flu"))
    return dataclasses.replace(demo, agents=(first, *demo.agents[1:]), targets=targets,
                               history=history, time_off=time_off)


def with_agent(scenario: Scenario, index: int, **changes: object) -> Scenario:
    """The scenario with one agent changed."""
    agents = list(scenario.agents)
    agents[index] = dataclasses.replace(agents[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(scenario, agents=tuple(agents))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=UTC)


def make_plan(plan_id: str = "", created_at: datetime | None = None, shifts: int = 3) -> Plan:
    all_shifts = (
        # the fall-back night in Tallinn: 22:00-06:00 local is 9 real hours
        Shift(id="s-1", agent_id="kadri-tamm", start=at(24, 19), end=at(25, 4),
              duty="247-phone", locked=True, origin=ShiftOrigin.MANUAL, note="DST night"),
        Shift(id="s-2", agent_id="priya-sharma", start=at(25, 3, 30), end=at(25, 11, 45)),
        Shift(id="s-3", agent_id="kadri-tamm", start=at(26, 6), end=at(26, 14)),
    )[:shifts]
    gaps = (Gap(requirement_id="247-linux-t2", start=at(25, 0), end=at(25, 2, 30), missing=1,
                reason=GapReason.CONTRACT_LIMIT, message="Linux tier 2 missing 00:00–02:30",
                candidates=(GapCandidate("kadri-tamm", "min rest 11 h"),
                            GapCandidate("olek", "max 5 nights"))),)
    stats = PlanStatistics(status=PlanStatus.FEASIBLE, objective=1234.5, best_bound=1200.0,
                           shortfall_minutes=150, shortfall_proven_minimal=True, variables=999,
                           constraints=2000, solutions=4, first_solution_seconds=0.25,
                           wall_seconds=3.5, seed=7, workers=2)
    return Plan(period=Period(date(2026, 10, 19), 14), shifts=all_shifts, gaps=gaps,
                statistics=stats, target_id="24-7", created_at=created_at, id=plan_id)
