"""Pay codes: every minute worked falls in exactly one of regular, night, weekend, holiday or
overtime, so the hours of the codes add up to the hours worked and their amounts to the cost.

- **Overtime**: minutes beyond the contract's weekly maximum (the hours module finds them: the
  last minutes of the ISO week in the agent's zone, shifts counted in the week they start, as
  the rule checker counts them). Whatever time of day they fall at, they are overtime.
- Any other minute takes the code of the highest premium that applies to it: **holiday** (a
  public holiday of the agent's country), **weekend** (the agent's local Saturday or Sunday),
  **night** (inside the team's night window); on a tie the code listed first wins, so an hour
  on a holiday night with equal premiums is a holiday hour. Otherwise it is **regular**.

Each minute is paid at the highest premium that applies to it (premiums never stack), the same
rule as the cost of a shift; overtime minutes too, so an overtime night minute keeps its night
premium. The rate of a code is the hourly cost times its premium; overtime's is the average of
its minutes (payroll adds any overtime supplement its own rules require).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from models.domain import Scenario, Shift
from models.pricing import (  # the one pricing rule, re-exported for the exports
    NO_PAY,
    PAY_CODES,
    PayCode,
    PaySplit,
    code_premium,
    split_pay,
)
from models.timerules import iso_week, local_date

__all__ = ["NO_PAY", "PAY_CODES", "PayCode", "PaySplit", "code_premium", "overtime_starts",
           "split_pay"]


def overtime_starts(scenario: Scenario, shifts: Sequence[Shift]) -> dict[str, datetime]:
    """For each shift that runs past its agent's weekly maximum: the instant its overtime
    begins. The week is the ISO week (agent's zone) a shift starts in, as the rule checker
    counts it; shifts of ``scenario.history`` in the same week count toward the maximum.
    Standby shifts are not hours worked and never overtime."""
    agents = {a.id: a for a in scenario.agents}
    planned = {s.id for s in shifts}
    weeks: dict[tuple[str, tuple[int, int]], list[Shift]] = defaultdict(list)
    for s in [*shifts, *(h for h in scenario.history if h.id not in planned)]:
        agent = agents.get(s.agent_id)
        if agent is not None and not s.is_standby:  # standby is not hours worked
            weeks[(agent.id, iso_week(local_date(s.start, agent.time_zone)))].append(s)
    starts: dict[str, datetime] = {}
    for (agent_id, _week), group in weeks.items():
        limit = round(scenario.contract_of(agents[agent_id]).max_hours_per_week * 60)
        worked = 0
        for s in sorted(group, key=lambda s: (s.start, s.id)):
            worked += s.minutes
            if worked > limit and s.id in planned:
                beyond = min(s.minutes, worked - limit)
                starts[s.id] = s.end - timedelta(minutes=beyond)
    return starts
