"""What each agent will see change when a plan is published (no Qt): the shifts added,
removed and moved against the last published version, per agent, in the agent's own time.

Shifts are matched by id first (a shift keeps its id when it is moved or re-planned), then an
agent's unmatched removed and added shifts on the same local day are paired as a move. A shift
that changed hands is removed for one agent and added for the other: that is what their
calendars show. Only shifts that start inside the new plan's period (in either version) are
compared.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from models.domain import Plan, Scenario, Shift
from models.timerules import to_local


class ChangeKind(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class ShiftChange:
    kind: ChangeKind
    before: Shift | None  # None when added
    after: Shift | None  # None when removed
    words: str  # in the agent's time: "Mon 07 Dec 09:00–17:00 → 10:00–18:00"

    @property
    def start(self) -> datetime:
        shift = self.after or self.before
        assert shift is not None
        return shift.start


@dataclass(frozen=True, slots=True)
class AgentChanges:
    agent_id: str
    agent: str  # label
    changes: tuple[ShiftChange, ...]  # in time order

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for c in self.changes if c.kind is kind)

    @property
    def summary(self) -> str:
        parts = [f"{self.count(kind)} {kind}" for kind in ChangeKind if self.count(kind)]
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class PlanDiff:
    against: str  # what the plan is compared with, in words
    agents: tuple[AgentChanges, ...]  # only agents with a change, by label
    unchanged: int  # shifts that stay as they were
    first_publication: bool = False  # nothing was published for these days before

    @property
    def empty(self) -> bool:
        return not self.agents

    def total(self, kind: ChangeKind) -> int:
        return sum(a.count(kind) for a in self.agents)

    @property
    def summary(self) -> str:
        if self.empty:
            return f"No shift changes against {self.against}."
        totals = ", ".join(f"{self.total(k)} {k}" for k in ChangeKind if self.total(k))
        people = len(self.agents)
        return (f"Against {self.against}: {totals} for {people} "
                f"{'agent' if people == 1 else 'agents'}; {self.unchanged} unchanged.")


def diff_plans(scenario: Scenario, published: Plan | None, plan: Plan, *,
               against: str = "the last published version") -> PlanDiff:
    """The changes from ``published`` (None: nothing published yet) to ``plan``."""
    first, last = plan.period.first_day, plan.period.last_day
    zone_name = scenario.team.reference_zone

    def inside(shift: Shift) -> bool:
        return first <= to_local(shift.start, zone_name).date() <= last

    old_all = {s.id: s for s in (published.shifts if published is not None else ())}
    new_all = {s.id: s for s in plan.shifts}
    # A shift counts when either version of it starts inside the period (moved across its
    # first midnight, it is a move, not an addition).
    ids = {sid for sid, s in (*old_all.items(), *new_all.items()) if inside(s)}
    old = {sid: old_all[sid] for sid in ids if sid in old_all}
    new = {sid: new_all[sid] for sid in ids if sid in new_all}
    labels = {a.id: a.label for a in scenario.agents}
    zones = {a.id: a.time_zone for a in scenario.agents}
    changes: dict[str, list[ShiftChange]] = defaultdict(list)
    removed: dict[str, list[Shift]] = defaultdict(list)
    added: dict[str, list[Shift]] = defaultdict(list)
    unchanged = 0
    for sid, before in old.items():
        after = new.get(sid)
        if after is None or after.agent_id != before.agent_id:
            removed[before.agent_id].append(before)
        elif (after.start, after.end) != (before.start, before.end):
            changes[after.agent_id].append(_moved(before, after, zones))
        else:
            unchanged += 1
    for sid, after in new.items():
        before_shift = old.get(sid)
        if before_shift is None or before_shift.agent_id != after.agent_id:
            added[after.agent_id].append(after)
    for agent_id in set(removed) | set(added):
        zone = zones.get(agent_id, zone_name)
        gone = {_day(s, zone): s for s in removed[agent_id]}
        for shift in added[agent_id]:
            pair = gone.get(_day(shift, zone))
            if pair is not None and pair in removed[agent_id]:
                removed[agent_id].remove(pair)
                changes[agent_id].append(_moved(pair, shift, zones))
            else:
                changes[agent_id].append(ShiftChange(ChangeKind.ADDED, None, shift,
                                                     _span(shift, zone)))
        for shift in removed[agent_id]:
            changes[agent_id].append(ShiftChange(ChangeKind.REMOVED, shift, None,
                                                 _span(shift, zone)))
    agents = [AgentChanges(agent_id, labels.get(agent_id, agent_id),
                           tuple(sorted(found, key=lambda c: (c.start, c.kind))))
              for agent_id, found in changes.items() if found]
    return PlanDiff(against if published is not None else "nothing published yet",
                    tuple(sorted(agents, key=lambda a: (a.agent.casefold(), a.agent_id))),
                    unchanged, first_publication=published is None or not old)


def _day(shift: Shift, zone: str) -> date:
    return to_local(shift.start, zone).date()


def _span(shift: Shift, zone: str) -> str:
    a, b = to_local(shift.start, zone), to_local(shift.end, zone)
    end = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%a} {b:%H:%M}"
    return f"{a:%a %d %b %H:%M}–{end}"


def _moved(before: Shift, after: Shift, zones: dict[str, str]) -> ShiftChange:
    zone = zones.get(after.agent_id, "UTC")
    old, new = _span(before, zone), _span(after, zone)
    if to_local(before.start, zone).date() == to_local(after.start, zone).date():
        new = new.split(" ", 3)[3]  # the same day: only the new times
    return ShiftChange(ChangeKind.MOVED, before, after, f"{old} → {new}")
