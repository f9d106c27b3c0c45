"""A hand-made team and plan for the export tests: DST nights in several zones, a month border,
holidays in one agent's country and not another's, and an agent whose name is a formula.

Expected figures (checked by hand, used by the tests):
- Kadri (Tallinn)   Sat 24 Oct 22:00 -> Sun 25 Oct 06:00, clocks go back: 9 h real, 8 nominal.
- Lena (Berlin)     Sat 24 Oct 22:00 -> Sun 25 Oct 06:00, clocks go back: 9 h.
- Maria (New York)  Sat 31 Oct 22:00 -> Sun 1 Nov 06:00, clocks go back and a month border:
                    9 h, 2 in October and 7 in November.
- Liam (Sydney)     Sat 3 Oct 22:00 -> Sun 4 Oct 06:00, clocks go forward: 7 h.
- Liam (Sydney)     Mon 5 Oct 09:00-17:00, Labour Day in New South Wales: 8 holiday hours;
  Kadri (Tallinn)   Mon 5 Oct 09:00-17:00 on phone duty: no holiday in Estonia.
- Lena (Berlin)     Sat 3 Oct 09:00-17:00, German Unity Day (and a Saturday): paid at x2.
- Lena (Berlin)     Sun 1 Nov 22:00 -> Mon 2 Nov 06:00: All Saints' Day in Bavaria, a week border.
- "=HYPERLINK(..)" (Kolkata) Fri 2 Oct 09:00-17:00, Gandhi's birthday: 8 holiday hours;
  Kadri (Tallinn)   Fri 2 Oct 09:00-17:00: none.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from models.domain import (
    Agent,
    AgentSkill,
    Contract,
    CoverageTarget,
    DutyKind,
    Gap,
    GapReason,
    Period,
    Plan,
    Premiums,
    Requirement,
    Scenario,
    Shift,
    Skill,
    SkillCategory,
    Team,
    WeeklyWindow,
)
from models.timerules import to_utc

INJECTION = '=HYPERLINK("http://evil.example/?x=1","click me")'


def scenario() -> Scenario:
    team = Team("Night & Day; Support, Inc.", "Europe/Tallinn", 30, time(22), time(6),
                premiums=Premiums(night=1.25, weekend=1.5, holiday=2.0))
    skills = (
        Skill("phone", "Phone", SkillCategory.CHANNEL),
        Skill("chat", "Chat", SkillCategory.CHANNEL),
        Skill("email", "E-mail", SkillCategory.CHANNEL),
        Skill("ru", "Russian", SkillCategory.LANGUAGE),
    )
    contract = Contract("ft", "Full-time", 0, 40)

    def agent(aid: str, name: str, zone: str, country: str, sub: str, cost: float, cur: str,
              *skills: str, display: str = "") -> Agent:
        return Agent(aid, name, zone, "ft", tuple(AgentSkill(s) for s in skills),
                     display_name=display, country=country, subdivision=sub, hourly_cost=cost,
                     currency=cur)

    agents = (
        agent("kadri", "Kadri Tamm", "Europe/Tallinn", "EE", "", 20.0, "EUR",
              "phone", "chat", "email", "ru", display="Kadri T."),
        agent("lena", "Lena Schmidt", "Europe/Berlin", "DE", "BY", 30.0, "EUR", "chat", "email"),
        agent("maria", "María López", "America/New_York", "US", "NY", 40.0, "USD", "chat"),
        agent("liam", "Liam Walker", "Australia/Sydney", "AU", "NSW", 50.0, "AUD", "email"),
        agent("inject", INJECTION, "Asia/Kolkata", "IN", "", 10.0, "USD", "chat"),
    )
    every_day = WeeklyWindow(frozenset(range(7)), time(0), time(0), ends_next_day=True)
    target = CoverageTarget("t", "Always", (
        Requirement("open", "Always open", every_day, 1, priority=1),
        Requirement("phone", "Phone duty",
                    WeeklyWindow(frozenset(range(5)), time(8), time(20)), 1, ("phone",),
                    priority=1, duty=DutyKind.DEDICATED),
    ))
    return Scenario(team, skills, (contract,), agents, (target,), "t")


def local_shift(sid: str, agent_id: str, zone: str, start: tuple[int, int, int, int],
                end: tuple[int, int, int, int], duty: str | None = None) -> Shift:
    """A shift from local wall-clock (month, day, hour, minute) in 2026."""
    s = to_utc(date(2026, start[0], start[1]), time(start[2], start[3]), zone)
    e = to_utc(date(2026, end[0], end[1]), time(end[2], end[3]), zone)
    return Shift(sid, agent_id, s, e, duty=duty)


TALLINN, BERLIN, NEW_YORK = "Europe/Tallinn", "Europe/Berlin", "America/New_York"
SYDNEY, KOLKATA = "Australia/Sydney", "Asia/Kolkata"


def shifts() -> tuple[Shift, ...]:
    return (
        local_shift("kadri-1024", "kadri", TALLINN, (10, 24, 22, 0), (10, 25, 6, 0)),
        local_shift("lena-1024", "lena", BERLIN, (10, 24, 22, 0), (10, 25, 6, 0)),
        local_shift("maria-1031", "maria", NEW_YORK, (10, 31, 22, 0), (11, 1, 6, 0)),
        local_shift("liam-1003", "liam", SYDNEY, (10, 3, 22, 0), (10, 4, 6, 0)),
        local_shift("liam-1005", "liam", SYDNEY, (10, 5, 9, 0), (10, 5, 17, 0)),
        local_shift("kadri-1005", "kadri", TALLINN, (10, 5, 9, 0), (10, 5, 17, 0), "phone"),
        local_shift("lena-1003", "lena", BERLIN, (10, 3, 9, 0), (10, 3, 17, 0)),
        local_shift("lena-1101", "lena", BERLIN, (11, 1, 22, 0), (11, 2, 6, 0)),
        local_shift("inject-1002", "inject", KOLKATA, (10, 2, 9, 0), (10, 2, 17, 0)),
        local_shift("kadri-1002", "kadri", TALLINN, (10, 2, 9, 0), (10, 2, 17, 0)),
    )


def plan(shift_list: tuple[Shift, ...] | None = None) -> Plan:
    gap = Gap("phone", datetime(2026, 10, 6, 5, 0, tzinfo=UTC),
              datetime(2026, 10, 6, 9, 30, tzinfo=UTC), 1, GapReason.NOT_AVAILABLE,
              'Nobody with "phone" is available, 06:00–09:30; see =SUM(A1)')
    return Plan(Period(date(2026, 10, 1), 33), shifts() if shift_list is None else shift_list,
                gaps=(gap,), target_id="t", id="plan-sample",
                created_at=datetime(2026, 9, 30, 12, 0, tzinfo=UTC))
