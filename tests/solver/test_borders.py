"""24/7 with no seams: the last night of a period may end after it, shifts worked before the
period cover its first hours, and rolling windows chain so no border leaves a hole."""

from __future__ import annotations

from datetime import timedelta

from models.domain import Period, Shift, ShiftOrigin
from solver.check import check
from tests.solver.factory import MONDAY, agent, contract, requirement, scenario, solved, utc


def _night_and_day_team(**contract_terms: object):
    """Day agents on 06-14 and 14-22, night agents on 22-06, all on fixed 8 h shifts."""
    agents = [agent("early1", hours=(6, 14)), agent("early2", hours=(6, 14)),
              agent("late1", hours=(14, 22)), agent("late2", hours=(14, 22)),
              agent("night1", hours=(22, 30)), agent("night2", hours=(22, 30))]
    return scenario(agents, [requirement("desk", (0, 24))],
                    the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0,
                                          **contract_terms))


def test_the_last_night_of_a_period_ends_after_it_and_leaves_no_gap() -> None:
    sc = _night_and_day_team()
    period = Period(MONDAY, 2)
    night_before = Shift("h-0", "night1", utc(MONDAY - timedelta(days=1), 22), utc(MONDAY, 6),
                         origin=ShiftOrigin.HISTORY)
    import dataclasses

    sc = dataclasses.replace(sc, history=(night_before,))
    result = solved(sc, period)
    assert result.plan.gaps == ()
    last = max(result.plan.shifts, key=lambda s: s.start)
    assert last.start == utc(MONDAY + timedelta(days=1), 22)
    assert last.end == utc(MONDAY + timedelta(days=2), 6)  # ends after the period: allowed


def test_a_night_worked_before_the_period_covers_its_first_hours() -> None:
    sc = _night_and_day_team()
    without = solved(sc, Period(MONDAY, 1))
    assert [(g.start, g.end) for g in without.plan.gaps] == [(utc(MONDAY, 0), utc(MONDAY, 6))]
    import dataclasses

    night_before = Shift("h-0", "night2", utc(MONDAY - timedelta(days=1), 22), utc(MONDAY, 6),
                         origin=ShiftOrigin.HISTORY)
    with_history = solved(dataclasses.replace(sc, history=(night_before,)), Period(MONDAY, 1))
    assert with_history.plan.gaps == ()
    assert with_history.plan.statistics.shortfall_minutes == 0


def test_a_63_day_24_7_plan_has_no_gap_at_any_window_border() -> None:
    # Over 56 days a period is solved in 28-day windows, each seeing the one before it.
    sc = _night_and_day_team(max_nights_per_week=4)
    import dataclasses

    night_before = Shift("h-0", "night1", utc(MONDAY - timedelta(days=1), 22), utc(MONDAY, 6),
                         origin=ShiftOrigin.HISTORY)
    sc = dataclasses.replace(sc, agents=(*sc.agents, agent("night3", hours=(22, 30))),
                             history=(night_before,))
    period = Period(MONDAY, 63)
    result = solved(sc, period, time_limit=30.0)
    assert check(sc, result.plan) == []
    assert result.plan.gaps == ()
    assert result.plan.statistics.shortfall_minutes == 0
    # Each window's bound holds given the windows before it: their sum is no bound.
    assert result.plan.statistics.best_bound is None
    for border in (MONDAY + timedelta(days=28), MONDAY + timedelta(days=56)):
        night = [s for s in result.plan.shifts
                 if s.start < utc(border, 0) < s.end]
        assert night, f"nobody works across the window border on {border}"
