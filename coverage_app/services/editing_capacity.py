"""Staffing before solving: person-hours the target needs per week against what the team can give.

Both are nominal weekly figures (a week without DST changes or time off), so a manager sees
under-staffing while editing, before any solve.
"""

from __future__ import annotations

from dataclasses import dataclass

from coverage_app.services.editing_cells import cells_from_windows, window_slots
from models.domain import Agent, CoverageTarget, DutyKind, Scenario

SLOT = 15  # minutes


@dataclass(frozen=True, slots=True)
class Staffing:
    needed_hours: float  # person-hours per week the target asks for
    available_hours: float  # person-hours per week the active team can give

    @property
    def shortfall_hours(self) -> float:
        return max(0.0, self.needed_hours - self.available_hours)

    @property
    def understaffed(self) -> bool:
        return self.needed_hours > self.available_hours + 1e-9


def needed_hours(target: CoverageTarget) -> float:
    """The least person-hours a week that can meet the target.

    One agent on duty counts for every shared requirement their skills meet, so at any moment
    the shared requirements need at least their largest headcount; a dedicated duty holds its
    agents, so dedicated headcounts add up on top.
    """
    slots = 7 * 24 * 60 // SLOT
    shared = [0] * slots
    dedicated = [0] * slots
    for r in target.requirements:
        for day, slot in window_slots(r.window, SLOT):
            i = day * (24 * 60 // SLOT) + slot
            if r.duty is DutyKind.DEDICATED:
                dedicated[i] += r.headcount
            else:
                shared[i] = max(shared[i], r.headcount)
    return sum(s + d for s, d in zip(shared, dedicated, strict=True)) * SLOT / 60


def weekly_available_hours(agent: Agent) -> float:
    """Hours a week the agent's weekly windows cover (overlaps counted once)."""
    cells = cells_from_windows(agent.availability.windows, slot_minutes=15)
    return sum(1 for row in cells for c in row if c is not None) / 4


def agent_capacity(scenario: Scenario, agent: Agent) -> float:
    """What one agent can give a week: the contract's maximum, limited by availability."""
    if not agent.active:
        return 0.0
    contract = scenario.contract_of(agent)
    return min(contract.max_hours_per_week, weekly_available_hours(agent))


def staffing(scenario: Scenario, target: CoverageTarget | None = None) -> Staffing:
    target = target or scenario.target
    return Staffing(needed_hours(target),
                    sum(agent_capacity(scenario, a) for a in scenario.active_agents()))
