"""Domain validation: every message names the field, the bad value and what to do."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from models.domain import (
    Agent,
    AgentSkill,
    Contract,
    CoverageTarget,
    DomainError,
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

EVERY_DAY = frozenset(range(7))


def problems(error: pytest.ExceptionInfo[DomainError]) -> dict[str, str]:
    return {p.path: str(p) for p in error.value.problems}


def test_unknown_zone_suggests_the_closest_name():
    with pytest.raises(DomainError) as error:
        Agent("a1", "Kadri", "Europe/Talinn", "full")
    assert "did you mean 'Europe/Tallinn'?" in problems(error)["time_zone"]


def test_a_city_name_alone_suggests_its_zone():
    with pytest.raises(DomainError) as error:
        Agent("a1", "Sita", "Kathmandu", "full")
    assert "Asia/Kathmandu" in problems(error)["time_zone"]


def test_window_ending_when_it_starts_is_refused():
    with pytest.raises(DomainError) as error:
        WeeklyWindow(EVERY_DAY, time(9), time(9))
    assert "ends when it starts" in problems(error)["end"]


def test_window_ending_before_it_starts_suggests_next_day():
    with pytest.raises(DomainError) as error:
        WeeklyWindow(EVERY_DAY, time(22), time(6))
    assert "'06:00+1'" in problems(error)["end"]
    assert WeeklyWindow(EVERY_DAY, time(22), time(6), ends_next_day=True).minutes == 8 * 60


def test_whole_day_window_is_allowed():
    assert WeeklyWindow(EVERY_DAY, time(0), time(0), ends_next_day=True).minutes == 24 * 60


def test_contract_reports_all_impossible_numbers_at_once():
    with pytest.raises(DomainError) as error:
        Contract("c", "C", min_hours_per_week=50, max_hours_per_week=40, min_shift_hours=-1,
                 max_consecutive_days=0)
    found = problems(error)
    assert "max_hours_per_week (40)" in found["min_hours_per_week"]
    assert "min_shift_hours" in found
    assert "max_consecutive_days" in found


def test_headcount_cannot_be_negative():
    with pytest.raises(DomainError) as error:
        Requirement("r", "R", WeeklyWindow(EVERY_DAY, time(9), time(17)), -1)
    assert "headcount" in problems(error)


def test_skill_level_is_one_to_three():
    with pytest.raises(DomainError):
        AgentSkill("phone", 4)


def test_shift_needs_aware_utc_instants():
    naive = datetime(2026, 1, 1, 9)
    with pytest.raises(DomainError) as error:
        Shift("s", "a", naive, naive.replace(hour=17))
    assert "UTC" in problems(error)["start"]
    with pytest.raises(DomainError):
        Shift("s", "a", datetime(2026, 1, 1, 17, tzinfo=UTC), datetime(2026, 1, 1, 9, tzinfo=UTC))


def test_time_off_ending_before_it_starts():
    with pytest.raises(DomainError) as error:
        TimeOff("t", "a", date(2026, 1, 10), date(2026, 1, 5))
    assert "last_day" in problems(error)


def test_team_granularity_and_zone():
    with pytest.raises(DomainError) as error:
        Team("T", "Mars/Olympus", granularity_minutes=20)
    assert set(problems(error)) == {"reference_zone", "granularity_minutes"}


def test_period_length():
    with pytest.raises(DomainError):
        Period(date(2026, 1, 1), 0)
    assert Period(date(2026, 1, 30), 3).last_day == date(2026, 2, 1)


def _scenario(**changes):
    skills = (Skill("phone", "Phone", SkillCategory.CHANNEL),)
    contracts = (Contract("full", "Full", 0, 40),)
    agents = (Agent("a1", "A", "UTC", "full", (AgentSkill("phone"),)),)
    window = WeeklyWindow(EVERY_DAY, time(9), time(17))
    targets = (CoverageTarget("t", "T", (Requirement("r", "R", window, 1, ("phone",)),)),)
    parts = dict(team=Team("T", "UTC"), skills=skills, contracts=contracts, agents=agents,
                 targets=targets, active_target_id="t")
    parts.update(changes)
    return Scenario(**parts)


def test_scenario_reports_every_broken_reference():
    window = WeeklyWindow(EVERY_DAY, time(9), time(17))
    with pytest.raises(DomainError) as error:
        _scenario(
            agents=(Agent("a1", "A", "UTC", "ful", (AgentSkill("phon"),)),
                    Agent("a1", "B", "UTC", "full")),
            targets=(CoverageTarget("t", "T", (Requirement("r", "R", window, 1, ("linux",)),)),),
            time_off=(TimeOff("off", "nobody", date(2026, 1, 1), date(2026, 1, 2)),),
        )
    found = problems(error)
    assert "did you mean 'full'?" in found["agents[0].contract_id"]
    assert "did you mean 'phone'?" in found["agents[0].skills[0].skill_id"]
    assert "used twice" in found["agents[1].id"]
    assert "targets[0].requirements[0].skills[0]" in found
    assert "time_off[0].agent_id" in found


def test_scenario_lookups():
    scenario = _scenario()
    assert scenario.agent("a1").name == "A"
    assert scenario.contract_of(scenario.agents[0]).max_hours_per_week == 40
    assert scenario.target.requirements[0].skills == ("phone",)
    assert scenario.agents[0].meets(scenario.target.requirements[0])


def test_plan_refuses_duplicate_shift_ids():
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    shift = Shift("s1", "a1", start, start.replace(hour=17))
    with pytest.raises(DomainError):
        Plan(Period(date(2026, 1, 1), 1), (shift, shift))
    assert shift.hours == 8


@pytest.mark.parametrize(("number", "words"), [
    ("x" * 65, "at most 64 characters"),
    ("12\n34", "one line of text"),
    (" 0042", "spaces before or after it"),
])
def test_a_bad_employee_number_is_named_with_its_value(number, words):
    with pytest.raises(DomainError) as error:
        Agent("a", "A", "UTC", "c", employee_number=number)
    (problem,) = error.value.problems
    assert (problem.path, problem.value) == ("employee_number", number)
    assert words in problem.message


def test_an_employee_number_is_optional_text():
    assert Agent("a", "A", "UTC", "c").employee_number == ""
    assert Agent("a", "A", "UTC", "c", employee_number="00123").employee_number == "00123"
