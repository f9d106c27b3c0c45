"""The variables container: one named boolean per eligible candidate shift, nothing else.

Every other variable (people on duty per slot, shortfalls, spreads) is created by the rule that
needs it, through :meth:`Variables.new_int` / :meth:`Variables.on_duty`, so it is named too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import Any

from ortools.sat.python import cp_model

from models.coverage import Demand, Horizon
from models.domain import Plan, Scenario
from solver.candidates import AgentFacts, Candidate


@dataclass
class Variables:
    model: cp_model.CpModel
    scenario: Scenario
    grid: Horizon
    demands: list[Demand]
    candidates: list[Candidate]
    facts: dict[str, AgentFacts]
    x: list[cp_model.IntVar] = field(default_factory=list)
    by_agent_day: dict[tuple[str, date], list[int]] = field(default_factory=dict)
    by_agent: dict[str, list[int]] = field(default_factory=dict)
    definitions: list[tuple[cp_model.IntVar, list[int]]] = field(default_factory=list)
    shortfalls: list[tuple[cp_model.IntVar, list[cp_model.IntVar], int]] = field(
        default_factory=list)
    derived: list[tuple[cp_model.IntVar, Callable[[dict[int, int]], int]]] = field(
        default_factory=list)
    _meets: dict[tuple[str, str], bool] = field(default_factory=dict)
    _chains: dict[tuple[str, str | None], dict[int, cp_model.IntVar]] = field(
        default_factory=dict)
    _prefix: dict[tuple[str, date], list[tuple[datetime, cp_model.IntVar]]] = field(
        default_factory=dict)

    def __post_init__(self) -> None:
        by_day: dict[tuple[str, date], list[int]] = defaultdict(list)
        by_agent: dict[str, list[int]] = defaultdict(list)
        for c in self.candidates:
            self.x.append(self.model.new_bool_var(
                f"shift[{c.agent.id}|{c.start:%Y%m%dT%H%MZ}|{c.minutes}m|{c.duty or '-'}]"))
            by_day[(c.agent.id, c.day)].append(c.index)
            by_agent[c.agent.id].append(c.index)
        self.by_agent_day, self.by_agent = dict(by_day), dict(by_agent)

    def meets(self, agent_id: str, requirement_id: str) -> bool:
        """Whether the agent has every skill of the requirement (cached)."""
        key = (agent_id, requirement_id)
        if key not in self._meets:
            requirement = self.scenario.target.requirement(requirement_id)
            self._meets[key] = self.scenario.agent(agent_id).meets(requirement)
        return self._meets[key]

    def new_int(self, low: int, high: int, name: str) -> cp_model.IntVar:
        return self.model.new_int_var(low, high, name)

    def on_duty(self, agent_id: str, duty: str | None, slot: int) -> cp_model.IntVar | None:
        """1 when the agent works in the slot (holding ``duty``, or any duty when None).

        ``on[t] = sum of the agent's candidates covering t`` (at most one can: one shift a day,
        and rest keeps shifts of different days apart), created once per agent and duty.
        """
        key = (agent_id, duty)
        if key not in self._chains:
            self._chains[key] = self._chain(agent_id, duty)
        return self._chains[key].get(slot)

    def _chain(self, agent_id: str, duty: str | None) -> dict[int, cp_model.IntVar]:
        covering: dict[int, list[int]] = defaultdict(list)
        for i in self.by_agent.get(agent_id, []):
            c = self.candidates[i]
            if duty is None or c.duty == duty:
                for t in c.slots:
                    covering[t].append(i)
        chain: dict[int, cp_model.IntVar] = {}
        for t, indices in covering.items():
            if len(indices) == 1:
                chain[t] = self.x[indices[0]]
                continue
            on = self.model.new_bool_var(f"on[{agent_id}|{duty or '-'}|{t}]")
            self.model.add(on == sum(self.x[i] for i in indices))
            self.definitions.append((on, indices))
            chain[t] = on
        return chain

    def started_before(self, agent_id: str, day: date) -> list[tuple[datetime, cp_model.IntVar]]:
        """For one agent and local day, ``(u, p)`` pairs: ``p`` is 1 when the day's shift starts
        at or before ``u`` (one pair per distinct start, in order)."""
        key = (agent_id, day)
        if key not in self._prefix:
            indices = sorted(self.by_agent_day.get(key, []),
                             key=lambda i: self.candidates[i].start)
            pairs: list[tuple[datetime, cp_model.IntVar]] = []
            previous: Any = 0
            so_far: list[int] = []
            for start, group in groupby(indices, key=lambda i: self.candidates[i].start):
                members = list(group)
                so_far = [*so_far, *members]
                p = self.model.new_bool_var(f"started[{agent_id}|{start:%Y%m%dT%H%MZ}]")
                self.model.add(p == previous + sum(self.x[i] for i in members))
                self.definitions.append((p, so_far))
                pairs.append((start, p))
                previous = p
            self._prefix[key] = pairs
        return self._prefix[key]

    def worked_minutes(self, indices: list[int]) -> Any:
        return sum(self.candidates[i].minutes * self.x[i] for i in indices)

    def hint(self, plan: Plan | None) -> None:
        """Warm start: candidates that reproduce a shift of ``plan`` start at 1, others at 0."""
        if plan is None:
            return
        keys = {(s.agent_id, s.start, s.end, s.duty) for s in plan.shifts}
        for c, var in zip(self.candidates, self.x, strict=True):
            self.model.add_hint(var, c.key() in keys)

    def hint_values(self, values: list[bool], *, complete: bool = False) -> None:
        """Hint the shift booleans; ``complete`` also hints every helper the coverage stage
        defines, so CP-SAT accepts the hint as its first solution at once."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for var, value in zip(self.x, values, strict=True):
            self.model.add_hint(var, value)
        if not complete:
            return
        known: dict[int, int] = {}
        for var, indices in self.definitions:
            known[var.index] = sum(values[i] for i in indices)
            self.model.add_hint(var, known[var.index])
        for index, value in enumerate(values):
            known[self.x[index].index] = int(value)
        for short, on, headcount in self.shortfalls:
            known[short.index] = max(0, headcount - sum(known[o.index] for o in on))
            self.model.add_hint(short, known[short.index])
        for var, rule in self.derived:
            known[var.index] = rule(known)
            self.model.add_hint(var, known[var.index])

    def derive(self, var: cp_model.IntVar, rule: Callable[[dict[int, int]], int]) -> None:
        """Say how a helper's value follows from earlier ones (for complete hints)."""
        self.derived.append((var, rule))

    def value_of(self, known: dict[int, int], terms: list[tuple[int, int]]) -> int:
        """``sum(coefficient * x[i])`` under the known values."""
        return sum(coef * known[self.x[i].index] for i, coef in terms)
