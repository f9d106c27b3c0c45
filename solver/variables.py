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
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from models.coverage import Demand
from models.domain import DutyKind, Plan, Scenario
from models.horizon import Horizon
from solver.candidates import AgentFacts, Candidate
from solver.rules import counted_for

if TYPE_CHECKING:
    from solver.response import ResponseCheck

# What a count variable counts: ("class", the shared requirement ids its agents meet),
# ("duty", a dedicated requirement id) or ("standby", a requirement that accepts standby).
CountKey = tuple[str, frozenset[str] | str]
# Counts after a class's first are written as the difference from the one before it
# (:meth:`Variables._add_difference_equals`).
DIFFERENCE_COUNTS = True


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
    # The same, for the agents who have a choice (a candidate that is not fixed): a contract
    # rule over an agent whose shifts are all fixed constrains constants only, so the rule book
    # writes none (a re-plan of 29 of 400 agents: 0.4 s of a 0.9 s build went on the others).
    choosing: dict[str, list[int]] = field(default_factory=dict)
    choosing_days: dict[tuple[str, date], list[int]] = field(default_factory=dict)
    definitions: list[tuple[cp_model.IntVar, list[int]]] = field(default_factory=list)
    shortfalls: list[tuple[cp_model.IntVar, list[cp_model.IntVar], int]] = field(
        default_factory=list)
    derived: list[tuple[cp_model.IntVar, Callable[[dict[int, int]], int]]] = field(
        default_factory=list)
    # Requirements with a response allowance: how to count a solution's real shortfall.
    response_checks: list[ResponseCheck] = field(default_factory=list)
    _meets: dict[tuple[str, str], bool] = field(default_factory=dict)
    # Count keys are numbered: _count_keys[k] is what key k counts, _sizes[k] how many agents
    # it has, _covering[k][slot] the candidates that cover the slot for it.
    _count_keys: list[CountKey] = field(default_factory=list)
    _covering: list[dict[int, list[int]]] = field(default_factory=list)
    _sizes: list[int] = field(default_factory=list)
    _keys: dict[str, list[int]] = field(default_factory=dict)
    _counts: dict[tuple[int, int], cp_model.IntVar | None] = field(default_factory=dict)
    _highs: dict[int, int] = field(default_factory=dict)
    _x_index: list[int] = field(default_factory=list)  # proto index of x[i]
    _open_slots: set[int] = field(default_factory=set)
    _prefix: dict[tuple[str, date], list[tuple[datetime, cp_model.IntVar]]] = field(
        default_factory=dict)
    # Per count key: the count created last and the candidates it sums (the next is written as
    # a difference from it, :meth:`_add_difference_equals`).
    _last_count: dict[int, tuple[cp_model.IntVar, set[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_day: dict[tuple[str, date], list[int]] = defaultdict(list)
        by_agent: dict[str, list[int]] = defaultdict(list)
        for c in self.candidates:
            self.x.append(self.model.new_bool_var(
                f"{'standby' if c.standby else 'shift'}"
                f"[{c.agent.id}|{c.start:%Y%m%dT%H%MZ}|{c.minutes}m|{c.duty or '-'}]"))
            by_day[(c.agent.id, c.day)].append(c.index)
            by_agent[c.agent.id].append(c.index)
        self.by_agent_day, self.by_agent = dict(by_day), dict(by_agent)
        fixed = [c.fixed for c in self.candidates]
        self.choosing = {a: ids for a, ids in self.by_agent.items()
                         if not all(fixed[i] for i in ids)}
        self.choosing_days = {key: ids for key, ids in self.by_agent_day.items()
                              if key[0] in self.choosing}
        self._x_index = [x.index for x in self.x]
        self._prepare_counts()

    def meets(self, agent_id: str, requirement_id: str) -> bool:
        """Whether the agent has every skill of the requirement (cached)."""
        key = (agent_id, requirement_id)
        if key not in self._meets:
            requirement = self.scenario.target.requirement(requirement_id)
            self._meets[key] = self.scenario.agent(agent_id).meets(requirement)
        return self._meets[key]

    def new_int(self, low: int, high: int, name: str) -> cp_model.IntVar:
        return self.model.new_int_var(low, high, name)

    def counted(self, requirement_id: str, slot: int) -> list[cp_model.IntVar]:
        """Variables whose sum is the number of people counted for the requirement in the slot.

        Agents are grouped by the shared requirements they meet (a "class"); one integer per
        class and slot counts its members on duty (``count = sum of the class's candidates
        covering the slot``: an agent covers a slot at most once, since one shift a day and rest
        keep shifts apart). A dedicated duty has its own count: only candidates holding it.
        Counting classes instead of agents keeps the model a tenth of the size with the same LP.
        """
        found = []
        for key in self._keys.get(requirement_id, ()):
            var = self._count(key, slot)
            if var is not None:
                found.append(var)
        return found

    def decided(self, slot: int) -> bool:
        """Whether only fixed (locked) shifts can cover the slot: its count is a constant, so a
        re-plan of a few days needs no variables for the rest of the period."""
        return slot not in self._open_slots

    def fixed_count(self, requirement_id: str, slot: int) -> int:
        """People counted for the requirement in a :meth:`decided` slot."""
        return sum(len(self._covering[key].get(slot, ()))
                   for key in self._keys.get(requirement_id, ()))

    def count_high(self, var: cp_model.IntVar) -> int:
        """The most a variable returned by :meth:`counted` can be."""
        return self._highs.get(var.index, 1)

    def _prepare_counts(self) -> None:
        """Which candidate covers which (class or duty, slot), and each class's size."""
        counts = counted_for(self.scenario, (self.scenario.agent(a) for a in self.by_agent))
        number: dict[CountKey, int] = {}
        standby_ok = {r.id for r in self.scenario.target.requirements if r.accepts_standby}
        for (_, duty), ids in counts.items():
            if duty is None and not ids:
                continue  # counted for nothing shared
            new: CountKey = (("class", ids) if duty is None else
                             ("standby", duty) if duty in standby_ok else ("duty", duty))
            if new not in number:
                number[new] = len(self._count_keys)
                self._count_keys.append(new)
                self._sizes.append(0)
                self._covering.append(defaultdict(list))
            self._sizes[number[new]] += 1
        for c in self.candidates:
            if not c.fixed:
                self._open_slots.update(c.slots)
            keys: list[int] = []
            if c.standby:  # counts for the one requirement it stands by for, if it may
                if c.duty in standby_ok and (c.agent.id, c.duty) in counts:
                    keys.append(number[("standby", c.duty)])
            elif signature := counts[(c.agent.id, None)]:
                keys.append(number[("class", signature)])
            if not c.standby and ("duty", c.duty) in number and (c.agent.id, c.duty) in counts:
                keys.append(number[("duty", str(c.duty))])
            for k in keys:
                covering = self._covering[k]
                for t in c.slots:
                    covering[t].append(c.index)
        for r in self.scenario.target.requirements:
            if r.duty is DutyKind.DEDICATED:
                self._keys[r.id] = [number[("duty", r.id)]] if ("duty", r.id) in number else []
            else:
                self._keys[r.id] = [k for key, k in number.items()
                                    if (key[0] == "class" and r.id in key[1])
                                    or key == ("standby", r.id)]

    def _count(self, key: int, slot: int) -> cp_model.IntVar | None:
        if (key, slot) in self._counts:
            return self._counts[(key, slot)]
        indices = self._covering[key].get(slot, [])
        var: cp_model.IntVar | None = None
        if len(indices) == 1:
            var = self.x[indices[0]]
        elif indices:
            high = min(len(indices), self._sizes[key])
            kind, what = self._count_keys[key]
            label = what if isinstance(what, str) else "+".join(sorted(what)) or "-"
            var = self.model.new_int_var(0, high, f"count[{kind}:{label}|{slot}]")
            members = set(indices)
            last = self._last_count.get(key)
            if DIFFERENCE_COUNTS and last is not None and (
                    len(added := members - last[1]) + len(removed := last[1] - members) + 1
                    < len(indices)):
                self._add_difference_equals(var, last[0], added, removed)
            else:
                self.add_sum_equals(var, indices)
            self._last_count[key] = (var, members)
            self.definitions.append((var, indices))
            self._highs[var.index] = high
        self._counts[(key, slot)] = var
        return var

    def _add_difference_equals(self, var: cp_model.IntVar, before: cp_model.IntVar,
                               added: set[int], removed: set[int]) -> None:
        """``var == before + sum(x[added]) - sum(x[removed])``: a count from the class's
        count of an earlier slot and the shifts that begin or end between them. The same
        equation as the full sum (the difference of two of them), with a few terms where the
        sum has every shift covering the slot: the demo team's week had 199,000 terms in its
        counts, and CP-SAT's presolve of them took half of a 2 s step."""
        xi = self._x_index
        linear = self.model.proto.constraints.add().linear
        linear.vars.extend([var.index, before.index, *(xi[i] for i in added),
                            *(xi[i] for i in removed)])
        linear.coeffs.extend([1, -1, *([-1] * len(added)), *([1] * len(removed))])
        linear.domain.extend([0, 0])

    def add_sum_equals(self, var: cp_model.IntVar, indices: list[int]) -> None:
        """``var == sum(x[i] for i in indices)``, written straight into the model's proto:
        through ``LinearExpr`` the 2.5 million terms of a 150-agent model take ten times as
        long to build."""
        xi = self._x_index
        linear = self.model.proto.constraints.add().linear
        linear.vars.extend([var.index, *(xi[i] for i in indices)])
        linear.coeffs.extend([1, *([-1] * len(indices))])
        linear.domain.extend([0, 0])

    def fixed_start(self, agent_id: str, day: date) -> datetime | None:
        """The earliest start of a locked shift of the agent on the local day, if any."""
        starts = [self.candidates[i].start for i in self.by_agent_day.get((agent_id, day), ())
                  if self.candidates[i].fixed]
        return min(starts, default=None)

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
        """Minutes toward the contract's weekly hours (standby candidates count none)."""
        return sum(self.candidates[i].worked_minutes * self.x[i] for i in indices
                   if not self.candidates[i].standby)

    def hint(self, plan: Plan | None) -> None:
        """Warm start: candidates that reproduce a shift of ``plan`` start at 1, others at 0."""
        if plan is None:
            return
        keys = {(s.agent_id, s.start, s.end, s.duty) for s in plan.shifts}
        for c, var in zip(self.candidates, self.x, strict=True):
            self.model.add_hint(var, c.key() in keys)

    def hint_values(self, values: list[bool], *, complete: bool = False) -> dict[int, int]:
        """Hint the shift booleans; ``complete`` also hints every helper the rules define (each
        says how its value follows, :meth:`derive`), so CP-SAT accepts the hint as its first
        solution at once. Returns the hinted value of each variable, by proto index."""
        if len(values) != len(self.x):
            raise ValueError(f"{len(values)} hint values for {len(self.x)} shift variables")
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        known = {var.index: int(value) for var, value in zip(self.x, values, strict=True)}
        if complete:
            value = values.__getitem__
            for var, indices in self.definitions:
                known[var.index] = sum(map(value, indices))
            for short, on, headcount in self.shortfalls:
                known[short.index] = max(0, headcount - sum(known[o.index] for o in on))
            for var, rule in self.derived:
                known[var.index] = rule(known)
        # One bulk copy into the proto: add_hint() per variable costs seconds on large teams.
        hint = self.model.proto.solution_hint
        hint.vars.extend(list(known))
        hint.values.extend(list(known.values()))
        return known

    def derive(self, var: cp_model.IntVar, rule: Callable[[dict[int, int]], int]) -> None:
        """Say how a helper's value follows from earlier ones (for complete hints)."""
        self.derived.append((var, rule))

    def value_of(self, known: dict[int, int], terms: list[tuple[int, int]]) -> int:
        """``sum(coefficient * x[i])`` under the known values."""
        return sum(coef * known[self.x[i].index] for i, coef in terms)
