"""Calendars agents import: right instants in three parsers, a clean RFC 5545 surface, and
re-imports that update and cancel instead of duplicating."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import icalendar
import ics
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.ics import TEAM, build_calendars, uid_for
from exports.ics_surface import fold, surface_problems
from models.domain import Period, Plan
from tests.exports import sample
from tests.exports.periods import assert_valid

NOW = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)
NOTE = "Замена: Иван; звонки, чат \\ резерв\nвторая строка, ünïcödé 🎧 " * 3


def noted_plan() -> Plan:
    shifts = list(sample.shifts())
    shifts[0] = dataclasses.replace(shifts[0], note=NOTE)
    return sample.plan(tuple(shifts))


@pytest.fixture(scope="module")
def files():
    return build_calendars(sample.scenario(), noted_plan(), {}, now=NOW)


def expected(plan: Plan, calendar: str) -> dict[str, tuple[datetime, datetime]]:
    return {uid_for(calendar, s.id): (s.start, s.end) for s in plan.shifts
            if calendar in (TEAM, s.agent_id)}


def by_icalendar(data: bytes) -> dict[str, tuple[datetime, datetime, str]]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND"), str(e.get("STATUS")))
            for e in cal.walk("VEVENT")}


def by_vobject(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    cal = vobject.readOne(data.decode("utf-8"))
    return {e.uid.value: (e.dtstart.value, e.dtend.value)
            for e in getattr(cal, "vevent_list", [])}


def by_ics(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    cal = ics.Calendar(data.decode("utf-8"))
    return {e.uid: (e.begin.datetime, e.end.datetime) for e in cal.events}


def test_one_file_per_agent_and_one_for_the_team(files):
    names = [f.file_name for f in files]
    assert names[-1] == "team.ics"
    assert "Kadri T.ics" in names  # display names, not ids
    assert "María López.ics" in names
    assert len(set(n.casefold() for n in names)) == len(names) == 6


@pytest.mark.parametrize("parse", [by_icalendar, by_vobject, by_ics])
def test_three_parsers_read_every_event_at_the_instants_of_the_plan(files, parse):
    plan = noted_plan()
    for f in files:
        events = parse(f.data)
        want = expected(plan, f.calendar)
        assert set(events) == set(want), f.file_name
        for uid, (start, end) in want.items():
            got_start, got_end = events[uid][:2]
            assert got_start.utcoffset() == timedelta(0)
            assert (got_start, got_end) == (start, end), uid


def test_calendar_header_names_the_agent_and_has_no_time_zone_blocks(files):
    kadri = next(f for f in files if f.calendar == "kadri")
    cal = icalendar.Calendar.from_ical(kadri.data)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert "Coverage Scheduler" in str(cal["PRODID"])
    names = vobject.readOne(kadri.data.decode()).contents
    for name in ("name", "x-wr-calname"):  # icalendar leaves these two escaped
        assert names[name][0].value == "Night & Day; Support, Inc. — Kadri T.", name
    text = kadri.data.decode()
    assert "X-WR-TIMEZONE" not in text
    assert "VTIMEZONE" not in text
    for line in text.splitlines():
        if line.startswith(("DTSTART", "DTEND", "DTSTAMP")):
            assert line.endswith("Z"), line


def test_description_gives_local_times_zone_and_real_hours(files):
    kadri = by_vobject_descriptions(next(f for f in files if f.calendar == "kadri").data)
    night = kadri[uid_for("kadri", "kadri-1024")]
    assert "22:00–06:00 Europe/Tallinn (Sat 24 Oct–Sun 25 Oct), 9 h: clocks go back this night" \
        in night
    assert NOTE.replace("\r\n", "\n").strip() in night
    liam = by_vobject_descriptions(next(f for f in files if f.calendar == "liam").data)
    assert "7 h: clocks go forward this night" in liam[uid_for("liam", "liam-1003")]
    assert "Public holiday: Labor Day" in liam[uid_for("liam", "liam-1005")]


def by_vobject_descriptions(data: bytes) -> dict[str, str]:
    cal = vobject.readOne(data.decode("utf-8"))
    return {e.uid.value: e.description.value for e in cal.vevent_list}


def test_titles_carry_the_duty(files):
    summaries = {str(e["UID"]): str(e["SUMMARY"]) for f in files
                 for e in icalendar.Calendar.from_ical(f.data).walk("VEVENT")}
    assert summaries[uid_for("kadri", "kadri-1005")] == "Phone duty"
    assert summaries[uid_for("kadri", "kadri-1002")] == "Chat, E-mail"
    assert summaries[uid_for(TEAM, "kadri-1005")] == "Kadri T.: Phone duty"


def test_every_file_has_crlf_lines_folded_at_75_octets_and_escaped_text(files):
    for f in files:
        assert surface_problems(f.data) == [], f.file_name
    kadri = next(f for f in files if f.calendar == "kadri").data
    for escaped in (b"\\;", b"\\,", b"\\\\", b"\\n"):
        assert escaped in kadri
    assert max(len(line) for line in kadri.split(b"\r\n")) > 70  # long lines were folded


def test_surface_checker_catches_what_parsers_forgive():
    good = b"BEGIN:VCALENDAR\r\nSUMMARY:a\\, b\r\nEND:VCALENDAR\r\n"
    assert surface_problems(good) == []
    assert surface_problems(good.replace(b"\r\n", b"\n"))
    assert surface_problems(b"SUMMARY:" + b"x" * 80 + b"\r\n")
    assert surface_problems(b"SUMMARY:a, b\r\n")
    assert surface_problems(b"DESCRIPTION:a\\x\r\n")
    euro = "€".encode()
    split = b"SUMMARY:" + b"x" * 66 + euro[:1] + b"\r\n " + euro[1:] + b"\r\n"
    assert any("UTF-8" in p for p in surface_problems(split))


@pytest.mark.parametrize("text", ["x" * 200, "Ж" * 100, "€🎧" * 60, "a" * 74 + "€" * 3])
def test_folding_never_splits_a_character_and_unfolds_to_the_original(text):
    folded = fold(f"SUMMARY:{text}")
    assert surface_problems(folded) == []
    assert folded.replace(b"\r\n ", b"").decode() == f"SUMMARY:{text}\r\n"


def sequences(data: bytes) -> dict[str, tuple[int, str]]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): (int(e["SEQUENCE"]), str(e["STATUS"])) for e in cal.walk("VEVENT")}


def ledger_of(files) -> dict[str, dict[str, object]]:
    return {f.calendar: {e.shift_id: e for e in f.events} for f in files}


def test_reexport_updates_changed_cancels_removed_and_keeps_uids():
    scenario = sample.scenario()
    first = build_calendars(scenario, sample.plan(), {}, now=NOW)
    shifts = list(sample.shifts())
    moved = next(i for i, s in enumerate(shifts) if s.id == "kadri-1005")
    shifts[moved] = dataclasses.replace(shifts[moved], end=shifts[moved].end + timedelta(hours=1))
    removed = next(s for s in shifts if s.id == "kadri-1002")
    shifts.remove(removed)
    second = build_calendars(scenario, sample.plan(tuple(shifts)), ledger_of(first), now=LATER)
    kadri = sequences(next(f for f in second if f.calendar == "kadri").data)
    assert kadri == {
        uid_for("kadri", "kadri-1005"): (1, "CONFIRMED"),  # changed: sequence raised
        uid_for("kadri", "kadri-1024"): (0, "CONFIRMED"),  # untouched
        uid_for("kadri", "kadri-1002"): (1, "CANCELLED"),  # removed: sent as cancelled
    }
    team = sequences(next(f for f in second if f.calendar == TEAM).data)
    assert team[uid_for(TEAM, "kadri-1002")] == (1, "CANCELLED")
    assert team[uid_for(TEAM, "lena-1024")] == (0, "CONFIRMED")
    changes = next(f for f in second if f.calendar == "kadri").changes
    assert (changes.updated, changes.unchanged, changes.cancelled) == (1, 1, 1)

    # The same plan again: nothing rises, the cancellation is repeated, not re-counted.
    third = build_calendars(scenario, sample.plan(tuple(shifts)), ledger_of(second), now=LATER)
    assert sequences(next(f for f in third if f.calendar == "kadri").data) == kadri
    # The shift comes back: it keeps its UID and gets a higher sequence.
    fourth = build_calendars(scenario, sample.plan(), ledger_of(third), now=LATER)
    back = sequences(next(f for f in fourth if f.calendar == "kadri").data)
    assert back[uid_for("kadri", "kadri-1002")] == (2, "CONFIRMED")


def test_ledger_records_what_was_published():
    files = build_calendars(sample.scenario(), sample.plan(), {}, now=NOW)
    kadri = next(f for f in files if f.calendar == "kadri")
    entry = {e.shift_id: e for e in kadri.events}["kadri-1024"]
    shift = next(s for s in sample.shifts() if s.id == "kadri-1024")
    assert (entry.uid, entry.sequence, entry.start, entry.end, entry.cancelled) == (
        uid_for("kadri", "kadri-1024"), 0, shift.start, shift.end, False)


def test_agent_gone_from_the_scenario_gets_its_shifts_cancelled():
    scenario = sample.scenario()
    first = build_calendars(scenario, sample.plan(), {}, now=NOW)
    without_liam = dataclasses.replace(
        scenario, agents=tuple(a for a in scenario.agents if a.id != "liam"))
    shifts = tuple(s for s in sample.shifts() if s.agent_id != "liam")
    second = build_calendars(without_liam, sample.plan(shifts), ledger_of(first), now=LATER)
    liam = next(f for f in second if f.calendar == "liam")
    assert liam.file_name == "liam.ics"
    assert set(sequences(liam.data).values()) == {(1, "CANCELLED")}


def test_a_former_agents_events_of_other_periods_are_kept():
    """Judged in the team's zone (the agent's is no longer known): a plan for December cancels
    none of the October shifts of someone who has left."""
    scenario = sample.scenario()
    first = build_calendars(scenario, sample.plan(), {}, now=NOW)
    without_liam = dataclasses.replace(
        scenario, agents=tuple(a for a in scenario.agents if a.id != "liam"))
    december = Plan(Period(date(2026, 12, 7), 7), ())
    second = build_calendars(without_liam, december, ledger_of(first), now=LATER)
    liam = next(f for f in second if f.calendar == "liam")
    assert set(sequences(liam.data).values()) == {(0, "CONFIRMED")}
    assert liam.changes.kept == 2


def test_every_file_is_a_valid_calendar(files):
    for f in files:
        assert_valid(f.data, f.file_name)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        build_calendars(sample.scenario(), sample.plan(), {}, now=datetime(2026, 1, 1))


@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                           whitelist_characters="\n,;\\:\""), max_size=300))
def test_any_text_survives_escaping_and_folding(text):
    from exports.ics_surface import content_line

    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
            b"UID:x@y\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T000000Z\r\n"
            + content_line("SUMMARY", text, text=True) + b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert surface_problems(data) == []
    event = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["SUMMARY"]) == text
