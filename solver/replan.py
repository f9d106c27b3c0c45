"""Re-planning: what changed between two plans, per agent.

A shift is *kept* when the same id has the same times and duty; *moved* when the agent keeps a
shift on the same local day at other times (or another duty); otherwise it is *removed* from the
old plan or *added* in the new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.domain import Plan, Scenario, Shift
from models.timerules import local_date


@dataclass(frozen=True, slots=True)
class Move:
    before: Shift
    after: Shift


@dataclass(frozen=True, slots=True)
class AgentChanges:
    agent_id: str
    added: tuple[Shift, ...] = ()
    removed: tuple[Shift, ...] = ()
    moved: tuple[Move, ...] = ()

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.moved)


@dataclass(frozen=True, slots=True)
class PlanDiff:
    agents: tuple[AgentChanges, ...] = field(default_factory=tuple)
    kept: int = 0

    @property
    def added(self) -> tuple[Shift, ...]:
        return tuple(s for a in self.agents for s in a.added)

    @property
    def removed(self) -> tuple[Shift, ...]:
        return tuple(s for a in self.agents for s in a.removed)

    @property
    def moved(self) -> tuple[Move, ...]:
        return tuple(m for a in self.agents for m in a.moved)

    @property
    def changed(self) -> int:
        return len(self.added) + len(self.removed) + len(self.moved)

    def of(self, agent_id: str) -> AgentChanges:
        return next((a for a in self.agents if a.agent_id == agent_id), AgentChanges(agent_id))


def _key(shift: Shift) -> tuple[object, ...]:
    return shift.agent_id, shift.start, shift.end, shift.duty


def diff_plans(scenario: Scenario, old: Plan | None, new: Plan) -> PlanDiff:
    """Added, removed and moved shifts per agent (local days in each agent's zone)."""
    old_shifts = list(old.shifts) if old is not None else []
    zones = {a.id: a.time_zone for a in scenario.agents}

    def day(s: Shift) -> tuple[str, date]:
        return s.agent_id, local_date(s.start, zones.get(s.agent_id, "UTC"))

    # Pair identical shifts (agent, times, duty) in one pass: a multiset match, not n x m.
    unmatched: dict[tuple[object, ...], list[int]] = {}
    for i, a in enumerate(old_shifts):
        unmatched.setdefault(_key(a), []).append(i)
    kept_old: set[int] = set()
    kept_new: set[int] = set()
    for j, b in enumerate(new.shifts):
        candidates = unmatched.get(_key(b))
        if candidates:
            kept_old.add(candidates.pop(0))
            kept_new.add(j)
    rest_old = {i: s for i, s in enumerate(old_shifts) if i not in kept_old}
    rest_new = {j: s for j, s in enumerate(new.shifts) if j not in kept_new}
    old_by_day: dict[tuple[str, date], list[int]] = {}
    for i, s in rest_old.items():
        old_by_day.setdefault(day(s), []).append(i)
    moves: list[Move] = []
    added: list[Shift] = []
    for s in rest_new.values():
        slot = old_by_day.get(day(s))
        if slot:
            moves.append(Move(rest_old.pop(slot.pop(0)), s))
        else:
            added.append(s)
    order = {a.id: i for i, a in enumerate(scenario.agents)}
    agents = sorted({s.agent_id for s in [*added, *rest_old.values()]}
                    | {m.after.agent_id for m in moves},
                    key=lambda agent_id: (order.get(agent_id, len(order)), agent_id))
    changes = tuple(
        AgentChanges(agent,
                     tuple(s for s in added if s.agent_id == agent),
                     tuple(sorted((s for s in rest_old.values() if s.agent_id == agent),
                                  key=lambda s: s.start)),
                     tuple(m for m in moves if m.after.agent_id == agent))
        for agent in agents)
    return PlanDiff(changes, len(kept_old))
