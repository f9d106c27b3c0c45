"""Coverage by moving shifts in plain Python: an agent's shift to another of its own candidates,
and a new shift where the rules allow one, each step missing no more than before.

Part of the coverage stage of a new plan: after its CP-SAT steps a week or a group of agents at
a time (:mod:`solver.coverage_windows`), or after a whole model's search that was not proven
optimal (:mod:`solver.engine`). A CP-SAT step re-plans a few dozen agents at once, and in a
large team each group gets its turn about once in the stage; a move here is one agent's, and
thousands are tried a second across the whole team.

A move is weighed exactly as the coverage objective weighs it (people missing per requirement
and slot, by the requirement's priority and the slot's length, shifts worked before the period
counted). It is taken when what the plan misses falls, and in the first
:data:`SIDEWAYS_ROUNDS` rounds also when it stays the same, so that a shift can make way for
the next move (not a shift back to where it came from in the same round, nor one of another
length: such a move changes no hours). Rounds over the team go on while each misses less than
the one before.

The contract rules are those of the first rota (:class:`solver.rota_rules.RotaRules`);
availability, lengths and daily hours hold for every candidate. Requirements with a response
allowance are counted by their holes, not slot by slot, so no move takes a person from one of
their slots that needs them: the plan's coverage of them never falls. Locked shifts and
standby are never moved.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from solver.candidates import Candidate
from solver.model import Prepared
from solver.neighbourhoods import plan_rows
from solver.rota_rules import RotaRules
from solver.rules import counted_for, filled_keys
from solver.search import Run
from solver.soft import priority_weights
from solver.types import Progress

Key = tuple[str, int]  # (requirement id, slot)
# Rounds over the team that also take moves that miss as much as before. Follow the sun of 400
# agents, the plan after its 60 s solve (270 h uncovered): improving moves alone 236 h in
# 1.8 s; with one round of sideways moves first 193 h (1.8 s), with eight 174 h (12 s).
SIDEWAYS_ROUNDS = 8
# Never taken: a protected slot (a response requirement's) that would miss someone more.
PROTECTED = 10**12


class ShiftMoves:
    """The plan of ``values`` and what each move of one agent's shift gains."""

    def __init__(self, prepared: Prepared, values: Sequence[bool]) -> None:
        scenario = prepared.scenario
        self.values = list(values)
        self.candidates = prepared.candidates
        weight = priority_weights(scenario)
        requirements = {r.id: r for r in scenario.target.requirements}
        self.have: dict[Key, int] = defaultdict(int)
        self.need: dict[Key, int] = {}
        self.weight: dict[Key, int] = {}
        self.protected: set[Key] = set()
        for row in plan_rows(prepared, self.values):
            key = (row.requirement_id, row.slot)
            r = requirements[row.requirement_id]
            self.have[key] = row.scheduled
            self.need[key] = row.required
            self.weight[key] = weight[r.priority] * prepared.grid.slot_weight(row.slot)
            if r.allowance_minutes > 0:
                self.protected.add(key)
        counts = counted_for(scenario, scenario.active_agents())
        by_slot: dict[int, list[str]] = defaultdict(list)
        for rid, slot in self.need:
            by_slot[slot].append(rid)
        self.fills = [tuple(filled_keys(c, counts, by_slot)) for c in self.candidates]
        self.rules = RotaRules(scenario, self.candidates, self.values)
        self.movable: dict[str, list[Candidate]] = defaultdict(list)
        for c in self.candidates:
            if not c.fixed and not c.standby:
                self.movable[c.agent.id].append(c)

    def missing(self) -> int:
        """What the plan misses, weighed as the coverage objective weighs it (response
        requirements aside)."""
        return sum(max(0, n - self.have[k]) * self.weight[k] for k, n in self.need.items())

    def loss(self, c: Candidate) -> int:
        """What taking ``c`` away costs."""
        lost = 0
        for key in self.fills[c.index]:
            if self.have[key] <= self.need[key]:
                lost += PROTECTED if key in self.protected else self.weight[key]
        return lost

    def gain(self, c: Candidate) -> int:
        """What adding ``c`` gains (a response requirement's slots gain nothing here)."""
        return sum(self.weight[key] for key in self.fills[c.index]
                   if self.have[key] < self.need[key] and key not in self.protected)

    def take(self, c: Candidate) -> None:
        self.rules.take(c)
        self.values[c.index] = True
        for key in self.fills[c.index]:
            self.have[key] += 1

    def give_back(self, c: Candidate) -> None:
        self.rules.give_back(c)
        self.values[c.index] = False
        for key in self.fills[c.index]:
            self.have[key] -= 1

    def round(self, agents: list[str], sideways: bool, deadline: float,
              stop: Callable[[], bool]) -> int:
        """One round of moves over ``agents``: how many were taken."""
        taken = 0
        moved_from: set[int] = set()
        for agent_id in agents:
            if time.monotonic() >= deadline or stop():
                break
            mine = self.movable[agent_id]
            for c in [c for c in mine if self.values[c.index]]:
                lost = self.loss(c)
                if lost >= PROTECTED:
                    continue
                self.give_back(c)
                best, best_gain = None, lost - 1 if sideways else lost
                for other in mine:
                    if other is c or self.values[other.index] or other.index in moved_from \
                            or not self.rules.day_free(other):
                        continue
                    found = self.gain(other)
                    if found == lost and other.worked_minutes != c.worked_minutes:
                        continue  # a move that misses as much keeps the agent's hours
                    if found > best_gain and self.rules.allowed(other):
                        best, best_gain = other, found
                if best is None:
                    self.take(c)
                    continue
                self.take(best)
                moved_from.add(c.index)
                taken += 1
            for other in mine:  # new shifts, where the contract allows one more
                if not self.values[other.index] and self.rules.day_free(other) \
                        and self.gain(other) > 0 and self.rules.allowed(other):
                    self.take(other)
                    taken += 1
        return taken


@dataclass(frozen=True)
class Moved:
    """A plan the moves found, and how much less it misses by the coverage objective's terms
    (people missing × the priority's weight × the slot's length in grid units)."""

    values: list[bool]
    gained: int


def move_shifts(prepared: Prepared, values: Sequence[bool], deadline: float,
                seed: int = 0, stop: Callable[[], bool] = lambda: False) -> Moved | None:
    """A plan missing less than ``values`` by moving shifts (see the module), or None when no
    move finds one. ``deadline``: a ``time.monotonic()`` instant to stop at; ``stop``: asked
    between agents (a cancel)."""
    moves = ShiftMoves(prepared, values)
    before = moves.missing()
    if not before:
        return None
    agents = sorted(moves.movable)
    shuffle = random.Random(seed)
    rounds, missing = 0, before
    while time.monotonic() < deadline:
        rounds += 1
        shuffle.shuffle(agents)
        if not moves.round(agents, rounds <= SIDEWAYS_ROUNDS, deadline, stop):
            break
        now = moves.missing()
        if now >= missing:
            break  # a round that misses no less: the moves go round in circles
        missing = now
    after = moves.missing()
    return Moved(moves.values, before - after) if after < before else None


def move_in_run(prepared: Prepared, run: Run, deadline: float) -> tuple[Moved, int] | None:
    """:func:`move_shifts` on the run's plan until ``deadline`` (seconds since the run
    started); a plan found becomes the run's, and its shortfall (person-minutes, returned with
    the moves) is reported."""
    if run.cancelled or run.values is None:
        return None
    found = move_shifts(prepared, run.values, time.monotonic() + deadline - run.elapsed,
                        prepared.params.seed, lambda: run.cancelled)
    if found is None or run.cancelled:
        return None
    run.values = found.values
    shortfall = sum(row.missing_minutes for row in plan_rows(prepared, found.values))
    report_coverage(run, shortfall)
    return found, shortfall


def report_coverage(run: Run, shortfall: int) -> None:
    """A better plan of the coverage stage, found outside CP-SAT, told to the progress."""
    run.solutions += 1
    if run.on_progress is not None:
        run.on_progress(Progress(run.elapsed, None, None, run.solutions, shortfall,
                                 "coverage"))
