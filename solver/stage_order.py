"""The order of the stages: each stage's objective, and what a stage leaves the next.

Coverage comes first, then the people tier (fairness, preferences, minimum hours, cost). Within
one stage several tiers are ordered by scaled weights (:func:`stage_objective`); between stages,
:func:`keep_coverage` caps each requirement's shortfall at what the coverage stage really
achieved, counted from who is on duty (:func:`real_shortfall`), so no later stage ever costs
coverage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from solver.model import BuiltModel
from solver.response import RULE as RESPONSE_RULE
from solver.soft import TIER_COVERAGE, PenaltyTerm


def _weighted(terms: list[PenaltyTerm]) -> cp_model.LinearExprT:
    return sum(t.weight * t.expr for t in terms)


def real_shortfall(built: BuiltModel, value: Callable[[Any], int]) -> dict[str, int]:
    """Person-minutes missing per requirement in a solution, from the counts of people on duty.

    The model's shortfall variables only bound the shortfall from above (``short >= headcount -
    count``): a later stage, which no longer minimises them, may leave them loose. This is the
    shortfall itself, ``max(0, headcount - count)``, so progress and the stage order use it.
    """
    tight = {short.index: (on, headcount) for short, on, headcount in built.vars.shortfalls}
    missing: dict[str, int] = defaultdict(int)
    for check in built.vars.response_checks:  # holes at least a response allowance long
        missing[check.requirement_id] += check.missing_minutes(value)
    for t in built.terms:
        if t.tier != TIER_COVERAGE or t.rule == RESPONSE_RULE:
            continue
        if isinstance(t.expr, int):
            missing[t.ids[0]] += t.expr * t.unit_minutes
        else:
            on, headcount = tight[t.expr.index]  # type: ignore[union-attr]
            missing[t.ids[0]] += max(0, headcount - sum(value(x) for x in on)) * t.unit_minutes
    return missing


def shortfall_minutes(built: BuiltModel, missing: dict[str, int]) -> int:
    return sum(missing.values())


def keep_coverage(built: BuiltModel, missing: dict[str, int]) -> None:
    """Later stages may not miss more of any requirement than the coverage stage did.

    Each requirement's shortfall variables, weighed by their slots' real minutes, are capped at
    the person-minutes it really missed (the coverage stage's solution satisfies the caps with
    tight variables, so they are feasible);
    the real shortfall, at most the variables, can then never grow, for any requirement.
    """
    unit = built.grid.unit  # every slot on a grid that is not split: the caps stay plain sums
    variables: dict[str, list[Any]] = defaultdict(list)
    constant: dict[str, int] = defaultdict(int)
    for t in built.terms:
        if t.tier != TIER_COVERAGE:
            continue
        if isinstance(t.expr, int):
            constant[t.ids[0]] += t.expr * t.unit_minutes
        else:
            weight = t.unit_minutes // unit
            variables[t.ids[0]].append(t.expr if weight == 1 else weight * t.expr)
    for requirement_id, group in variables.items():
        built.model.add(sum(group)
                        <= (missing[requirement_id] - constant[requirement_id]) // unit)


def stage_objective(terms: list[PenaltyTerm], tiers: tuple[int, ...]
                    ) -> tuple[cp_model.LinearExprT, int]:
    """The objective of a stage that optimises ``tiers`` in order, and the scale of its first
    tier (objective units per unit of that tier's weighted value).

    Each earlier tier is multiplied by one more than the most the later tiers together can
    weigh (``sum(weight * high)``), so one unit less of an earlier tier always outweighs any
    change in the later ones: the order is lexicographic, as if solved in separate stages.
    """
    parts: list[Any] = []
    scale, high = 1, 0
    for tier in reversed(tiers):
        mine = [t for t in terms if t.tier == tier]
        scale = high + 1
        parts.append(scale * _weighted(mine))
        if tier != tiers[0]:
            if any(t.high is None for t in mine):
                raise ValueError(f"tier {tier} cannot follow another in one stage: no bound")
            high += scale * sum(t.weight * (t.high or 0) for t in mine)
    return sum(parts), scale
