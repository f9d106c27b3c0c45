"""Hand edits as a Qt-free service, checked by the real independent checker."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from coverage_app.services.rota_edit import RotaEditor
from models.domain import Gap, GapReason, Period, Plan, PlanStatus, Shift, ShiftOrigin
from models.timerules import to_utc
from solver.replan import diff_plans

check = pytest.importorskip("solver.check").check

TALLINN = "Europe/Tallinn"
MONDAY = date(2026, 12, 7)


def shift(sid, agent, day, start_h, hours):
    start = to_utc(day, time(start_h), TALLINN)
    return Shift(sid, agent, start, start + timedelta(hours=hours))


@pytest.fixture
def plan():
    shifts = (shift("k-mon", "kadri-tamm", MONDAY, 9, 8),
              shift("k-tue", "kadri-tamm", MONDAY + timedelta(days=1), 9, 8),
              shift("d-mon", "dmitri-volkov", MONDAY, 10, 8))
    return Plan(Period(MONDAY, 7), shifts)


@pytest.fixture
def editor(demo):
    return RotaEditor(demo, check)


def test_a_clean_plan_has_no_violations(editor, plan):
    assert editor.violations(plan) == ()


def test_moving_a_shift_too_close_to_the_previous_breaks_min_rest(editor, plan):
    moved_start = to_utc(MONDAY, time(22), TALLINN)
    result = editor.move(plan, "k-tue", moved_start)
    new = next(s for s in result.plan.shifts if s.id == "k-tue")
    assert new.start == moved_start
    assert new.minutes == 8 * 60
    assert new.origin is ShiftOrigin.MANUAL
    assert result.plan.statistics.status is PlanStatus.MANUAL
    rules = {v.rule for v in result.edited_violations}
    assert "min_rest" in rules or "availability" in rules
    assert result.messages_for("k-tue")
    assert plan.shifts[1].origin is ShiftOrigin.SOLVER  # the old plan is untouched


def test_moves_snap_to_the_planning_grid(editor, plan):
    result = editor.move(plan, "k-mon", plan.shifts[0].start + timedelta(minutes=17))
    new = result.plan.shifts[0]
    assert new.start - plan.shifts[0].start == timedelta(minutes=30)


def test_resize_keeps_at_least_one_slot(editor, plan):
    s = plan.shifts[0]
    result = editor.resize(plan, s.id, s.start, s.start + timedelta(minutes=5))
    assert result.plan.shifts[0].minutes == 30
    assert any(v.rule == "shift_length" for v in result.edited_violations)


def test_add_delete_and_lock(editor, plan):
    start = to_utc(MONDAY + timedelta(days=2), time(9), TALLINN)
    added = editor.add(plan, "kadri-tamm", start)
    new = next(s for s in added.plan.shifts if s.id == added.shift_id)
    assert new.origin is ShiftOrigin.MANUAL
    assert new.minutes == 9 * 60
    assert added.edited_violations == []
    deleted = editor.delete(added.plan, added.shift_id)
    assert {s.id for s in deleted.plan.shifts} == {s.id for s in plan.shifts}
    locked = editor.set_locked(plan, "k-mon", True)
    assert locked.plan.shifts[0].locked


def test_keep_override_records_the_reason(editor, plan):
    result = editor.keep_override(plan, "k-tue", ["only 5 h rest"])
    kept = next(s for s in result.plan.shifts if s.id == "k-tue")
    assert kept.note == "override: only 5 h rest"
    assert kept.origin is ShiftOrigin.MANUAL


def test_a_gap_closed_by_hand_disappears(editor, demo, plan):
    requirement = demo.target.requirements[0]
    start = to_utc(MONDAY + timedelta(days=3), time(3), TALLINN)
    gap = Gap(requirement.id, start, start + timedelta(hours=1), 1, GapReason.NOT_AVAILABLE, "x")
    far = Gap(requirement.id, start + timedelta(days=1), start + timedelta(days=1, hours=1), 1,
              GapReason.NOT_AVAILABLE, "y")
    with_gap = Plan(plan.period, plan.shifts, (gap, far))
    result = editor.add(with_gap, "igor-petrov", start - timedelta(hours=1),
                        start + timedelta(hours=3))
    result = editor.add(result.plan, "arjun-nair", start - timedelta(hours=1),
                        start + timedelta(hours=3))
    assert gap not in result.plan.gaps
    assert far in result.plan.gaps


def test_plan_changes_lists_added_removed_moved_per_agent(demo, plan):
    new_tue = shift("k-tue", "kadri-tamm", MONDAY + timedelta(days=1), 11, 8)
    extra = shift("a-wed", "anna-kask", MONDAY + timedelta(days=2), 16, 6)
    new = Plan(plan.period, (plan.shifts[0], new_tue, extra))
    changes = {c.agent_id: c for c in diff_plans(demo, plan, new).agents}
    assert [m.after.id for m in changes["kadri-tamm"].moved] == ["k-tue"]
    assert [s.id for s in changes["anna-kask"].added] == ["a-wed"]
    assert [s.id for s in changes["dmitri-volkov"].removed] == ["d-mon"]


def test_rechecking_only_the_touched_agent_gives_the_same_violations(demo, plan):
    full = RotaEditor(demo, check)
    moved_start = to_utc(MONDAY, time(22), TALLINN)
    broken = full.move(plan, "k-tue", moved_start).plan
    known = full.violations(broken)
    incremental = RotaEditor(demo, check, known=known)
    result = incremental.move(broken, "d-mon", plan.shifts[2].start + timedelta(hours=1))
    assert sorted(map(str, result.violations)) == sorted(map(str, check(demo, result.plan)))
    assert any(v.agent_id == "kadri-tamm" for v in result.violations)  # kept from before


def test_assigning_an_extension_replaces_the_shift_it_lengthens(editor, plan):
    # "Who can take this?" may propose starting Kadri's Monday shift two hours earlier.
    longer = shift("proposal", "kadri-tamm", MONDAY, 7, 10)
    result = editor.assign(plan, longer, replaces="k-mon")
    kadri_monday = [s for s in result.plan.shifts
                    if s.agent_id == "kadri-tamm" and s.start.date() == MONDAY]
    assert [(s.id, s.start, s.end) for s in kadri_monday] == [("k-mon", longer.start,
                                                                longer.end)]
    assert len(result.plan.shifts) == len(plan.shifts)
    assert not any(v.rule == "one_shift_per_day" for v in result.edited_violations)
    # A proposal that lengthens nothing is added as a shift of its own.
    added = editor.assign(plan, shift("proposal", "anna-kask", MONDAY, 9, 8))
    assert len(added.plan.shifts) == len(plan.shifts) + 1


def test_handing_a_shift_over_removes_it_from_the_old_holder_under_a_new_id(editor, plan):
    taken = shift("proposal", "anna-kask", MONDAY, 10, 8)
    result = editor.assign(plan, taken, replaces="d-mon")
    ids = {s.id: s for s in result.plan.shifts}
    assert "d-mon" not in ids  # Dmitri's calendar sees his shift go
    new = ids[result.shift_id]
    assert new.agent_id == "anna-kask"
    assert result.shift_id not in ("d-mon", "proposal")
    assert (new.start, new.end) == (taken.start, taken.end)
    assert result.label == "hand Dmitri V.'s shift to Anna K."
    assert len(result.plan.shifts) == len(plan.shifts)


def test_assigning_a_move_keeps_the_id_and_says_move(editor, plan):
    later = shift("proposal", "kadri-tamm", MONDAY + timedelta(days=2), 9, 8)
    result = editor.assign(plan, later, replaces="k-mon")
    assert result.label == "move Kadri T.'s shift"
    moved = next(s for s in result.plan.shifts if s.id == "k-mon")
    assert moved.start == later.start
