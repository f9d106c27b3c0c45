"""The publish use case without Qt: the check, the diff against the last published version
(stored in a real SQLite file), and the history folded to one working draft."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from coverage_app.services.plan_versions import version_rows
from coverage_app.services.publish_check import check_for_publish
from coverage_app.services.publish_diff import ChangeKind, diff_plans
from coverage_app.services.publishing import prepare, publish
from coverage_app.services.store import ScenarioStore
from solver.check import check
from tests.app.gap_fixtures import plan_with_gaps


@pytest.fixture
def store(tmp_path, demo):
    opened = ScenarioStore.open(tmp_path / "rota.sqlite", user="maria@desk")
    opened.replace(demo)
    yield opened
    opened.close()


def shift_of(plan, agent_id, index=0):
    return plan.shifts_of(agent_id)[index]


def edited(plan, demo):
    """Kadri's first shift one hour later, Igor's first shift gone, a Sunday shift for Anna."""
    agents = [a.id for a in demo.active_agents()]
    moved = shift_of(plan, agents[0])
    removed = shift_of(plan, agents[1])
    sunday = moved.start + timedelta(days=6)
    added = dataclasses.replace(moved, id="new-sunday", agent_id=agents[2], start=sunday,
                                end=sunday + timedelta(hours=8))
    shifts = [dataclasses.replace(s, start=s.start + timedelta(hours=1),
                                  end=s.end + timedelta(hours=1)) if s.id == moved.id else s
              for s in plan.shifts if s.id != removed.id]
    return dataclasses.replace(plan, shifts=(*shifts, added)), agents[:3]


def test_check_counts_gaps_by_priority_rule_breaks_and_under_minimum(demo):
    plan = plan_with_gaps(demo)
    first = plan.shifts[0]
    close = dataclasses.replace(first, id="too-close", start=first.end + timedelta(hours=2),
                                end=first.end + timedelta(hours=6))
    plan = dataclasses.replace(plan, shifts=(*plan.shifts, close))
    result = check_for_publish(demo, plan, check)
    assert [(t.priority, t.gaps) for t in result.gaps] == [(1, 1), (2, 1), (3, 1)]
    assert result.gaps[0].person_hours == 2
    assert result.must_gaps == 1
    assert result.rule_breaks
    assert all(b.agent for b in result.rule_breaks)
    assert result.blocking
    assert "1 must-priority gap" in result.blocking_words()
    headings = [h for h, _ in result.sections()]
    assert headings[:2] == ["Gaps", "Rule breaks kept in the plan"]


def test_an_agent_without_shifts_is_under_the_minimum(demo):
    plan = plan_with_gaps(demo)
    agent = next(a for a in demo.active_agents()
                 if demo.contract_of(a).min_hours_per_week > 0)
    plan = dataclasses.replace(plan, shifts=tuple(s for s in plan.shifts
                                                  if s.agent_id != agent.id))
    under = check_for_publish(demo, plan, lambda _s, _p: []).under_minimum
    assert [u.agent for u in under if u.hours == 0].count(agent.label) == 2  # both weeks


def test_diff_lists_added_removed_and_moved_per_agent(demo):
    before = plan_with_gaps(demo)
    after, (mover, remover, adder) = edited(before, demo)
    diff = diff_plans(demo, before, after)
    by_agent = {a.agent_id: a for a in diff.agents}
    assert set(by_agent) == {mover, remover, adder}
    assert [c.kind for c in by_agent[mover].changes] == [ChangeKind.MOVED]
    assert "→" in by_agent[mover].changes[0].words
    assert [c.kind for c in by_agent[remover].changes] == [ChangeKind.REMOVED]
    assert [c.kind for c in by_agent[adder].changes] == [ChangeKind.ADDED]
    assert diff.unchanged == len(before.shifts) - 2
    assert diff_plans(demo, before, before).empty


def test_a_shift_re_planned_under_a_new_id_on_the_same_day_is_a_move(demo):
    before = plan_with_gaps(demo)
    shift = before.shifts[0]
    later = dataclasses.replace(shift, id="re-planned", start=shift.start + timedelta(hours=2),
                                end=shift.end + timedelta(hours=2))
    after = dataclasses.replace(before, shifts=(later, *before.shifts[1:]))
    diff = diff_plans(demo, before, after)
    assert [(a.agent_id, [c.kind for c in a.changes]) for a in diff.agents] == [
        (shift.agent_id, [ChangeKind.MOVED])]


def test_diff_against_the_last_published_version_in_a_real_file(tmp_path, demo, store):
    first = plan_with_gaps(demo)
    publish(store, first, name="December rota", by="Maria")
    after, (mover, remover, adder) = edited(first, demo)
    store.close()
    reopened = ScenarioStore.open(tmp_path / "rota.sqlite", must_exist=True)
    try:
        preview = prepare(reopened, demo, after, "Europe/Tallinn", check)
    finally:
        reopened.close()
    assert "December rota" in preview.diff.against
    assert "by Maria" in preview.diff.against
    assert {a.agent_id for a in preview.diff.agents} == {mover, remover, adder}
    assert not preview.diff.first_publication


def test_nothing_published_yet_makes_every_shift_new(demo, store):
    plan = plan_with_gaps(demo)
    preview = prepare(store, demo, plan, "UTC", lambda _s, _p: [])
    assert preview.diff.first_publication
    assert preview.diff.total(ChangeKind.ADDED) == len(plan.shifts)


def test_history_folds_drafts_into_one_working_draft(demo, store):
    plan = plan_with_gaps(demo)
    store.replace_working_plan(plan, name="Working draft")
    store.replace_working_plan(plan, name="Working draft")  # a new solve retires the first
    for hours in (1, 2):  # autosaves write the draft in place
        moved = dataclasses.replace(plan.shifts[0], start=plan.shifts[0].start
                                    + timedelta(hours=hours))
        store.save_working_plan(dataclasses.replace(plan, shifts=(moved, *plan.shifts[1:])))
    store.save_plan(plan)  # an unnamed stored draft
    store.keep_plan_copy(plan, name="My copy")
    publish(store, plan, name="", by="Maria")
    rows = version_rows(store.plan_history(), "Europe/Tallinn")
    assert [r.status for r in rows] == ["working draft", "published", "draft"]
    assert rows[0].title == "Working draft"
    assert rows[0].folded == 2
    assert "2 earlier drafts folded in" in rows[0].detail
    assert rows[1].title.startswith("Published ")
    assert rows[1].title.endswith(" by Maria")
    assert rows[2].title == "My copy"


def test_a_shift_moved_across_the_first_midnight_of_the_period_is_a_move(demo):
    from datetime import time

    from models.timerules import to_utc
    from tests.app.gap_fixtures import FIRST

    after = plan_with_gaps(demo)
    shift = after.shifts[0]
    start = to_utc(FIRST, time(0, 30), demo.team.reference_zone)
    inside = dataclasses.replace(shift, start=start, end=start + timedelta(hours=8))
    outside = dataclasses.replace(inside, start=start - timedelta(hours=1),
                                  end=inside.end - timedelta(hours=1))
    diff = diff_plans(demo, dataclasses.replace(after, shifts=(outside, *after.shifts[1:])),
                      dataclasses.replace(after, shifts=(inside, *after.shifts[1:])))
    assert [c.kind for a in diff.agents for c in a.changes] == [ChangeKind.MOVED]


def test_history_times_are_this_computers_clock_with_its_zone(demo, store, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    time.tzset()
    try:
        publish(store, plan_with_gaps(demo), name="", by="Maria")
        record = next(r for r in store.plan_history() if r.published_at is not None)
        local = record.published_at.astimezone()
        rows = version_rows(store.plan_history())
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    published = next(r for r in rows if r.status == "published")
    assert published.title == f"Published {local:%d %b %H:%M} +0545 by Maria"


def test_under_minimum_hours_read_with_one_decimal() -> None:
    from coverage_app.services.publish_check import UnderMinimum

    assert UnderMinimum("James C.", (2026, 51), 6.0, 9.15).words == (
        "James C.: 6 h in week 51, minimum 9.2 h")
    assert UnderMinimum("Diego M.", (2026, 50), 24.25, 27.4286).words == (
        "Diego M.: 24.2 h in week 50, minimum 27.4 h")
