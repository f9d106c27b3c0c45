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

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.domain import Premiums, Scenario, Shift
from models.timerules import iso_week, local_date


class PayCode(enum.StrEnum):
    REGULAR = "regular"
    NIGHT = "night"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    OVERTIME = "overtime"


PAY_CODES: tuple[PayCode, ...] = tuple(PayCode)
_INDEX = {code: i for i, code in enumerate(PAY_CODES)}


def code_premium(code: PayCode, premiums: Premiums) -> float | None:
    """The multiplier of a code; None for overtime (its minutes keep their own premiums)."""
    return {PayCode.REGULAR: 1.0, PayCode.NIGHT: premiums.night,
            PayCode.WEEKEND: premiums.weekend, PayCode.HOLIDAY: premiums.holiday,
            PayCode.OVERTIME: None}[code]


@dataclass(frozen=True, slots=True)
class PaySplit:
    """Minutes of one piece of work per pay code (in :data:`PAY_CODES` order), and the same
    minutes weighted by the premium each is paid at."""

    minutes: tuple[int, ...] = (0, 0, 0, 0, 0)
    weighted: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0)

    def minutes_of(self, code: PayCode) -> int:
        return self.minutes[_INDEX[code]]

    def weighted_of(self, code: PayCode) -> float:
        return self.weighted[_INDEX[code]]


NO_PAY = PaySplit()


def _best(candidates: list[tuple[PayCode, float]]) -> tuple[PayCode, float]:
    """The highest premium; the first listed wins a tie."""
    best = candidates[0]
    for candidate in candidates[1:]:
        if candidate[1] > best[1]:
            best = candidate
    return best


def split_pay(minutes: int, night: int, *, weekend: bool, holiday: bool, overtime: int = 0,
              overtime_night: int = 0, premiums: Premiums) -> PaySplit:
    """The codes of ``minutes`` worked on one local day, ``night`` of them in the night window,
    ``overtime`` of them beyond the weekly maximum (``overtime_night`` of those at night)."""
    if not 0 <= overtime_night <= overtime <= minutes or not 0 <= night <= minutes:
        raise ValueError(f"inconsistent minutes: {minutes=}, {night=}, {overtime=}, "
                         f"{overtime_night=}")
    day_codes: list[tuple[PayCode, float]] = []
    if holiday:
        day_codes.append((PayCode.HOLIDAY, premiums.holiday))
    if weekend:
        day_codes.append((PayCode.WEEKEND, premiums.weekend))
    night_code, night_rate = _best([*day_codes, (PayCode.NIGHT, premiums.night),
                                    (PayCode.REGULAR, 1.0)])
    day_code, day_rate = _best([*day_codes, (PayCode.REGULAR, 1.0)])
    split_minutes = [0] * len(PAY_CODES)
    weighted = [0.0] * len(PAY_CODES)
    rest_night = night - overtime_night
    rest_day = minutes - overtime - rest_night
    for code, count, rate in ((night_code, rest_night, night_rate),
                              (day_code, rest_day, day_rate)):
        split_minutes[_INDEX[code]] += count
        weighted[_INDEX[code]] += count * rate
    ot = _INDEX[PayCode.OVERTIME]
    split_minutes[ot] = overtime
    weighted[ot] = overtime_night * night_rate + (overtime - overtime_night) * day_rate
    return PaySplit(tuple(split_minutes), tuple(weighted))


def overtime_starts(scenario: Scenario, shifts: Sequence[Shift]) -> dict[str, datetime]:
    """For each shift that runs past its agent's weekly maximum: the instant its overtime
    begins. The week is the ISO week (agent's zone) a shift starts in, as the rule checker
    counts it; shifts of ``scenario.history`` in the same week count toward the maximum."""
    agents = {a.id: a for a in scenario.agents}
    planned = {s.id for s in shifts}
    weeks: dict[tuple[str, tuple[int, int]], list[Shift]] = defaultdict(list)
    for s in [*shifts, *(h for h in scenario.history if h.id not in planned)]:
        agent = agents.get(s.agent_id)
        if agent is not None:
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
