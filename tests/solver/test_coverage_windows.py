"""The coverage stage a week at a time (:mod:`solver.coverage_windows`), and the counts written
as differences that make a week's model quick to load (:mod:`solver.variables`)."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from ortools.sat.python import cp_model

from models.coverage import SlotCoverage
from models.domain import Period, Scenario
from solver import SolveParams, solve
from solver.check import check
from solver.coverage_windows import (
    FREE_CANDIDATES,
    FREE_CANDIDATES_WHOLE_PERIOD,
    WINDOW_DAYS,
    Cut,
    _groups,
    _missing_by_day,
    _take_next,
    _window_starts,
    by_windows,
    cut_for,
    flexible,
    improve_coverage,
)
from solver.gap_groups import centred, gap_day, gap_group, reach_of, reachable
from solver.model import Prepared, build_model, prepare
from solver.neighbourhoods import plan_rows, plan_shortfall
from solver.rules import served_by
from solver.search import Run

START = date(2026, 11, 30)


def test_counts_written_as_differences_still_count_everyone_on_duty(demo: Scenario) -> None:
    prepared = prepare(demo, SolveParams(Period(START, 3), seed=0))
    built = build_model(prepared)
    assert built is not None
    v = built.vars
    for c in prepared.demands:  # every count the coverage terms need
        v.counted(c.requirement_id, c.slot)
    counts = {var.index for var, _ in v.definitions}
    linears = [ct.linear for ct in built.model.proto.constraints
               if ct.has_linear() and len(ct.linear.vars) > 1]
    differences = [c for c in linears if c.vars[0] in counts and c.vars[1] in counts]
    assert differences, "no count was written as a difference of another"
    values = prepared.first.values
    for x, value in zip(v.x, values, strict=True):
        built.model.add(x == int(value))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    for var, indices in v.definitions:
        assert solver.value(var) == sum(values[i] for i in indices), var.name


@pytest.mark.parametrize("days", [9, 10, 14, 28, 31])
def test_each_sweep_of_windows_covers_every_day_of_the_period(days: int) -> None:
    for sweep in (0, 1):
        starts = _window_starts(START, days, sweep)
        covered = {first + timedelta(days=k) for first in starts for k in range(WINDOW_DAYS)}
        assert covered == {START + timedelta(days=k) for k in range(days)}
        assert starts == sorted(set(starts))
    if days >= 2 * WINDOW_DAYS:  # the second sweep's borders lie elsewhere
        assert _window_starts(START, days, 1)[1] not in _window_starts(START, days, 0)


def test_a_large_team_s_week_is_split_into_groups_under_the_cap() -> None:
    import random

    agents = [f"a{i}" for i in range(40)]
    span = (START, START + timedelta(days=8))
    sizes = {a: {START + timedelta(days=k): 50 for k in range(9)} for a in agents}  # 450 each
    groups = _groups(agents, sizes, span, random.Random(0))
    assert sorted(a for g in groups for a in g) == sorted(agents)
    assert len(groups) <= -(-40 * 450 // FREE_CANDIDATES) + 1
    assert all(450 * len(g) <= FREE_CANDIDATES for g in groups)
    small = {a: {START: 10} for a in agents}
    assert _groups(agents, small, span, random.Random(0)) == [frozenset(agents)]


def test_agents_who_serve_the_same_requirements_share_a_group() -> None:
    """A step can hand a requirement's hours from one agent to another only when both are
    free in it: a large team is cut by what its agents serve, not at random."""
    import random

    agents = [f"a{i:02}" for i in range(40)]
    span = (START, START + timedelta(days=8))
    sizes = {a: {START + timedelta(days=k): 50 for k in range(9)} for a in agents}  # 450 each
    serves = {a: frozenset({"linux"} if i % 4 == 0 else {"windows", "phone"})
              for i, a in enumerate(agents)}
    cap = 6000  # room for the ten linux agents
    groups = _groups(agents, sizes, span, random.Random(0), cap, serves)
    assert sorted(a for g in groups for a in g) == sorted(agents)
    assert all(450 * len(g) <= cap for g in groups)
    linux = {a for a in agents if serves[a] == {"linux"}}
    assert sum(bool(g & linux) for g in groups) == 1, "the ten linux agents fit in one group"
    alike = {a: frozenset({"phone"}) for a in agents}  # nothing to sort by: as before
    assert (_groups(agents, sizes, span, random.Random(0), cap, alike)
            == _groups(agents, sizes, span, random.Random(0), cap))


def test_a_flexible_team_s_four_weeks_are_covered_week_by_week(demo: Scenario) -> None:
    params = SolveParams(Period(START, 28), time_limit_s=12.0, seed=0)
    first = prepare(demo, params)
    assert by_windows(first)
    result = solve(demo, params)
    names = [s.name for s in result.stages]
    assert names[0] == "coverage"
    assert check(demo, result.plan) == []
    shortfalls = [s.shortfall_minutes for s in result.stages]
    assert shortfalls == sorted(shortfalls, reverse=True)  # no later stage costs coverage
    assert shortfalls[0] < first.first.shortfall_minutes  # the weeks improved the first rota
    assert result.plan.statistics.shortfall_minutes == shortfalls[-1]
    # Week by week proves nothing about the whole period.
    stats = result.plan.statistics
    assert stats.shortfall_proven_minimal == (stats.shortfall_minutes == 0)
    assert not result.stages[0].proven
    assert stats.variables > 0  # the largest week searched, not a whole model never built
    assert stats.wall_seconds is not None
    assert stats.wall_seconds <= params.time_limit_s + 2


def test_a_week_or_a_team_of_fixed_shifts_keeps_the_whole_model(demo: Scenario) -> None:
    assert not by_windows(prepare(demo, SolveParams(Period(START, 7), seed=0)))
    from bench.families import instance

    scenario, period = instance("tight", "S", 0)
    assert not by_windows(prepare(scenario, SolveParams(period, seed=0)))


def test_a_team_on_fixed_shifts_is_re_planned_in_groups_over_the_whole_period(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import solver.coverage_windows as windows
    from bench.families import instance

    sc, period = instance("tight", "S", 0)  # fixed 8 h shifts: a few placements a day
    params = SolveParams(Period(period.first_day, 14), time_limit_s=8.0, workers=1, seed=0)
    prepared = prepare(sc, params)
    assert cut_for(prepared) == Cut(14, FREE_CANDIDATES_WHOLE_PERIOD)
    assert _window_starts(START, 14, 0, 14) == _window_starts(START, 14, 1, 14) == [START]
    # As if the team were too big for the whole model: groups of a third of it, 14 days each.
    monkeypatch.setattr(windows, "WEEKS_ALWAYS_CANDIDATES", 1)
    third = -(-sum(not c.fixed for c in prepared.candidates) // 3)
    monkeypatch.setattr(windows, "FREE_CANDIDATES_WHOLE_PERIOD", third)
    spans = []
    step = windows.replan_step

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        spans.append(args[3])
        return step(*args, **kwargs)

    monkeypatch.setattr(windows, "replan_step", recorded)
    result = solve(sc, params)
    assert spans
    assert all((n.first_day, n.last_day) == (period.first_day - timedelta(days=1),
                                            period.first_day + timedelta(days=14))
               for n in spans)
    assert all(1 < len(n.agents) < len(sc.agents) for n in spans)
    assert result.stages[0].shortfall_minutes <= prepare(sc, params).first.shortfall_minutes
    assert check(sc, result.plan) == []


def _order_of_work(prepared: Prepared, monkeypatch: pytest.MonkeyPatch,
                   seconds: float) -> list[tuple[str, int]]:
    """What :func:`improve_coverage` does, in order: ("moves", 0) or ("step", what the plan
    the step starts from misses)."""
    import solver.coverage_windows as windows

    order: list[tuple[str, int]] = []
    moves, step = windows.move_in_run, windows.replan_step

    def moved(*args):  # type: ignore[no-untyped-def]
        order.append(("moves", 0))
        return moves(*args)

    def stepped(*args, **kwargs):  # type: ignore[no-untyped-def]
        order.append(("step", plan_shortfall(prepared, args[2])))
        return step(*args, **kwargs)

    monkeypatch.setattr(windows, "move_in_run", moved)
    monkeypatch.setattr(windows, "replan_step", stepped)
    run = Run(time.monotonic(), None, None, values=list(prepared.first.values))
    improve_coverage(prepared, run, run.elapsed + seconds)
    assert run.values is not None
    assert plan_shortfall(prepared, run.values) <= plan_shortfall(prepared, prepared.first.values)
    return order


def test_a_flexible_team_moves_shifts_before_its_first_step(
        demo: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its first rota misses much, and single moves gain most at first."""
    prepared = prepare(demo, SolveParams(Period(START, 28), time_limit_s=10.0, seed=0))
    assert flexible(prepared)
    order = _order_of_work(prepared, monkeypatch, 5.0)
    assert order[0] == ("moves", 0)
    kind, missing = order[1]
    assert kind == "step"
    assert missing < plan_shortfall(prepared, prepared.first.values)
    assert order[-1] == ("moves", 0)  # and again after the steps


def test_a_team_on_fixed_shifts_steps_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.families import instance

    sc, period = instance("tight", "S", 0)
    prepared = prepare(sc, SolveParams(Period(period.first_day, 14), time_limit_s=8.0,
                                       workers=1, seed=0))
    assert not flexible(prepared)
    order = _order_of_work(prepared, monkeypatch, 3.0)
    assert order[0] == ("step", plan_shortfall(prepared, prepared.first.values))
    assert ("moves", 0) not in order[:-1]


def test_the_next_step_serves_what_its_window_misses_now() -> None:
    """A window a step has mended gives way to the next, and a group serves only what its
    agents can count for."""
    week1, week2 = START, START + timedelta(days=7)
    linux, phone = frozenset({"a"}), frozenset({"b"})
    serves = {"a": frozenset({"linux"}), "b": frozenset({"phone"})}
    steps = [(week1, linux), (week1, phone), (week2, linux), (week2, phone)]
    missing = {(week1, "linux"): 120, (week1, "phone"): 30, (week2, "linux"): 60}
    assert _take_next(steps, missing, WINDOW_DAYS, serves) == (week1, linux)
    missing[(week1, "linux")] = 0  # the step mended its window
    assert _take_next(steps, missing, WINDOW_DAYS, serves) == (week2, linux)
    assert _take_next(steps, missing, WINDOW_DAYS, serves) == (week1, phone)
    assert steps == [(week2, phone)]


def test_steps_around_the_day_missing_most_take_turns_in_a_team_cut_into_many_groups(
        demo: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    import solver.coverage_windows as windows

    params = SolveParams(Period(START, 28), time_limit_s=12.0, seed=0)
    prepared = prepare(demo, params)
    assert cut_for(prepared).gaps
    # As if the team were large: a week's agents in groups of about two.
    monkeypatch.setattr(windows, "FREE_CANDIDATES", 1200)
    steps: list[tuple[date | None, frozenset[str]]] = []
    given: list[list[bool]] = []  # the plan each step starts from
    step = windows.replan_step

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        steps.append((args[3].first_day, args[3].agents))
        given.append(list(args[2]))
        return step(*args, **kwargs)

    monkeypatch.setattr(windows, "replan_step", recorded)
    result = solve(demo, params)
    assert len(steps) >= 4
    # The first step is around the day its plan (the first rota after the first moves) misses
    # most, which its group can reach.
    rows = plan_rows(prepared, given[0])
    serves = served_by(demo, demo.agents)
    reach = reach_of(prepared)
    missing = _missing_by_day(rows, reachable(reach, serves))
    day = gap_day(missing, {})
    assert day is not None
    first = centred(day, START, 28, WINDOW_DAYS)
    assert steps[0][0] == first - timedelta(days=1)
    assert any(day in reach[a] for a in steps[0][1])
    assert steps[1][0] != steps[0][0] or steps[1][1] != steps[0][1]  # then a group in turn
    assert check(demo, result.plan) == []
    assert result.stages[0].shortfall_minutes < prepared.first.shortfall_minutes


def test_the_gap_day_the_window_around_it_and_its_group() -> None:
    d1, d2 = START, START + timedelta(days=1)
    missing = {(d1, "open"): 60, (d2, "open"): 90, (d2, "phone"): 30}
    assert gap_day(missing, {}) == d2
    assert gap_day(missing, {d2: 3}) == d1  # every try around d2 found nothing
    assert gap_day({}, {}) is None
    assert centred(START + timedelta(days=10), START, 28, 7) == START + timedelta(days=7)
    assert centred(START + timedelta(days=1), START, 28, 7) == START  # inside the period
    assert centred(START + timedelta(days=27), START, 28, 7) == START + timedelta(days=21)

    def row(slot: int, need: str, missing_minutes: int) -> SlotCoverage:
        begin = datetime(2026, 11, 30, tzinfo=UTC) + timedelta(minutes=30 * slot)
        return SlotCoverage(need, slot, begin, begin + timedelta(minutes=30), 2,
                            2 - missing_minutes // 30)
    rows = [row(4, "open", 30), row(5, "open", 60), row(40, "phone", 30)]
    # Slot 40 nobody can reach: not missing for the steps.
    assert _missing_by_day(rows, {"open": {4, 5}, "phone": {1}}) == {(d1, "open"): 90}
    reach = {"early": {d1: (0, 6)}, "late": {d1: (30, 48)}, "other": {d1: (0, 6)}}
    serves = {"early": frozenset({"open"}), "late": frozenset({"open", "phone"}),
              "other": frozenset({"phone"})}
    size = {"early": 100, "late": 100, "other": 100}
    group = gap_group(rows, (d1, d1), reach, serves, size, 100, random.Random(0))
    assert group == {"early"}  # the one who can work most of what is missing, room for one
    assert gap_group(rows, (d1, d1), reach, serves, size, 300,
                      random.Random(0)) == {"early", "late", "other"}
