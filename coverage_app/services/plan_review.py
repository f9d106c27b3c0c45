"""What a manager reads about a plan: coverage per slot and per requirement, the open gaps with
their reasons, and the contract rules it breaks (Qt-free).

One function, :func:`review_plan`, computes all of it for a (scenario, plan) pair; the app runs
it off the GUI thread after every solve, hand edit, re-plan and undo, and the numbers it shows come
from :func:`coverage_app.services.planning.summarize`, the function the CLI prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from coverage_app.services.planning import PlanSummary, summarize
from models.coverage import ShortRun, SlotCoverage, coverage, short_runs
from models.domain import Gap, Plan, PlanStatus, Scenario
from models.horizon import horizon
from models.requirement_coverage import RequirementCoverage

CheckFn = Callable[[Scenario, Plan], Sequence[Any]]


@dataclass(frozen=True, slots=True, eq=False)
class PlanReview:
    """Everything the headline, the coverage strip and the rule outlines show for one plan."""

    scenario: Scenario
    plan: Plan
    rows: tuple[SlotCoverage, ...]
    summary: PlanSummary
    gaps: tuple[Gap, ...]  # open now: the solver's where they still hold, new ones explained
    violations: tuple[Any, ...]
    open_runs: int  # runs of slots short of people: the number of gaps
    explained: bool = True  # False: a first plan, shown before its gaps are explained

    @property
    def gap_count(self) -> int:
        return self.open_runs

    def is_for(self, scenario: Scenario, plan: Plan) -> bool:
        return self.scenario is scenario and self.plan is plan

    @property
    def coverage(self) -> tuple[RequirementCoverage, ...]:
        return self.summary.coverage

    @property
    def status(self) -> PlanStatus:
        return self.plan.statistics.status


def review_plan(scenario: Scenario, plan: Plan, check: CheckFn | None = None, *,
                violations: Sequence[Any] | None = None, explain: bool = True) -> PlanReview:
    """Review ``plan`` against ``scenario``. ``violations``: the checker's findings when the
    caller has them already (a hand edit re-checks only the agents it touched); otherwise
    ``check`` runs (no rule check at all when it is None). ``explain=False`` counts the gaps
    without looking for their reasons (a first plan the solver is still improving)."""
    rows = tuple(coverage(scenario, plan, horizon(scenario, plan.period)))
    summary = summarize(scenario, plan, rows)
    if violations is None:
        violations = tuple(check(scenario, plan)) if check is not None else ()
    runs = sum(1 for _ in short_runs(rows))
    gaps = open_gaps(scenario, plan, rows) if explain else ()
    return PlanReview(scenario, plan, rows, summary, gaps, tuple(violations), runs, explain)


def with_open_gaps(scenario: Scenario, plan: Plan, review: PlanReview | None = None) -> Plan:
    """``plan`` carrying the gaps open in it as it stands, the ones the app shows: after a hand
    edit the solver's list no longer holds. What is saved, published or exported goes through
    here (off the GUI thread). ``review``: the plan's review when one was made already (its
    gaps are taken as they are); otherwise :func:`open_gaps` works them out."""
    if review is not None and review.is_for(scenario, plan) and review.explained:
        gaps = review.gaps
    else:
        gaps = open_gaps(scenario, plan, tuple(coverage(scenario, plan,
                                                        horizon(scenario, plan.period))))
    return plan if gaps == plan.gaps else dataclasses.replace(plan, gaps=gaps)


def open_gaps(scenario: Scenario, plan: Plan, rows: Sequence[SlotCoverage]) -> tuple[Gap, ...]:
    """The gaps open in ``plan``: each run of slots short of people is one gap. A run the
    plan already records keeps its reason; a run a hand edit opened (or changed) is explained
    by the solver's gap analysis, as after a solve."""
    recorded = {(g.requirement_id, g.start, g.end, g.missing): g for g in plan.gaps}
    kept: list[Gap] = []
    fresh: list[ShortRun] = []
    for run in short_runs(rows):
        gap = recorded.get((run.requirement_id, run.start, run.end, run.missing))
        if gap is not None:
            kept.append(gap)
        else:
            fresh.append(run)
    if fresh:
        kept.extend(_explain(scenario, plan, rows, fresh))
    return tuple(sorted(kept, key=lambda g: (g.start, g.requirement_id)))


def _explain(scenario: Scenario, plan: Plan, rows: Sequence[SlotCoverage],
             runs: Sequence[ShortRun]) -> tuple[Gap, ...]:
    from solver.gaps import explain_gaps

    wanted = {(r.requirement_id, r.start, r.end) for r in runs}
    inside = [row for row in rows if row.missing and any(
        rid == row.requirement_id and start <= row.start and row.end <= end
        for rid, start, end in wanted)]
    return explain_gaps(scenario, plan, proven=False, rows=inside)
