"""What the availability page shows, computed without Qt: a dated week in any zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from models.domain import WEEKDAY_NAMES, Agent, Scenario
from models.timerules import (
    Interval,
    agent_availability,
    agent_holidays,
    day_start,
    to_utc,
)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_titles(monday: date) -> list[str]:
    return [f"{WEEKDAY_NAMES[i].capitalize()}\n{monday + timedelta(days=i):%d %b}"
            for i in range(7)]


@dataclass(frozen=True, slots=True)
class WeekView:
    cells: list[list[str | None]]
    marks: dict[int, str]


def time_off_days(scenario: Scenario, agent: Agent, first: date, last: date) -> dict[date, str]:
    days: dict[date, str] = {}
    for t in scenario.time_off_of(agent.id):
        day = max(t.first_day, first)
        while day <= min(t.last_day, last):
            days[day] = f"time off ({t.kind.value}){': ' + t.note if t.note else ''}"
            day += timedelta(days=1)
    return days


def local_marks(scenario: Scenario, agent: Agent, monday: date) -> dict[int, str]:
    """Holidays and days off of the agent in a week of the agent's local dates."""
    last = monday + timedelta(days=6)
    marks = {(d - monday).days: f"public holiday: {name}"
             for d, name in agent_holidays(agent, monday, last).items()}
    for d, text in time_off_days(scenario, agent, monday, last).items():
        marks[(d - monday).days] = text
    return marks


def week_in_zone(scenario: Scenario, agent: Agent, monday: date, zone_name: str,
                 slots_per_day: int) -> WeekView:
    """The agent's real availability during the week starting ``monday`` (a local date in
    ``zone_name``), laid out on that zone's wall clock: DST-correct for that week."""
    start = day_start(monday, zone_name)
    end = day_start(monday + timedelta(days=7), zone_name)
    first, last = monday - timedelta(days=1), monday + timedelta(days=8)
    off_days = list(time_off_days(scenario, agent, first, last))
    if not scenario.contract_of(agent).works_public_holidays:
        off_days.extend(agent_holidays(agent, first, last))
    times = agent_availability(agent, start, end, off_days)
    minutes = 24 * 60 // slots_per_day
    cells: list[list[str | None]] = []
    for day in range(7):
        local_day = monday + timedelta(days=day)
        row: list[str | None] = []
        for slot in range(slots_per_day):
            m0, m1 = slot * minutes, (slot + 1) * minutes
            s = to_utc(local_day, time(m0 // 60, m0 % 60), zone_name)
            e = (to_utc(local_day, time(m1 // 60, m1 % 60), zone_name) if m1 < 24 * 60
                 else day_start(local_day + timedelta(days=1), zone_name))
            if e <= s:
                row.append(None)  # a wall-clock slot skipped by a DST change
                continue
            slot_iv = Interval(s, e)
            if any(slot_iv.overlap(iv) for iv in times.preferred):
                row.append("preferred")
            elif any(slot_iv.overlap(iv) for iv in times.available):
                row.append("available")
            else:
                row.append(None)
        cells.append(row)
    marks = {}
    for day in range(7):
        local_day = monday + timedelta(days=day)
        if not any(cells[day]) and any(d in off_days for d in
                                      (local_day - timedelta(days=1), local_day,
                                       local_day + timedelta(days=1))):
            marks[day] = "the agent is off (holiday or time off in the agent's zone)"
    return WeekView(cells, marks)


def upcoming_holidays(agent: Agent, first: date, days: int = 366) -> list[tuple[date, str]]:
    return list(agent_holidays(agent, first, first + timedelta(days=days)).items())
