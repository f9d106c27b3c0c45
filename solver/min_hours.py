"""The weekly minimum of a contract, prorated: one calculation for the solver's soft rule and
the checker's warnings.

A contract's ``min_hours_per_week`` asks, in each ISO week, for its share of the dates of that
week that lie in the period and are not blocked for the agent (time off, public holidays the
contract does not work): a period that starts on a Thursday asks for 4/7 of it that week, a
week of vacation for none. Hours count in the week of the local day a shift starts on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from models.domain import Scenario
from models.timerules import iso_week, local_date
from solver.rules import AgentCalendar

Week = tuple[int, int]  # ISO year, ISO week


def period_days(scenario: Scenario, start: datetime, end: datetime) -> list[date]:
    """The dates of the period ``[start, end)``, as the team's reference zone counts them.

    Every agent is asked for hours on these dates, judged in the agent's own zone: a period of
    Monday 7 to Sunday 20 asks an agent in New York for Monday 7 to Sunday 20 too, not for the
    Sunday 6 evening on which the period begins there."""
    zone = scenario.team.reference_zone
    first = local_date(start, zone)
    last = local_date(end - timedelta(minutes=1), zone)
    return [date.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]


def weekly_minimums(calendar: AgentCalendar, days: Iterable[date]) -> dict[Week, int]:
    """Minutes the contract's weekly minimum asks for in each ISO week of ``days``; weeks that
    ask for nothing are left out."""
    hours = calendar.contract.min_hours_per_week
    if hours <= 0:
        return {}
    working: dict[Week, int] = defaultdict(int)
    for day in days:
        if day not in calendar.blocked:
            working[iso_week(day)] += 1
    minimums = {week: round(hours * 60 * n / 7) for week, n in working.items()}
    return {week: value for week, value in minimums.items() if value > 0}
