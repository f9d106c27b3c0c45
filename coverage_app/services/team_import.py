"""Import a team from a CSV or Excel sheet: preview every row and its problems, then apply.

Nothing is written while previewing. Columns (headers are case-insensitive, order free):
``name`` (required), ``id``, ``display_name``, ``email``, ``time_zone`` (or ``zone``),
``country``, ``subdivision``, ``contract`` (id or name), ``skills`` (``phone:3, en, ru:2``;
level 2 when left out), ``hourly_cost`` (or ``cost``), ``currency``, ``active`` (yes/no) and
``availability`` (``mon-fri 09:00-17:00; sat 10:00-14:00``). A row whose id (or, without an
id, whose name) matches an existing agent updates that agent; other rows add agents.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from coverage_app.services.editing import slug, unique_id
from coverage_app.services.errors import UserError
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

ALIASES = {"zone": "time_zone", "timezone": "time_zone", "time zone": "time_zone",
           "cost": "hourly_cost", "hourly cost": "hourly_cost", "display name": "display_name",
           "e-mail": "email", "mail": "email", "contract_id": "contract"}
COLUMNS = ("id", "name", "display_name", "email", "time_zone", "country", "subdivision",
           "contract", "skills", "hourly_cost", "currency", "active", "availability")
_TRUE = {"yes", "y", "true", "1", "x", "active"}
_FALSE = {"no", "n", "false", "0", "inactive", ""}


@dataclass(frozen=True, slots=True)
class ImportRow:
    line: int  # the row number a spreadsheet shows (header is 1)
    values: Mapping[str, str]
    agent: Agent | None
    problems: tuple[Problem, ...]
    updates: bool = False  # the row replaces an existing agent

    @property
    def ok(self) -> bool:
        return self.agent is not None and not self.problems


@dataclass(frozen=True, slots=True)
class ImportPreview:
    source: str
    rows: tuple[ImportRow, ...]

    @property
    def errors(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if not r.ok)

    @property
    def good(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.ok)


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a .csv or .xlsx file as dicts keyed by normalised header."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            raw = _read_xlsx(path)
        elif suffix in (".csv", ".txt"):
            raw = _read_csv(path)
        else:
            raise UserError.say("unsupported file type", path.name, "file",
                                "use a .csv or .xlsx file")
    except OSError as error:
        raise UserError.say(f"cannot read the file: {error.strerror or error}", str(path),
                            "file") from None
    if not raw:
        raise UserError.say("the file is empty", path.name, "file")
    header = [_column(h) for h in raw[0]]
    if "name" not in header:
        raise UserError.say("no 'name' column in the first row", ", ".join(raw[0]), "header",
                            f"columns are: {', '.join(COLUMNS)}")
    rows: list[dict[str, str]] = []
    for cells in raw[1:]:
        if not any(c.strip() for c in cells):
            rows.append({})
            continue
        rows.append({h: (cells[i].strip() if i < len(cells) else "")
                     for i, h in enumerate(header) if h})
    return rows


def _column(header: str) -> str:
    key = header.strip().lower()
    key = ALIASES.get(key, key).replace(" ", "_")
    return key if key in COLUMNS else ""


def _read_csv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(text.splitlines(), dialect)]


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UserError.say(f"not a readable Excel workbook ({type(error).__name__})",
                            path.name, "file") from None
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else _cell_text(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value)


def preview(scenario: Scenario, path: Path) -> ImportPreview:
    """Every row of the file as an agent or a list of problems; writes nothing."""
    return preview_rows(scenario, read_table(path), source=str(path))


def preview_rows(scenario: Scenario, rows: Sequence[Mapping[str, str]],
                 source: str = "") -> ImportPreview:
    by_id = {a.id: a for a in scenario.agents}
    by_name = {a.name.casefold(): a for a in scenario.agents}
    seen: set[str] = set()
    taken = set(by_id)
    result = []
    for i, values in enumerate(rows):
        if not values:
            continue
        line = i + 2
        existing = by_id.get(values.get("id", "")) or (
            None if values.get("id") else by_name.get(values.get("name", "").casefold()))
        agent, problems = _agent_of(scenario, values, existing)
        if agent is not None and existing is None:
            agent = dataclasses.replace(agent, id=unique_id(agent.id, taken))
        if agent is not None and agent.id in seen:
            problems.append(Problem("id", agent.id, "this agent is already in an earlier row"))
        if agent is not None:
            seen.add(agent.id)
            taken.add(agent.id)
        result.append(ImportRow(line, dict(values), agent if not problems else None,
                                tuple(problems), updates=existing is not None))
    return ImportPreview(source, tuple(result))


def apply(scenario: Scenario, rows: Iterable[ImportRow]) -> Scenario:
    """The scenario with the good rows added or updated; refuses rows that have problems."""
    rows = list(rows)
    bad = [p.at(f"row {r.line}") for r in rows if not r.ok for p in r.problems]
    if bad:
        raise UserError(bad)
    agents = {a.id: a for a in scenario.agents}
    for row in rows:
        assert row.agent is not None
        agents[row.agent.id] = row.agent
    try:
        return dataclasses.replace(scenario, agents=tuple(agents.values()))
    except DomainError as error:
        raise UserError.of(error) from None


def _agent_of(scenario: Scenario, values: Mapping[str, str],
              existing: Agent | None) -> tuple[Agent | None, list[Problem]]:
    problems: list[Problem] = []
    name = values.get("name", "").strip()
    if not name:
        problems.append(Problem("name", "", "the agent needs a name"))
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
    """``mon-fri 09:00-17:00; sat 10:00-14:00; sun 22:00-06:00+1`` as weekly windows."""
    windows, problems = [], []
    for part in (p for p in text.split(";") if p.strip()):
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
