"""What the rota calendar marks on an agent's row besides shifts (no Qt): days off (vacation,
sick, other time off, public holidays) and a re-plan's proposed changes.

Days off are whole local days in the agent's own zone, so on a display zone other than the
agent's the shaded span starts and ends at the agent's midnight.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from models.domain import Agent, Scenario, Shift, TimeOff, TimeOffKind
from models.timerules import agent_holidays, day_start

KIND_WORDS = {TimeOffKind.SICK: "Sick", TimeOffKind.VACATION: "Vacation",
              TimeOffKind.OTHER: "Time off"}
HOLIDAY = "holiday"


@dataclass(frozen=True, slots=True)
class Absence:
    """A run of local days an agent does not work, as shaded on the row."""

    agent_id: str
    kind: str  # a TimeOffKind value, or "holiday"
    first_day: date
    last_day: date
    start: datetime  # UTC, the agent's first local midnight
    end: datetime  # UTC, the agent's midnight after the last day
    note: str = ""

    @property
    def label(self) -> str:
        if self.kind == HOLIDAY:
            return "Holiday"
        return KIND_WORDS.get(TimeOffKind(self.kind), "Time off")

    def describe(self) -> str:
        """``Sick, Tue 08 Dec: called in at 07:30`` (the days are the agent's local days)."""
        days = (f"{self.first_day:%a %d %b}" if self.first_day == self.last_day
                else f"{self.first_day:%a %d %b} – {self.last_day:%a %d %b}")
        text = f"{self.label}, {days}"
        return f"{text}: {self.note}" if self.note else text


def absences(scenario: Scenario, agents: list[Agent], first: date,
             last: date) -> dict[str, tuple[Absence, ...]]:
    """Time off and public holidays of each agent touching ``[first, last]`` (local days)."""
    found: dict[str, list[Absence]] = defaultdict(list)
    wanted = {a.id: a for a in agents}
    for off in scenario.time_off:
        agent = wanted.get(off.agent_id)
        if agent is not None and off.first_day <= last and first <= off.last_day:
            found[agent.id].append(_time_off(agent, off))
    for agent in agents:
        run: list[tuple[date, str]] = []  # consecutive holidays shade as one span
        for day, name in agent_holidays(agent, first, last).items():
            if any(a.first_day <= day <= a.last_day for a in found[agent.id]):
                continue
            if run and day - run[-1][0] > timedelta(days=1):
                found[agent.id].append(_holidays(agent, run))
                run = []
            run.append((day, name))
        if run:
            found[agent.id].append(_holidays(agent, run))
    return {k: tuple(sorted(v, key=lambda a: a.start)) for k, v in found.items() if v}


def _holidays(agent: Agent, run: list[tuple[date, str]]) -> Absence:
    names = "; ".join(dict.fromkeys(name for _day, name in run))
    return _span(agent, HOLIDAY, run[0][0], run[-1][0], names)


def _time_off(agent: Agent, off: TimeOff) -> Absence:
    return _span(agent, off.kind.value, off.first_day, off.last_day, off.note)


def _span(agent: Agent, kind: str, first: date, last: date, note: str) -> Absence:
    zone_name = agent.time_zone
    return Absence(agent.id, kind, first, last, day_start(first, zone_name),
                   day_start(last + timedelta(days=1), zone_name), note)


class _Move(Protocol):
    @property
    def before(self) -> Shift: ...
    @property
    def after(self) -> Shift: ...


class _Changes(Protocol):
    """solver.replan.PlanDiff, read only through these properties."""

    @property
    def added(self) -> tuple[Shift, ...]: ...
    @property
    def removed(self) -> tuple[Shift, ...]: ...
    @property
    def moved(self) -> tuple[_Move, ...]: ...


@dataclass(frozen=True, slots=True)
class Ghost:
    """A shift a proposed re-plan removes, or the old place of one it moves (drawn hollow)."""

    shift: Shift
    change: str  # "removed" or "moved"
    moved_to: Shift | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    """A re-plan's changes as the calendar marks them: new bars tagged, old ones ghosted."""

    tags: dict[str, str]  # new shift id -> "added" / "moved"
    ghosts: dict[str, tuple[Ghost, ...]]  # by agent

    @classmethod
    def of(cls, diff: _Changes) -> Proposal:
        tags = {s.id: "added" for s in diff.added}
        ghosts: dict[str, list[Ghost]] = defaultdict(list)
        for shift in diff.removed:
            ghosts[shift.agent_id].append(Ghost(shift, "removed"))
        for move in diff.moved:
            tags[move.after.id] = "moved"
            ghosts[move.before.agent_id].append(Ghost(move.before, "moved", move.after))
        return cls(tags, {k: tuple(v) for k, v in ghosts.items()})

    @property
    def count(self) -> int:
        return len(self.tags) + sum(1 for g in self.ghosts.values() for x in g
                                    if x.change == "removed")
