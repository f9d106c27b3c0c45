"""The stages after coverage as a neighbourhood search: a few agents' days re-planned at a
time against everyone else's shifts (:mod:`solver.neighbourhoods`)."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, timedelta

import pytest

from models.coverage import coverage
from models.domain import Period, Plan, Scenario
from solver import SolveParams, solve
from solver.check import check
from solver.fairness import alike_groups, kind_minutes, plan_fairness
from solver.model import Prepared, extract_shifts, prepare
from solver.neighbourhood_choice import Neighbourhood
from solver.neighbourhoods import plan_shortfall, replan_step, sub_problem
from solver.search import Run
from solver.soft import TIER_PEOPLE

START = date(2026, 11, 30)
NIGHT_PAIR = ("igor-petrov", "arjun-nair")
# The night pair's days 2-8 of the fortnight: the neighbourhood the sub-problem tests free.
NIGHT_PAIR_DAYS = Neighbourhood(frozenset(NIGHT_PAIR), START + timedelta(days=2),
                                START + timedelta(days=8))


def _missing_by_requirement(prepared: Prepared, values: list[bool]) -> dict[str, int]:
    plan = Plan(prepared.params.period, tuple(extract_shifts(prepared, values)))
    found: dict[str, int] = defaultdict(int)
    for row in coverage(prepared.scenario, plan, prepared.grid):
        found[row.requirement_id] += row.missing_minutes
    return found


@pytest.fixture(scope="module")
def fortnight() -> Prepared:
    from coverage_app.services.scenarios import demo_scenario

    return prepare(demo_scenario(), SolveParams(Period(START, 14), seed=3, deterministic=True))


def test_a_neighbourhood_frees_only_its_agents_days_and_locks_every_other_shift(
        fortnight: Prepared) -> None:
    values = fortnight.first.values
    free = NIGHT_PAIR_DAYS
    sub, origin = sub_problem(fortnight, values, free)
    assert [c.index for c in sub.candidates] == list(range(len(sub.candidates)))
    for c, index in zip(sub.candidates, origin, strict=True):
        full = fortnight.candidates[index]
        assert (c.agent.id, c.start, c.end) == (full.agent.id, full.start, full.end)
        if not c.fixed:
            assert c.agent.id in NIGHT_PAIR
            assert free.first_day <= c.day <= free.last_day
        else:
            assert values[index] or full.fixed
    # Every chosen shift is there (free or locked); nothing else outside the neighbourhood.
    assert {i for i in range(len(values)) if values[i]} <= set(origin)
    # Only demand the free candidates can change is in the sub-model.
    open_slots = {s for c in sub.candidates if not c.fixed for s in c.slots}
    assert sub.demands
    assert all(d.slot in open_slots for d in sub.demands)


def test_a_coverage_step_leaves_out_only_shifts_that_count_for_none_of_its_demand(
        fortnight: Prepared) -> None:
    values = fortnight.first.values
    whole, whole_origin = sub_problem(fortnight, values, NIGHT_PAIR_DAYS)
    lean, lean_origin = sub_problem(fortnight, values, NIGHT_PAIR_DAYS, coverage_only=True)
    assert lean.demands == whole.demands
    assert [c.index for c in lean.candidates] == list(range(len(lean.candidates)))
    counted = {d.slot for d in whole.demands}
    left_out = set(whole_origin) - set(lean_origin)
    assert left_out, "a fortnight's other shifts outside the free days are left out"
    assert set(lean_origin) <= set(whole_origin)
    for index in left_out:
        c = fortnight.candidates[index]
        assert c.agent.id not in NIGHT_PAIR
        assert counted.isdisjoint(c.slots)
    # The free agents' own shifts stay, for their rest, weekly hours and days in a row.
    assert {i for i in whole_origin if fortnight.candidates[i].agent.id in NIGHT_PAIR} <= set(
        lean_origin)


def test_a_step_keeps_every_rule_misses_no_requirement_more_and_never_gets_worse(
        fortnight: Prepared) -> None:
    values = list(fortnight.first.values)
    run = Run(time.monotonic(), None, None)
    free = Neighbourhood(frozenset([*NIGHT_PAIR, "priya-sharma", "diego-munoz"]),
                         START - timedelta(days=1), START + timedelta(days=7))
    step = replan_step(fortnight, run, values, free, (), TIER_PEOPLE, 5.0)
    assert step is not None
    plan = Plan(fortnight.params.period, tuple(extract_shifts(fortnight, step.values)))
    assert check(fortnight.scenario, plan) == []
    before = _missing_by_requirement(fortnight, values)
    after = _missing_by_requirement(fortnight, step.values)
    assert all(after[r] <= before[r] for r in before | after), (before, after)
    # Agents outside the neighbourhood keep exactly their shifts.
    for c in fortnight.candidates:
        if not free.has(c):
            assert step.values[c.index] == values[c.index]


def test_the_busiest_of_alike_agents_is_what_a_step_lowers(fortnight: Prepared) -> None:
    """Two agents on one contract, both available every night: their night gap closes."""
    scenario = fortnight.scenario
    groups = alike_groups(scenario, fortnight.grid, kind_minutes(scenario, fortnight.grid,
                                                                 fortnight.facts))
    assert tuple(NIGHT_PAIR) in groups["night"]

    def gap(values: list[bool]) -> int:
        report = plan_fairness(scenario, Plan(fortnight.params.period,
                                              tuple(extract_shifts(fortnight, values))))
        return abs(report.agent(NIGHT_PAIR[0]).night.minutes
                   - report.agent(NIGHT_PAIR[1]).night.minutes)

    values = list(fortnight.first.values)
    run = Run(time.monotonic(), None, None)
    for week in range(2):
        first = START + timedelta(days=7 * week)
        free = Neighbourhood(frozenset([*NIGHT_PAIR, "priya-sharma", "sita-gurung"]),
                             first - timedelta(days=1), first + timedelta(days=7))
        step = replan_step(fortnight, run, values, free, (), TIER_PEOPLE, 5.0)
        assert step is not None
        values = step.values
    assert gap(values) < gap(list(fortnight.first.values))
    assert gap(values) <= 10 * 60  # one night shift


def _no_whole_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a team too big for the time: the whole model is never built (and coverage is not
    searched week by week, nor started from a headcount plan: the first rota stands for it)."""
    import solver.engine
    import solver.starts

    monkeypatch.setattr(solver.engine, "BUILD_PER_PREPARE", 10_000.0)
    monkeypatch.setattr(solver.starts, "HEADCOUNT_SHARE", 0.0)
    monkeypatch.setattr(solver.engine, "by_windows", lambda prepared: False)


def test_the_fairness_stage_runs_without_the_whole_model(demo: Scenario,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _no_whole_model(monkeypatch)
    params = SolveParams(Period(START, 14), time_limit_s=8.0, seed=1)
    first = prepare(demo, params)
    result = solve(demo, params)
    names = [s.name for s in result.stages]
    # and legal shifts the candidates left out, before and after them, when any helps
    assert [name for name in names if name != "gaps"] == ["fairness", "cost"]
    assert check(demo, result.plan) == []
    assert (result.plan.statistics.shortfall_minutes or 0) <= first.first.shortfall_minutes
    assert result.stages[-1].shortfall_minutes == result.plan.statistics.shortfall_minutes
    # The penalties are the final plan's, read from a solved model of it.
    rules = {p.rule for p in result.penalties}
    assert "work" in rules
    assert any(r.startswith("fair_") for r in rules)
    assert result.plan.statistics.wall_seconds is not None
    assert result.plan.statistics.wall_seconds <= params.time_limit_s + 2


def test_the_later_stages_never_miss_more_than_the_coverage_stage(demo: Scenario) -> None:
    # Time enough for the later stages even on a busy machine (at 6 s, with a second solve
    # beside it on two cores, the coverage stage's share left them none).
    params = SolveParams(Period(START, 7), time_limit_s=15.0, seed=2)
    result = solve(demo, params)
    by_name = {s.name: s.shortfall_minutes for s in result.stages}
    assert "fairness" in by_name
    prepared = prepare(demo, params)
    assert plan_shortfall(prepared, [False] * len(prepared.candidates)) >= by_name["fairness"]
    if "coverage" in by_name:
        assert by_name["fairness"] <= by_name["coverage"]
    assert by_name.get("cost", by_name["fairness"]) <= by_name["fairness"]
    assert check(demo, result.plan) == []


def test_a_step_keeps_response_times_whole(demo: Scenario) -> None:
    """A requirement with a response time is judged on the slots around a hole too, so its
    whole demand stays in the sub-model: no step lets it miss more."""
    import dataclasses

    target = demo.target
    relaxed = dataclasses.replace(target, requirements=tuple(
        dataclasses.replace(r, allowance_minutes=90) if r.id == "247-business" else r
        for r in target.requirements))
    sc = dataclasses.replace(demo, targets=tuple(relaxed if t.id == target.id else t
                                                 for t in demo.targets))
    prepared = prepare(sc, SolveParams(Period(START, 7), seed=4))
    values = list(prepared.first.values)
    free = Neighbourhood(frozenset(["kadri-tamm", "dmitri-volkov", "anna-kask"]),
                         START + timedelta(days=1), START + timedelta(days=3))
    sub, _ = sub_problem(prepared, values, free)
    business = [d for d in prepared.demands if d.requirement_id == "247-business"]
    assert [d for d in sub.demands if d.requirement_id == "247-business"] == business
    step = replan_step(prepared, Run(time.monotonic(), None, None), values, free, (), TIER_PEOPLE,
                 5.0)
    assert step is not None
    before = _missing_by_requirement(prepared, values)
    after = _missing_by_requirement(prepared, step.values)
    assert all(after[r] <= before[r] for r in before | after), (before, after)


def test_steps_never_spread_alike_agents_again_after_the_hand_overs(
        fortnight: Prepared) -> None:
    """The hand-overs even out each group of alike agents; the steps after them may move
    shifts within a group, but never leave it further apart than it was or than one shift."""
    from solver.fairness_repair import repair_fairness

    scenario = fortnight.scenario
    values = repair_fairness(scenario, fortnight.candidates, fortnight.demands,
                             fortnight.first.values, fortnight.grid, fortnight.facts,
                             fortnight.params.weights)

    def spreads(values: list[bool]) -> dict[tuple[str, tuple[str, ...]], tuple[int, int]]:
        report = plan_fairness(scenario, Plan(fortnight.params.period,
                                              tuple(extract_shifts(fortnight, values))))
        return {(s.kind, s.agent_ids): (s.spread_minutes, max(
            round(scenario.contract_of(scenario.agent(a)).max_shift_hours * 60)
            for a in s.agent_ids)) for s in report.alike}

    before = spreads(values)
    run = Run(time.monotonic(), None, None)
    for agents in (["lucia-garcia", "diego-munoz", "james-carter"],
                   ["priya-sharma", "sita-gurung", "chloe-nguyen"],
                   [*NIGHT_PAIR, "dmitri-volkov"]):
        free = Neighbourhood(frozenset(agents), START - timedelta(days=1),
                             START + timedelta(days=7))
        step = replan_step(fortnight, run, values, free, (), TIER_PEOPLE, 5.0)
        assert step is not None
        values = step.values
    for key, (spread, one_shift) in spreads(values).items():
        assert spread <= max(before[key][0], one_shift), key
