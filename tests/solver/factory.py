"""Tiny hand-made scenarios for the rule tests: one team, a few agents, one requirement."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from models.domain import (
    ALL_WEEKDAYS,
    Agent,
    AgentSkill,
    Availability,
    AvailabilityWindow,
    Contract,
    CoverageTarget,
    DutyKind,
    Period,
    Plan,
    Requirement,
    Scenario,
    Shift,
    Skill,
    SkillCategory,
    Team,
    TimeOff,
    WeeklyWindow,
)
from solver import SolveParams, SolveResult, solve
from solver.check import check

MONDAY = date(2026, 3, 2)  # a week without DST changes in Europe
WEEK = Period(MONDAY, 7)
SKILLS = (Skill("phone", "Phone", SkillCategory.CHANNEL),
          Skill("linux", "Linux", SkillCategory.PLATFORM),
          Skill("ru", "Russian", SkillCategory.LANGUAGE),
          Skill("tier2", "Tier 2", SkillCategory.TIER))


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def contract(**changes: object) -> Contract:
    values: dict[str, object] = {
        "id": "c", "name": "Contract", "min_hours_per_week": 0.0, "max_hours_per_week": 40.0,
        "max_hours_per_day": 10.0, "min_shift_hours": 4.0, "max_shift_hours": 8.0,
        "min_rest_hours": 11.0, "max_consecutive_days": 5, "max_nights_per_week": 3,
        "works_public_holidays": True}
    values.update(changes)
    return Contract(**values)  # type: ignore[arg-type]


def window(start: int, end: int, days: frozenset[int] = ALL_WEEKDAYS) -> WeeklyWindow:
    return WeeklyWindow(days, time(start % 24), time(end % 24), ends_next_day=end >= 24)


def agent(agent_id: str, *, zone: str = "UTC", skills: tuple[str, ...] = ("phone",),
          hours: tuple[int, int] = (0, 24), country: str = "",
          preferred: tuple[int, int] | None = None) -> Agent:
    windows = [AvailabilityWindow(window(*hours))]
    if preferred is not None:
        from models.domain import AvailabilityKind

        windows.append(AvailabilityWindow(window(*preferred), AvailabilityKind.PREFERRED))
    return Agent(agent_id, agent_id.title(), zone, "c",
                 tuple(AgentSkill(s) for s in skills), country=country,
                 availability=Availability(tuple(windows)))


def requirement(rid: str = "open", hours: tuple[int, int] = (8, 16), headcount: int = 1,
                skills: tuple[str, ...] = (), priority: int = 1,
                duty: DutyKind = DutyKind.SHARED,
                days: frozenset[int] = ALL_WEEKDAYS) -> Requirement:
    return Requirement(rid, rid.title(), window(*hours, days), headcount, skills, priority, duty)


def scenario(agents: list[Agent], requirements: list[Requirement] | None = None, *,
             the_contract: Contract | None = None, time_off: tuple[TimeOff, ...] = (),
             history: tuple[Shift, ...] = (), zone: str = "UTC",
             granularity: int = 60) -> Scenario:
    reqs = tuple(requirements if requirements is not None else [requirement()])
    return Scenario(
        Team("Tiny desk", zone, granularity_minutes=granularity),
        SKILLS, (the_contract or contract(),), tuple(agents),
        (CoverageTarget("t", "Target", reqs),), "t", time_off, history)


def shift(agent_id: str, day: date, start: int, hours: int, *, sid: str | None = None,
          duty: str | None = None) -> Shift:
    begin = utc(day, 0) .replace(hour=0) + (utc(day, start) - utc(day, 0))
    from datetime import timedelta

    return Shift(sid or f"{agent_id}-{day.isoformat()}-{start}", agent_id, begin,
                 begin + timedelta(hours=hours), duty=duty)


def plan(shifts: list[Shift], period: Period = WEEK) -> Plan:
    return Plan(period, tuple(shifts))


def solved(sc: Scenario, period: Period = WEEK, *, time_limit: float = 5.0,
           **params: object) -> SolveResult:
    """A full solve with fixed seed, workers and time limit; the checker must find nothing."""
    result = solve(sc, SolveParams(period, time_limit_s=time_limit, workers=2, seed=1,
                                   **params))  # type: ignore[arg-type]
    assert check(sc, result.plan) == []
    return result


def rules_of(sc: Scenario, p: Plan) -> set[str]:
    return {v.rule for v in check(sc, p)}
