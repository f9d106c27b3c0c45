"""The sub-slot case of the coverage report: a Tallinn target served by agents in Kathmandu
(+05:45) and Kolkata (+05:30), whose local boundaries fall inside the team's 30-minute slots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from models.domain import (
    ALL_WEEKDAYS,
    Agent,
    AgentSkill,
    Availability,
    AvailabilityWindow,
    Period,
    Plan,
    Requirement,
    Scenario,
    Shift,
    WeeklyWindow,
)
from models.timerules import to_utc
from tests.solver.factory import contract, scenario

NOV_2 = date(2026, 11, 2)  # a Monday; Tallinn is on UTC+02:00
ONE_DAY = Period(NOV_2, 1)


def at(hour: int, minute: int = 0, day: date = NOV_2) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def local_window(start: time, end: time) -> WeeklyWindow:
    midnight = end == time(0)
    return WeeklyWindow(ALL_WEEKDAYS, start, end, ends_next_day=midnight or end < start)


def zoned_agent(agent_id: str, zone: str, start: time, end: time) -> Agent:
    return Agent(agent_id, agent_id.title(), zone, "c", (AgentSkill("phone"),),
                 availability=Availability((AvailabilityWindow(local_window(start, end)),)))


def measured_case() -> Scenario:
    """The hand-made plan of the report: Tallinn 08:00–20:00, Kathmandu 12:00–20:00 local,
    Kolkata 19:45–23:30 local, on the default 30-minute grid."""
    target = Requirement("open", "Open", local_window(time(8), time(20)), 1)
    return scenario(
        [zoned_agent("kathmandu", "Asia/Kathmandu", time(12), time(20)),
         zoned_agent("kolkata", "Asia/Kolkata", time(19, 45), time(23, 30))],
        [target], zone="Europe/Tallinn", granularity=30,
        the_contract=contract(min_shift_hours=3.5))


def local_shift(agent_id: str, zone: str, start: time, end: time) -> Shift:
    begin, finish = to_utc(NOV_2, start, zone), to_utc(NOV_2, end, zone)
    return Shift(f"{agent_id}-hand", agent_id, begin, finish)


def measured_plan() -> Plan:
    return Plan(ONE_DAY, (
        local_shift("kathmandu", "Asia/Kathmandu", time(12), time(20)),
        local_shift("kolkata", "Asia/Kolkata", time(19, 45), time(23, 30))))
