"""Seeded support-desk instances: S, M, L, XL (about 10, 40, 150, 400 agents), 28 days.

``generate(size, seed=0) -> (Scenario, Period)`` is a stable API: other benchmarks (exports, GUI)
import it. Every instance has a 24/7 target with more people in business hours, a dedicated phone
duty, agents in several zones (one with a 45-minute offset), skills in all four categories, a
DST change inside the period (US on 8 March, EU on 29 March 2026), vacations, and somewhat fewer
people than the target asks for, so the gaps are not trivial.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from models.domain import (
    ALL_WEEKDAYS,
    Agent,
    AgentSkill,
    Availability,
    AvailabilityKind,
    AvailabilityWindow,
    Contract,
    CoverageTarget,
    DutyKind,
    Period,
    Requirement,
    Scenario,
    Skill,
    SkillCategory,
    Team,
    TimeOff,
    TimeOffKind,
    WeeklyWindow,
)

SIZES = {"S": 10, "M": 40, "L": 150, "XL": 400}
FIRST_DAY = date(2026, 3, 2)
DAYS = 28
# zone, country, local hour the agent usually starts
ZONES = (("Europe/Berlin", "DE", 8), ("Europe/Tallinn", "EE", 8), ("America/New_York", "US", 9),
         ("America/Sao_Paulo", "BR", 9), ("Asia/Kolkata", "IN", 9), ("Asia/Kathmandu", "NP", 8),
         ("Australia/Sydney", "AU", 8))
SKILLS = (Skill("phone", "Phone", SkillCategory.CHANNEL),
          Skill("chat", "Chat", SkillCategory.CHANNEL),
          Skill("email", "E-mail", SkillCategory.CHANNEL),
          Skill("windows", "Windows", SkillCategory.PLATFORM),
          Skill("linux", "Linux", SkillCategory.PLATFORM),
          Skill("en", "English", SkillCategory.LANGUAGE),
          Skill("de", "German", SkillCategory.LANGUAGE),
          Skill("es", "Spanish", SkillCategory.LANGUAGE),
          Skill("tier1", "Tier 1", SkillCategory.TIER),
          Skill("tier2", "Tier 2", SkillCategory.TIER))
CONTRACTS = (
    Contract("ft", "Full-time 40 h", 32, 40, 10, 6, 9, 11, 5, 3),
    Contract("pt", "Part-time 24 h", 12, 24, 8, 4, 8, 11, 5, 2),
    Contract("night", "Night worker", 32, 40, 10, 6, 10, 11, 5, 5, works_public_holidays=True),
)


def _daily(start: int, end: int, days: frozenset[int] = ALL_WEEKDAYS) -> WeeklyWindow:
    return WeeklyWindow(days, time(start % 24), time(end % 24), ends_next_day=end >= 24)


def _target(n: int) -> CoverageTarget:
    """Headcounts that ask for a little more than ``n`` agents can give."""
    base = max(1, round(n * 0.11))
    extra = max(1, round(n * 0.08))
    workdays = frozenset(range(5))
    reqs = (
        Requirement("open", "Always open", _daily(0, 24), base, priority=1),
        Requirement("business", "Business hours", _daily(9, 18, workdays), base + extra,
                    priority=2),
        Requirement("phone", "Phone duty", _daily(0, 24), max(1, base // 3), ("phone",),
                    priority=1, duty=DutyKind.DEDICATED),
        Requirement("linux-t2", "Linux second line", _daily(0, 24), max(1, base // 4),
                    ("linux", "tier2"), priority=1),
        Requirement("de", "German speaker", _daily(8, 18, workdays), max(1, base // 4), ("de",),
                    priority=3),
        Requirement("es", "Spanish speaker", _daily(14, 23, workdays), max(1, base // 4),
                    ("es",), priority=3),
    )
    return CoverageTarget("24-7", "24/7", reqs)


def _agent(rng: random.Random, i: int) -> Agent:
    zone, country, start = ZONES[i % len(ZONES)]
    contract = rng.choices(["ft", "pt", "night"], weights=[6, 2, 1])[0]
    skills = ["en", rng.choice(["tier1", "tier1", "tier2"])]
    skills += rng.sample(["phone", "chat", "email"], rng.randint(1, 3))
    skills += rng.sample(["windows", "linux"], rng.randint(1, 2))
    if country == "DE" or rng.random() < 0.05:
        skills.append("de")
    if country == "BR" or rng.random() < 0.1:
        skills.append("es")
    if contract == "night":
        begin, end = 20, 32
    else:
        begin = start + rng.randint(-2, 4)
        end = begin + rng.randint(10, 14)
    days = ALL_WEEKDAYS if rng.random() < 0.6 else frozenset(rng.sample(range(7), 5))
    windows = [AvailabilityWindow(_daily(begin, end, days))]
    if rng.random() < 0.5:
        windows.append(AvailabilityWindow(_daily(begin + 1, begin + 9, days),
                                          AvailabilityKind.PREFERRED))
    return Agent(f"agent-{i:03d}", f"Agent {i:03d}", zone, contract,
                 tuple(AgentSkill(s) for s in dict.fromkeys(skills)), country=country,
                 hourly_cost=round(rng.uniform(15, 45), 2),
                 availability=Availability(tuple(windows)))


def generate(size: str, seed: int = 0) -> tuple[Scenario, Period]:
    """A support-desk instance of the given size (S, M, L, XL), the same for the same seed."""
    n = SIZES[size.upper()]
    rng = random.Random(f"{size.upper()}-{seed}")
    agents = tuple(_agent(rng, i) for i in range(n))
    time_off = []
    for agent in rng.sample(agents, max(1, n // 8)):
        first = FIRST_DAY + timedelta(days=rng.randint(0, DAYS - 5))
        time_off.append(TimeOff(f"vac-{agent.id}", agent.id, first,
                                first + timedelta(days=rng.randint(2, 6)), TimeOffKind.VACATION))
    scenario = Scenario(
        Team(f"Bench desk {size.upper()}", "Europe/Berlin", granularity_minutes=30),
        SKILLS, CONTRACTS, agents, (_target(n),), "24-7", tuple(time_off))
    return scenario, Period(FIRST_DAY, DAYS)
