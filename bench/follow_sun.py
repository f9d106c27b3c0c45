"""Seeded follow-the-sun instances: families "tight" and "loose", sizes S, M, L, XL.

The shape of a measurement users made of rota tools:
- agents in four fixed-offset zones, UTC-5, UTC, UTC+3 and UTC+8 (IANA ``Etc/GMT+5``,
  ``Etc/UTC``, ``Etc/GMT-3``, ``Etc/GMT-8``: the ``Etc`` names have the sign inverted), so no
  DST change;
- each agent available in one local window on six weekdays (one fixed day off);
- one contract: fixed 8 h shifts (min = max = 8 h, at most 8 h a day) on whole hours, at most
  one shift a local day and 40 h (five shifts) a local ISO week, 11 h rest, at most 6 days in a
  row, no limit on nights;
- anonymous demand (any agent) in the reference zone ``Etc/UTC`` on a 60-minute grid, one
  requirement per hour of the day (``hour-00`` … ``hour-23``) whose headcount follows the sun:
  each zone asks for people in its local business hours, in proportion to its agents, with a
  trickle at night; dated overrides make Mondays busier and weekends quieter.

"tight": windows 10-16 h starting between 05:00 and 10:00 local; demand 97.5 % of the hours the
team can work (five shifts a week for each agent, fewer in a week with fewer available days).
"loose": narrowed windows of 9-10 h (two or three possible starts), leave blocks of 3-7 days
for about a third of the agents, demand 88 % of what the team can work after leave.
Capacity is a count of shifts, not a promise that every demanded hour can be reached:
``bench/bounds.py`` computes what no plan can avoid.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta

from bench.generate import FIRST_DAY, SIZES
from models.domain import (
    ALL_WEEKDAYS,
    Agent,
    Availability,
    AvailabilityWindow,
    Contract,
    CoverageTarget,
    Period,
    Requirement,
    Scenario,
    Skill,
    SkillCategory,
    TargetOverride,
    Team,
    TimeOff,
    TimeOffKind,
    WeeklyWindow,
)

DAYS = 28
ZONES = (("Etc/GMT+5", -5), ("Etc/UTC", 0), ("Etc/GMT-3", 3), ("Etc/GMT-8", 8))
SHIFT_HOURS = 8
SHIFTS_PER_WEEK = 5
CONTRACT = Contract("fixed-8h", "Fixed 8 h, five a week", min_hours_per_week=0,
                    max_hours_per_week=SHIFT_HOURS * SHIFTS_PER_WEEK,
                    max_hours_per_day=SHIFT_HOURS, min_shift_hours=SHIFT_HOURS,
                    max_shift_hours=SHIFT_HOURS, min_rest_hours=11, max_consecutive_days=6,
                    max_nights_per_week=7, works_public_holidays=True)
SKILLS = (Skill("support", "Support", SkillCategory.TIER),)
# Demand of one zone's customers by local hour (relative): business hours, a trickle at night.
LOCAL_DEMAND = (0.15, 0.1, 0.1, 0.1, 0.15, 0.25, 0.45, 0.7, 0.95, 1.0, 1.0, 1.0,
                1.0, 1.0, 1.0, 1.0, 0.95, 0.85, 0.7, 0.55, 0.45, 0.35, 0.25, 0.2)
DAY_FACTORS = (1.1, 1.05, 1.0, 1.0, 1.0, 0.9, 0.85)  # Monday … Sunday


@dataclass(frozen=True, slots=True)
class Shape:
    load: float  # demand / capacity
    window_hours: tuple[int, int]  # length of an agent's window, inclusive range
    window_start: tuple[int, int]  # local start hour, inclusive range
    leave_share: float  # agents with a leave block
    leave_days: tuple[int, int]


FAMILIES = {
    "tight": Shape(0.975, (10, 16), (5, 10), 0.0, (0, 0)),
    "loose": Shape(0.88, (9, 10), (6, 10), 0.35, (3, 7)),
}


def _agent(rng: random.Random, i: int, shape: Shape) -> Agent:
    zone, _ = ZONES[i % len(ZONES)]
    begin = rng.randint(*shape.window_start)
    end = begin + rng.randint(*shape.window_hours)
    day_off = rng.randrange(7)
    window = WeeklyWindow(ALL_WEEKDAYS - {day_off}, time(begin), time(end % 24),
                          ends_next_day=end >= 24)
    return Agent(f"agent-{i:03d}", f"Agent {i:03d}", zone, CONTRACT.id,
                 (), availability=Availability((AvailabilityWindow(window),)))


def _leave(rng: random.Random, agents: tuple[Agent, ...], shape: Shape,
           days: int) -> list[TimeOff]:
    out = []
    for agent in agents:
        if rng.random() < shape.leave_share:
            length = rng.randint(*shape.leave_days)
            first = FIRST_DAY + timedelta(days=rng.randint(0, max(0, days - length)))
            out.append(TimeOff(f"leave-{agent.id}", agent.id, first,
                               first + timedelta(days=length - 1), TimeOffKind.VACATION))
    return out


def shift_capacity_hours(agents: tuple[Agent, ...], time_off: list[TimeOff],
                         period: Period) -> int:
    """Hours the team can work: per agent and local ISO week of the period, 8 h for each
    available day, at most five."""
    off = {(t.agent_id, t.first_day + timedelta(days=k))
           for t in time_off for k in range((t.last_day - t.first_day).days + 1)}
    total = 0
    for agent in agents:
        weekdays = agent.availability.windows[0].window.weekdays
        per_week: Counter[tuple[int, int]] = Counter(
            day.isocalendar()[:2] for day in period.dates()
            if day.weekday() in weekdays and (agent.id, day) not in off)
        total += sum(min(SHIFTS_PER_WEEK, n) * SHIFT_HOURS for n in per_week.values())
    return total


def _hourly_shape(agents: tuple[Agent, ...]) -> list[float]:
    """Relative demand per UTC hour: each zone's local curve, weighted by its agents."""
    share = Counter(a.time_zone for a in agents)
    return [sum(share[zone] * LOCAL_DEMAND[(h + offset) % 24] for zone, offset in ZONES)
            for h in range(24)]


def _round_to(values: list[float], total: int) -> list[int]:
    """Whole numbers with the given total, each within one of its value (largest remainder)."""
    floors = [int(v) for v in values]
    order = sorted(range(len(values)), key=lambda i: floors[i] - values[i])
    for i in order[:max(0, total - sum(floors))]:
        floors[i] += 1
    return floors


def _target(agents: tuple[Agent, ...], period: Period, demand_hours: float) -> CoverageTarget:
    shape = _hourly_shape(agents)
    factors = [DAY_FACTORS[d.weekday()] for d in period.dates()]
    scale = demand_hours / (sum(shape) * sum(factors))
    table: dict[date, list[int]] = {}
    carry = 0.0  # keeps the period's total on target despite rounding each day
    for day, factor in zip(period.dates(), factors, strict=True):
        wanted = [v * scale * factor for v in shape]
        exact = sum(wanted) + carry
        table[day] = _round_to(wanted, round(exact))
        carry = exact - sum(table[day])
    base = [Counter(table[d][h] for d in table).most_common(1)[0][0] for h in range(24)]
    requirements = tuple(
        Requirement(f"hour-{h:02d}", f"{h:02d}:00–{(h + 1) % 24:02d}:00",
                    WeeklyWindow(ALL_WEEKDAYS, time(h), time((h + 1) % 24),
                                 ends_next_day=h == 23), base[h], priority=1)
        for h in range(24))
    overrides = tuple(TargetOverride(day, people[h], f"hour-{h:02d}", note="day of the week")
                      for day, people in table.items() for h in range(24)
                      if people[h] != base[h])
    return CoverageTarget("follow-the-sun", "Follow the sun", requirements, overrides,
                          description="Headcount per hour (UTC) following four zones")


def generate_family(family: str, size: str, seed: int = 0,
                    days: int = DAYS) -> tuple[Scenario, Period]:
    """A follow-the-sun instance (family "tight" or "loose"), the same for the same seed."""
    shape = FAMILIES[family]
    n = SIZES[size.upper()]
    rng = random.Random(f"{family}-{size.upper()}-{seed}")
    period = Period(FIRST_DAY, days)
    agents = tuple(_agent(rng, i, shape) for i in range(n))
    time_off = _leave(rng, agents, shape, days)
    hours = shift_capacity_hours(agents, time_off, period) * shape.load
    team = Team(f"Follow the sun {family} {size.upper()}", "Etc/UTC", granularity_minutes=60)
    scenario = Scenario(team, SKILLS, (CONTRACT,), agents, (_target(agents, period, hours),),
                        "follow-the-sun", tuple(time_off))
    return scenario, period

