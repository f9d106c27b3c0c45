"""Gap reasons are claims: a legal placement is named, "at a limit" holds for every placement,
"all busy" and "not available" say who is working and who is away."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from models.coverage import counts_for, coverage, short_runs
from models.domain import Gap, GapReason, Plan, Scenario, Shift, TimeOff, TimeOffKind
from models.horizon import horizon
from solver.advice import Advisor
from solver.check import check
from solver.gaps import explain_gaps
from solver.placements import PROPOSAL_ID
from tests.solver.factory import (
    MONDAY,
    agent,
    contract,
    plan,
    requirement,
    scenario,
    shift,
    utc,
)

TUESDAY = MONDAY + timedelta(days=1)
MONDAY_ONLY = frozenset({0})


def only_gap(sc: Scenario, p: Plan) -> Gap:
    gaps = explain_gaps(sc, p, proven=False)
    assert len(gaps) == 1, [g.message for g in gaps]
    return gaps[0]


def with_shift(p: Plan, extra: Shift, replacing: str | None = None) -> Plan:
    kept = tuple(s for s in p.shifts if s.id != replacing)
    return dataclasses.replace(p, shifts=(*kept, dataclasses.replace(extra, id="added")))


def test_a_gap_names_the_earlier_shift_that_rest_allows() -> None:
    # Tuesday's 01:00 UTC shift needs 11 h of rest: a Monday shift must end by 14:00 UTC, so a
    # shift starting at the gap (13:00 UTC, 14:00 in Berlin) breaks rest; 10:00-14:00 UTC does not.
    sc = scenario([agent("ann")], [requirement(hours=(14, 20), days=MONDAY_ONLY)],
                  zone="Europe/Berlin")
    p = plan([shift("ann", TUESDAY, 1, 8)])
    gap = only_gap(sc, p)
    assert gap.reason is GapReason.NOT_PROVEN
    assert "Ann could work Mon 02 Mar 11:00–15:00 (Europe/Berlin), covering 1 h of it" \
        in gap.message
    assert gap.candidates[0].agent_id == "ann"
    assert "11:00–15:00 (Europe/Berlin)" in gap.candidates[0].why
    named = Advisor(sc, p).candidates(sc.target.requirement("open"), gap.start, gap.end)[0]
    assert (named.shift.start, named.shift.end) == (utc(MONDAY, 10), utc(MONDAY, 14))
    assert check(sc, with_shift(p, named.shift)) == []


def test_a_gap_names_an_earlier_start_of_the_agents_own_shift() -> None:
    # Ann already works Monday 10-14: a second Monday shift breaks one shift a day, but her own
    # shift may start at 08:00 (8 h, within the contract).
    sc = scenario([agent("ann")], [requirement(hours=(8, 14))])
    mine = shift("ann", MONDAY, 10, 4, sid="ann-mon")
    p = plan([mine, *(shift("ann", MONDAY + timedelta(days=d), 8, 6) for d in range(1, 5))])
    gaps = [g for g in explain_gaps(sc, p, proven=False) if g.start.date() == MONDAY]
    assert [g.reason for g in gaps] == [GapReason.NOT_PROVEN]
    assert "Ann's shift Mon 02 Mar 10:00–14:00 could start at 08:00 (UTC), covering all of it" \
        in gaps[0].message
    named = Advisor(sc, p).candidates(sc.target.requirement("open"), gaps[0].start,
                                      gaps[0].end)[0]
    assert named.extends == "ann-mon"
    assert (named.shift.start, named.shift.end) == (utc(MONDAY, 8), utc(MONDAY, 14))
    assert check(sc, with_shift(p, named.shift, replacing="ann-mon")) == []


def test_every_placement_breaks_rest_or_weekly_hours_so_the_gap_is_at_a_limit() -> None:
    # Ann works Monday to Thursday (32 h of 34), Thursday until midnight: every Friday shift of
    # 4 h or more breaks weekly hours, those before 11:00 also break rest, and those starting
    # on Thursday night (a second Thursday shift) break one shift a day.
    sc = scenario([agent("ann")], [requirement(hours=(6, 12), days=frozenset({4}))],
                  the_contract=contract(max_hours_per_week=34.0))
    p = plan([*(shift("ann", MONDAY + timedelta(days=d), 8, 8) for d in range(3)),
              shift("ann", MONDAY + timedelta(days=3), 16, 8)])
    gap = only_gap(sc, p)
    assert gap.reason is GapReason.CONTRACT_LIMIT
    assert "weekly hours (1)" in gap.message
    assert "rest between shifts (1)" in gap.message
    assert "already works that day (1)" in gap.message
    assert gap.candidates[0].why == \
        "Ann: rest between shifts; weekly hours; already works that day"
    assert every_clean_placement(sc, p, gap) == []


def test_the_only_available_agent_already_works_then_so_everyone_is_busy() -> None:
    off = TimeOff("v", "bob", MONDAY, MONDAY + timedelta(days=6), TimeOffKind.VACATION)
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(8, 16), headcount=2,
                                                             days=MONDAY_ONLY)],
                  time_off=(off,))
    gap = only_gap(sc, plan([shift("ann", MONDAY, 8, 8)]))
    assert gap.reason is GapReason.ALL_BUSY
    assert gap.message.endswith(
        "Everyone with the skills who is available then is already on shift (1 agent: Ann). "
        "1 more agent is not available then.")
    assert {c.agent_id: c.why for c in gap.candidates} == {
        "bob": "Bob: vacation on 2026-03-02",
        "ann": "Ann already works then (Mon 02 Mar 08:00–16:00 UTC) and counts for it"}


def test_not_available_only_when_nobody_with_the_skills_is_available() -> None:
    off = TimeOff("v", "bob", MONDAY, MONDAY + timedelta(days=6), TimeOffKind.VACATION)
    sc = scenario([agent("ann", hours=(0, 6)), agent("bob"), agent("cy", skills=())],
                  [requirement(hours=(8, 16), skills=("phone",), days=MONDAY_ONLY)],
                  time_off=(off,))
    gap = only_gap(sc, plan([]))
    assert gap.reason is GapReason.NOT_AVAILABLE
    assert "2 agents have the skills but none is available then" in gap.message
    assert {c.agent_id for c in gap.candidates} == {"ann", "bob"}


def test_a_shift_that_would_start_before_the_period_is_named_as_such() -> None:
    # Ann is there Sunday 20:00 to Monday 02:00; a 4 h shift covering Monday 00-02 starts Sunday.
    sc = scenario([agent("ann", hours=(20, 26))],
                  [requirement(hours=(0, 2), days=MONDAY_ONLY)])
    gap = only_gap(sc, plan([]))
    assert gap.reason is GapReason.CONTRACT_LIMIT
    assert "would start before the period (1)" in gap.message


def every_clean_placement(sc: Scenario, p: Plan, gap: Gap) -> list[tuple[str, Shift, int]]:
    """Brute force, with the plain checker on the whole plan: every new shift on the grid
    (every start, every length) covering a slot of the gap, and every earlier start or later
    end of a shift that counts, that breaks no rule itself (the plan's own breaks aside)."""
    grid = horizon(sc, p.period)
    step = timedelta(minutes=grid.granularity)
    requirement = sc.target.requirement(gap.requirement_id)
    clean = []
    for a in sc.active_agents():
        if not a.meets(requirement):
            continue
        c = sc.contract_of(a)
        lengths = [n * step for n in range(round(c.min_shift_hours * 60) // grid.granularity,
                                           round(c.max_shift_hours * 60) // grid.granularity + 1)]
        tries: list[tuple[Shift, Shift | None]] = []
        start = max(grid.start, gap.start - lengths[-1])
        while start < gap.end:
            tries.extend((Shift(PROPOSAL_ID, a.id, start, start + n), None) for n in lengths
                         if start + n > gap.start)
            start += step
        for own in p.shifts_of(a.id):
            if not counts_for(own, a, requirement):
                continue
            for before in range(len(lengths)):
                for after in range(len(lengths) - before):
                    longer = dataclasses.replace(own, start=own.start - before * step,
                                                 end=own.end + after * step)
                    if (before or after) and longer.minutes <= c.max_shift_hours * 60:
                        tries.append((longer, own))
        for proposal, replaces in tries:
            new = with_shift(p, proposal, replacing=replaces.id if replaces else None)
            if proposal.start >= grid.start and cover(proposal, replaces, gap) > 0 and \
                    not any("added" in v.shift_ids for v in check(sc, new, agent_ids=[a.id])):
                clean.append((a.id, proposal, cover(proposal, replaces, gap)))
    return clean


def cover(proposal: Shift, replaces: Shift | None, gap: Gap) -> int:
    """Minutes of the gap the proposal adds (over the shift it replaces)."""
    def inside(s: Shift) -> int:
        return max(0, int((min(s.end, gap.end) - max(s.start, gap.start)).total_seconds() // 60))
    return inside(proposal) - (inside(replaces) if replaces is not None else 0)


def test_the_reason_agrees_with_brute_force_on_random_plans() -> None:
    """What the search learns from one verdict (a whole day, longer shifts that week, earlier
    starts after rest) never hides a legal placement: on random plans, with history and night
    limits, a gap says NOT_PROVEN exactly when brute force finds a clean placement, and the
    placement it names is one of them, covering as much as the best."""
    for seed in range(3):
        rng = random.Random(seed)
        the_contract = contract(max_hours_per_week=float(rng.choice((16, 24, 32))),
                                max_consecutive_days=rng.choice((2, 3)),
                                min_rest_hours=rng.choice((8.0, 11.0, 14.0)),
                                max_nights_per_week=1, max_shift_hours=6.0)
        shifts, history = [], []
        for who in ("ann", "bob"):
            for d in range(-2, 7):
                if rng.random() < 0.55:
                    made = shift(who, MONDAY + timedelta(days=d), rng.randrange(0, 20),
                                 rng.choice((4, 5, 6)))
                    (history if d < 0 else shifts).append(made)
        # Local days differ by zone (New York changes clocks on 8 March, inside the week).
        sc = scenario([agent("ann", zone=rng.choice(("UTC", "America/New_York"))),
                       agent("bob", hours=(6, 23), zone=rng.choice(("Europe/Berlin",
                                                                   "Asia/Kolkata")))],
                      [requirement(hours=(6, 22), headcount=2)], the_contract=the_contract,
                      history=tuple(history), zone=rng.choice(("UTC", "Europe/Berlin")))
        p = plan(shifts)
        runs = list(short_runs(coverage(sc, p)))
        gaps = explain_gaps(sc, p, proven=False)
        assert len(gaps) == len(runs)
        for gap in gaps[::3]:
            clean = every_clean_placement(sc, p, gap)
            assert (gap.reason is GapReason.NOT_PROVEN) == bool(clean), (seed, gap.message)
            if clean:
                named = Advisor(sc, p).candidates(sc.target.requirement(gap.requirement_id),
                                                  gap.start, gap.end)[0]
                assert (named.agent_id, named.shift.start, named.shift.end) in {
                    (who, s.start, s.end) for who, s, _ in clean}
                assert named.covered_minutes == max(n for _, _, n in clean)


def test_past_the_deadline_a_gap_says_it_was_not_examined_and_names_nobody() -> None:
    import time

    sc = scenario([agent("ana", hours=(8, 12))],
                  [requirement(hours=(8, 16), days=MONDAY_ONLY),
                   requirement("ru", hours=(8, 9), skills=("ru",), days=MONDAY_ONLY)])
    p = plan([])
    searched = {g.requirement_id: g for g in explain_gaps(sc, p, proven=False)}
    assert searched["open"].reason is GapReason.NOT_PROVEN
    late = {g.requirement_id: g for g in explain_gaps(sc, p, proven=False,
                                                      deadline=time.monotonic() - 1)}
    assert late["open"].reason is GapReason.NOT_EXAMINED
    assert late["open"].candidates == ()
    assert "time limit ran out" in late["open"].message
    assert late["ru"].reason is GapReason.NO_SKILL  # needs no search, so still said
    assert [(g.start, g.end, g.missing) for g in late.values()] == [
        (g.start, g.end, g.missing) for g in searched.values()]
