"""A calendar export changes only its own plan's period: events of other periods stay exactly as
they were and stay in the agents' files; cancellations keep their title; a calendar with
nothing to show gets no file. Written through the export service into real folders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coverage_app.services.exporting import LEDGER_FILE, JsonLedger, export_calendars
from exports.ics import TEAM, build_calendar_export, uid_for
from exports.ics_text import legacy_cancelled_text
from models.domain import Plan, PublishedEvent
from models.timerules import to_local
from tests.exports import sample
from tests.exports.periods import (
    assert_valid,
    folder_events,
    period_plan,
    shift_id,
    shown_in,
)

NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
NOVEMBER = date(2026, 11, 16)  # two weeks, Mon 16 Nov – Sun 29 Nov
DECEMBER = date(2026, 11, 30)  # two weeks, Mon 30 Nov – Sun 13 Dec
DAYS = 14
NOTE = "Covers for Lena; call the desk first"


def uids(plan: Plan, calendar: str) -> set[str]:
    return {uid_for(calendar, s.id) for s in plan.shifts if calendar in (TEAM, s.agent_id)}


def test_december_export_leaves_every_november_event_as_it_was(tmp_path):
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS, note=NOTE)
    december = period_plan(scenario, DECEMBER, DAYS)
    out = tmp_path / "cal"
    export_calendars(scenario, november, out, now=NOW)
    before = folder_events(out)
    assert len(before) == 2 * len(november.shifts)

    result = export_calendars(scenario, december, out, now=NOW + timedelta(days=30))
    after = folder_events(out)
    for key, shown in before.items():
        assert after[key] == shown, key  # same SEQUENCE, STATUS, times, title and text
    new = {key: shown for key, shown in after.items() if key not in before}
    assert len(new) == 2 * len(december.shifts)
    assert {(seq, status) for seq, status, *_ in new.values()} == {(0, "CONFIRMED")}
    assert result.totals.cancelled == 0
    assert result.totals.kept == len(before)
    assert result.totals.rebuilt == 0
    for f in (out / "María López.ics", out / "team.ics"):
        calendar = "maria" if f.name != "team.ics" else TEAM
        assert set(shown_in(f.read_bytes())) == uids(november, calendar) | uids(december,
                                                                                calendar)
    # María's night on 29 Nov (New York) starts 30 Nov 03:00 UTC, on December's first day in
    # Tallinn, the team's zone; it belongs to November, her local day, and stays confirmed.
    night = after[("María López.ics", uid_for("maria", shift_id("maria", date(2026, 11, 29))))]
    assert night[2] == datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    assert night[:2] == (0, "CONFIRMED")
    assert to_local(night[3], "America/New_York").date() == DECEMBER

    # Exporting November again changes nothing in either month.
    again = export_calendars(scenario, november, out, now=NOW + timedelta(days=31))
    assert folder_events(out) == after
    assert (again.totals.unchanged, again.totals.cancelled, again.totals.updated) == (
        len(before), 0, 0)


def test_a_shorter_plan_for_part_of_a_period_changes_only_its_own_days(tmp_path):
    scenario = sample.scenario()
    three_weeks = period_plan(scenario, date(2026, 12, 7), 21)  # 7 Dec – 27 Dec
    out = tmp_path / "cal"
    export_calendars(scenario, three_weeks, out, now=NOW)
    before = folder_events(out)
    gone, moved = shift_id("kadri", date(2026, 12, 10)), shift_id("kadri", date(2026, 12, 9))
    one_week = period_plan(scenario, date(2026, 12, 7), 7, drop=[gone], later=[moved])
    result = export_calendars(scenario, one_week, out, now=NOW + timedelta(days=1))
    after = folder_events(out)

    def day_of(uid: str) -> date:  # the agent's local day, from the shift id
        return date.fromisoformat(uid.split("@")[0].removesuffix(".team").split(":")[1])

    week = one_week.period.dates()
    outside = {key: shown for key, shown in before.items() if day_of(key[1]) not in week}
    for key, shown in outside.items():
        assert after[key] == shown, key  # weeks 2 and 3 exactly as they were
    assert result.totals.kept == len(outside) > 0
    kadri = {uid: s for (name, uid), s in after.items() if name == "Kadri T.ics"}
    team = {uid: s for (name, uid), s in after.items() if name == "team.ics"}
    assert kadri[uid_for("kadri", gone)][:2] == (1, "CANCELLED")
    assert team[uid_for(TEAM, gone)][:2] == (1, "CANCELLED")
    assert kadri[uid_for("kadri", moved)][:2] == (1, "CONFIRMED")
    cancelled = [(name, uid) for (name, uid), s in after.items() if s[1] == "CANCELLED"]
    assert sorted(cancelled) == sorted([("Kadri T.ics", uid_for("kadri", gone)),
                                        ("team.ics", uid_for(TEAM, gone))])


def test_a_cancelled_shift_keeps_its_title(tmp_path):
    scenario = sample.scenario()
    week = period_plan(scenario, date(2026, 12, 7), 7)
    out = tmp_path / "cal"
    export_calendars(scenario, week, out, now=NOW)
    gone = shift_id("kadri", date(2026, 12, 10))  # a phone-duty day
    before_kadri = shown_in((out / "Kadri T.ics").read_bytes())[uid_for("kadri", gone)]
    assert before_kadri[4] == "Phone duty"
    export_calendars(scenario, period_plan(scenario, date(2026, 12, 7), 7, drop=[gone]), out,
                     now=NOW)
    kadri = shown_in((out / "Kadri T.ics").read_bytes())[uid_for("kadri", gone)]
    team = shown_in((out / "team.ics").read_bytes())[uid_for(TEAM, gone)]
    assert kadri[:2] == team[:2] == (1, "CANCELLED")
    assert kadri[4] == "Cancelled: Phone duty 09:00–17:00"
    assert team[4] == "Cancelled: Kadri T.: Phone duty 09:00–17:00"
    assert kadri[5] == f"This shift was removed from the rota.\n\n{before_kadri[5]}"
    assert kadri[2:4] == before_kadri[2:4]


def test_agents_with_nothing_to_show_get_no_file_and_a_line(tmp_path):
    scenario = sample.scenario()
    week = period_plan(scenario, date(2026, 12, 7), 7)
    without_lena = Plan(week.period, tuple(s for s in week.shifts if s.agent_id != "lena"))
    out = tmp_path / "cal"
    result = export_calendars(scenario, without_lena, out, now=NOW)
    names = sorted(p.name for p in out.glob("*.ics"))
    assert "Lena Schmidt.ics" not in names
    assert len(names) == 5
    assert result.notes == ("Lena Schmidt (lena): no shifts from 2026-12-07 to 2026-12-13 and "
                            "nothing to cancel; no file written",)
    folder_events(out)  # every file written is valid

    nothing = export_calendars(scenario, Plan(week.period, ()), tmp_path / "empty", now=NOW)
    assert nothing.paths == ()
    assert not list((tmp_path / "empty").glob("*.ics"))
    assert len(nothing.notes) == len(scenario.agents) + 1
    assert nothing.notes[-1].startswith("Team calendar: no shifts from 2026-12-07")


def test_a_file_that_only_cancels_is_written_and_valid(tmp_path):
    scenario = sample.scenario()
    week = period_plan(scenario, date(2026, 12, 7), 7)
    out = tmp_path / "cal"
    export_calendars(scenario, week, out, now=NOW)
    lena_shifts = [s for s in week.shifts if s.agent_id == "lena"]
    without_lena = Plan(week.period, tuple(s for s in week.shifts if s.agent_id != "lena"))
    result = export_calendars(scenario, without_lena, out, now=NOW)
    data = (out / "Lena Schmidt.ics").read_bytes()
    assert_valid(data)
    assert {s[:2] for s in shown_in(data).values()} == {(1, "CANCELLED")}
    assert len(shown_in(data)) == len(lena_shifts)
    assert result.changes["Lena Schmidt.ics"].cancelled == len(lena_shifts)
    assert result.notes == ()


def test_earlier_events_missing_from_the_folder_are_rebuilt_from_the_team(tmp_path):
    """Exporting into another folder: the earlier events' text comes from the team data; it is
    exact where the digest confirms it (duties included), and counted where it cannot be."""
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS, note=NOTE)
    ledger = JsonLedger(tmp_path / LEDGER_FILE)
    export_calendars(scenario, november, tmp_path / "first", ledger, now=NOW)
    before = folder_events(tmp_path / "first")
    result = export_calendars(scenario, period_plan(scenario, DECEMBER, DAYS),
                              tmp_path / "second", ledger, now=NOW)
    after = folder_events(tmp_path / "second")
    noted = next(s for s in november.shifts if s.note)
    differ = sorted(key for key, shown in before.items() if after[key] != shown)
    assert differ == sorted([("Kadri T.ics", uid_for(noted.agent_id, noted.id)),
                             ("team.ics", uid_for(TEAM, noted.id))])
    for key in differ:  # only the note, which the ledger does not keep, is missing
        assert after[key][:5] == before[key][:5]
        assert NOTE in before[key][5]
        assert NOTE not in after[key][5]
    assert result.totals.rebuilt == 2
    assert "2 earlier event(s) were not found as published" in result.notes[-1]


def test_cancellations_written_before_titles_were_kept_stay_as_they_were():
    scenario = sample.scenario()
    start = datetime(2026, 11, 10, 7, 0, tzinfo=UTC)
    old = legacy_cancelled_text("kadri:2026-11-10", "kadri", start, start + timedelta(hours=8))
    entry = PublishedEvent(uid_for("kadri", old.shift_id), old.shift_id, "kadri", 3, old.start,
                           old.end, old.fingerprint, cancelled=True)
    export = build_calendar_export(scenario, period_plan(scenario, DECEMBER, 7),
                                   {"kadri": {entry.shift_id: entry}}, now=NOW)
    kadri = next(f for f in export.files if f.calendar == "kadri")
    assert {e.shift_id: e for e in kadri.events}[entry.shift_id] == entry
    shown = shown_in(kadri.data)[entry.uid]
    assert shown[:2] == (3, "CANCELLED")
    assert shown[4:] == ("Cancelled shift", "This shift was removed from the rota.")
    assert (kadri.changes.kept, kadri.changes.rebuilt) == (1, 0)
