"""Pricing: what one minute of work costs, by the premium it is paid at.

The one pricing rule of the program, used by the finance exports (hours, pay codes, payroll)
and by the solver's cost objective, so the plan the solver calls cheapest is the one finance
pays least for:

- a minute takes the highest premium that applies to it (holiday, weekend, night; premiums
  never stack); on a tie the code listed first wins, so an hour on a holiday night with equal
  premiums is a holiday hour. Otherwise it is regular (premium 1);
- overtime minutes (beyond the contract's weekly maximum) keep the premium they would have had.

Cost = hourly cost × premium-weighted minutes / 60.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from models.domain import Premiums


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


def paid_minutes(minutes: int, night: int, weekend: bool, holiday: bool,
                 premiums: Premiums) -> float:
    """Minutes weighted by the highest premium that applies to each of them."""
    return sum(split_pay(minutes, night, weekend=weekend, holiday=holiday,
                         premiums=premiums).weighted)
