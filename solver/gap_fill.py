"""The last step of a new plan: every gap a legal shift can still close gets that shift.

The model's candidates are pruned (whole local hours, three lengths per contract:
:mod:`solver.candidates`; only a small team's proven plan is searched again over every
placement, :mod:`solver.every_placement`), and the search may end before it has used every
one. The advisor behind the gap reasons (:mod:`solver.advice`) tries every placement on the
grid, every start and every length between the contract's minimum and maximum, and the agent's
own shifts started earlier or ended later, each judged by the checker next to the agent's other
shifts. What it finds for a gap is a shift the checker accepts and that covers part of the gap,
so adding it never breaks a rule and never misses more anywhere: coverage only grows.

Gaps are taken the longest first; each step changes one agent's shifts, and a gap whose answer
may have changed with them (the same agent, or the same requirement at an overlapping time) waits
for the next round, asked again of the plan as it is then. Locked shifts, shifts of a re-plan's
kept days and history are never changed: only the solver's own shifts are lengthened.

Of the legal shifts that close as much of a gap, by agents as skilled, the one whose nights,
weekend and holiday hours go to the agent furthest below the fair share of them is taken (with
``fairness``): the last filling comes after the fairness stage, which never sees what it adds.
On the demo team the fillings added 1.5 h of night now and then, to the night agent with more
nights only because he was the one free to take it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from models.coverage import ShortRun, coverage, short_runs
from models.domain import Plan, Scenario, Shift, ShiftOrigin
from models.horizon import Horizon
from models.timerules import local_date
from solver.advice import Advisor, Proposal
from solver.candidates import AgentFacts
from solver.fairness import kind_minutes, kind_weights, plan_fairness
from solver.model import Prepared, extract_shifts, with_shifts
from solver.neighbourhoods import plan_shortfall
from solver.rules import AgentCalendar, shift_id, unused_id
from solver.search import Run
from solver.types import CarriedBalance, StageOutcome, Weights


@dataclass(frozen=True)
class FairShareFacts:
    """What the filling needs to share out nights, weekends and holidays fairly: the agents'
    facts, the manager's weights and the balances carried from earlier plans."""

    facts: Mapping[str, AgentFacts]
    weights: Weights
    carried: tuple[CarriedBalance, ...] = ()


def fill_plan_gaps(prepared: Prepared, run: Run, until: float) -> Prepared:
    """A solve's plan (``run.values``) with the legal shifts the candidates leave out where a
    gap can use them, until ``until`` (seconds since the run started): ``prepared`` with
    candidates for them (:func:`solver.model.with_shifts`), ``run.values`` choosing them, and
    a "gaps" stage noted when any was added."""
    if run.cancelled or run.rejected_locked or run.values is None:
        return prepared
    planned = extract_shifts(prepared, run.values)
    params = prepared.params
    shifts = fill_gaps(prepared.scenario, Plan(params.period, tuple(planned)), prepared.grid,
                       prepared.calendars, run.started + until,
                       FairShareFacts(prepared.facts, params.weights, params.carried))
    if shifts == planned:
        return prepared
    prepared, run.values = with_shifts(prepared, shifts)
    run.stages.append(StageOutcome("gaps", plan_shortfall(prepared, run.values), False))
    return prepared


def fill_gaps(scenario: Scenario, plan: Plan, grid: Horizon,
              calendars: Mapping[str, AgentCalendar], deadline: float,
              fairness: FairShareFacts | None = None) -> list[Shift]:
    """``plan``'s shifts with the legal shifts that close part of its gaps added (or solver
    shifts lengthened), until none is found or ``time.monotonic()`` passes ``deadline``."""
    shifts = list(plan.shifts)
    requirements = {r.id: r for r in scenario.target.requirements}
    weigh = _Weigher(scenario, grid, fairness) if fairness is not None else None
    while time.monotonic() < deadline:
        current = Plan(plan.period, tuple(shifts))
        runs = sorted(short_runs(coverage(scenario, current, grid)),
                      key=lambda r: -(r.end - r.start) * r.missing)
        if not runs:
            break
        advisor = Advisor(scenario, current, calendars)
        unfair = weigh.round(current) if weigh is not None else None
        changed_agents: set[str] = set()
        changed: list[ShortRun] = []
        for run in runs:
            if time.monotonic() >= deadline:
                break
            if any(c.requirement_id == run.requirement_id and c.start < run.end
                   and run.start < c.end for c in changed):
                continue  # its answer may have changed: asked again next round
            answer = advisor.answer(requirements[run.requirement_id], run.start, run.end)
            legal = [c for c in answer.candidates
                     if c.free and c.covered_minutes > 0 and c.agent_id not in changed_agents
                     and _may_change(shifts, c)]
            # The advisor's order (most skilled, most covered, cheapest first), but the fairer
            # among those as skilled that cover as much (min keeps the order of ties).
            proposal = min(legal, key=lambda c: (-c.level, -c.covered_minutes,
                                                 unfair(c) if unfair else 0),
                           default=None)
            if proposal is None:
                continue
            shifts = _applied(scenario, shifts, proposal)
            changed_agents.add(proposal.agent_id)
            changed.append(run)
        if not changed:
            break
    return sorted(shifts, key=lambda s: (s.start, s.agent_id))


def _may_change(shifts: list[Shift], proposal: Proposal) -> bool:
    """A new shift always; a lengthened one only when it is the solver's own, not locked."""
    if proposal.extends is None:
        return True
    old = next((s for s in shifts if s.id == proposal.extends), None)
    return old is not None and old.origin is ShiftOrigin.SOLVER and not old.locked


def _applied(scenario: Scenario, shifts: list[Shift], proposal: Proposal) -> list[Shift]:
    new = proposal.shift
    if proposal.extends is not None:
        return [replace(s, start=new.start, end=new.end) if s.id == proposal.extends else s
                for s in shifts]
    agent = scenario.agent(proposal.agent_id)
    sid = unused_id(shift_id(agent.id, local_date(new.start, agent.time_zone)),
                    {s.id for s in shifts})
    return [*shifts, Shift(sid, agent.id, new.start, new.end, duty=new.duty,
                           origin=ShiftOrigin.SOLVER, kind=new.kind)]


class _Weigher:
    """How much less fair a proposal makes the plan: per kind of hours, the minutes it adds
    times how far its agent already is above (+) or below (-) the fair share of that kind,
    by the kind's weight (negative: it goes to someone short of the share)."""

    def __init__(self, scenario: Scenario, grid: Horizon, fairness: FairShareFacts) -> None:
        self.scenario, self.grid, self.fairness = scenario, grid, fairness
        self.measures = kind_minutes(scenario, grid, fairness.facts)
        self.weights = kind_weights(fairness.weights)

    def round(self, plan: Plan) -> Callable[[Proposal], float]:
        """The weigher for a round of the filling, with the balances of ``plan``. A round
        changes each agent's shifts once at most and weighs only agents it has not changed, so
        the shift a proposal lengthens is as ``plan`` has it."""
        report = plan_fairness(self.scenario, plan, self.fairness.carried, grid=self.grid,
                               facts=self.fairness.facts)
        balance = {a.agent_id: {k: a.of(k).balance for k in self.weights}
                   for a in report.agents}
        by_id = {s.id: s for s in plan.shifts}

        def unfair(proposal: Proposal) -> float:
            measure = self.measures.get(proposal.agent_id)
            if measure is None or proposal.agent_id not in balance:
                return 0.0
            old = by_id.get(proposal.extends) if proposal.extends is not None else None
            new = proposal.shift
            total = 0.0
            for kind, weight in self.weights.items():
                added = measure.of(kind, new.start, new.end) - (
                    measure.of(kind, old.start, old.end) if old is not None else 0)
                total += weight * added * balance[proposal.agent_id][kind]
            return total

        return unfair
