"""The scenario repository: ORM rows <-> the domain Scenario, inside a session it is given.

It never commits and never opens a transaction: the caller owns both (one ``with
session.begin():`` per user action). Edits are saved with optimistic concurrency: every row the
user changed or removed is checked against the version this program read when it loaded the
snapshot the edit was made on; if another instance changed it in between,
:class:`ConflictError` names the object and nothing is written (the caller's transaction rolls
back). Rows that were not edited are never rewritten, so two people editing different agents
both keep their changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session, selectinload

from models.domain import (
    Agent,
    Contract,
    CoverageTarget,
    DomainError,
    Problem,
    Scenario,
    Shift,
    Skill,
    Team,
    TimeOff,
    reference_problems,
)
from models.storage import mapping as m
from models.storage.orm import (
    AgentRow,
    AgentSkillRow,
    AvailabilityExceptionRow,
    AvailabilityWindowRow,
    Base,
    ContractRow,
    HistoryShiftRow,
    RequirementRow,
    RequirementSkillRow,
    SkillRow,
    TargetOverrideRow,
    TargetRow,
    TeamRow,
    TimeOffRow,
)
from models.storage.unreadable import unreadable_values


@dataclass(frozen=True, slots=True)
class Stamp:
    """The version of a row as this program last read or wrote it, and when it was written."""

    version: int
    updated_at: datetime


Stamps = Mapping[tuple[str, str], Stamp]  # (kind, id) -> stamp; kind "team" has id "team"


class ConflictError(Exception):
    """Another instance changed (or removed, or added) a row this edit touches."""

    def __init__(self, kind: str, label: str, change: str, at: datetime | None) -> None:
        self.kind = kind  # "agent", "skill", ...
        self.label = label  # "'Kadri Tamm'"
        self.change = change  # "changed", "deleted", "added"
        self.at = at
        when = f" at {at:%Y-%m-%d %H:%M} UTC" if at is not None else ""
        super().__init__(f"{kind} {label} was {change} by someone else{when}")


@dataclass(frozen=True)
class _Kind:
    """One kind of versioned row: how to list, write, read and name its domain objects."""

    name: str
    row: type[Any]
    items: Callable[[Scenario], tuple[Any, ...]]
    fill: Callable[[Any, Any], Any]
    read: Callable[[Any], Any]
    label: Callable[[Any, Scenario], str]


def _time_off_label(item: TimeOff, scenario: Scenario) -> str:
    who = next((a.name for a in scenario.agents if a.id == item.agent_id), item.agent_id)
    return f"of {who!r} from {item.first_day} to {item.last_day}"


def _name(item: Skill | Contract | Agent | CoverageTarget, _: Scenario) -> str:
    return repr(item.name)


SKILLS = _Kind("skill", SkillRow, lambda s: s.skills, m.skill_row, m.skill_of, _name)
CONTRACTS = _Kind("contract", ContractRow, lambda s: s.contracts, m.contract_row, m.contract_of,
                  _name)
AGENTS = _Kind("agent", AgentRow, lambda s: s.agents, m.agent_row, m.agent_of, _name)
TARGETS = _Kind("coverage target", TargetRow, lambda s: s.targets, m.target_row, m.target_of,
                _name)
TIME_OFF = _Kind("time off", TimeOffRow, lambda s: s.time_off, m.time_off_row, m.time_off_of,
                 _time_off_label)
TEAM_KEY = ("team", "team")

# Every table that holds part of the scenario, children before parents (for clearing).
_SCENARIO_TABLES: tuple[type[Base], ...] = (
    TimeOffRow, HistoryShiftRow, AgentSkillRow, AvailabilityWindowRow, AvailabilityExceptionRow,
    AgentRow, RequirementSkillRow, RequirementRow, TargetOverrideRow, TargetRow, ContractRow,
    SkillRow, TeamRow,
)


class ScenarioRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # Reading ------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.session.scalar(select(func.count()).select_from(TeamRow)) == 0

    def counts(self) -> dict[str, int]:
        def count(row: type[Base]) -> int:
            return int(self.session.scalar(select(func.count()).select_from(row)) or 0)

        return {"skills": count(SkillRow), "contracts": count(ContractRow),
                "agents": count(AgentRow), "coverage targets": count(TargetRow),
                "requirements": count(RequirementRow), "time off": count(TimeOffRow),
                "history shifts": count(HistoryShiftRow)}

    def load(self) -> tuple[Scenario, dict[tuple[str, str], Stamp]] | None:
        """The stored scenario and the versions read, or None when nothing is stored.

        Rows that break a domain rule (changed by hand or by another tool) are all reported at
        once: one DomainError lists every problem of every bad row, each naming the row
        (``agent 'Kadri Tamm' (id kadri-tamm), time_zone: ...``). So are values a column cannot
        hold at all (text in a time column), which SQLite accepts from other tools.
        """
        try:
            return self._load()
        except DomainError:
            raise
        except (ValueError, TypeError) as error:
            problems = unreadable_values(self.session.connection(),
                                         [cast(Table, row.__table__)
                                          for row in _SCENARIO_TABLES])
            if not problems:
                raise
            raise DomainError(problems) from error

    def _load(self) -> tuple[Scenario, dict[tuple[str, str], Stamp]] | None:
        team = self.session.get(TeamRow, m.TEAM_ROW_ID)
        if team is None:
            return None
        stamps: dict[tuple[str, str], Stamp] = {TEAM_KEY: Stamp(team.version, team.updated_at)}

        def rows(kind: _Kind, *options: Any) -> list[Any]:
            found = list(self.session.scalars(
                select(kind.row).options(*options).order_by(kind.row.position)))
            for row in found:
                stamps[(kind.name, row.id)] = Stamp(row.version, row.updated_at)
            return found

        agent_rows = rows(AGENTS, selectinload(AgentRow.skills),
                          selectinload(AgentRow.windows), selectinload(AgentRow.exceptions))
        target_rows = rows(TARGETS, selectinload(TargetRow.requirements)
                           .selectinload(RequirementRow.skills),
                           selectinload(TargetRow.overrides))
        names = {row.id: row.name for row in agent_rows}
        checked = _CheckedRows()
        scenario_team = checked.one("team settings", m.team_of, team)
        skills = checked.each("skills", rows(SKILLS), m.skill_of,
                              lambda r: m.named("skill", r.name, r.id))
        contracts = checked.each("contracts", rows(CONTRACTS), m.contract_of,
                                 lambda r: m.named("contract", r.name, r.id))
        agents = checked.each("agents", agent_rows, m.agent_of,
                              lambda r: m.named("agent", r.name, r.id))
        targets = checked.each("targets", target_rows, m.target_of,
                               lambda r: m.named("coverage target", r.name, r.id))
        time_off = checked.each("time_off", rows(TIME_OFF), m.time_off_of,
                                lambda r: m.time_off_label(r, names))
        history = checked.each("history", self.session.scalars(
            select(HistoryShiftRow).order_by(HistoryShiftRow.position)), m.shift_of,
            lambda r: m.history_label(r, names))
        checked.references(skills, contracts, agents, targets, team.active_target_id,
                           time_off, history)
        if checked.problems or scenario_team is None:
            raise DomainError(checked.problems)
        scenario = Scenario(
            team=scenario_team, skills=skills, contracts=contracts, agents=agents,
            targets=targets, active_target_id=team.active_target_id, time_off=time_off,
            history=history)
        return scenario, stamps

    # Writing ------------------------------------------------------------------------------
    def clear(self) -> dict[tuple[str, str], int]:
        """Delete the whole scenario (plans and published events stay).

        Returns the versions the deleted rows had, so that :meth:`insert` can continue them: an
        instance still holding the old rows must see a new version, never the same one again.
        """
        versions: dict[tuple[str, str], int] = {}
        team = self.session.get(TeamRow, m.TEAM_ROW_ID)
        if team is not None:
            versions[TEAM_KEY] = team.version
        for kind in (SKILLS, CONTRACTS, AGENTS, TARGETS, TIME_OFF):
            for key, version in self.session.execute(select(kind.row.id, kind.row.version)):
                versions[(kind.name, key)] = version
        for row in _SCENARIO_TABLES:
            self.session.execute(delete(row))
        self.session.expunge_all()
        return versions

    def insert(self, scenario: Scenario, now: datetime,
               previous: Mapping[tuple[str, str], int] | None = None,
               ) -> dict[tuple[str, str], Stamp]:
        """Store a scenario into an empty database; returns the versions written.

        ``previous`` are the versions of rows this replaces (from :meth:`clear`).
        """
        previous = previous or {}
        stamps: dict[tuple[str, str], Stamp] = {}

        def stamp(row: Any, key: tuple[str, str]) -> None:
            row.version, row.updated_at = previous.get(key, 0) + 1, now
            stamps[key] = Stamp(row.version, now)

        team = m.team_row(TeamRow(), scenario.team, scenario.active_target_id)
        stamp(team, TEAM_KEY)
        self.session.add(team)
        for kind in (SKILLS, CONTRACTS, AGENTS, TARGETS, TIME_OFF):
            for i, item in enumerate(kind.items(scenario)):
                row = kind.fill(kind.row(), item)
                row.position = i
                stamp(row, (kind.name, item.id))
                self.session.add(row)
            self.session.flush()
        self._write_history(scenario)
        self.session.flush()
        return stamps

    def save_edits(self, scenario: Scenario, base: Scenario, expected: Stamps | None,
                   now: datetime) -> dict[tuple[str, str], Stamp]:
        """Write what changed from ``base`` to ``scenario``; raises ConflictError.

        ``expected`` are the versions read with ``base``; without them a row counts as changed
        by someone else when its stored content differs from ``base``.
        """
        edit = _Edit(self.session, scenario, base, expected, now)
        edit.team()
        edit.remove(TIME_OFF)
        edit.remove(AGENTS)
        edit.remove(TARGETS)
        for kind in (SKILLS, CONTRACTS, AGENTS, TARGETS, TIME_OFF):
            edit.upsert(kind)
        edit.remove(CONTRACTS)
        edit.remove(SKILLS)
        if scenario.history != base.history:
            self.session.execute(delete(HistoryShiftRow))
            self._write_history(scenario)
        self.session.flush()
        return edit.stamps

    def _write_history(self, scenario: Scenario) -> None:
        self.session.add_all(m.history_row(s, i) for i, s in enumerate(scenario.history))


class _Edit:
    """One save of edits: checks each touched row's version, then writes it."""

    def __init__(self, session: Session, scenario: Scenario, base: Scenario,
                 expected: Stamps | None, now: datetime) -> None:
        self.session, self.scenario, self.base = session, scenario, base
        self.expected, self.now = expected, now
        self.stamps: dict[tuple[str, str], Stamp] = {}

    def _check(self, kind: str, key: str, label: str, row: Any, read: Callable[[Any], object],
               old: object) -> None:
        """Raise ConflictError unless ``row`` is still as this program last saw it.

        With the versions read with ``base``, the stored version must be the one read; without
        them (``base`` did not come from this store), the stored content must equal ``old``.
        """
        stamp = self.expected.get((kind, key)) if self.expected is not None else None
        same = row.version == stamp.version if stamp is not None else read(row) == old
        if not same:
            raise ConflictError(kind, label, "changed", row.updated_at)

    def _keep_stamp(self, kind: str, key: str, row: Any) -> None:
        """An untouched row keeps the version seen with ``base`` (not a newer foreign one)."""
        stamp = self.expected.get((kind, key)) if self.expected is not None else None
        self.stamps[(kind, key)] = stamp or Stamp(row.version, row.updated_at)

    def team(self) -> None:
        row = self.session.get(TeamRow, m.TEAM_ROW_ID)
        if row is None:
            raise ConflictError("team", "settings", "deleted", None)
        old = (self.base.team, self.base.active_target_id)
        new = (self.scenario.team, self.scenario.active_target_id)
        if old == new:
            self._keep_stamp(*TEAM_KEY, row)
            return
        self._check(*TEAM_KEY, "settings", row, _team_of, old)
        m.team_row(row, *new)
        self._bump(row, TEAM_KEY)
        self.session.flush()

    def _rows(self, kind: _Kind) -> dict[str, Any]:
        return {r.id: r for r in self.session.scalars(select(kind.row))}

    def remove(self, kind: _Kind) -> None:
        kept = {x.id for x in kind.items(self.scenario)}
        rows = self._rows(kind)
        for old in kind.items(self.base):
            row = rows.get(old.id)
            if old.id in kept or row is None:  # kept, or removed by someone else too
                continue
            self._check(kind.name, old.id, kind.label(old, self.base), row, kind.read, old)
            self.session.delete(row)
        self.session.flush()

    def upsert(self, kind: _Kind) -> None:
        before = {x.id: x for x in kind.items(self.base)}
        rows = self._rows(kind)
        positions = self._positions(kind, rows)
        for item, position in zip(kind.items(self.scenario), positions, strict=True):
            old, row = before.get(item.id), rows.get(item.id)
            label = kind.label(item, self.scenario)
            key = (kind.name, item.id)
            if old is None:
                if row is not None:
                    raise ConflictError(kind.name, label, "added", row.updated_at)
                row = kind.fill(kind.row(), item)
                row.position, row.version, row.updated_at = position, 1, self.now
                self.session.add(row)
                self.stamps[key] = Stamp(1, self.now)
                continue
            if row is None:
                raise ConflictError(kind.name, label, "deleted", None)
            if old != item:
                self._check(kind.name, item.id, label, row, kind.read, old)
                kind.fill(row, item)
                row.position = position
                self._bump(row, key)
            else:
                if row.position != position:
                    row.position = position  # a new order alone is not an edit
                self._keep_stamp(kind.name, item.id, row)
        self.session.flush()

    def _positions(self, kind: _Kind, rows: dict[str, Any]) -> list[int]:
        """Where each item of the edited list goes.

        When the user did not reorder (items only edited, removed or added at the end), stored
        rows keep their positions and new ones go after the last, so a stale copy of the order
        never overwrites another instance's reordering; otherwise the edited order is written.
        """
        new_ids = [x.id for x in kind.items(self.scenario)]
        old_ids = [x.id for x in kind.items(self.base)]
        old_set, new_set = set(old_ids), set(new_ids)
        kept = [i for i in new_ids if i in old_set]
        appended_only = new_ids[:len(kept)] == kept
        if not appended_only or kept != [i for i in old_ids if i in new_set]:
            return list(range(len(new_ids)))
        stored = {key: row.position for key, row in rows.items()}
        after = max(stored.values(), default=-1) + 1
        return [stored[i] if i in stored else after + k for k, i in enumerate(new_ids)]

    def _bump(self, row: Any, key: tuple[str, str]) -> None:
        row.version = row.version + 1
        row.updated_at = self.now
        self.stamps[key] = Stamp(row.version, self.now)


def _team_of(row: TeamRow) -> tuple[Team, str]:
    return m.team_of(row), row.active_target_id


_T = TypeVar("_T")
_PATH_IN_SCENARIO = re.compile(r"^(?P<list>[a-z_]+)\[(?P<index>\d+)\]\.?(?P<rest>.*)$")


class _CheckedRows:
    """Domain objects built from stored rows, and the problems of every row that broke a rule.

    Each problem is put in the words of the row it belongs to; a reference to a bad row (the
    time off of an agent whose zone is misspelt) is not reported again as a missing object.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._bad_ids: set[str] = set()
        self._labels: dict[str, list[str]] = {}

    def one(self, label: str, build: Callable[[Any], _T], row: Any) -> _T | None:
        try:
            return build(row)
        except DomainError as error:
            self.problems.extend(_named(p, label) for p in error.problems)
            return None

    def each(self, name: str, rows: Iterable[Any], build: Callable[[Any], _T],
             label: Callable[[Any], str]) -> tuple[_T, ...]:
        items: list[_T] = []
        labels = self._labels.setdefault(name, [])
        for row in rows:
            try:
                items.append(build(row))
            except DomainError as error:
                self.problems.extend(_named(p, label(row)) for p in error.problems)
                self._bad_ids.add(row.id)
                continue
            labels.append(label(row))
        return tuple(items)

    def references(self, skills: tuple[Skill, ...], contracts: tuple[Contract, ...],
                   agents: tuple[Agent, ...], targets: tuple[CoverageTarget, ...],
                   active_target_id: str, time_off: tuple[TimeOff, ...],
                   history: tuple[Shift, ...]) -> None:
        """Duplicate ids and references to objects that do not exist, among the good rows."""
        for problem in reference_problems(skills, contracts, agents, targets, active_target_id,
                                          time_off, history):
            if isinstance(problem.value, str) and problem.value in self._bad_ids:
                continue  # refers to a row already reported
            self.problems.append(self._in_words(problem))

    def _in_words(self, problem: Problem) -> Problem:
        """``agents[2].contract_id`` -> ``agent 'Kadri Tamm' (id kadri-tamm), contract_id``."""
        match = _PATH_IN_SCENARIO.match(problem.path)
        if match is not None:
            labels = self._labels.get(match["list"], [])
            index = int(match["index"])
            if index < len(labels):
                moved = Problem(match["rest"], problem.value, problem.message, problem.suggestion)
                return _named(moved, labels[index])
        if problem.path == "active_target_id":
            return _named(problem, "team settings")
        return problem


def _named(problem: Problem, label: str) -> Problem:
    path = f"{label}, {problem.path}" if problem.path else label
    return Problem(path, problem.value, problem.message, problem.suggestion)
