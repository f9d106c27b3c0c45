"""A menu of possible hires: the kinds of agent a manager could hire, how many of each kind to
consider and what one costs a month (standard library only; the advice itself is
``coverage_app.services.hiring``).

An entry's ``agent`` is the kind of agent (zone, skills, contract, availability, hourly cost);
copies of it join the team as ``hire-<entry id>-<n>`` when the advice is worked out. The JSON of
one entry is the ``hires[i]`` object of the hiring-menu file (docs/formats.md): the storage keeps
entries in that same form, so the file and the database never disagree about a field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from models.domain import Agent, DomainError, Problem, id_problems
from models.jsonio import JSON, Decoder, _Invalid, encode

MAX_HIRES_PER_ENTRY = 20


@dataclass(frozen=True, slots=True)
class MenuEntry:
    id: str
    agent: Agent  # the kind of agent; copies get ids hire-<id>-<n>
    max_count: int = 1
    monthly_cost: float | None = None  # one hire a month; None: from the planned hours

    def __post_init__(self) -> None:
        problems = list(self.problems())
        if problems:
            raise DomainError(problems)

    def problems(self) -> Iterator[Problem]:
        yield from id_problems("id", self.id)
        count = self.max_count
        if isinstance(count, bool) or not isinstance(count, int) or \
                not 1 <= count <= MAX_HIRES_PER_ENTRY:
            yield Problem("max_count", count,
                          f"a whole number from 1 to {MAX_HIRES_PER_ENTRY}")
        cost = self.monthly_cost
        if cost is not None and (isinstance(cost, bool) or not isinstance(cost, int | float)
                                 or cost < 0):
            yield Problem("monthly_cost", cost, "a cost of 0 or more",
                          "leave it empty to use the cost of the planned hours")


HiringMenu = tuple[MenuEntry, ...]


def entry_to_json(entry: MenuEntry) -> dict[str, JSON]:
    """One ``hires[i]`` object of the menu file; the agent without its id."""
    agent = cast(dict[str, JSON], encode(entry.agent))
    del agent["id"]
    out: dict[str, JSON] = {"id": entry.id, "max_count": entry.max_count}
    if entry.monthly_cost is not None:
        out["monthly_cost"] = entry.monthly_cost
    out["agent"] = agent
    return out


def entry_from_json(raw: JSON, path: str, problems: list[Problem]) -> MenuEntry | None:
    """A menu entry, or None with what is wrong appended to ``problems`` (paths under
    ``path``). Only the entry's own shape is checked; whether its contract and skills exist
    is the scenario's business (``coverage_app.services.hiring.menu_problems``)."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, raw, "must be an object"))
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        problems.append(Problem(f"{path}.id", entry_id, "each hire needs an id"))
        return None
    body = raw.get("agent")
    if not isinstance(body, dict):
        problems.append(Problem(f"{path}.agent", body, "the kind of agent to hire, as an "
                                "agent of a scenario file (without id)"))
        return None
    decoder = Decoder()
    try:
        agent = cast(Agent, decoder.decode(Agent, {"id": f"hire-{entry_id}", **body},
                                           f"{path}.agent"))
    except _Invalid:
        problems.extend(decoder.problems)
        return None
    monthly = raw.get("monthly_cost")
    try:
        return MenuEntry(entry_id, agent, cast(int, raw.get("max_count", 1)),
                         float(monthly) if isinstance(monthly, int | float)
                         and not isinstance(monthly, bool) else cast(float | None, monthly))
    except DomainError as error:
        problems.extend(Problem(f"{path}.{p.path}", p.value, p.message, p.suggestion)
                        for p in error.problems)
        return None
