"""Calendar files that subscribe well: named after the team and the agent, fetched again every
hour, and reminders before each shift for the agents who want them (none by default)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import icalendar
import ics
import pytest
import vobject

from exports.ics import TEAM, build_calendars, uid_for
from exports.ics_surface import unfold
from tests.exports import sample
from tests.exports.periods import assert_valid

NOW = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)
TEAM_NAME = "Night & Day; Support, Inc."


def by_calendar(files) -> dict[str, bytes]:
    return {f.calendar: f.data for f in files}


def header(data: bytes) -> list[bytes]:
    lines = unfold(data)
    return lines[:lines.index(b"BEGIN:VEVENT")]


def test_every_file_asks_to_be_fetched_again_every_hour_and_is_named_team_and_agent():
    files = build_calendars(sample.scenario(), sample.plan(), {}, now=NOW)
    names = {}
    for f in files:
        head = header(f.data)
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in head, f.file_name
        assert b"X-PUBLISHED-TTL:PT1H" in head, f.file_name
        calendar = icalendar.Calendar.from_ical(f.data)
        assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
        contents = vobject.readOne(f.data.decode()).contents
        assert contents["name"][0].value == contents["x-wr-calname"][0].value == f.title
        names[f.calendar] = f.title
        assert_valid(f.data, f.file_name)
    assert names["maria"] == f"{TEAM_NAME} — María López"
    assert names["kadri"] == f"{TEAM_NAME} — Kadri T."
    assert names[TEAM] == f"{TEAM_NAME} — all shifts"


def alarms(data: bytes) -> dict[str, list[tuple[str, timedelta, str]]]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): [(str(a["ACTION"]), a.decoded("TRIGGER"), str(a["DESCRIPTION"]))
                            for a in e.walk("VALARM")] for e in calendar.walk("VEVENT")}


def test_no_reminders_unless_asked():
    for data in by_calendar(build_calendars(sample.scenario(), sample.plan(), {},
                                            now=NOW)).values():
        assert b"VALARM" not in data


def test_a_reminder_before_each_confirmed_shift_of_the_agents_who_want_one():
    scenario = sample.scenario()
    first = build_calendars(scenario, sample.plan(), {}, now=NOW)
    shifts = tuple(s for s in sample.shifts() if s.id != "kadri-1002")  # one shift cancelled
    ledger = {f.calendar: {e.shift_id: e for e in f.events} for f in first}
    files = by_calendar(build_calendars(scenario, sample.plan(shifts), ledger, now=NOW,
                                        reminders={"kadri": 45, "lena": 0}))
    kadri = alarms(files["kadri"])
    assert kadri[uid_for("kadri", "kadri-1005")] == [
        ("DISPLAY", timedelta(minutes=-45), "Phone duty")]
    assert kadri[uid_for("kadri", "kadri-1002")] == []  # cancelled: no reminder
    assert set(map(len, alarms(files["lena"]).values())) == {1}
    assert {a[0][1] for a in alarms(files["lena"]).values()} == {timedelta(0)}
    assert set(map(len, alarms(files["maria"]).values())) == {0}
    assert b"VALARM" not in files[TEAM]  # the team calendar would remind everyone of everything
    for name, data in files.items():
        assert_valid(data, name)
        assert ics.Calendar(data.decode()).events  # the third parser reads the alarms too
    night = vobject.readOne(files["kadri"].decode())
    assert all(e.valarm.trigger.value == timedelta(minutes=-45)
               for e in night.vevent_list if e.status.value == "CONFIRMED")


def test_a_reminder_does_not_raise_the_sequence():
    """What the shift is did not change, only how the agent is told: re-imports still match."""
    scenario = sample.scenario()
    first = build_calendars(scenario, sample.plan(), {}, now=NOW)
    ledger = {f.calendar: {e.shift_id: e for e in f.events} for f in first}
    again = build_calendars(scenario, sample.plan(), ledger, now=NOW, reminders={"kadri": 30})
    kadri = next(f for f in again if f.calendar == "kadri")
    assert {e.sequence for e in kadri.events} == {0}
    assert kadri.changes.unchanged == len(kadri.events)


@pytest.mark.parametrize("minutes", [-5, 7 * 24 * 60 + 1])
def test_a_reminder_out_of_range_is_refused_with_the_agent_named(minutes):
    with pytest.raises(ValueError, match=f"reminder for kadri: .*not {minutes}"):
        build_calendars(sample.scenario(), sample.plan(), {}, now=NOW,
                        reminders={"kadri": minutes})


def test_each_event_as_a_resource_of_its_own_is_the_files_event_byte_for_byte():
    shifts = list(sample.shifts())
    shifts[0] = dataclasses.replace(shifts[0], note="Replaces Lena; ünïcödé " * 6)
    files = build_calendars(sample.scenario(), sample.plan(tuple(shifts)), {}, now=NOW,
                            reminders={"kadri": 30})
    for f in files:
        resources = f.resources()
        assert list(resources) == [str(e["UID"]) for e in
                                   icalendar.Calendar.from_ical(f.data).walk("VEVENT")]
        for uid, data in resources.items():
            assert b"METHOD" not in data  # RFC 4791: a stored calendar object has no METHOD
            assert_valid(data, uid)
            event = data[data.index(b"BEGIN:VEVENT"):data.index(b"END:VCALENDAR")]
            assert event in f.data
