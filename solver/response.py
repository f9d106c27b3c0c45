"""Response-time requirements in the model: a hole shorter than the allowance is not a gap.

For a requirement that allows holes (``allowance_minutes``), each level ``k`` of its headcount
is looked at on its own, in runs of adjacent slots that ask for ``k`` or more people (the runs
:func:`models.coverage.level_runs` gives the coverage count too). In a run, every *window* of
adjacent slots at least ``allowance`` minutes long that is minimal (one slot less from either
end is shorter) needs a slot with ``k`` people on duty; a window with none is a hole long
enough to be a gap, and every slot in it counts as missing one person, weighed by its real
minutes. Minimal windows that start at each slot, and those that end at each slot, cover every
slot of every hole at least ``allowance`` long, and no slot of a shorter one, so the penalty is
exactly the person-minutes :func:`models.coverage.coverage` reports missing (with the minimum
taken over the model's hole variables, which only bound it from below).

The soft constraint: ``sum(staffed in window) + empty[window] >= 1`` and ``hole[slot] >=
empty[window]`` for every slot in the window; ``hole[slot]`` carries the requirement's priority
weight like any shortfall. Shifts worked before the period count as they do for the headcount.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models.coverage import history_counts, level_runs
from models.domain import Requirement, Scenario
from solver.soft import TIER_COVERAGE, PenaltyTerm, priority_weights
from solver.types import Weights
from solver.variables import Variables

RULE = "response_hole"

Staffed = bool | list[cp_model.IntVar]  # known for sure, or: at least one of these is 1


@dataclass(frozen=True, slots=True)
class SlotLevel:
    """One slot of a run at one level: how many the plan itself must put there for the level
    to be met (``need``; shifts worked before the period already count), and who can."""

    slot: int
    minutes: int
    need: int
    on: tuple[cp_model.IntVar, ...]  # the count variables of the slot (their sum: people)
    fixed: int  # people there for sure (a slot only locked shifts can cover)


@dataclass
class ResponseCheck:
    """The runs of one requirement, to count the real shortfall of a solution exactly as the
    coverage count does (the model's hole variables only bound it from below)."""

    requirement_id: str
    allowance: int
    runs: list[list[SlotLevel]] = field(default_factory=list)

    def missing_minutes(self, value: Callable[[Any], int]) -> int:
        """Person-minutes in holes at least as long as the allowance, in a solution."""
        total = 0
        for run in self.runs:
            length = 0
            for cell in [*run, None]:
                if cell is not None and not _met(cell, value):
                    length += cell.minutes
                    continue
                if length >= self.allowance:
                    total += length
                length = 0
        return total


def _met(cell: SlotLevel, value: Callable[[Any], int]) -> bool:
    return cell.fixed + sum(value(x) for x in cell.on) >= cell.need


def _staffed(model: cp_model.CpModel, v: Variables, cell: SlotLevel, name: str) -> Staffed:
    """Whether the level is met in the slot: a constant, or variables one of which is 1
    exactly when it is (the count variables for one person, else a new ``k * y <= count``)."""
    if cell.need <= cell.fixed:
        return True
    high = cell.fixed + sum(v.count_high(x) for x in cell.on)
    if high < cell.need:
        return False
    if cell.need - cell.fixed == 1 and cell.fixed == 0:
        return list(cell.on)
    met = model.new_bool_var(name)
    model.add((cell.need - cell.fixed) * met <= sum(cell.on))
    v.derive(met, lambda known: int(cell.fixed + sum(known[x.index] for x in cell.on)
                                    >= cell.need))
    return [met]


def minimal_windows(minutes: list[int], allowance: int) -> Iterator[tuple[int, int]]:
    """``(first, last + 1)`` of every window of a run at least ``allowance`` minutes long with
    no slot to spare at one end: the shortest starting at each slot and the shortest ending at
    each slot, each once."""
    found: set[tuple[int, int]] = set()
    n = len(minutes)
    end, length = 0, 0
    for start in range(n):  # shortest window starting at ``start``
        while end < n and length < allowance:
            length += minutes[end]
            end += 1
        if length < allowance:
            break
        found.add((start, end))
        length -= minutes[start]
    start, length = n, 0
    for end in range(n, 0, -1):  # shortest window ending just before ``end``
        while start > 0 and length < allowance:
            start -= 1
            length += minutes[start]
        if length < allowance:
            break
        found.add((start, end))
        length -= minutes[end - 1]
    yield from sorted(found)


def requirement_runs(v: Variables, r: Requirement,
                     earlier: dict[tuple[str, int], int]) -> list[list[SlotLevel]]:
    """The runs of adjacent demanded slots of a requirement, per level of its headcount
    (``earlier``: people counted by shifts worked before the period, per requirement and
    slot)."""
    asked = sorted((d.slot, d.headcount + earlier.get((r.id, d.slot), 0))
                   for d in v.demands if d.requirement_id == r.id)
    runs = []
    for level in range(1, max((h for _, h in asked), default=0) + 1):
        for run in level_runs(asked, level, lambda a, b: b == a + 1):
            cells = []
            for i in run:
                slot = asked[i][0]
                before = earlier.get((r.id, slot), 0)
                decided = v.decided(slot)
                cells.append(SlotLevel(
                    slot, v.grid.slot_minutes(slot), level,
                    () if decided else tuple(v.counted(r.id, slot)),
                    before + (v.fixed_count(r.id, slot) if decided else 0)))
            runs.append(cells)
    return runs


def penalize_response_holes(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                            weights: Weights) -> list[PenaltyTerm]:
    """Coverage of the requirements with a response allowance: one person missing in every
    slot of a hole at least the allowance long, weighed by priority (as any shortfall) and
    by the slot's real minutes."""
    by_priority = priority_weights(scenario)
    earlier = history_counts(scenario, v.grid)
    terms: list[PenaltyTerm] = []
    for r in scenario.target.requirements:
        if r.allowance_minutes <= 0:
            continue
        found, check = holes_for(model, v, r, requirement_runs(v, r, earlier))
        v.response_checks.append(check)
        for cell, expr in found:
            terms.append(PenaltyTerm(
                RULE, f"{r.name} without anyone for {r.allowance_minutes} min or more at slot "
                f"{cell.slot} (level {cell.need})", (r.id,), expr,
                by_priority[r.priority] * v.grid.slot_weight(cell.slot), TIER_COVERAGE,
                cell.minutes))
    return terms


def holes_for(model: cp_model.CpModel, v: Variables, r: Requirement, runs: list[list[SlotLevel]],
              ) -> tuple[list[tuple[SlotLevel, cp_model.LinearExprT]], ResponseCheck]:
    """The hole expression of every slot and level that lies in some minimal window (0 or 1
    person missing), and the check that counts a solution's real shortfall."""
    check = ResponseCheck(r.id, r.allowance_minutes, runs)
    found: list[tuple[SlotLevel, cp_model.LinearExprT]] = []
    for run in check.runs:
        level = run[0].need if run else 0
        staffed = [_staffed(model, v, c, f"met[{r.id}|{c.slot}|{level}]") for c in run]
        covering: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        forced: set[int] = set()
        for first, last in minimal_windows([c.minutes for c in run], r.allowance_minutes):
            inside = staffed[first:last]
            if any(s is True for s in inside):
                continue
            terms = [x for s in inside if isinstance(s, list) for x in s]
            if not terms:
                forced.update(range(first, last))
                continue
            empty = model.new_bool_var(f"empty[{r.id}|{run[first].slot}-{run[last - 1].slot}"
                                       f"|{level}]")
            model.add(sum(terms) + empty >= 1)
            v.derive(empty, _none_of(terms))
            for i in range(first, last):
                covering[i].append(empty)
        for i in sorted({*covering, *forced}):
            found.append((run[i], 1 if i in forced else _hole(model, v, r, run[i], covering[i])))
    return found, check


def _none_of(terms: list[cp_model.IntVar]) -> Callable[[dict[int, int]], int]:
    return lambda known: int(not any(known[x.index] for x in terms))


def _hole(model: cp_model.CpModel, v: Variables, r: Requirement, cell: SlotLevel,
          empties: list[cp_model.IntVar]) -> cp_model.IntVar:
    if len(empties) == 1:
        return empties[0]
    hole = model.new_bool_var(f"hole[{r.id}|{cell.slot}|{cell.need}]")
    for empty in empties:
        model.add(hole >= empty)
    v.derive(hole, lambda known: max(known[e.index] for e in empties))
    return hole
