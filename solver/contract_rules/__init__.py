"""The rule book: each contract rule once, as one object holding everything that knows it.

A rule (:class:`ContractRule`) has
- its **model constraint** (``add_to_model``), for the CP-SAT model of :mod:`solver.model`;
- its **checker** (``violations``), plain Python written from the rule's definition, not from
  the model, for :func:`solver.check.check` (so a bug in one is caught by the other);
- its **quick test** (``allows``) for a rota built one shift at a time (the greedy first rota
  and the fairness hand-overs, :mod:`solver.rota_rules`);
- its **words** for messages (the advisor's "why not", the gap reasons).

The order of :data:`RULE_BOOK` is the order the checker reports and the model lists them in.
Rules about the plan rather than the contract (duties, standby, unknown agents) stay in
:mod:`solver.check`.
"""

from __future__ import annotations

from solver.contract_rules.availability import Availability
from solver.contract_rules.base import ContractRule, Violation
from solver.contract_rules.consecutive_days import ConsecutiveDays
from solver.contract_rules.daily_hours import DailyHours
from solver.contract_rules.nights_per_week import NightsPerWeek
from solver.contract_rules.one_shift_per_day import OneShiftPerDay
from solver.contract_rules.rest import Rest
from solver.contract_rules.shift_length import ShiftLength
from solver.contract_rules.weekly_hours import WeeklyHours

RULE_BOOK: tuple[ContractRule, ...] = (
    ShiftLength(), Availability(), OneShiftPerDay(), DailyHours(), Rest(), WeeklyHours(),
    ConsecutiveDays(), NightsPerWeek(),
)
RULE_WORDS: dict[str, str] = {rule.name: rule.words for rule in RULE_BOOK}

__all__ = ["RULE_BOOK", "RULE_WORDS", "ContractRule", "Violation"]
