"""Rest: at least the contract's hours between the end of one shift and the start of the next
(so never an overlap), shifts worked before the period included."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from models.domain import Scenario, Shift
from solver.contract_rules.base import ContractRule, Violation, hours_words, local_words
from solver.rules import AgentCalendar, minutes

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.candidates import Candidate
    from solver.rota_rules import RotaRules
    from solver.variables import Variables


def too_close(start: datetime, end: datetime, other_start: datetime, other_end: datetime,
              rest: timedelta) -> bool:
    """Whether a shift ``start``–``end`` and another leave less than ``rest`` between them,
    whichever comes first."""
    return other_start < end + rest and start < other_end + rest


class Rest(ContractRule):
    name = "min_rest"
    words = "rest between shifts"

    def add_to_model(self, model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
        """A later day has at most one shift, so "a shift of day d' starts before c ends +
        rest" is one prefix boolean of that day (``Variables.started_before``), and each
        (shift, later day) pair is a single at-most-one ``x[c] + started_before <= 1``. Rest
        against history and locked shifts holds by candidate generation (:func:`too_close`);
        two locked shifts too close together stay (a later day with a locked shift has no
        other candidate, so the pair needs no clause)."""
        for agent_id, indices in v.choosing.items():
            rest = timedelta(hours=scenario.contract_of(scenario.agent(agent_id)).min_rest_hours)
            days = sorted({v.candidates[i].day for i in indices})
            starts: dict[date, list[datetime]] = {}
            for i in indices:
                first = v.candidates[i]
                limit = first.end + rest
                for n in range(bisect_right(days, first.day), len(days)):
                    later = days[n]
                    locked_start = v.fixed_start(agent_id, later)
                    if locked_start is not None:  # the day holds only its locked shift(s)
                        if locked_start >= limit and later > first.day + timedelta(days=1):
                            break
                        if locked_start < limit and not first.fixed:
                            model.add(v.x[i] == 0)
                        continue  # two locked shifts too close together are kept as they are
                    pairs = v.started_before(agent_id, later)
                    if not pairs or pairs[0][0] >= limit:
                        if later > first.day + timedelta(days=1):
                            break
                        continue
                    if later not in starts:
                        starts[later] = [u for u, _ in pairs]
                    prefix = pairs[bisect_left(starts[later], limit) - 1][1]  # last < limit
                    model.add_at_most_one([v.x[i], prefix])

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent, rest = calendar.agent, round(calendar.contract.min_rest_hours * 60)
        for earlier, later in pairwise(shifts):
            gap = minutes(earlier.end, later.start)
            if gap < rest:
                what = "overlaps" if gap < 0 else f"starts {hours_words(gap)} after"
                yield Violation("min_rest", agent.id, (earlier.id, later.id),
                                (rest - gap) / 60,
                                f"{agent.label}'s shift {local_words(later, agent)} {what} the "
                                f"one {local_words(earlier, agent)}; at least "
                                f"{calendar.contract.min_rest_hours:g} h rest needed")

    def allows(self, rota: RotaRules, c: Candidate) -> bool:
        """Against the shifts two days either side (a longer gap always rests enough)."""
        rest = timedelta(hours=rota.scenario.contract_of(c.agent).min_rest_hours)
        mine, earlier = rota.chosen[c.agent.id], rota.earlier.get(c.agent.id, {})
        for offset in (-2, -1, 1, 2):
            day = c.day + timedelta(days=offset)
            other = mine.get(day)
            start, end = (other.start, other.end) if other is not None else earlier.get(
                day, (None, None))
            if start is not None and end is not None and too_close(c.start, c.end, start, end,
                                                                    rest):
                return False
        return True
