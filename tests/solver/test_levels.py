"""Skill levels: a requirement that asks for a minimum level counts only agents at that level or
higher, in the solver, the checker, the coverage count, the gap reasons and the advisor."""

from __future__ import annotations

import dataclasses

import pytest

from models.coverage import coverage
from models.domain import Agent, AgentSkill, DomainError, DutyKind, GapReason, Plan, Requirement
from solver.advice import candidates_for
from solver.check import check
from tests.solver.factory import MONDAY, WEEK, agent, requirement, scenario, shift, solved, utc

MONDAY_ONLY = frozenset({0})


def leveled(agent_id: str, level: int, **kwargs: object) -> Agent:
    plain = agent(agent_id, skills=(), **kwargs)  # type: ignore[arg-type]
    return dataclasses.replace(plain, skills=(AgentSkill("linux", level),))


def linux(level: int, rid: str = "linux", **kwargs: object) -> Requirement:
    plain = requirement(rid, skills=("linux",), **kwargs)  # type: ignore[arg-type]
    return dataclasses.replace(plain, min_level=level)


def test_meets_compares_every_skill_with_the_minimum_level() -> None:
    both = dataclasses.replace(agent("ann", skills=()),
                               skills=(AgentSkill("linux", 3), AgentSkill("ru", 1)))
    two = dataclasses.replace(requirement(skills=("linux", "ru")), min_level=2)
    one = dataclasses.replace(two, min_level=1)
    assert both.level_for(two) == 1
    assert not both.meets(two)  # Russian only at level 1
    assert both.meets(one)
    assert leveled("bob", 2).meets(linux(2))
    assert not leveled("cid", 1).meets(linux(2))
    assert leveled("cid", 1).meets(requirement())  # no skills asked: anyone


def test_a_minimum_level_without_a_skill_or_out_of_range_is_refused_by_name() -> None:
    with pytest.raises(DomainError) as no_skill:
        dataclasses.replace(requirement(), min_level=2)
    assert [(p.path, p.value) for p in no_skill.value.problems] == [("min_level", 2)]
    assert "needs a skill" in no_skill.value.problems[0].message
    with pytest.raises(DomainError) as too_high:
        linux(4)
    assert [(p.path, p.value) for p in too_high.value.problems] == [("min_level", 4)]


def test_the_checker_refuses_a_level_one_agent_on_a_level_two_duty() -> None:
    duty = linux(2, duty=DutyKind.DEDICATED)
    sc = scenario([leveled("low", 1), leveled("high", 2)], [duty])
    bad = Plan(WEEK, (shift("low", MONDAY, 8, 8, duty="linux"),))
    found = check(sc, bad)
    assert [(v.rule, v.agent_id) for v in found] == [("duty", "low")]
    assert "at level 2 or higher" in found[0].message
    assert check(sc, Plan(WEEK, (shift("high", MONDAY, 8, 8, duty="linux"),))) == []


def test_a_level_one_agent_on_shift_does_not_count_for_a_level_two_requirement() -> None:
    sc = scenario([leveled("low", 1)], [linux(2, days=MONDAY_ONLY)])
    rows = coverage(sc, Plan(WEEK, (shift("low", MONDAY, 8, 8),)))
    assert rows
    assert all(r.scheduled == 0 and r.missing == 1 for r in rows)
    as_level_one = scenario([leveled("low", 1)], [linux(1, days=MONDAY_ONLY)])
    rows = coverage(as_level_one, Plan(WEEK, (shift("low", MONDAY, 8, 8),)))
    assert all(r.missing == 0 for r in rows)


def test_the_solver_never_meets_a_level_two_requirement_with_a_level_one_agent() -> None:
    # In the evening only the level-1 agent is available: the solver leaves that gap (and its
    # own shortfall count agrees), while the expert covers the day.
    sc = scenario([leveled("low", 1), leveled("high", 3, hours=(8, 16))],
                  [linux(2, hours=(8, 16), days=MONDAY_ONLY),
                   linux(2, "evening", hours=(18, 22), days=MONDAY_ONLY,
                         duty=DutyKind.DEDICATED)])
    result = solved(sc)
    p = result.plan
    assert all(s.duty is None for s in p.shifts if s.agent_id == "low")
    evening = [r for r in coverage(sc, p) if r.requirement_id == "evening"]
    assert evening
    assert all(r.scheduled == 0 for r in evening)
    assert p.statistics.shortfall_minutes == 4 * 60
    assert [g.reason for g in p.gaps] == [GapReason.NOT_AVAILABLE]
    assert p.gaps[0].requirement_id == "evening"
    assert any(s.agent_id == "high" and s.start <= utc(MONDAY, 8) for s in p.shifts)


def test_a_gap_nobody_can_fill_at_the_level_says_which_level() -> None:
    sc = scenario([leveled("low", 1)], [linux(3, days=MONDAY_ONLY)])
    result = solved(sc)
    assert result.plan.statistics.shortfall_minutes == 8 * 60
    gaps = result.plan.gaps
    assert gaps
    assert all(g.reason is GapReason.NO_SKILL for g in gaps)
    assert "Nobody in the team has Linux at level 3 or higher." in gaps[0].message


def test_the_advisor_ranks_an_expert_above_a_learner() -> None:
    # Both are free and either covers the whole range; the learner is listed first in the team
    # and costs less, yet the expert comes first.
    learner = dataclasses.replace(leveled("amy", 1), hourly_cost=10.0)
    expert = dataclasses.replace(leveled("zed", 3), hourly_cost=30.0)
    sc = scenario([learner, expert], [linux(1, days=MONDAY_ONLY)])
    found = candidates_for(sc, Plan(WEEK, ()), "linux", utc(MONDAY, 8), utc(MONDAY, 16))
    assert [(c.agent_id, c.level) for c in found] == [("zed", 3), ("amy", 1)]
    assert all(c.free for c in found)
    # A level-2 requirement: the learner is not even asked.
    sc2 = scenario([learner, expert], [linux(2, days=MONDAY_ONLY)])
    found2 = candidates_for(sc2, Plan(WEEK, ()), "linux", utc(MONDAY, 8), utc(MONDAY, 16))
    assert [c.agent_id for c in found2] == ["zed"]
