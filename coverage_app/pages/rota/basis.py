"""Which team and coverage target each plan was made for (GUI thread only, no Qt).

A plan is made for the scenario it was solved (or re-planned, or opened) with; a hand edit keeps
the basis of the plan it edited. When the scenario on show differs from the plan's basis, the team
or the target changed after the plan was made: its coverage and gaps may be out of date.
"""

from __future__ import annotations

from models.domain import Plan, Scenario

KEPT = 64


class PlanBasis:
    def __init__(self) -> None:
        self._made: list[tuple[Plan, Scenario]] = []

    def made(self, plan: Plan, scenario: Scenario) -> None:
        self._made = [(p, s) for p, s in self._made if p is not plan]
        self._made.append((plan, scenario))
        del self._made[:-KEPT]

    def inherit(self, plan: Plan, parent: Plan) -> None:
        """``plan`` is ``parent`` edited by hand: made for the same scenario."""
        basis = self.of(parent)
        if basis is not None:
            self.made(plan, basis)

    def of(self, plan: Plan) -> Scenario | None:
        return next((s for p, s in reversed(self._made) if p is plan), None)

    def knows(self, plan: Plan) -> bool:
        return self.of(plan) is not None

    def out_of_date(self, scenario: Scenario, plan: Plan | None) -> bool:
        """Whether the team or target changed after ``plan`` was made (False: unknown plan)."""
        if plan is None:
            return False
        basis = self.of(plan)
        return basis is not None and basis is not scenario and basis != scenario
