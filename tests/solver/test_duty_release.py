"""Shifts on a dedicated duty that the duty does not need move to the shared queues, with the
same agent and hours (:mod:`solver.duty_release`)."""

from __future__ import annotations

from models.coverage import coverage
from models.domain import DutyKind, Period, Plan
from models.requirement_coverage import requirement_coverage
from solver import SolveParams
from solver.check import check
from solver.duty_release import release_idle_duties
from solver.model import Prepared, extract_shifts, prepare
from tests.solver.factory import MONDAY, WEEK, agent, requirement, scenario, utc

MONDAY_ONLY = frozenset({0})


def _team(phone_headcount: int) -> Prepared:
    phone = requirement("phone", hours=(8, 16), headcount=phone_headcount, days=MONDAY_ONLY,
                        duty=DutyKind.DEDICATED)
    sc = scenario([agent("ann"), agent("bob")],
                  [requirement(hours=(8, 18), headcount=2, days=MONDAY_ONLY), phone])
    return prepare(sc, SolveParams(WEEK, seed=1, deterministic=True))


def _choose(prepared: Prepared, *shifts: tuple[str, int, int, str | None]) -> list[bool]:
    wanted = {(who, utc(MONDAY, start), utc(MONDAY, end), duty)
              for who, start, end, duty in shifts}
    values = [c.key() in wanted for c in prepared.candidates]
    assert sum(values) == len(wanted)
    return values


def _plan(prepared: Prepared, values: list[bool]) -> Plan:
    return Plan(Period(MONDAY, 7), tuple(extract_shifts(prepared, values)))


def test_a_shift_the_duty_has_enough_people_without_moves_to_the_shared_queues() -> None:
    prepared = _team(phone_headcount=1)
    # Ann 8-16 and Bob 10-18 both on the phone: Ann is its only person 8-10, Bob is one too
    # many 10-16 and on the phone after it closes.
    values = _choose(prepared, ("ann", 8, 16, "phone"), ("bob", 10, 18, "phone"))
    released = release_idle_duties(prepared, values)
    before, after = _plan(prepared, values), _plan(prepared, released)
    assert {(s.agent_id, s.duty) for s in after.shifts} == {("ann", "phone"), ("bob", None)}
    assert {(s.agent_id, s.start, s.end) for s in after.shifts} == {
        (s.agent_id, s.start, s.end) for s in before.shifts}
    sc = prepared.scenario
    old, new = (requirement_coverage(sc, coverage(sc, p)) for p in (before, after))
    assert [(r.name, r.missing_minutes) for r in new] == [
        (r.name, r.missing_minutes) for r in old]
    assert [r.over_minutes for r in old] == [0, 360]
    assert [r.over_minutes for r in new] == [0, 0]
    assert check(sc, after) == []


def test_a_duty_that_needs_every_person_on_it_keeps_them() -> None:
    prepared = _team(phone_headcount=2)
    values = _choose(prepared, ("ann", 8, 16, "phone"), ("bob", 10, 18, "phone"))
    assert release_idle_duties(prepared, values) == values
