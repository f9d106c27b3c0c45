"""Qt-free edit operations behind the team, availability and coverage-target editors.

Every function takes the current immutable :class:`Scenario` and returns a new one, or raises
:class:`DomainError` (a field a manager typed is wrong; its problems carry the field path) or
:class:`UserError` (the edit as a whole makes no sense, e.g. an unknown id). Nothing here knows
about widgets; the pages call one function per user action and hand the result to
``AppState.apply``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import time

from coverage_app.services.editing_cells import DAYS, weekly_window, window_slots
from coverage_app.services.editing_cells import cells_from_windows as cells_from_windows
from coverage_app.services.editing_cells import windows_from_cells as windows_from_cells
from coverage_app.services.errors import UserError
from models.domain import (
    Agent,
    Availability,
    AvailabilityException,
    AvailabilityWindow,
    Contract,
    CoverageTarget,
    DomainError,
    Problem,
    Requirement,
    Scenario,
    Team,
    TimeOff,
    WeeklyWindow,
)
from models.requirement_coverage import family_key

HOURS = 24
Grid = tuple[tuple[int, ...], ...]  # [weekday][hour]


# --------------------------------------------------------------------------------------------
# Ids
# --------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """A readable id from a name: 'Kadri Tamm' -> 'kadri-tamm'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    core = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return core[:100] or "item"


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base`` or ``base-2``, ``base-3``... whichever is free."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


# --------------------------------------------------------------------------------------------
# Agents
# --------------------------------------------------------------------------------------------


def _replace_agent(scenario: Scenario, agent: Agent) -> Scenario:
    if agent.id not in {a.id for a in scenario.agents}:
        raise UserError.say("no such agent", agent.id, "agent.id")
    agents = tuple(agent if a.id == agent.id else a for a in scenario.agents)
    return dataclasses.replace(scenario, agents=agents)


def add_agent(scenario: Scenario, agent: Agent) -> Scenario:
    """Add a new agent; a clashing id gets a numeric suffix."""
    new_id = unique_id(agent.id, (a.id for a in scenario.agents))
    agent = dataclasses.replace(agent, id=new_id)
    try:
        return dataclasses.replace(scenario, agents=(*scenario.agents, agent))
    except DomainError as error:
        raise UserError.of(error) from None


def update_agent(scenario: Scenario, agent: Agent) -> Scenario:
    """Replace the agent with the same id."""
    try:
        return _replace_agent(scenario, agent)
    except DomainError as error:
        raise UserError.of(error) from None


def set_agent_active(scenario: Scenario, agent_id: str, active: bool) -> Scenario:
    """Deactivate (or reactivate) an agent: kept with their history, never scheduled."""
    agent = _agent(scenario, agent_id)
    return _replace_agent(scenario, dataclasses.replace(agent, active=active))


def agent_from_form(
    *,
    agent_id: str,
    name: str,
    time_zone: str,
    contract_id: str,
    skills: Sequence[tuple[str, int]] = (),
    display_name: str = "",
    email: str = "",
    country: str = "",
    subdivision: str = "",
    hourly_cost: float = 0.0,
    currency: str = "EUR",
    active: bool = True,
    availability: Availability | None = None,
) -> Agent:
    """An agent built from what a form holds; raises DomainError with field paths."""
    from models.domain import AgentSkill

    problems: list[Problem] = []
    agent_skills = []
    for i, (skill_id, level) in enumerate(skills):
        try:
            agent_skills.append(AgentSkill(skill_id, level))
        except DomainError as error:
            problems.extend(error.at(f"skills[{i}]").problems)
    if problems:
        raise DomainError(problems)
    return Agent(
        id=agent_id or slug(name),
        name=name.strip(),
        time_zone=time_zone.strip(),
        contract_id=contract_id,
        skills=tuple(agent_skills),
        display_name=display_name.strip(),
        email=email.strip(),
        country=country.strip().upper(),
        subdivision=subdivision.strip().upper(),
        hourly_cost=hourly_cost,
        currency=currency.strip().upper() or "EUR",
        active=active,
        availability=availability or Availability(),
    )


def _agent(scenario: Scenario, agent_id: str) -> Agent:
    try:
        return scenario.agent(agent_id)
    except KeyError:
        raise UserError.say("no such agent", agent_id, "agent_id") from None


# --------------------------------------------------------------------------------------------
# Contracts
# --------------------------------------------------------------------------------------------


def contract_templates() -> tuple[Contract, ...]:
    """Starting points for a new contract: full-time 40 h and part-time 20 h.

    A template is never assigned itself: :func:`add_contract_from` copies it into the team
    under a free id and name, and the manager edits the copy.
    """
    return (
        Contract("full-time", "Full-time 40 h", 32.0, 40.0, max_hours_per_day=10.0,
                 min_shift_hours=6.0, max_shift_hours=9.0, max_consecutive_days=5),
        Contract("part-time", "Part-time 20 h", 10.0, 20.0, max_hours_per_day=8.0,
                 min_shift_hours=4.0, max_shift_hours=8.0, max_consecutive_days=5,
                 max_nights_per_week=2),
    )


def contract_label(contract: Contract) -> str:
    """How a contract is named everywhere in the app: its name and its weekly hours."""
    return (f"{contract.name} ({contract.min_hours_per_week:g}–"
            f"{contract.max_hours_per_week:g} h/week)")


def add_contract_from(scenario: Scenario, template: Contract,
                      name: str = "") -> tuple[Scenario, str]:
    """Add a copy of ``template`` under a free id and a name no other contract has.

    Returns the new scenario and the new contract's id.
    """
    wanted = name.strip() or template.name
    names = {c.name for c in scenario.contracts}
    new_name = wanted
    n = 2
    while new_name in names:
        new_name = f"{wanted} ({n})"
        n += 1
    contract_id = unique_id(slug(new_name), (c.id for c in scenario.contracts))
    contract = dataclasses.replace(template, id=contract_id, name=new_name)
    return dataclasses.replace(scenario, contracts=(*scenario.contracts, contract)), contract_id


def update_contract(scenario: Scenario, contract: Contract) -> Scenario:
    """Replace the contract with the same id; its name must stay unique in the team."""
    if contract.id not in {c.id for c in scenario.contracts}:
        raise UserError.say("no such contract", contract.id, "contract.id")
    if not contract.name.strip():
        raise DomainError([Problem("name", contract.name, "the contract needs a name")])
    clash = next((c for c in scenario.contracts
                  if c.id != contract.id and c.name == contract.name), None)
    if clash is not None:
        raise DomainError([Problem("name", contract.name,
                                   f"contract '{clash.id}' already has this name",
                                   "give each contract its own name")])
    contracts = tuple(contract if c.id == contract.id else c for c in scenario.contracts)
    return dataclasses.replace(scenario, contracts=contracts)


def remove_contract(scenario: Scenario, contract_id: str) -> Scenario:
    """Remove a contract no agent holds."""
    if contract_id not in {c.id for c in scenario.contracts}:
        raise UserError.say("no such contract", contract_id, "contract.id")
    holders = [a.name for a in scenario.agents if a.contract_id == contract_id]
    if holders:
        raise UserError.say("the contract is held by " + ", ".join(holders), contract_id,
                            "contract.id", "give them another contract first")
    return dataclasses.replace(
        scenario, contracts=tuple(c for c in scenario.contracts if c.id != contract_id))


def assign_contract(scenario: Scenario, agent_id: str, contract_id: str) -> Scenario:
    """Give an agent another of the team's contracts."""
    if contract_id not in {c.id for c in scenario.contracts}:
        raise UserError.say("no such contract", contract_id, "contract_id")
    agent = _agent(scenario, agent_id)
    return _replace_agent(scenario, dataclasses.replace(agent, contract_id=contract_id))


# --------------------------------------------------------------------------------------------
# Availability, exceptions, time off
# --------------------------------------------------------------------------------------------


def set_availability_windows(scenario: Scenario, agent_id: str,
                             windows: Iterable[AvailabilityWindow]) -> Scenario:
    agent = _agent(scenario, agent_id)
    availability = dataclasses.replace(agent.availability, windows=tuple(windows))
    return _replace_agent(scenario, dataclasses.replace(agent, availability=availability))


def add_exception(scenario: Scenario, agent_id: str,
                  exception: AvailabilityException) -> Scenario:
    agent = _agent(scenario, agent_id)
    exceptions = tuple(sorted((*agent.availability.exceptions, exception),
                              key=lambda e: (e.day, e.start)))
    availability = dataclasses.replace(agent.availability, exceptions=exceptions)
    return _replace_agent(scenario, dataclasses.replace(agent, availability=availability))


def remove_exception(scenario: Scenario, agent_id: str,
                     exception: AvailabilityException) -> Scenario:
    agent = _agent(scenario, agent_id)
    if exception not in agent.availability.exceptions:
        raise UserError.say("no such exception", str(exception.day), "exception")
    exceptions = tuple(e for e in agent.availability.exceptions if e != exception)
    availability = dataclasses.replace(agent.availability, exceptions=exceptions)
    return _replace_agent(scenario, dataclasses.replace(agent, availability=availability))


def add_time_off(scenario: Scenario, time_off: TimeOff) -> Scenario:
    """Add time off; its id is made unique."""
    _agent(scenario, time_off.agent_id)
    new_id = unique_id(time_off.id, (t.id for t in scenario.time_off))
    entry = dataclasses.replace(time_off, id=new_id)
    return dataclasses.replace(scenario, time_off=(*scenario.time_off, entry))


def remove_time_off(scenario: Scenario, time_off_id: str) -> Scenario:
    if time_off_id not in {t.id for t in scenario.time_off}:
        raise UserError.say("no such time off", time_off_id, "time_off.id")
    return dataclasses.replace(
        scenario, time_off=tuple(t for t in scenario.time_off if t.id != time_off_id))


# --------------------------------------------------------------------------------------------
# Team settings
# --------------------------------------------------------------------------------------------


def update_team(scenario: Scenario, team: Team) -> Scenario:
    return dataclasses.replace(scenario, team=team)


# --------------------------------------------------------------------------------------------
# Coverage targets and requirements
# --------------------------------------------------------------------------------------------


def copy_target(scenario: Scenario, source: CoverageTarget, name: str = "",
                activate: bool = True) -> Scenario:
    """Add a copy of a target (a preset or one of the team's) under a new id and name."""
    taken = {t.id for t in scenario.targets}
    new_name = name.strip() or f"{source.name} (copy)"
    target_id = unique_id(slug(new_name), taken)
    skill_ids = {s.id for s in scenario.skills}
    missing = sorted({k for r in source.requirements for k in r.skills} - skill_ids)
    if missing:
        raise UserError.say("the target asks for skills this team does not have",
                            ", ".join(missing), "requirements.skills",
                            "add the skills first or pick another target")
    copy = dataclasses.replace(source, id=target_id, name=new_name)
    targets = (*scenario.targets, copy)
    return dataclasses.replace(scenario, targets=targets,
                               active_target_id=target_id if activate
                               else scenario.active_target_id)


def set_active_target(scenario: Scenario, target_id: str) -> Scenario:
    if target_id not in {t.id for t in scenario.targets}:
        raise UserError.say("no such coverage target", target_id, "active_target_id")
    return dataclasses.replace(scenario, active_target_id=target_id)


def remove_target(scenario: Scenario, target_id: str) -> Scenario:
    if target_id == scenario.active_target_id:
        raise UserError.say("the active coverage target cannot be removed", target_id,
                            "targets", "make another target active first")
    return dataclasses.replace(
        scenario, targets=tuple(t for t in scenario.targets if t.id != target_id))


def rename_target(scenario: Scenario, target_id: str, name: str) -> Scenario:
    if not name.strip():
        raise DomainError([Problem("name", name, "the target needs a name")])
    return _replace_target(scenario, dataclasses.replace(_target(scenario, target_id),
                                                         name=name.strip()))


def upsert_requirement(scenario: Scenario, target_id: str,
                       requirement: Requirement) -> Scenario:
    """Add a requirement to a target or replace the one with the same id."""
    target = _target(scenario, target_id)
    ids = [r.id for r in target.requirements]
    if requirement.id in ids:
        requirements = tuple(requirement if r.id == requirement.id else r
                             for r in target.requirements)
    else:
        requirements = (*target.requirements, requirement)
    return _replace_target(scenario, dataclasses.replace(target, requirements=requirements))


def new_requirement(scenario: Scenario, target_id: str, name: str = "New requirement",
                    skills: Sequence[str] = ()) -> Requirement:
    """A fresh weekday 09:00–17:00 requirement for one agent, with a free id."""
    target = _target(scenario, target_id)
    rid = unique_id(f"{target.id}-{slug(name)}"[:100], (r.id for r in target.requirements))
    return Requirement(rid, name, WeeklyWindow(frozenset(range(5)), time(9), time(17)), 1,
                       tuple(skills))


def remove_requirement(scenario: Scenario, target_id: str, requirement_id: str) -> Scenario:
    target = _target(scenario, target_id)
    if requirement_id not in {r.id for r in target.requirements}:
        raise UserError.say("no such requirement", requirement_id, "requirement.id")
    requirements = tuple(r for r in target.requirements if r.id != requirement_id)
    return _replace_target(scenario, dataclasses.replace(target, requirements=requirements))


def _target(scenario: Scenario, target_id: str) -> CoverageTarget:
    for t in scenario.targets:
        if t.id == target_id:
            return t
    raise UserError.say("no such coverage target", target_id, "target.id")


def _replace_target(scenario: Scenario, target: CoverageTarget) -> Scenario:
    targets = tuple(target if t.id == target.id else t for t in scenario.targets)
    return dataclasses.replace(scenario, targets=targets)


# Headcount grid ------------------------------------------------------------------------------


def family_of(target: CoverageTarget, requirement_id: str) -> tuple[Requirement, ...]:
    key = family_key(target.requirement(requirement_id))
    return tuple(r for r in target.requirements if family_key(r) == key)


def headcount_grid(requirements: Iterable[Requirement]) -> Grid:
    """Headcount per weekday and local hour (reference zone); a window touching an hour
    counts for that hour."""
    grid = [[0] * HOURS for _ in range(DAYS)]
    for r in requirements:
        for day, hour in window_slots(r.window, 60):
            grid[day][hour] += r.headcount
    return tuple(tuple(row) for row in grid)


def requirements_from_grid(base: Requirement, grid: Sequence[Sequence[int]],
                           taken_ids: Iterable[str] = ()) -> tuple[Requirement, ...]:
    """The requirements of one family that give exactly ``grid`` (whole hours).

    Headcounts of a family add up, so the grid is read in layers: layer k holds the hours
    that need at least k people. Each layer's runs of hours become windows (runs with the same
    hours on several days share one window), and a window found in n layers is one
    requirement for n people. So raising a few hours of "always open, 2 people" keeps that
    requirement whole and adds one small requirement for the extra person; only lowering
    hours inside it splits it. The widest requirement keeps ``base.id``.
    """
    problems = [Problem(f"grid[{d}][{h}]", v, "headcount is a whole number from 0 to 500")
                for d, row in enumerate(grid) for h, v in enumerate(row)
                if not isinstance(v, int) or not 0 <= v <= 500]
    if problems:
        raise DomainError(problems)
    windows: dict[tuple[int, int, frozenset[int]], int] = {}
    for layer in range(1, max((max(row, default=0) for row in grid), default=0) + 1):
        runs: dict[tuple[int, int], set[int]] = {}
        for day, row in enumerate(grid):
            hour = 0
            while hour < HOURS:
                if row[hour] < layer:
                    hour += 1
                    continue
                end = hour
                while end < HOURS and row[end] >= layer:
                    end += 1
                runs.setdefault((hour, end), set()).add(day)
                hour = end
        for (start, end), run_days in runs.items():
            key = (start, end, frozenset(run_days))
            windows[key] = windows.get(key, 0) + 1
    widest_first = sorted(windows.items(), key=lambda item: (
        -(item[0][1] - item[0][0]) * len(item[0][2]) * item[1], min(item[0][2]), item[0][0]))
    taken = set(taken_ids)
    result: list[Requirement] = []
    for (start, end, window_days), headcount in widest_first:
        rid = base.id if not result else unique_id(f"{base.id}-{len(result) + 1}", taken)
        taken.add(rid)
        result.append(dataclasses.replace(base, id=rid, headcount=headcount,
                                          window=weekly_window(window_days, start * 60, end * 60)))
    return tuple(result)


def set_family_grid(scenario: Scenario, target_id: str, requirement_id: str,
                    grid: Sequence[Sequence[int]]) -> Scenario:
    """Replace a requirement's family by the requirements that give ``grid``."""
    target = _target(scenario, target_id)
    family = family_of(target, requirement_id)
    family_ids = {r.id for r in family}
    others = [r for r in target.requirements if r.id not in family_ids]
    base = family[0]
    new = requirements_from_grid(base, grid, taken_ids={r.id for r in others})
    if not new:
        new = (dataclasses.replace(base, headcount=0),)
    position = next(i for i, r in enumerate(target.requirements) if r.id in family_ids)
    before = [r for r in target.requirements[:position] if r.id not in family_ids]
    after = [r for r in target.requirements[position:] if r.id not in family_ids]
    return _replace_target(scenario, dataclasses.replace(
        target, requirements=(*before, *new, *after)))
