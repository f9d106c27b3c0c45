"""Coverage counts real minutes: agents whose local boundaries fall inside a team slot (+05:30,
+05:45, Lord Howe's +10:30/+11) start on their own local grid, and neither the coverage, the
gaps nor the solver's shortfall invent holes between them."""

from __future__ import annotations

from datetime import date, time, timedelta

from models.coverage import coverage, short_runs
from models.domain import (
    GapReason,
    Period,
    Plan,
    Requirement,
    Scenario,
    Shift,
)
from models.horizon import Horizon, horizon, local_grid
from models.timerules import to_local
from solver import SolveParams
from solver.advice import candidates_for
from solver.gaps import explain_gaps
from solver.model import build_model, prepare
from solver.soft import priority_weights
from tests.solver.factory import agent, contract, requirement, scenario, solved
from tests.solver.sub_slot import (
    ONE_DAY,
    at,
    local_window,
    measured_case,
    measured_plan,
    zoned_agent,
)


def covered_minutes(sc: Scenario, plan: Plan) -> int:
    return sum(row.minutes for row in coverage(sc, plan) if row.missing == 0)


def test_hand_made_sub_slot_plan_is_covered_to_the_minute() -> None:
    sc, plan = measured_case(), measured_plan()
    assert covered_minutes(sc, plan) == 11 * 60 + 45
    runs = list(short_runs(coverage(sc, plan)))
    assert [(r.start, r.end, r.missing) for r in runs] == [(at(6), at(6, 15), 1)]
    tallinn = to_local(runs[0].start, "Europe/Tallinn"), to_local(runs[0].end, "Europe/Tallinn")
    assert (tallinn[0].time(), tallinn[1].time()) == (time(8), time(8, 15))


def test_hand_made_sub_slot_plan_has_no_unavailable_gap_while_agents_are_on_shift() -> None:
    sc, plan = measured_case(), measured_plan()
    gaps = explain_gaps(sc, plan, proven=False)
    assert [(g.start, g.end) for g in gaps] == [(at(6), at(6, 15))]
    for gap in gaps:
        on_shift = [s for s in plan.shifts if s.start < gap.end and gap.start < s.end]
        assert not on_shift
        assert gap.reason is GapReason.NOT_AVAILABLE  # true here: nobody's window has begun


def test_solver_covers_a_target_exactly_with_half_and_quarter_hour_agents() -> None:
    # Team grid: whole UTC hours (Tallinn, 60 minutes). Kathmandu's whole hours are :15 UTC,
    # Kolkata's :30; the target runs 08:15–20:30 Tallinn = 06:15–18:30 UTC.
    target = Requirement("open", "Open", local_window(time(8, 15), time(20, 30)), 1)
    sc = scenario(
        [zoned_agent("kathmandu", "Asia/Kathmandu", time(12), time(21)),
         zoned_agent("kolkata", "Asia/Kolkata", time(20), time(0))],
        [target], zone="Europe/Tallinn", granularity=60,
        the_contract=contract(max_shift_hours=9.0, max_hours_per_day=10.0))
    result = solved(sc, ONE_DAY)
    assert result.plan.statistics.shortfall_minutes == 0
    assert result.plan.gaps == ()
    assert covered_minutes(sc, result.plan) == 12 * 60 + 15
    for s in result.plan.shifts:
        zone = sc.agent(s.agent_id).time_zone
        assert to_local(s.start, zone).minute == 0, s  # on the agent's own local grid
    assert result.stages
    assert [st.shortfall_minutes for st in result.stages] == [0] * len(result.stages)


def test_solver_shortfall_is_real_person_minutes_on_a_split_grid() -> None:
    # Nobody can work 06:00–06:15 UTC: exactly 15 person-minutes short, not a whole slot.
    sc = measured_case()
    result = solved(sc, ONE_DAY)
    assert result.plan.statistics.shortfall_minutes == 15
    assert [(g.start, g.end) for g in result.plan.gaps] == [(at(6), at(6, 15))]
    assert covered_minutes(sc, result.plan) == 11 * 60 + 45


def test_lord_howe_agent_follows_the_half_hour_dst_change() -> None:
    # Lord Howe leaves DST (+11 -> +10:30) on Sun 5 Apr 2026; the team grid is whole UTC hours.
    # 10:00–18:00 local is 23:00–07:00 UTC before the change and 23:30–07:30 after it.
    first = date(2026, 4, 3)
    period = Period(first, 4)
    target = Requirement("open", "Open", local_window(time(10), time(18)), 1)
    sc = scenario([zoned_agent("howe", "Australia/Lord_Howe", time(9), time(19))], [target],
                  zone="Australia/Lord_Howe", granularity=60)
    grid = horizon(sc, period)
    assert grid.minutes == 4 * 24 * 60 + 30  # the day the clocks go back is 24.5 h long
    result = solved(sc, period)
    assert result.plan.statistics.shortfall_minutes == 0
    assert result.plan.gaps == ()
    spans = sorted((to_local(s.start, "Australia/Lord_Howe").time(),
                    to_local(s.end, "Australia/Lord_Howe").time()) for s in result.plan.shifts)
    assert spans == [(time(10), time(18))] * 4
    assert covered_minutes(sc, result.plan) == 4 * 8 * 60


def test_whole_hour_team_keeps_exactly_the_plain_grid_and_weights() -> None:
    # Berlin, New York and Kolkata (on a 30-minute grid Kolkata's half hours are team slots).
    sc = scenario([agent("berlin", zone="Europe/Berlin", hours=(7, 19)),
                   agent("york", zone="America/New_York", hours=(6, 18)),
                   agent("kolkata", zone="Asia/Kolkata", hours=(9, 21))],
                  [requirement(hours=(6, 22))], zone="Europe/Berlin", granularity=30)
    period = Period(date(2026, 3, 2), 7)
    prepared = prepare(sc, SolveParams(period, time_limit_s=1.0, workers=1))
    assert prepared.grid == horizon(sc, period)
    assert prepared.grid.cuts == ()
    assert prepared.grid.slot_weight(0) == 1
    grid = prepared.grid
    assert all(grid.minute_of(c.start) % 30 == 0 and grid.minute_of(c.end) % 30 == 0
               for c in prepared.candidates)
    built = build_model(prepared)
    assert built is not None
    weights = priority_weights(sc)
    assert {t.weight for t in built.terms} == {weights[1]}
    assert {t.unit_minutes for t in built.terms} == {30}


def test_split_grid_has_pieces_of_real_minutes() -> None:
    start = at(0)
    grid = Horizon(start, start + timedelta(hours=2), 30).refined([at(0, 15), at(1, 45), at(1)])
    assert grid.cuts == (15, 105)
    assert [grid.slot_minutes(i) for i in range(grid.slots)] == [15, 15, 30, 30, 15, 15]
    assert grid.unit == 15
    assert list(grid.covered_slots(at(0, 15), at(1, 45))) == [1, 2, 3, 4]
    assert list(grid.touched_slots(at(0, 20), at(1, 50))) == [1, 2, 3, 4, 5]
    assert grid.refined([at(0, 30), at(0, 15)]) is grid  # nothing new to split


def test_local_grid_of_a_quarter_hour_zone() -> None:
    points = local_grid("Asia/Kathmandu", at(3), at(5), 60)
    assert points == [at(3, 15), at(4, 15)]
    assert local_grid("Europe/Tallinn", at(3), at(4, 30), 30) == [at(3), at(3, 30), at(4)]


def test_who_can_take_a_gap_proposes_the_agents_own_local_hours() -> None:
    # Nobody is planned; Kathmandu's 12:00–20:00 local (08:15–16:15 Tallinn) covers the whole
    # 08:15–16:15 target, which a start on the team grid (12:15 local) could not.
    target = Requirement("open", "Open", local_window(time(8, 15), time(16, 15)), 1)
    sc = scenario([zoned_agent("kathmandu", "Asia/Kathmandu", time(12), time(20))], [target],
                  zone="Europe/Tallinn", granularity=30)
    empty = Plan(ONE_DAY, ())
    [gap] = explain_gaps(sc, empty, proven=False)
    assert (gap.start, gap.end) == (at(6, 15), at(14, 15))
    assert gap.reason is GapReason.NOT_PROVEN
    [best] = candidates_for(sc, empty, "open", gap.start, gap.end)
    assert (best.shift.start, best.shift.end) == (at(6, 15), at(14, 15))
    assert best.covered_minutes == 8 * 60
    assert best.violations == ()


def test_a_gap_next_to_an_off_grid_window_names_the_shift_that_closes_it() -> None:
    # Kolkata is free from 19:45 local (16:15 Tallinn) but planned from 20:00: the quarter hour
    # 16:15–16:30 Tallinn is a real gap, and starting the shift at the window's start closes it.
    sc = measured_case()
    plan = Plan(ONE_DAY, (
        measured_plan().shifts[0],
        Shift("kolkata-grid", "kolkata", at(14, 30), at(18))))
    [late, early] = sorted(explain_gaps(sc, plan, proven=False), key=lambda g: g.start,
                           reverse=True)
    assert (early.start, early.end) == (at(6), at(6, 15))
    assert (late.start, late.end) == (at(14, 15), at(14, 30))
    assert late.reason is GapReason.NOT_PROVEN
    assert "Kolkata" in late.message
    assert "none is available" not in late.message
    [best, *_] = candidates_for(sc, plan, "open", late.start, late.end)
    assert best.agent_id == "kolkata"
    assert (best.shift.start, best.shift.end) == (at(14, 15), at(18))
    assert best.violations == ()
