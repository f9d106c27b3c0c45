"""Agent rows of an import: each row adds an agent or updates one, or lists its problems.

A row whose id (or, without an id, whose name) matches an existing agent updates that agent;
other rows add agents. A name is one agent: two rows with the same name, or a new row named
like an agent it does not update, is a problem on every row concerned.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import time

from coverage_app.services.editing import slug, unique_id
from coverage_app.services.team_import.rows import ImportRow
from coverage_app.services.team_import.tables import RowPlace, Table, TableRow
from models.domain import (
    WEEKDAY_NAMES,
    Agent,
    AgentSkill,
    Availability,
    AvailabilityWindow,
    DomainError,
    Problem,
    Scenario,
    WeeklyWindow,
    suggest,
)

_TRUE = {"yes", "y", "true", "1", "x", "active"}
_FALSE = {"no", "n", "false", "0", "inactive", ""}


def name_key(name: str) -> str:
    """Names compared as a person reads them: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


@dataclasses.dataclass(slots=True)
class _Draft:
    row: TableRow
    existing: Agent | None
    agent: Agent | None
    problems: list[Problem]

    @property
    def name(self) -> str:
        return name_key(self.row.values.get("name", ""))


def preview_agents(scenario: Scenario, tables: Iterable[Table]) -> tuple[ImportRow, ...]:
    """Every agent row as the agent it becomes, or its problems; writes nothing."""
    by_id = {a.id: a for a in scenario.agents}
    by_name: dict[str, list[Agent]] = defaultdict(list)
    for a in scenario.agents:
        by_name[name_key(a.name)].append(a)
    taken = set(by_id)
    drafts = []
    for table in tables:
        for row in table.rows:
            draft = _draft(scenario, row, by_id, by_name, taken)
            if draft.agent is not None:
                taken.add(draft.agent.id)
            drafts.append(draft)
    _flag_repeats(drafts)
    return tuple(
        ImportRow(d.row.place, dict(d.row.values), d.agent if not d.problems else None,
                  tuple(d.row.problems_without(d.problems)), updates=d.existing is not None,
                  unchanged=d.existing is not None and d.agent == d.existing)
        for d in drafts)


def _draft(scenario: Scenario, row: TableRow, by_id: Mapping[str, Agent],
           by_name: Mapping[str, list[Agent]], taken: set[str]) -> _Draft:
    values = row.values
    given_id = values.get("id", "").strip()
    name = name_key(values.get("name", ""))
    if given_id:
        existing = by_id.get(given_id)
    else:
        matches = by_name.get(name, [])
        if len(matches) > 1:
            return _Draft(row, None, None, [Problem(
                "name", values["name"], f"{len(matches)} agents are called {values['name']!r} "
                f"(ids {', '.join(a.id for a in matches)})",
                "add an 'id' column and write the id of the agent this row updates")])
        existing = matches[0] if matches else None
    agent, problems = _agent_of(scenario, values, existing)
    if agent is not None and existing is None and not given_id:
        agent = dataclasses.replace(agent, id=unique_id(agent.id, taken))
    others = [a for a in by_name.get(name, []) if existing is None or a.id != existing.id]
    if name and others:
        problems.append(Problem(
            "name", values["name"],
            f"another agent is already called {others[0].name!r} (id {others[0].id})",
            f"to update that agent, write its id '{others[0].id}' in the id column or leave "
            f"the id empty; for a new agent, choose a name that tells the two apart"))
    return _Draft(row, existing, agent, problems)


def _flag_repeats(drafts: list[_Draft]) -> None:
    """Every row whose name, or whose agent, is also in another row gets a problem."""
    by_name: dict[str, list[_Draft]] = defaultdict(list)
    by_agent: dict[str, list[_Draft]] = defaultdict(list)
    for d in drafts:
        if d.name:
            by_name[d.name].append(d)
        if d.agent is not None:
            by_agent[d.agent.id].append(d)
    flagged: set[int] = set()
    for group in by_name.values():
        for d in group if len(group) > 1 else ():
            d.problems.append(Problem(
                "name", d.row.values["name"],
                f"{d.row.values['name']!r} is also the name in {_others(d, group)}",
                "one agent is one row: merge the rows, or give the agents names that tell "
                "them apart"))
            flagged.add(id(d))
    for agent_id, group in by_agent.items():
        for d in group if len(group) > 1 else ():
            if id(d) not in flagged:
                d.problems.append(Problem(
                    "id", agent_id, f"agent {agent_id!r} is also in {_others(d, group)}",
                    "one agent is one row: merge the rows"))


def _others(draft: _Draft, group: list[_Draft]) -> str:
    places: list[RowPlace] = [d.row.place for d in group if d is not draft]
    return ", ".join(p.near(draft.row.place) for p in places)


def _agent_of(scenario: Scenario, values: Mapping[str, str],
              existing: Agent | None) -> tuple[Agent | None, list[Problem]]:
    problems: list[Problem] = []
    name = values.get("name", "").strip()
    if not name:
        problems.append(Problem("name", "", "the agent needs a name"))
    elif "\n" in name:
        problems.append(Problem("name", name, "a name is one line, this one has a line break",
                                f"write it as {' '.join(name.split())!r}"))
    contract_id = _contract_id(scenario, values.get("contract", ""), existing, problems)
    skills = _skills(scenario, values.get("skills"), existing, problems)
    cost = existing.hourly_cost if existing else 0.0
    if values.get("hourly_cost"):
        try:
            cost = float(values["hourly_cost"].replace(",", "."))
        except ValueError:
            problems.append(Problem("hourly_cost", values["hourly_cost"], "is not a number",
                                    "e.g. 24.50"))
    active = existing.active if existing else True
    if "active" in values and values["active"].strip():
        flag = values["active"].strip().lower()
        if flag not in _TRUE | _FALSE:
            problems.append(Problem("active", values["active"], "write yes or no"))
        active = flag in _TRUE
    availability = existing.availability if existing else Availability()
    if values.get("availability"):
        try:
            availability = dataclasses.replace(
                availability, windows=parse_availability(values["availability"]))
        except DomainError as error:
            problems.extend(error.at("availability").problems)
    if problems:
        return None, problems
    base = existing or Agent(slug(values.get("id") or name), name, "UTC", contract_id)
    fields = {k: values[k] for k in ("display_name", "email", "time_zone", "country",
                                     "subdivision", "currency") if values.get(k)}
    if "country" in fields:
        fields["country"] = fields["country"].upper()
    if values.get("employee_number", "").strip():  # an empty cell keeps the agent's number
        fields["employee_number"] = values["employee_number"].strip()
    try:
        agent = dataclasses.replace(
            base, id=values.get("id") or base.id, name=name, contract_id=contract_id,
            skills=skills, hourly_cost=cost, active=active, availability=availability,
            **fields)
    except DomainError as error:
        return None, list(error.problems)
    if existing is None and not values.get("time_zone"):
        return None, [Problem("time_zone", "", "a new agent needs a time zone",
                              "e.g. 'Europe/Berlin'")]
    return agent, []


def _contract_id(scenario: Scenario, value: str, existing: Agent | None,
                 problems: list[Problem]) -> str:
    value = value.strip()
    if not value:
        if existing:
            return existing.contract_id
        if len(scenario.contracts) == 1:
            return scenario.contracts[0].id
        problems.append(Problem("contract", "", "no contract given",
                                "one of: " + ", ".join(c.id for c in scenario.contracts)))
        return ""
    for c in scenario.contracts:
        if value.casefold() in (c.id.casefold(), c.name.casefold()):
            return c.id
    problems.append(Problem("contract", value, "no such contract",
                            suggest(value, [c.id for c in scenario.contracts])
                            or "one of: " + ", ".join(c.id for c in scenario.contracts)))
    return ""


def _skills(scenario: Scenario, text: str | None, existing: Agent | None,
            problems: list[Problem]) -> tuple[AgentSkill, ...]:
    if text is None or not text.strip():
        return existing.skills if existing else ()
    lookup = {s.id.casefold(): s.id for s in scenario.skills}
    lookup.update({s.name.casefold(): s.id for s in scenario.skills})
    result: dict[str, AgentSkill] = {}
    for part in re.split(r"[;,|]", text):
        if not part.strip():
            continue
        name, _, level_text = part.strip().partition(":")
        skill_id = lookup.get(name.strip().casefold())
        if skill_id is None:
            problems.append(Problem("skills", name.strip(), "no such skill",
                                    suggest(name.strip(), [s.id for s in scenario.skills])))
            continue
        try:
            level = int(level_text) if level_text.strip() else 2
            result[skill_id] = AgentSkill(skill_id, level)
        except (ValueError, DomainError):
            problems.append(Problem("skills", part.strip(), "skill level is 1, 2 or 3",
                                    f"e.g. '{skill_id}:2'"))
    return tuple(result.values())


_RANGE_RE = re.compile(
    r"^\s*(?P<days>[a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})(?P<next>\+1)?\s*$")


def parse_availability(text: str) -> tuple[AvailabilityWindow, ...]:
    """``mon-fri 09:00-17:00; sat 10:00-14:00; sun 22:00-06:00+1`` as weekly windows; a line
    break (Alt+Enter in an Excel cell) separates windows like ``;``."""
    windows, problems = [], []
    for part in (p for p in re.split(r"[;\n]", text) if p.strip()):
        match = _RANGE_RE.match(part.lower())
        if not match:
            problems.append(Problem("", part.strip(), "cannot read this window",
                                    "write e.g. 'mon-fri 09:00-17:00'"))
            continue
        try:
            days = _days(match["days"])
            start, end = _hhmm(match["start"]), _hhmm(match["end"])
            next_day = bool(match["next"]) or (end <= start and end == time(0))
            windows.append(AvailabilityWindow(WeeklyWindow(days, start, end, next_day)))
        except DomainError as error:
            problems.extend(Problem(p.path, part.strip(), p.message, p.suggestion)
                            for p in error.problems)
        except ValueError as error:
            problems.append(Problem("", part.strip(), str(error)))
    if problems:
        raise DomainError(problems)
    return tuple(windows)


def _days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for chunk in text.split(","):
        first, _, last = (c.strip() for c in chunk.partition("-"))
        if first not in WEEKDAY_NAMES or (last and last not in WEEKDAY_NAMES):
            raise ValueError(f"unknown weekday in {chunk.strip()!r}; use mon..sun")
        a, b = WEEKDAY_NAMES.index(first), WEEKDAY_NAMES.index(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days)


def _hhmm(text: str) -> time:
    hour, minute = (int(x) for x in text.split(":"))
    if hour == 24 and minute == 0:
        return time(0)
    return time(hour, minute)
