"""A calendar export changes only its own plan's period: events of other periods stay exactly as
they were and stay in the agents' files; cancellations keep their title; a calendar with
nothing to show gets no file. Written through the export service into real folders."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coverage_app.services.errors import UserError
from coverage_app.services.exporting import (
    LEDGER_FILE,
    LEDGER_FORMAT,
    JsonLedger,
    export_calendars,
)
from exports.ics import TEAM, build_calendar_export, uid_for
from exports.ics_earlier import ShownEvent
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


def as_older_ledger(path: Path) -> None:
    """Rewrite a JSON ledger as versions before this one wrote it: a digest, but no text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 1
    for events in data["calendars"].values():
        for event in events:
            del event["summary"], event["description"]
    path.write_text(json.dumps(data), encoding="utf-8")


def test_earlier_events_keep_their_text_when_exported_into_another_folder(tmp_path):
    """The ledger keeps what each event showed: another folder (or deleted files) loses
    nothing, not even a shift's note, and no text is rebuilt."""
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS, note=NOTE)
    ledger_path = tmp_path / LEDGER_FILE
    export_calendars(scenario, november, tmp_path / "first", JsonLedger(ledger_path), now=NOW)
    before = folder_events(tmp_path / "first")
    assert sum(NOTE in shown[5] for shown in before.values()) == 2  # agent's file and team's
    result = export_calendars(scenario, period_plan(scenario, DECEMBER, DAYS),
                              tmp_path / "second", JsonLedger(ledger_path),
                              now=NOW + timedelta(days=30))
    after = folder_events(tmp_path / "second")
    assert {key: after[key] for key in before} == before
    assert (result.totals.kept, result.totals.rebuilt) == (len(before), 0)
    assert result.notes == ()
    kept = JsonLedger(ledger_path).published_events("kadri")
    noted = next(s for s in november.shifts if s.note)
    assert NOTE in kept[noted.id].description
    assert kept[noted.id].summary == before[("Kadri T.ics", uid_for("kadri", noted.id))][4]


def test_a_cancellation_in_another_folder_keeps_the_title_and_note(tmp_path):
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS, note=NOTE)
    noted = next(s for s in november.shifts if s.note)
    ledger = JsonLedger(tmp_path / LEDGER_FILE)
    export_calendars(scenario, november, tmp_path / "first", ledger, now=NOW)
    before = shown_in((tmp_path / "first" / "Kadri T.ics").read_bytes())[
        uid_for("kadri", noted.id)]
    again = period_plan(scenario, NOVEMBER, DAYS, drop=[noted.id])
    result = export_calendars(scenario, again, tmp_path / "second", ledger, now=NOW)
    after = shown_in((tmp_path / "second" / "Kadri T.ics").read_bytes())[
        uid_for("kadri", noted.id)]
    assert after[:2] == (1, "CANCELLED")
    assert after[4] == f"Cancelled: {before[4]} 09:00–17:00"
    assert after[5] == f"This shift was removed from the rota.\n\n{before[5]}"
    assert NOTE in after[5]
    assert result.totals.rebuilt == 0
    folder_events(tmp_path / "second")  # every file written is valid


def test_an_older_ledger_without_text_reads_it_back_from_the_folder(tmp_path):
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS, note=NOTE)
    out = tmp_path / "cal"
    export_calendars(scenario, november, out, now=NOW)
    before = folder_events(out)
    as_older_ledger(out / LEDGER_FILE)
    assert not any(e.has_text for e in JsonLedger(out / LEDGER_FILE).published_events(TEAM)
                   .values())
    result = export_calendars(scenario, period_plan(scenario, DECEMBER, DAYS), out,
                              now=NOW + timedelta(days=30))
    after = folder_events(out)
    assert {key: after[key] for key in before} == before
    assert (result.totals.kept, result.totals.rebuilt) == (len(before), 0)
    # What was read back is kept now: the next export no longer needs the files.
    upgraded = JsonLedger(out / LEDGER_FILE)
    assert json.loads((out / LEDGER_FILE).read_text(encoding="utf-8"))["version"] == 2
    assert all(e.has_text for e in upgraded.published_events(TEAM).values())
    for path in out.glob("*.ics"):
        path.unlink()
    export_calendars(scenario, period_plan(scenario, DECEMBER, DAYS), out,
                     now=NOW + timedelta(days=31))
    assert {key: shown for key, shown in folder_events(out).items() if key in before} == before


def test_an_older_ledger_without_text_in_another_folder_is_rebuilt_from_the_team(tmp_path):
    """Exporting into another folder with an older ledger: the earlier events' text comes from
    the team data; it is exact where the digest confirms it (duties included), and counted
    where it cannot be."""
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS, note=NOTE)
    export_calendars(scenario, november, tmp_path / "first", JsonLedger(tmp_path / LEDGER_FILE),
                     now=NOW)
    before = folder_events(tmp_path / "first")
    as_older_ledger(tmp_path / LEDGER_FILE)
    result = export_calendars(scenario, period_plan(scenario, DECEMBER, DAYS),
                              tmp_path / "second", JsonLedger(tmp_path / LEDGER_FILE), now=NOW)
    after = folder_events(tmp_path / "second")
    noted = next(s for s in november.shifts if s.note)
    differ = sorted(key for key, shown in before.items() if after[key] != shown)
    assert differ == sorted([("Kadri T.ics", uid_for(noted.agent_id, noted.id)),
                             ("team.ics", uid_for(TEAM, noted.id))])
    for key in differ:  # only the note, which the older ledger did not keep, is missing
        assert after[key][:5] == before[key][:5]
        assert NOTE in before[key][5]
        assert NOTE not in after[key][5]
    assert result.totals.rebuilt == 2
    assert "2 earlier events, published before the ledger kept their text" in result.notes[-1]
    # A guess is not kept as the text: the entry still has none, the others learnt theirs.
    kept = JsonLedger(tmp_path / LEDGER_FILE).published_events("kadri")
    assert not kept[noted.id].has_text
    assert all(e.has_text for sid, e in kept.items() if sid != noted.id)


def test_the_earlier_files_are_read_only_for_entries_without_text():
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS, note=NOTE)
    first = build_calendar_export(scenario, november, {}, now=NOW)
    ledger = {f.calendar: {e.shift_id: e for e in f.events} for f in first.files}

    def unread() -> dict[str, list[ShownEvent]]:
        raise AssertionError("the files were read although the ledger kept every text")

    december = period_plan(scenario, DECEMBER, DAYS)
    second = build_calendar_export(scenario, december, ledger, now=NOW, earlier=unread)
    for old, new in zip(first.files, second.files, strict=True):
        shown = shown_in(new.data)
        assert {uid: shown[uid] for uid in shown_in(old.data)} == shown_in(old.data)
    reads = []
    older = {cal: {sid: dataclasses.replace(e, summary="", description="")
                   for sid, e in events.items()} for cal, events in ledger.items()}
    build_calendar_export(scenario, december, older, now=NOW,
                          earlier=lambda: reads.append(1) or {})
    assert reads == [1]  # once for the whole export, not once per calendar


def test_a_ledger_text_that_does_not_match_its_digest_is_not_trusted(tmp_path):
    scenario = sample.scenario()
    november = period_plan(scenario, NOVEMBER, DAYS)
    out = tmp_path / "cal"
    export_calendars(scenario, november, out, now=NOW)
    before = folder_events(out)
    data = json.loads((out / LEDGER_FILE).read_text(encoding="utf-8"))
    data["calendars"]["kadri"][0]["summary"] = "Edited by hand"
    (out / LEDGER_FILE).write_text(json.dumps(data), encoding="utf-8")
    export_calendars(scenario, period_plan(scenario, DECEMBER, DAYS), out, now=NOW)
    after = folder_events(out)
    assert {key: after[key] for key in before} == before  # the file's text, which matches
    assert "Edited by hand" not in {shown[4] for shown in after.values()}


def test_a_ledger_file_from_a_newer_version_is_refused(tmp_path):
    out = tmp_path / "cal"
    out.mkdir()
    (out / LEDGER_FILE).write_text(json.dumps({"format": LEDGER_FORMAT, "version": 3,
                                               "calendars": {}}), encoding="utf-8")
    scenario = sample.scenario()
    with pytest.raises(UserError, match=r"reads calendar ledger versions 1 to 2.*got 3"):
        export_calendars(scenario, period_plan(scenario, DECEMBER, 7), out, now=NOW)
    assert sorted(p.name for p in out.iterdir()) == [LEDGER_FILE]


def test_cancellations_written_before_titles_were_kept_stay_as_they_were():
    scenario = sample.scenario()
    start = datetime(2026, 11, 10, 7, 0, tzinfo=UTC)
    old = legacy_cancelled_text("kadri:2026-11-10", "kadri", start, start + timedelta(hours=8))
    entry = PublishedEvent(uid_for("kadri", old.shift_id), old.shift_id, "kadri", 3, old.start,
                           old.end, old.fingerprint, cancelled=True)
    export = build_calendar_export(scenario, period_plan(scenario, DECEMBER, 7),
                                   {"kadri": {entry.shift_id: entry}}, now=NOW)
    kadri = next(f for f in export.files if f.calendar == "kadri")
    assert {e.shift_id: e for e in kadri.events}[entry.shift_id] == dataclasses.replace(
        entry, summary=old.summary, description=old.description)  # the text, once certain
    shown = shown_in(kadri.data)[entry.uid]
    assert shown[:2] == (3, "CANCELLED")
    assert shown[4:] == ("Cancelled shift", "This shift was removed from the rota.")
    assert (kadri.changes.kept, kadri.changes.rebuilt) == (1, 0)
