"""Whether a plan is proven to miss the least any plan can, without a search.

Two bounds over every plan the rules allow, whatever the candidates, the grid or the number of
windows: where nobody could be on shift (:mod:`solver.reach`), and what the team's hours leave
uncovered (:mod:`solver.team_hours`). A plan that misses no more than one of them is proven.
The search's own proof (an optimum over every placement) is the engine's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from models.coverage import SlotCoverage
from models.domain import Plan, Scenario
from solver import team_hours
from solver.reach import calendars_for, misses_only_the_unavoidable
from solver.rules import AgentCalendar


def proven_minimal(scenario: Scenario, plan: Plan, rows: Sequence[SlotCoverage],
                   calendars: Mapping[str, AgentCalendar] | None = None,
                   deadline: float | None = None, *, replan: bool = False) -> bool:
    """Whether no plan the rules allow misses less than ``plan`` (whose coverage is ``rows``),
    shown without a search: it misses only where nobody could be, or no more than the team's
    hours leave uncovered (:mod:`solver.team_hours`). False past ``deadline``.

    ``replan``: the plan keeps shifts of a previous one, which may break rules the team's
    hours count on (a contract since cut to fewer hours) without being marked locked; only
    the first proof, which counts every shift of the plan as one that could be, is made."""
    calendars = calendars if calendars is not None else calendars_for(scenario, plan)
    if misses_only_the_unavoidable(scenario, plan, rows, calendars, deadline):
        return True
    if replan or not team_hours.provable(scenario):
        return False
    missing = sum(row.missing_minutes for row in rows)
    if missing > sum(row.missing_minutes for row in team_hours.largest_asked(rows).values()):
        # The bound counts only the largest headcount at each moment, and the plan's own
        # coverage of those is a flow of its network: it misses more than the bound can be.
        return False
    bound = team_hours.unavoidable_minutes(scenario, plan, rows, calendars, deadline)
    return bound is not None and missing <= bound
