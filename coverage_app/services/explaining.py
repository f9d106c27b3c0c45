"""Use case "explain this plan": the plan by rule and its warnings, for the rota page (Qt-free;
the page runs it in a worker thread)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coverage_app.services.planning import PlanSummary, summarize
from models.domain import Plan, Scenario
from solver.types import AlikeSpread, PenaltySummary, StageOutcome

if TYPE_CHECKING:  # solver.explain loads OR-Tools: imported by the worker that explains
    from solver.explain import PlanExplanation


@dataclass(frozen=True, slots=True)
class ExplainedPlan:
    """What the app shows about one plan."""

    plan: Plan
    explanation: PlanExplanation
    summary: PlanSummary  # hours per agent and the spreads between them
    solved: bool  # the plan as the solver left it: its per-rule objective applies
    alike: tuple[AlikeSpread, ...] = ()  # night, weekend, holiday hours of alike agents


def explain_plan(scenario: Scenario, plan: Plan,
                 solved: tuple[Sequence[PenaltySummary], Sequence[StageOutcome]] | None = None
                 ) -> ExplainedPlan:
    """``solved``: the solver's penalty summary and stages when ``plan`` is exactly the plan it
    returned; None for a plan edited by hand, loaded or undone to."""
    from solver.explain import explain
    from solver.fairness import plan_fairness

    penalties, stages = solved if solved is not None else ((), None)
    summary = summarize(scenario, plan)  # counts the plan's coverage once, for both
    return ExplainedPlan(plan, explain(scenario, plan, penalties, stages,
                                       covered=summary.coverage),
                         summary, solved is not None, plan_fairness(scenario, plan).alike)


def alike_line(spread: AlikeSpread) -> str:
    """One group of alike agents in words: "Night hours of alike agents (same contract and
    availability): Igor P. 83.0 h, Arjun N. 72.0 h; 11.0 h apart, more than one shift (10.0 h)"."""
    hours = ", ".join(f"{name} {minutes / 60:.1f} h"
                      for name, minutes in zip(spread.names, spread.minutes, strict=True))
    verdict = "within one shift" if spread.within_one_shift else "more than one shift"
    return (f"{spread.kind.capitalize()} hours of alike agents (same contract and "
            f"availability): {hours}; {spread.spread_minutes / 60:.1f} h apart, {verdict} "
            f"({spread.longest_shift_minutes / 60:.1f} h)")
