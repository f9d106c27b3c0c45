"""Plans with gaps of every priority for the gap list, the strip and the publish tests."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from models.domain import Gap, GapReason, Period, Plan, Scenario
from models.timerules import to_utc
from solver.types import SolveParams
from tests.app.rota_fakes import day_shifts_plan

FIRST = date(2026, 12, 7)  # a Monday


def gap(scenario: Scenario, requirement_id: str, day: date, hour: int, hours: int,
        missing: int = 1) -> Gap:
    requirement = scenario.target.requirement(requirement_id)
    start = to_utc(day, time(hour), scenario.team.reference_zone)
    return Gap(requirement_id, start, start + timedelta(hours=hours), missing,
               GapReason.NOT_AVAILABLE,
               f"{requirement.name}, {day:%a %d %b} {hour:02d}:00: {missing} missing. "
               f"Nobody with the skill is available then.")


def plan_with_gaps(scenario: Scenario, days: int = 14) -> Plan:
    """Weekday day shifts for everyone, and three gaps: a must (phone, Tuesday), a nice to
    have (German, Monday 09:00) and a should (Russian, in the second week), inside their
    requirements' windows."""
    plan = day_shifts_plan(scenario, SolveParams(Period(FIRST, days)))
    gaps = (gap(scenario, "247-phone", FIRST + timedelta(days=1), 3, 2),
            gap(scenario, "247-de", FIRST, 9, 1),
            gap(scenario, "247-ru", FIRST + timedelta(days=9), 16, 1, missing=1))
    return dataclasses.replace(plan, gaps=gaps)
