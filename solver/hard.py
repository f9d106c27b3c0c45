"""Hard rules in the model: every contract rule of the rule book (:mod:`solver.contract_rules`),
then the locked shifts.

Shifts worked before the period (``scenario.history``) enter as constants. Locked shifts that
already break a rule (a manager's override) are kept and planned around: a rule whose locked
shifts and history alone exceed its limit lets no other shift join them
(:func:`solver.contract_rules.base.at_most`), instead of making the whole model infeasible.
The checker reports the kept break.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.domain import Scenario
from solver.contract_rules import RULE_BOOK
from solver.variables import Variables


def add_contract_rules(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Each rule of the rule book, in its order."""
    for rule in RULE_BOOK:
        rule.add_to_model(model, scenario, v)


def add_locked_shifts(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Locked shifts (and shifts of a previous plan before the keep-before instant) stay."""
    for c in v.candidates:
        if c.fixed:
            model.add(v.x[c.index] == 1)
