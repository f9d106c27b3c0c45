"""Editing the hiring menu (Qt-free): a new possible hire that fits the team, an entry built
from what the manager typed (every problem named by field), and the menu with one entry put
in or taken out. The coverage-target page's hiring panel calls these; nothing here knows Qt."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from datetime import time

from models.domain import (
    ALL_WEEKDAYS,
    Agent,
    AgentSkill,
    Availability,
    AvailabilityWindow,
    DomainError,
    Problem,
    Scenario,
    WeeklyWindow,
)
from models.hiring_menu import HiringMenu, MenuEntry

WEEKDAYS_ONLY = frozenset(range(5))
WEEKENDS_ONLY = frozenset({5, 6})
DAY_CHOICES: tuple[tuple[str, frozenset[int]], ...] = (
    ("Every day", ALL_WEEKDAYS), ("Mon–Fri", WEEKDAYS_ONLY), ("Sat–Sun", WEEKENDS_ONLY))


@dataclass(frozen=True, slots=True)
class HireFields:
    """What the hire form shows, as typed (costs as text: empty means "not given")."""

    name: str
    time_zone: str
    skills: tuple[tuple[str, int], ...]  # (skill id, level)
    contract_id: str
    weekdays: frozenset[int] | None  # None: keep the availability as loaded (custom)
    start: time
    end: time
    hourly_cost: float
    monthly_cost: str
    max_count: int


def simple_hours(agent: Agent) -> tuple[frozenset[int], time, time] | None:
    """The agent's availability as one of the form's choices (days, from, to), or None when
    it is something the form cannot show (several windows, dated exceptions)."""
    windows = agent.availability.windows
    if len(windows) != 1 or agent.availability.exceptions:
        return None
    window = windows[0].window
    if window.weekdays not in {days for _, days in DAY_CHOICES}:
        return None
    return window.weekdays, window.start, window.end


def fields_of(entry: MenuEntry) -> HireFields:
    agent = entry.agent
    hours = simple_hours(agent)
    days, start, end = hours if hours is not None else (None, time(9), time(17))
    cost = "" if entry.monthly_cost is None else f"{entry.monthly_cost:g}"
    return HireFields(agent.name, agent.time_zone,
                      tuple((s.skill_id, s.level) for s in agent.skills), agent.contract_id,
                      days, start, end, agent.hourly_cost, cost, entry.max_count)


def _amount(text: str) -> float | None:
    """``2600``, ``2 600``, ``2,600.50`` or ``2600,5``: an amount; empty: None."""
    cleaned = re.sub(r"[\s\u00a0']", "", text)
    if not cleaned:
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    return float(cleaned.replace(",", "."))


def entry_from_fields(fields: HireFields, previous: MenuEntry) -> MenuEntry:
    """The entry the form describes (same id), or DomainError with every problem by field."""
    problems: list[Problem] = []
    try:
        monthly = _amount(fields.monthly_cost)
    except ValueError:
        monthly = None
        problems.append(Problem("monthly_cost", fields.monthly_cost, "is not an amount",
                                "e.g. 2600, or leave it empty to use the planned hours"))
    if not fields.skills:
        problems.append(Problem("skills", "", "a hire needs at least one skill",
                                "click the skills this hire would bring"))
    availability = previous.agent.availability
    if fields.weekdays is not None:
        try:
            window = WeeklyWindow(fields.weekdays, fields.start, fields.end,
                                  ends_next_day=fields.end <= fields.start)
        except DomainError as error:
            problems.extend(Problem("hours", p.value, p.message, p.suggestion)
                            for p in error.problems)
        else:
            availability = Availability((AvailabilityWindow(window),))
    agent: Agent | None = None
    try:
        agent = dataclasses.replace(
            previous.agent, name=fields.name.strip(), time_zone=fields.time_zone,
            contract_id=fields.contract_id, hourly_cost=fields.hourly_cost,
            skills=tuple(AgentSkill(s, level) for s, level in fields.skills),
            availability=availability)
    except DomainError as error:
        problems.extend(error.problems)
    entry: MenuEntry | None = None
    if agent is not None:
        try:
            entry = MenuEntry(previous.id, agent, fields.max_count,
                              monthly if not problems else previous.monthly_cost)
        except DomainError as error:
            problems.extend(error.problems)
    if problems or entry is None:
        raise DomainError(problems)
    return entry


def new_entry(scenario: Scenario, menu: HiringMenu) -> MenuEntry:
    """A possible hire to start from: the team's usual zone, contract and currency, its first
    skill, available on weekdays 09–17 local time, with an id no entry has yet."""
    agents = scenario.active_agents() or scenario.agents
    zone = _most_common([a.time_zone for a in agents], scenario.team.reference_zone)
    currency = _most_common([a.currency for a in agents], "EUR")
    contract = _most_common([a.contract_id for a in agents],
                            scenario.contracts[0].id if scenario.contracts else "")
    taken = {e.id for e in menu}
    number = 1 + len(menu)
    while f"hire-{number}" in taken:
        number += 1
    skills = (AgentSkill(scenario.skills[0].id),) if scenario.skills else ()
    window = WeeklyWindow(WEEKDAYS_ONLY, time(9), time(17))
    agent = Agent(f"hire-hire-{number}", f"Possible hire {number}", zone, contract, skills,
                  currency=currency, availability=Availability((AvailabilityWindow(window),)))
    return MenuEntry(f"hire-{number}", agent, 1, None)


def _most_common(values: list[str], fallback: str) -> str:
    return Counter(values).most_common(1)[0][0] if values else fallback


def with_entry(menu: HiringMenu, entry: MenuEntry) -> HiringMenu:
    """The menu with ``entry`` in place of the one with its id, or added at the end."""
    if any(e.id == entry.id for e in menu):
        return tuple(entry if e.id == entry.id else e for e in menu)
    return (*menu, entry)


def without_entry(menu: HiringMenu, entry_id: str) -> HiringMenu:
    return tuple(e for e in menu if e.id != entry_id)


def entry_title(entry: MenuEntry) -> str:
    """``'Manila phone' (manila-phone)``: how messages name an entry."""
    return f"{entry.agent.name!r} ({entry.id})"


def describe_problems(menu: HiringMenu, problems: list[Problem]) -> list[str]:
    """Menu problems (paths ``hires[i]...``) as lines that name the entry by name and id."""
    lines = []
    for p in problems:
        found = re.match(r"hires\[(\d+)\]\.?(.*)", p.path)
        if found and int(found.group(1)) < len(menu):
            entry = menu[int(found.group(1))]
            field = found.group(2) or "entry"
            rest = Problem(field, p.value, p.message, p.suggestion)
            lines.append(f"Possible hire {entry_title(entry)}: {rest}")
        else:
            lines.append(str(p))
    return lines
