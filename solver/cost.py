"""Cost: hourly cost × premium-weighted hours, priced by the one pricing rule of the program
(:mod:`models.pricing`, the rule the finance workbook and the payroll use), so the plan the
solver calls cheapest is the plan finance pays least for.

A shift is priced piece by piece over the agent's local days (a night that crosses into a
Saturday or a public holiday takes that day's premium from midnight on), night minutes in the
team's night window read in the agent's own zone. Overtime is not priced here: the contract's
weekly maximum is a hard rule, so a plan has none.

A standby shift is paid flat, at the team's standby rate (a fraction of the hourly cost, no
premiums), so a second line met by standby overnight costs a fraction of one met on duty.
"""

from __future__ import annotations

from datetime import datetime

from ortools.sat.python import cp_model

from models.domain import Agent, Plan, Scenario
from models.horizon import Horizon, horizon
from models.pricing import PayCode, split_pay
from models.timerules import split_by_local_day
from solver.candidates import AgentFacts
from solver.fairness import KindMinutes, kind_minutes
from solver.soft import TIER_COST, PenaltyTerm
from solver.types import CostReport, Weights
from solver.variables import Variables

_CODES = {PayCode.REGULAR: "regular", PayCode.NIGHT: "night", PayCode.WEEKEND: "weekend",
          PayCode.HOLIDAY: "holiday"}


def shift_cost_by_code(scenario: Scenario, agent: Agent, measure: KindMinutes,
                       start: datetime, end: datetime) -> dict[str, float]:
    """The cost of one stretch of work by the premium its minutes are paid at."""
    found = dict.fromkeys(_CODES.values(), 0.0)
    premiums = scenario.team.premiums
    for day, piece in split_by_local_day(start, end, agent.time_zone):
        night = measure.of("night", piece.start, piece.end)
        holiday = measure.of("holiday", piece.start, piece.end) > 0
        pay = split_pay(piece.minutes, night, weekend=day.weekday() >= 5, holiday=holiday,
                        premiums=premiums)
        for code, name in _CODES.items():
            found[name] += pay.weighted_of(code) * agent.hourly_cost / 60
    return found


def standby_cost(scenario: Scenario, agent: Agent, start: datetime, end: datetime) -> float:
    """The cost of a stretch on standby: its hours at the standby rate of the hourly cost."""
    hours = (end - start).total_seconds() / 3600
    return hours * agent.hourly_cost * scenario.team.premiums.standby_rate


def penalize_cost(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                  weights: Weights) -> list[PenaltyTerm]:
    """The plan's premium-weighted cost, in cents."""
    if weights.cost <= 0 or not v.candidates:
        return []
    measures = kind_minutes(scenario, v.grid, v.facts)
    coefficients = []
    for c in v.candidates:
        measure = measures.get(c.agent.id)
        if measure is None:
            continue
        if c.standby:
            cents = round(100 * standby_cost(scenario, c.agent, c.start, c.end))
        else:
            cents = round(100 * sum(shift_cost_by_code(scenario, c.agent, measure, c.start,
                                                       c.end).values()))
        if cents:
            coefficients.append((c.index, cents))
    if not coefficients:
        return []
    expr = sum(cents * v.x[i] for i, cents in coefficients)
    return [PenaltyTerm("cost", "premium-weighted cost, cents", (), expr, weights.cost,
                        TIER_COST)]


def plan_cost(scenario: Scenario, plan: Plan, *, grid: Horizon | None = None,
              facts: dict[str, AgentFacts] | None = None) -> CostReport:
    """The cost of a plan's shifts by premium (agents no longer in the team are not priced)."""
    grid = grid or horizon(scenario, plan.period)
    measures = kind_minutes(scenario, grid, facts)
    agents = {a.id: a for a in scenario.active_agents()}
    totals = dict.fromkeys(_CODES.values(), 0.0)
    on_standby = 0.0
    currencies: set[str] = set()
    for shift in plan.shifts:
        agent = agents.get(shift.agent_id)
        if agent is None:
            continue
        currencies.add(agent.currency)
        if shift.is_standby:
            on_standby += standby_cost(scenario, agent, shift.start, shift.end)
            continue
        for name, amount in shift_cost_by_code(scenario, agent, measures[agent.id],
                                               shift.start, shift.end).items():
            totals[name] += amount
    return CostReport(totals["regular"], totals["night"], totals["weekend"], totals["holiday"],
                      tuple(sorted(currencies)), on_standby)
