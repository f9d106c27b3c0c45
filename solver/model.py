"""``build_model``: the scenario as a CP-SAT model, every rule listed once, hard then soft."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from ortools.sat.python import cp_model

from models.coverage import Demand, demands, history_counts, requirement_bounds, shift_bounds
from models.domain import Plan, Scenario, Shift, ShiftKind, ShiftOrigin
from models.horizon import Horizon, horizon
from solver import cost, fairness, hard, response, soft
from solver.candidates import (
    AgentFacts,
    Candidate,
    agent_facts,
    build_candidates,
    shift_candidate,
)
from solver.greedy import Rota, greedy_rota
from solver.rules import AgentCalendar, shift_id, unused_id
from solver.shift_grid import candidate_bounds
from solver.soft import PenaltyTerm
from solver.types import SolveParams
from solver.variables import Variables

HARD_RULES = (hard.add_contract_rules, hard.add_locked_shifts)

COVERAGE_RULES = (soft.penalize_shortfall, response.penalize_response_holes)

PEOPLE_RULES = (
    soft.penalize_under_min_hours,
    # fairness.penalize_unfair_shares (nights, weekends, holidays): needs the plan the stage
    # starts from, so add_tier lists it by hand
    soft.penalize_contract_spread,
    soft.penalize_unpreferred,
    soft.penalize_work,
)

COST_RULES = (
    soft.penalize_overstaffing,
    cost.penalize_cost,
)


@dataclass(frozen=True)
class Prepared:
    """Everything before CP-SAT: the grid, the demand, the candidate shifts and a first
    complete rota (the previous plan minus what the new facts rule out, then greedy fill;
    removing shifts never breaks a hard rule, so it is complete and valid)."""

    scenario: Scenario
    params: SolveParams
    grid: Horizon
    demands: list[Demand]
    facts: dict[str, AgentFacts]
    candidates: list[Candidate]
    first: Rota
    # The candidates are every legal placement, nothing pruned (solver.every_placement).
    every: bool = False

    @cached_property
    def by_agent(self) -> dict[str, list[int]]:
        """The indices of each agent's candidates, in order."""
        found: dict[str, list[int]] = {}
        for c in self.candidates:
            found.setdefault(c.agent.id, []).append(c.index)
        return found

    @property
    def calendars(self) -> dict[str, AgentCalendar]:
        """Each agent's calendar (availability, time off, contract), by agent id."""
        return {a: f.calendar for a, f in self.facts.items()}


@dataclass
class BuiltModel:
    """The model with its hard rules and coverage terms; later tiers are added on demand by
    :meth:`add_tier` (so the coverage stage searches a smaller model)."""

    model: cp_model.CpModel
    vars: Variables
    terms: list[PenaltyTerm]
    prepared: Prepared

    @property
    def grid(self) -> Horizon:
        return self.prepared.grid

    @property
    def params(self) -> SolveParams:
        return self.prepared.params

    @property
    def scenario(self) -> Scenario:
        return self.prepared.scenario

    def add_tier(self, tier: int, values: list[bool] | None = None) -> None:
        """Create the soft terms of a tier (once): every rule is still listed here, once.

        ``values``: the plan the stage starts from (fair shares are fixed from its totals)."""
        if any(t.tier == tier for t in self.terms):
            return
        w, s, v, m = self.params.weights, self.scenario, self.vars, self.model
        if tier == soft.TIER_CHANGES:
            self.terms.extend(soft.penalize_changes(m, s, v, w, self.params.previous))
        elif tier == soft.TIER_PEOPLE:
            for penalize in PEOPLE_RULES:
                self.terms.extend(penalize(m, s, v, w))
            self.terms.extend(fairness.penalize_unfair_shares(
                m, s, v, w, values if values is not None else self.prepared.first.values,
                self.params.carried))
        elif tier == soft.TIER_COST:
            for penalize in COST_RULES:
                self.terms.extend(penalize(m, s, v, w))


def stage_tiers(params: SolveParams) -> list[tuple[int, ...]]:
    """The stages solved one after the other, each a tuple of tiers it optimises in order.

    A re-plan's first stage minimises coverage, then changes, in one search (a presolve less,
    and a short re-plan that has time for one stage still keeps what it can); see
    :func:`solver.stage_order.stage_objective` for why the order holds. Then people (fairness,
    preferences, minimum hours) and money, or money first when the manager asks for the
    cheapest plan that meets the target.
    """
    first = ((soft.TIER_COVERAGE, soft.TIER_CHANGES) if params.previous is not None
             else (soft.TIER_COVERAGE,))
    later = [(soft.TIER_COST,), (soft.TIER_PEOPLE,)] if params.cheapest_first else [
        (soft.TIER_PEOPLE,), (soft.TIER_COST,)]
    return [first, *later]


def split_previous(previous: Plan | None, keep_before: datetime | None,
                   keep_after: datetime | None = None) -> tuple[list[Shift], list[Shift]]:
    """Locked shifts (locked, or starting before ``keep_before`` or at or after
    ``keep_after``) and the rest of a plan."""
    if previous is None:
        return [], []
    locked = [s for s in previous.shifts
              if s.locked or (keep_before is not None and s.start < keep_before)
              or (keep_after is not None and s.start >= keep_after)]
    ids = {s.id for s in locked}
    return locked, [s for s in previous.shifts if s.id not in ids]


def prepare(scenario: Scenario, params: SolveParams) -> Prepared:
    """Candidates and the first plan: plain Python, no CP-SAT."""
    locked, previous = split_previous(params.previous, params.keep_before, params.keep_after)
    whole = horizon(scenario, params.period)
    facts = {a.id: agent_facts(scenario, a, whole) for a in scenario.active_agents()}
    grid, demand_list = _grid_and_demand(scenario, params, whole, facts, [*locked, *previous])
    # A re-plan adds nothing where the previous plan is kept (the past, or beyond its window).
    window = ((params.keep_before, params.keep_after) if params.previous is not None
              else (None, None))
    candidates = build_candidates(scenario, grid, demand_list, locked, previous, facts, window)
    keep = [c.fixed or c.shift is not None for c in candidates] if params.previous else None
    first = greedy_rota(scenario, candidates, demand_list, grid, keep)
    return Prepared(scenario, params, grid, demand_list, facts, candidates, first)


def prepare_every(prepared: Prepared, shifts: Sequence[Shift]) -> tuple[Prepared, list[bool]]:
    """A new plan's ``prepared`` again with every legal placement as a candidate (every start
    on the agent's grid, every length between the contract's minimum and maximum), and the
    values that choose ``shifts``."""
    scenario, params = prepared.scenario, prepared.params
    grid, demand_list = _grid_and_demand(scenario, params, horizon(scenario, params.period),
                                         prepared.facts, [], every=True)
    candidates = build_candidates(scenario, grid, demand_list, [], [], prepared.facts,
                                  every=True)
    every = Prepared(scenario, params, grid, demand_list, prepared.facts, candidates,
                     Rota([False] * len(candidates), 0, 0), every=True)
    return with_shifts(every, shifts)


def _grid_and_demand(scenario: Scenario, params: SolveParams, grid: Horizon,
                     facts: dict[str, AgentFacts], kept: list[Shift],
                     every: bool = False) -> tuple[Horizon, list[Demand]]:
    """``grid`` (the period's) refined for the candidates (``every``: of every placement),
    and the demand the plan must meet on it."""
    # Coverage counts real minutes: slots are split where a candidate, a kept or earlier shift
    # or a requirement window begins inside one (+05:30 / +05:45 agents); never for teams
    # whose boundaries all lie on the team grid, whose model stays as it was.
    grid = grid.refined([*candidate_bounds(scenario, grid, facts, every),
                         *shift_bounds([*scenario.history, *kept]),
                         *requirement_bounds(scenario, grid)])
    # What shifts worked before the period already cover (a night reaching past its first
    # midnight) is not asked of the plan again.
    covered = history_counts(scenario, grid)
    demand_list = [d if not (n := covered.get((d.requirement_id, d.slot), 0)) else
                   dataclasses.replace(d, headcount=d.headcount - n)
                   for d in demands(scenario, params.period, grid)]
    return grid, [d for d in demand_list if d.headcount > 0]


def build_model(prepared: Prepared,
                cancelled: Callable[[], bool] = lambda: False) -> BuiltModel | None:
    """The model of hard rules and coverage, hinted with the first plan (None if cancelled)."""
    scenario, params = prepared.scenario, prepared.params
    model = cp_model.CpModel()
    v = Variables(model, scenario, prepared.grid, prepared.demands, prepared.candidates,
                  prepared.facts)
    for add_rule in HARD_RULES:
        if cancelled():
            return None
        add_rule(model, scenario, v)
    terms: list[PenaltyTerm] = []
    for penalize in COVERAGE_RULES:
        terms.extend(penalize(model, scenario, v, params.weights))
    v.hint_values(prepared.first.values, complete=True)
    return BuiltModel(model, v, terms, prepared)


def extract_shifts(prepared: Prepared, values: list[bool]) -> list[Shift]:
    """The chosen candidates as shifts, with stable ids (previous ids reused)."""
    params = prepared.params
    previous = params.previous.shifts if params.previous is not None else ()
    previous_by_day = {(s.agent_id, c.day): s.id for c in prepared.candidates
                       if (s := c.shift) is not None}
    shifts: list[Shift] = []
    used: set[str] = set()
    owners = {s.id: s.agent_id for s in previous}
    for c, chosen in zip(prepared.candidates, values, strict=True):
        if not chosen:
            continue
        if c.fixed and c.shift is not None:
            shifts.append(c.shift)
            used.add(c.shift.id)
            continue
        sid = c.shift.id if c.shift is not None else previous_by_day.get(
            (c.agent.id, c.day), shift_id(c.agent.id, c.day))
        if sid in used or owners.get(sid, c.agent.id) != c.agent.id:
            sid = shift_id(c.agent.id, c.day)
        sid = unused_id(sid, used)  # changes only ids of a hand-made previous plan
        used.add(sid)
        shifts.append(Shift(sid, c.agent.id, c.start, c.end, duty=c.duty,
                            origin=ShiftOrigin.SOLVER,
                            kind=ShiftKind.STANDBY if c.standby else ShiftKind.ON_DUTY))
    return sorted(shifts, key=lambda s: (s.start, s.agent_id))


def with_shifts(prepared: Prepared, shifts: Sequence[Shift]) -> tuple[Prepared, list[bool]]:
    """A plan made partly outside the model taken back into it: ``prepared`` with a free
    candidate added for each of ``shifts`` it has none for (a gap filled with a length the
    candidates leave out, :mod:`solver.gap_fill`), and the values that choose exactly
    ``shifts``. The stages after it can then move those shifts as well as any other."""
    candidates = list(prepared.candidates)
    index = {(c.agent.id, c.start, c.end, c.duty, c.standby): c.index for c in candidates}
    chosen: set[int] = set()
    for shift in shifts:
        key = (shift.agent_id, shift.start, shift.end, shift.duty, shift.is_standby)
        found = index.get(key)
        if found is None:
            found = index[key] = len(candidates)
            candidates.append(shift_candidate(found, prepared.scenario.agent(shift.agent_id),
                                              shift,
                                              prepared.grid, prepared.facts[shift.agent_id]))
        chosen.add(found)
    values = [c.index in chosen for c in candidates]
    # The first rota's numbers are read only at the start of a solve (as in a sub-problem).
    return dataclasses.replace(prepared, candidates=candidates,
                               first=Rota(values, 0, 0)), values
