""""Who can take this?" as changes: extend, add, move or swap, rule-clean ones first and only
those that leave no other slot short; rule breaks listed apart. Every clean change, applied,
passes the checker and closes shortfall."""

from __future__ import annotations

from datetime import timedelta

from models.coverage import coverage
from models.domain import Plan
from solver.check import check
from solver.suggestions import Suggestion, suggest
from tests.solver.factory import MONDAY, agent, contract, plan, requirement, scenario, shift, utc

TUESDAY = MONDAY + timedelta(days=1)


def applied(p: Plan, s: Suggestion) -> Plan:
    kept = [x for x in p.shifts if s.replaces is None or x.id != s.replaces.id]
    return plan([*kept, s.shift])


def missing(sc, p: Plan) -> int:
    return sum(row.missing for row in coverage(sc, p))


def assert_clean(sc, p: Plan, s: Suggestion) -> None:
    after = applied(p, s)
    assert check(sc, after) == []
    assert missing(sc, after) < missing(sc, p)


def test_a_move_of_the_agents_own_shift_is_offered_when_adding_would_break_weekly_hours():
    sc = scenario([agent("ann")], [requirement(hours=(8, 16), days=frozenset({1}))],
                  the_contract=contract(max_hours_per_week=8.0))
    p = plan([shift("ann", MONDAY, 8, 8)])  # Monday needs nobody; Tuesday is empty
    found = suggest(sc, p, "open", utc(TUESDAY, 8), utc(TUESDAY, 16))
    assert [(s.kind, s.agent_id) for s in found.clean] == [("move", "ann")]
    move = found.clean[0]
    assert (move.shift.start, move.shift.end) == (utc(TUESDAY, 8), utc(TUESDAY, 16))
    assert move.replaces == p.shifts[0]
    assert move.covered_minutes == 8 * 60
    assert_clean(sc, p, move)
    # Adding a second shift is listed apart, with the rule it breaks.
    assert [s.kind for s in found.breaking] == ["add"]
    assert "weekly hours" in found.breaking[0].rules()


def test_a_move_that_would_leave_its_old_day_short_is_not_offered_as_clean():
    sc = scenario([agent("ann")], [requirement(hours=(8, 16))],
                  the_contract=contract(max_hours_per_week=8.0))
    p = plan([shift("ann", MONDAY, 8, 8)])
    found = suggest(sc, p, "open", utc(TUESDAY, 8), utc(TUESDAY, 16))
    assert found.clean == ()
    assert all(not s.clean for s in found.breaking)


def test_a_shift_held_by_someone_without_the_skill_is_handed_over_when_legal():
    sc = scenario([agent("bob"), agent("cy", skills=("phone", "ru"), hours=(8, 16))],
                  [requirement(hours=(8, 16)),
                   requirement("ru", hours=(8, 16), skills=("ru",), days=frozenset({1}))])
    p = plan([shift("bob", TUESDAY, 8, 8)])
    found = suggest(sc, p, "ru", utc(TUESDAY, 8), utc(TUESDAY, 16))
    swaps = [s for s in found.clean if s.kind == "swap"]
    assert [(s.agent_id, s.replaces.agent_id) for s in swaps] == [("cy", "bob")]
    assert_clean(sc, p, swaps[0])
    assert {s.kind for s in found.clean} >= {"add", "swap"}
    assert all(not s.violations and not s.opens_gap for s in found.clean)


def test_a_handover_that_leaves_the_old_holders_duty_short_is_not_offered():
    sc = scenario([agent("bob", skills=("phone", "linux")),
                   agent("cy", skills=("phone", "ru"), hours=(8, 16))],
                  [requirement("linux", hours=(8, 16), skills=("linux",)),
                   requirement("ru", hours=(8, 16), skills=("ru",), days=frozenset({1}))])
    p = plan([shift("bob", TUESDAY, 8, 8)])
    found = suggest(sc, p, "ru", utc(TUESDAY, 8), utc(TUESDAY, 16))
    assert not [s for s in found.clean if s.kind == "swap"]
    assert [s.kind for s in found.clean] == ["add"]  # cy can simply work too
