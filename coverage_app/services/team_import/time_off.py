"""Time-off rows of an import: (agent, first day, last day, kind, note) as TimeOff entries.

The agent is named by id or by name: an agent of the team, or one that a valid agent row of
the same import adds or renames. An empty last day means a single day; an empty kind means
vacation. A row equal (agent, days and kind) to an entry the team already holds adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from coverage_app.services.team_import.agents import name_key
from coverage_app.services.team_import.dates import (
    AmbiguousDate,
    BadDate,
    DateOrder,
    order_in_use,
    parse_day,
)
from coverage_app.services.team_import.rows import ImportRow, TimeOffRow
from coverage_app.services.team_import.tables import RowPlace, Table, TableRow
from models.domain import Agent, DomainError, Problem, Scenario, TimeOff, TimeOffKind, suggest

KINDS = ", ".join(k.value for k in TimeOffKind)
# Words people write for a kind; used only to suggest the right one, never read silently.
KIND_WORDS = {"holiday": "vacation", "holidays": "vacation", "leave": "vacation",
              "annual leave": "vacation", "pto": "vacation", "vacances": "vacation",
              "urlaub": "vacation", "ill": "sick", "illness": "sick", "sick leave": "sick",
              "krank": "sick"}


class _Agents:
    """The agents a time-off row may name: the team as the import's valid agent rows leave
    it, by id or by name, and the agent rows of the import that have problems."""

    def __init__(self, scenario: Scenario, agent_rows: Sequence[ImportRow]) -> None:
        agents = {a.id: a for a in scenario.agents}
        agents.update({r.agent.id: r.agent for r in agent_rows if r.ok and r.agent})
        self.by_id = agents
        self.by_name: dict[str, list[Agent]] = defaultdict(list)
        for agent in agents.values():
            self.by_name[name_key(agent.name)].append(agent)
        self.bad_rows: dict[str, RowPlace] = {}
        for row in agent_rows:
            if not row.ok:
                for text in (row.values.get("id", ""), row.values.get("name", "")):
                    if text.strip():
                        self.bad_rows.setdefault(name_key(text), row.place)

    def find(self, text: str, place: RowPlace) -> Agent | Problem:
        text = text.strip()
        if not text:
            return Problem("agent", "", "no agent given", "write the agent's name or id")
        if text in self.by_id:
            return self.by_id[text]
        matches = self.by_name.get(name_key(text), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            return Problem("agent", text, f"{len(matches)} agents are called {text!r}",
                           "write the id instead: " + ", ".join(a.id for a in matches))
        if name_key(text) in self.bad_rows:
            return Problem("agent", text, f"agent {text!r} is in "
                           f"{self.bad_rows[name_key(text)].near(place)}, which has problems",
                           "correct that row first")
        names = [a.name for a in self.by_id.values()] + list(self.by_id)
        return Problem("agent", text, f"no agent called {text!r} in the team or this file",
                       suggest(text, names) or "add the agent first, or check the spelling")


def preview_time_off(scenario: Scenario, tables: Iterable[Table],
                     agent_rows: Sequence[ImportRow], order: DateOrder,
                     epoch: datetime | None = None) -> tuple[TimeOffRow, ...]:
    """Every time-off row as the entry it becomes, or its problems; writes nothing."""
    rows = [row for table in tables for row in table.rows]
    agents = _Agents(scenario, agent_rows)
    in_use = None if order is not DateOrder.AUTO else order_in_use(
        row.values.get(key, "") for row in rows for key in ("first_day", "last_day"))
    drafts = [_draft(row, agents, order, epoch, in_use) for row in rows]
    existing = {_key(t) for t in scenario.time_off}
    seen: dict[tuple[str, date, date, TimeOffKind], list[int]] = defaultdict(list)
    for i, (_, entry, _problems) in enumerate(drafts):
        if entry is not None:
            seen[_key(entry)].append(i)
    result = []
    for i, (row, entry, problems) in enumerate(drafts):
        twins = seen[_key(entry)] if entry is not None else []
        if len(twins) > 1:
            where = ", ".join(rows[j].place.near(row.place) for j in twins if j != i)
            problems.append(Problem("first_day", row.values.get("first_day", ""),
                                    f"the same time off is also in {where}",
                                    "keep one of the rows"))
        label = ""
        if entry is not None:
            label = agents.by_id[entry.agent_id].name
        problems = row.problems_without(problems)
        result.append(TimeOffRow(
            row.place, dict(row.values), entry if not problems else None, tuple(problems),
            agent_label=label, already_there=entry is not None and _key(entry) in existing))
    return tuple(result)


def _key(entry: TimeOff) -> tuple[str, date, date, TimeOffKind]:
    return entry.agent_id, entry.first_day, entry.last_day, entry.kind


def _draft(row: TableRow, agents: _Agents, order: DateOrder, epoch: datetime | None,
           in_use: tuple[DateOrder, str] | None) -> tuple[TableRow, TimeOff | None,
                                                          list[Problem]]:
    values = row.values
    problems: list[Problem] = []
    agent = agents.find(values.get("agent", ""), row.place)
    if isinstance(agent, Problem):
        problems.append(agent)
    first = _day(values, "first_day", order, epoch, in_use, problems)
    last = first if not values.get("last_day", "").strip() else _day(
        values, "last_day", order, epoch, in_use, problems)
    kind = _kind(values.get("kind", ""), problems)
    if problems or not isinstance(agent, Agent) or first is None or last is None:
        return row, None, problems
    try:
        entry = TimeOff(f"off-{agent.id}-{first:%Y%m%d}", agent.id, first, last, kind,
                        values.get("note", ""))
    except DomainError as error:
        return row, None, list(error.problems)
    return row, entry, problems


def _day(values: Mapping[str, str], key: str, order: DateOrder, epoch: datetime | None,
         in_use: tuple[DateOrder, str] | None, problems: list[Problem]) -> date | None:
    text = values.get(key, "")
    try:
        return parse_day(text, order, epoch)
    except AmbiguousDate as error:
        hint = error.suggestion
        if in_use is not None:
            hint = (f"other dates in this file are {in_use[0].label} (e.g. {in_use[1]!r}): "
                    f"choose {in_use[0].label} as the date order")
        problems.append(Problem(key, text, error.message, hint))
    except BadDate as error:
        problems.append(Problem(key, text, error.message, error.suggestion))
    return None


def _kind(text: str, problems: list[Problem]) -> TimeOffKind:
    word = " ".join(text.split()).lower()
    if not word:
        return TimeOffKind.VACATION
    try:
        return TimeOffKind(word)
    except ValueError:
        hint = (f"did you mean {KIND_WORDS[word]!r}?" if word in KIND_WORDS
                else suggest(word, [k.value for k in TimeOffKind]))
        problems.append(Problem("kind", text, "no such kind of time off",
                                f"{hint} (kinds: {KINDS})" if hint else f"kinds are: {KINDS}"))
        return TimeOffKind.VACATION
