"""The plan explained by rule: coverage and overstaffing by requirement, preferences met, and the
solver's penalty summary added up per rule."""

from __future__ import annotations

from models.domain import DutyKind
from solver.explain import explain, preferences_met, rule_totals
from solver.types import PenaltySummary
from tests.solver.factory import MONDAY, agent, plan, requirement, scenario, shift, solved

MONDAY_ONLY = frozenset({0})


def test_coverage_and_overstaffing_by_requirement_in_person_hours() -> None:
    phone = requirement("phone", hours=(8, 16), days=MONDAY_ONLY, duty=DutyKind.DEDICATED)
    sc = scenario([agent("ann"), agent("bob")],
                  [requirement("day", hours=(8, 16), days=MONDAY_ONLY), phone])
    # Ann 8-12 and Bob 10-18 both on the phone: 10-12 one too many there. On the shared
    # requirement everyone on duty counts, so two people there are not overstaffing.
    p = plan([shift("ann", MONDAY, 8, 4, duty="phone"), shift("bob", MONDAY, 10, 8,
                                                              duty="phone")])
    day, on_phone = explain(sc, p).coverage
    assert (day.minutes, day.missing_minutes, day.over_minutes) == (480, 0, 0)
    assert (on_phone.minutes, on_phone.missing_minutes, on_phone.over_minutes) == (480, 0, 120)
    assert on_phone.percent == 100.0
    assert explain(sc, p).overstaffed == (on_phone,)
    short, _ = explain(sc, plan([shift("ann", MONDAY, 8, 4)])).coverage
    assert (short.missing_minutes, short.short_minutes, short.percent) == (240, 240, 50.0)


def test_preferences_met_is_the_share_of_hours_inside_preferred_windows() -> None:
    sc = scenario([agent("ann", preferred=(8, 12)), agent("bob")])
    p = plan([shift("ann", MONDAY, 8, 8), shift("bob", MONDAY, 8, 8)])
    met = preferences_met(sc, p)
    # Only Ann stated preferences: 4 of her 8 hours are inside them; Bob does not count.
    assert (met.agents, met.worked_minutes, met.preferred_minutes) == (1, 480, 240)
    assert met.percent == 50.0
    assert preferences_met(scenario([agent("bob")]), plan([])).percent is None


def test_penalties_add_up_per_rule_in_stage_order_with_units() -> None:
    sc = scenario([agent("ann")], granularity=30)
    penalties = [
        PenaltySummary("unpreferred", "ann outside preferred hours", ("ann",), 90, 180, 3),
        PenaltySummary("shortfall", "Open short at slot 3", ("open",), 1, 5, 1),
        PenaltySummary("shortfall", "Open short at slot 4", ("open",), 2, 10, 1),
        PenaltySummary("shortfall", "Open short at slot 5", ("open",), 2, 10, 1, 15),
        PenaltySummary("fair_night_largest", "largest night minutes above a fair share",
                       ("x",), 600, 3600, 3),
        PenaltySummary("fair_night_largest", "largest night minutes above a fair share",
                       ("y",), 240, 1440, 3),
        PenaltySummary("fair_night", "ann: night minutes above the fair share", ("ann",), 60,
                       60, 3),
        PenaltySummary("fair_night", "bob: night minutes above the fair share", ("bob",), 30,
                       30, 3),
        PenaltySummary("carried_balance", "a rule this module has no words for", (), 7, 7, 3),
    ]
    totals = rule_totals(sc, penalties)
    assert [(t.rule, t.amount, t.weighted, t.terms) for t in totals] == [
        # 3 person-slots of the team's 30 min, 2 of a slot split to 15 min
        ("shortfall", "2.0 person-hours", 25, 3),
        ("fair_night", "1.5 h", 90, 2),  # minutes above the share: added up
        ("fair_night_largest", "10.0 h", 5040, 2),  # a peak: the highest, not the sum
        ("unpreferred", "1.5 h", 180, 1),
        ("carried_balance", "7", 7, 1),
    ]
    assert totals[-1].title == "carried balance"


def test_a_solved_plan_is_explained_by_its_own_penalties() -> None:
    sc = scenario([agent("ann", preferred=(8, 12)), agent("bob")],
                  [requirement(hours=(8, 16), days=MONDAY_ONLY)])
    result = solved(sc)
    explained = explain(sc, result.plan, result.penalties)
    assert {r.rule for r in explained.rules} == {p.rule for p in result.penalties}
    assert sum(r.weighted for r in explained.rules) == sum(p.weighted for p in result.penalties)
    assert explained.coverage[0].missing_minutes == 0
    assert explained.worked_minutes == sum(s.minutes for s in result.plan.shifts)


def test_rules_of_a_stage_that_never_ran_are_left_out_and_named() -> None:
    from solver.types import StageOutcome

    sc = scenario([agent("ann")])
    penalties = [PenaltySummary("shortfall", "Open short at slot 3", ("open",), 2, 10, 1),
                 PenaltySummary("under_min_hours", "Ann under", ("ann",), 2, 40, 3)]
    only_coverage = explain(sc, plan([]), penalties, [StageOutcome("coverage", 120, False)])
    assert [r.rule for r in only_coverage.rules] == ["shortfall"]
    assert only_coverage.not_optimised == ("fairness",)
    both = explain(sc, plan([]), penalties, [StageOutcome("coverage", 120, False),
                                             StageOutcome("fairness", 120, False)])
    assert [r.rule for r in both.rules] == ["shortfall", "under_min_hours"]
    assert both.not_optimised == ()


def test_a_new_plans_penalties_are_the_whole_final_plans() -> None:
    """The later stages search a few agents at a time, and the last filling adds shifts after
    them: the penalties reported are still those of the whole final plan, in real minutes (a
    Kolkata agent's half hours split the team's slots)."""
    from models.coverage import coverage

    sc = scenario([agent("ann", hours=(6, 20)), agent("bob", hours=(6, 20)),
                   agent("ravi", zone="Asia/Kolkata", hours=(14, 22))],
                  [requirement(hours=(6, 22), headcount=2),  # 20-22 nobody: always missing
                   requirement("late", hours=(12, 20), priority=2)])
    result = solved(sc, time_limit=4.0)
    assert [s.name for s in result.stages][-1] != "coverage"  # a later stage ran
    missing = sum(row.missing_minutes for row in coverage(sc, result.plan))
    assert missing > 0
    assert sum(p.value * p.unit_minutes for p in result.penalties
               if p.rule == "shortfall") == missing
    worked = [p for p in result.penalties if p.rule == "work"]
    assert sum(p.value for p in worked) == sum(s.minutes for s in result.plan.shifts)
