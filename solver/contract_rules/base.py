"""What every contract rule has (:class:`ContractRule`), the checker's :class:`Violation`, and
the helpers the rules share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from models.domain import Agent, Scenario, Shift
from solver.rules import AgentCalendar, shift_day

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.candidates import Candidate
    from solver.rota_rules import RotaRules
    from solver.variables import Variables


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    agent_id: str
    shift_ids: tuple[str, ...]
    amount: float  # how far over (or under) the limit, in the rule's unit (hours, days, nights)
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


class ContractRule:
    """One contract rule (see :mod:`solver.contract_rules`). The defaults say "nothing to do":
    a rule that candidate generation already guarantees has no model constraint and no quick
    test, and says so in its own docstring."""

    name: ClassVar[str]  # the checker's rule id, as reported and stored
    words: ClassVar[str]  # the rule in a few words, for "why not" messages
    per_shift: ClassVar[bool] = False  # judged on each shift alone (history is never judged)

    def add_to_model(self, model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
        """Constrain the model's shift booleans ``v.x`` so no plan breaks the rule."""

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        """Every break of the rule among one agent's shifts (sorted by start; shifts worked
        before the period included for context)."""
        return iter(())

    def allows(self, rota: RotaRules, c: Candidate) -> bool:
        """Whether the agent may also work ``c`` next to the shifts ``rota`` holds."""
        return True


def ids(shifts: Iterable[Shift]) -> tuple[str, ...]:
    return tuple(s.id for s in shifts)


def hours_words(value_minutes: float) -> str:
    return f"{value_minutes / 60:g} h"


def local_words(shift: Shift, agent: Agent) -> str:
    from models.timerules import to_local

    a, b = to_local(shift.start, agent.time_zone), to_local(shift.end, agent.time_zone)
    return f"{a:%a %d %b %H:%M}–{b:%H:%M} {agent.time_zone}"


def by_day(agent: Agent, shifts: list[Shift]) -> dict[date, list[Shift]]:
    days: dict[date, list[Shift]] = defaultdict(list)
    for shift in shifts:
        days[shift_day(shift, agent)].append(shift)
    return days


def by_week(agent: Agent, shifts: list[Shift]) -> dict[tuple[int, int], list[Shift]]:
    weeks: dict[tuple[int, int], list[Shift]] = defaultdict(list)
    for shift in shifts:
        year, week, _ = shift_day(shift, agent).isocalendar()
        weeks[(year, week)].append(shift)
    return weeks


def history_of(scenario: Scenario, agent: Agent) -> list[Shift]:
    """The agent's shifts worked before the period."""
    return [s for s in scenario.history if s.agent_id == agent.id]


def at_most(model: cp_model.CpModel, v: Variables, indices: list[int], limit: int,
            weight: Callable[[int], int] = lambda _i: 1, constant: int = 0,
            expr: Any = None) -> None:
    """``constant + sum(weight(i) * x[i]) <= limit`` over a group of candidates.

    When the locked (fixed) candidates and the constant alone exceed the limit, the model keeps
    them and forbids every other candidate of the group: the break stays as the manager made it
    and grows no further.
    """
    fixed = constant + sum(weight(i) for i in indices if v.candidates[i].fixed)
    if fixed > limit:
        for i in indices:
            if not v.candidates[i].fixed:
                model.add(v.x[i] == 0)
        return
    total = expr if expr is not None else sum(weight(i) * v.x[i] for i in indices)
    model.add(total <= limit - constant)
