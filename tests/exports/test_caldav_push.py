"""Pushing calendars to a real CalDAV server (Radicale on 127.0.0.1): the server ends up holding
exactly the events of the folder export, by UID; changes update in place, removed shifts are
cancelled, a second push writes nothing, and a calendar the server refuses is reported while
the others are pushed, its ledger left where it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coverage_app.services.caldav_push import push_calendars
from coverage_app.services.caldav_targets import (
    CalDavSettings,
    CalendarTarget,
    KeyringPasswords,
    keyring_service,
    read_targets,
)
from coverage_app.services.errors import UserError
from coverage_app.services.exporting import JsonLedger, export_calendars
from exports.ics import TEAM, uid_for
from tests.exports import sample
from tests.exports.caldav_helpers import MemoryKeyring, held, memory_keyring, shown
from tests.exports.periods import folder_events, period_plan, shift_id
from tests.exports.radicale import RadicaleServer, running_radicale

__all__ = ["memory_keyring"]  # the fixture, used by name

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
FIRST = date(2026, 11, 16)
DAYS = 4
USER, PASSWORD = "scheduler", "s3cret"
FILES = {"kadri": "Kadri T.ics", "lena": "Lena Schmidt.ics", "maria": "María López.ics",
         "liam": "Liam Walker.ics", TEAM: "team.ics"}


@pytest.fixture
def server(tmp_path) -> RadicaleServer:
    with running_radicale(tmp_path / "radicale",
                          users={USER: PASSWORD, "lena": "lena-pw"},
                          read_only=[f"{USER}/maria"]) as running:
        yield running


def team_server(server: RadicaleServer, keys: MemoryKeyring) -> CalDavSettings:
    keys.set_password(keyring_service(server.url), USER, PASSWORD)
    return CalDavSettings(server.collection(USER), USER)


def on_server(server: RadicaleServer, calendar: str) -> dict:
    return shown(server.collection(USER, calendar), USER, PASSWORD)


def in_folder(folder: Path, calendar: str) -> dict:
    name = FILES[calendar]
    return {uid: what for (file, uid), what in folder_events(folder).items() if file == name}


def test_push_update_cancel_and_a_second_push_that_writes_nothing(server, memory_keyring,
                                                                  tmp_path):
    scenario = sample.scenario()
    settings = team_server(server, memory_keyring)
    settings = CalDavSettings(settings.base_url, settings.username,
                              {"maria": CalendarTarget(server.collection(USER, "maria-own"),
                                                       USER)})
    # Maria's own calendar exists already and holds an appointment of hers.
    own = server.folder / "collections" / "collection-root" / USER / "maria-own"
    own.mkdir(parents=True)
    (own / ".Radicale.props").write_text('{"tag": "VCALENDAR"}')
    (own / "dentist.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist-1@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261117T150000Z\r\nDTEND:20261117T160000Z\r\nSUMMARY:Dentist\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    ledger = JsonLedger(tmp_path / "ledger.json")
    passwords = KeyringPasswords()
    plan = period_plan(scenario, FIRST, DAYS)

    first = push_calendars(scenario, plan, ledger, settings, passwords, now=NOW)
    assert not first.failed, [(c.who, c.error) for c in first.failed]
    by = {c.calendar: c for c in first.calendars}
    assert by["kadri"].created_calendar
    assert not by["maria"].created_calendar
    kadri_shifts = [s for s in plan.shifts if s.agent_id == "kadri"]
    assert by["kadri"].changes.created == len(kadri_shifts)
    assert first.totals.created == 2 * len(plan.shifts)
    # The same plan exported to a folder from a fresh ledger: the same events, field by field.
    fresh = tmp_path / "fresh"
    export_calendars(scenario, plan, fresh, now=NOW)
    for calendar in ("kadri", "lena", TEAM):
        assert on_server(server, calendar) == in_folder(fresh, calendar), calendar
    maria = shown(server.collection(USER, "maria-own"), USER, PASSWORD)
    assert maria.pop("dentist-1@example.org")[4] == "Dentist"
    assert maria == in_folder(fresh, "maria")
    assert {e.sequence for e in ledger.published_events("kadri").values()} == {0}

    # A shift moved an hour later and one dropped: same UIDs, higher SEQUENCE, no duplicate.
    moved, dropped = shift_id("kadri", FIRST), shift_id("kadri", FIRST + timedelta(days=1))
    changed = period_plan(scenario, FIRST, DAYS, later=[moved], drop=[dropped])
    second = push_calendars(scenario, changed, ledger, settings, passwords,
                            now=NOW + timedelta(hours=1))
    kadri = {c.calendar: c for c in second.calendars}["kadri"].changes
    assert (kadri.updated, kadri.cancelled, kadri.created, kadri.deleted) == (1, 1, 0, 0)
    assert kadri.unchanged == len(kadri_shifts) - 2
    events = on_server(server, "kadri")
    assert len(events) == len(kadri_shifts)  # one event per UID, none added
    sequence, status, start, *_ = events[uid_for("kadri", moved)]
    was = next(s for s in plan.shifts if s.id == moved)
    assert (sequence, status, start) == (1, "CONFIRMED", was.start + timedelta(hours=1))
    sequence, status, _, _, summary, _ = events[uid_for("kadri", dropped)]
    assert (sequence, status) == (1, "CANCELLED")
    assert summary.startswith("Cancelled: ")
    assert on_server(server, TEAM)[uid_for(TEAM, dropped)][:2] == (1, "CANCELLED")

    # Nothing changed: nothing is written (every ETag stays), and the ledger stays.
    etags = {uid: etag for uid, (_, etag, _) in
             held(server.collection(USER, "kadri"), USER, PASSWORD).items()}
    ledger_before = (tmp_path / "ledger.json").read_bytes()
    third = push_calendars(scenario, changed, ledger, settings, passwords,
                           now=NOW + timedelta(hours=2))
    assert third.totals.written == 0
    assert not third.failed
    assert third.totals.unchanged == second.totals.unchanged + second.totals.written
    assert {uid: etag for uid, (_, etag, _) in
            held(server.collection(USER, "kadri"), USER, PASSWORD).items()} == etags
    assert (tmp_path / "ledger.json").read_bytes() == ledger_before

    # The folder export from the same ledger writes exactly what the server holds.
    shared = tmp_path / "shared"
    export_calendars(scenario, changed, shared, ledger, now=NOW + timedelta(hours=3))
    for calendar in ("kadri", "lena", "liam", TEAM):
        assert on_server(server, calendar) == in_folder(shared, calendar), calendar


def test_refused_calendars_are_reported_the_others_pushed_and_their_ledger_kept(
        server, memory_keyring, tmp_path):
    """Lena's own account has a wrong password in the keyring, and the server lets the team
    account only read Maria's calendar: both are named with the reason, everyone else is
    pushed, and neither Lena's nor Maria's ledger moves. Fixed, a push again converges."""
    scenario = sample.scenario()
    settings = team_server(server, memory_keyring)
    lena_url = server.url + "lena/shifts/"
    settings = CalDavSettings(settings.base_url, USER,
                              {"lena": CalendarTarget(lena_url, "lena")})
    memory_keyring.set_password(keyring_service(server.url), "lena", "wrong")
    maria = server.folder / "collections" / "collection-root" / USER / "maria"
    maria.mkdir(parents=True)  # a calendar the team account may read, not write
    (maria / ".Radicale.props").write_text('{"tag": "VCALENDAR"}')
    ledger = JsonLedger(tmp_path / ".published.json")
    plan = period_plan(scenario, FIRST, DAYS)

    result = push_calendars(scenario, plan, ledger, settings, KeyringPasswords(), now=NOW)
    failed = {c.calendar: c.error for c in result.failed}
    assert set(failed) == {"lena", "maria"}
    assert failed["lena"].startswith("authentication failed for 'lena' at http://127.0.0.1")
    assert "403 Forbidden" in failed["maria"]
    assert "may not change this calendar" in failed["maria"]
    assert "Lena Schmidt (lena): authentication failed" in result.summary()
    assert ledger.published_events("lena") == {} == ledger.published_events("maria")
    assert ledger.published_events("kadri")
    assert ledger.published_events(TEAM)
    assert on_server(server, "kadri")  # the others were pushed
    assert on_server(server, "maria") == {}

    # The password fixed and Lena's calendar made: the next push completes the work.
    memory_keyring.set_password(keyring_service(server.url), "lena", "lena-pw")
    lena_home = server.folder / "collections" / "collection-root" / "lena" / "shifts"
    lena_home.mkdir(parents=True)
    (lena_home / ".Radicale.props").write_text('{"tag": "VCALENDAR"}')
    again = push_calendars(scenario, plan, ledger, settings, KeyringPasswords(), now=NOW)
    assert [c.calendar for c in again.failed] == ["maria"]
    by = {c.calendar: c.changes for c in again.calendars}
    assert by["lena"].created == len([s for s in plan.shifts if s.agent_id == "lena"])
    assert by["kadri"].written == 0
    assert by[TEAM].written == 0
    assert ledger.published_events("lena")
    assert shown(lena_url, "lena", "lena-pw")


def test_a_dry_run_reads_the_servers_and_says_what_would_change_writing_nothing(
        server, memory_keyring, tmp_path):
    scenario = sample.scenario()
    settings = team_server(server, memory_keyring)
    ledger = JsonLedger(tmp_path / ".published.json")
    plan = period_plan(scenario, FIRST, DAYS)
    push_calendars(scenario, plan, ledger, settings, KeyringPasswords(), now=NOW)
    before = (tmp_path / ".published.json").read_bytes()
    held_before = on_server(server, "kadri")
    gone = shift_id("kadri", FIRST)
    changed = period_plan(scenario, FIRST, DAYS, drop=[gone])

    dry = push_calendars(scenario, changed, ledger, settings, KeyringPasswords(),
                         now=NOW, dry_run=True)
    assert dry.dry_run
    assert not dry.failed
    kadri = {c.calendar: c for c in dry.calendars}["kadri"]
    assert kadri.changes.cancelled == 1
    assert kadri.changes.written == 1
    assert kadri.planned == ("cancelled: Cancelled: Phone duty 09:00–17:00 (starts Mon 16 Nov "
                             "09:00 Europe/Tallinn, SEQUENCE 1)",)
    assert on_server(server, "kadri") == held_before
    assert (tmp_path / ".published.json").read_bytes() == before
    # A calendar that does not exist yet would be created: the dry run says so, makes none.
    later = CalDavSettings(server.collection(USER, "next-year"), USER)
    new = push_calendars(scenario, changed, JsonLedger(tmp_path / "other.json"), later,
                         KeyringPasswords(), now=NOW, dry_run=True)
    assert all(c.created_calendar for c in new.calendars)
    assert not (server.folder / "collections" / "collection-root" / USER / "next-year").exists()


def test_events_of_ours_the_file_no_longer_holds_are_deleted_and_nobody_elses(
        server, memory_keyring, tmp_path):
    scenario = sample.scenario()
    settings = team_server(server, memory_keyring)
    ledger = JsonLedger(tmp_path / ".published.json")
    plan = period_plan(scenario, FIRST, DAYS)
    push_calendars(scenario, plan, ledger, settings, KeyringPasswords(), now=NOW)
    kadri = server.folder / "collections" / "collection-root" / USER / "kadri"
    for uid, summary in (("ghost@coverage-scheduler", "Old shift"),
                         ("ghost.team@coverage-scheduler", "A team copy"),
                         ("lunch@example.org", "Lunch")):
        (kadri / f"{uid.replace('@', '-')}.ics").write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261117T120000Z\r\n"
            f"DTEND:20261117T130000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    result = push_calendars(scenario, plan, ledger, settings, KeyringPasswords(), now=NOW)
    by = {c.calendar: c for c in result.calendars}
    assert by["kadri"].changes.deleted == 1
    assert by["kadri"].changes.written == 1
    left = on_server(server, "kadri")
    assert "ghost@coverage-scheduler" not in left
    assert {"ghost.team@coverage-scheduler", "lunch@example.org"} <= set(left)


def test_a_targets_file_is_checked_and_names_what_is_wrong(tmp_path):
    path = tmp_path / "caldav.json"
    path.write_text('{"format": "coverage-scheduler/caldav-targets", "version": 1, '
                    '"base_url": "ftp://x", "calendars": {"kadri": {"url": '
                    '"https://u:p@dav.example.com/k/"}, "lena": {"url": "https://d/l/", '
                    '"colour": "red"}}}')
    with pytest.raises(UserError) as caught:
        read_targets(path)
    said = str(caught.value)
    assert "base_url" in said
    assert "ftp://x" in said
    assert "calendars.kadri.url" in said
    assert "user name or password" in said
    assert "calendars.lena.colour" in said
    path.write_text('{"format": "coverage-scheduler/caldav-targets", "version": 1, '
                    '"calendars": {"kadrí": {"url": "https://dav.example.com/x/"}, '
                    '"kadri": {"url": "https://dav.example.com/k/"}, '
                    '"lena": {"url": "https://dav.example.com/k"}}}')
    settings = read_targets(path)
    with pytest.raises(UserError) as caught:
        push_calendars(sample.scenario(), sample.plan(), JsonLedger(tmp_path / "l.json"),
                       settings, KeyringPasswords(), now=NOW)
    said = str(caught.value)
    assert "calendars.kadrí" in said
    assert "did you mean 'kadri'?" in said
    assert "calendars.lena.url" in said
    assert "'kadri' is pushed to the same calendar" in said
    assert not (tmp_path / "l.json").exists()


def test_without_the_caldav_library_the_push_says_how_to_install_it(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "caldav", None)
    settings = CalDavSettings("https://dav.example.com/shifts/")
    with pytest.raises(UserError, match=r"pip install 'coverage-scheduler\[caldav\]'"):
        push_calendars(sample.scenario(), sample.plan(), JsonLedger(tmp_path / "l.json"),
                       settings, KeyringPasswords(), now=NOW)
