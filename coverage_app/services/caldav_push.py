"""The "push calendars" use case (Qt-free): each agent's shifts written straight into a calendar
on a CalDAV server, so agents never import a file again.

The events are the folder export's, built by the same function from the same ledger
(:func:`exports.ics.build_calendar_export`): same UIDs, SEQUENCE, times, text and STATUS. The
server's calendar is made to hold exactly the events of the agent's file:
- an event the server lacks is created; one whose content differs is replaced (by UID);
- a shift removed from the plan is sent as cancelled, as in the file;
- an event of ours (our UID) that the file no longer holds is deleted; anyone else's events in
  the calendar (an agent's own appointments) are never touched;
- an event already as it should be is not written again, so pushing twice changes nothing.
What the server holds is compared, not only the ledger, so a push that failed half-way is
completed by running it again, and a push after a folder export still writes what changed.

Each calendar stands alone: a server that refuses one agent's calendar (wrong password, no
write access) is reported for that agent and the others are pushed. The ledger advances only
for the calendars whose push succeeded. A dry run reads the servers and says what would change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import icalendar

from coverage_app.services.caldav_server import ServerCalendar, ServerError, ServerEvent
from coverage_app.services.caldav_targets import (
    CalDavSettings,
    CalendarTarget,
    KeyringPasswords,
    PasswordError,
    Passwords,
    check_targets,
    read_targets,
)
from coverage_app.services.errors import UserError
from coverage_app.services.exporting import Ledger, calendar_keys, check_plan
from exports.ics import TEAM, CalendarFile, build_calendar_export, calendar_title
from exports.ics_earlier import read_earlier
from exports.ics_text import UID_DOMAIN
from models.domain import Plan, PublishedEvent, Scenario, utc_now
from models.timerules import to_local
from models.words import count

OpenCalendar = Callable[[CalendarTarget, str | None], ServerCalendar]


@dataclass(frozen=True, slots=True)
class PushChanges:
    created: int = 0
    updated: int = 0
    cancelled: int = 0  # sent as cancelled now (the server showed them confirmed, or not)
    deleted: int = 0  # events of ours the calendar no longer holds
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.created + self.updated + self.cancelled + self.deleted

    def __add__(self, other: PushChanges) -> PushChanges:
        return PushChanges(self.created + other.created, self.updated + other.updated,
                           self.cancelled + other.cancelled, self.deleted + other.deleted,
                           self.unchanged + other.unchanged)

    def words(self) -> str:
        """``12 updated, 1 cancelled`` (counts that are not zero), or ``no change``."""
        said = [f"{count} {word}" for word, count in (
            ("created", self.created), ("updated", self.updated),
            ("cancelled", self.cancelled), ("deleted", self.deleted),
            ("unchanged", self.unchanged)) if count]
        return ", ".join(said) or "no events"


@dataclass(frozen=True, slots=True)
class CalendarPush:
    """What happened (or, in a dry run, would happen) to one calendar."""

    calendar: str  # agent id or "team"
    who: str  # "Kadri T. (kadri)"
    url: str
    changes: PushChanges = field(default_factory=PushChanges)
    error: str | None = None
    created_calendar: bool = False
    planned: tuple[str, ...] = ()  # one line per change, e.g. "update: Phone duty Mon 5 Oct…"

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class PushResult:
    calendars: tuple[CalendarPush, ...]
    notes: tuple[str, ...] = ()
    dry_run: bool = False

    @property
    def failed(self) -> tuple[CalendarPush, ...]:
        return tuple(c for c in self.calendars if not c.ok)

    @property
    def totals(self) -> PushChanges:
        total = PushChanges()
        for pushed in self.calendars:
            total += pushed.changes
        return total

    def summary(self) -> str:
        """``12 updated, 1 cancelled; Kadri T. (kadri): authentication failed …``."""
        parts = [self.totals.words()]
        parts += [f"{c.who}: {c.error}" for c in self.failed]
        return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# The use case
# --------------------------------------------------------------------------------------------


def push_calendars(scenario: Scenario, plan: Plan, ledger: Ledger, settings: CalDavSettings,
                   passwords: Passwords, *, dry_run: bool = False, now: datetime | None = None,
                   reminders: Mapping[str, int] | None = None,
                   open_calendar: OpenCalendar = ServerCalendar) -> PushResult:
    """Push every calendar that has a target; see the module's description."""
    check_plan(scenario, plan)
    keys = calendar_keys(scenario, ledger)
    who = _labels(scenario, keys)
    check_targets(settings, who)
    published = {key: ledger.published_events(key) for key in keys}
    servers: dict[str, _Server] = {}
    try:
        return _push_all(scenario, plan, ledger, settings, passwords, keys, who, published,
                         servers, dry_run=dry_run, now=now or utc_now(), reminders=reminders,
                         open_calendar=open_calendar)
    finally:
        for server in servers.values():
            server.calendar.close()


def _push_all(scenario: Scenario, plan: Plan, ledger: Ledger, settings: CalDavSettings,
              passwords: Passwords, keys: list[str], who: Mapping[str, str],
              published: Mapping[str, Mapping[str, PublishedEvent]],
              servers: dict[str, _Server], *, dry_run: bool, now: datetime,
              reminders: Mapping[str, int] | None, open_calendar: OpenCalendar) -> PushResult:
    notes: list[str] = []
    results: dict[str, CalendarPush] = {}
    for key in keys:
        target = settings.target(key)
        if target is None:
            if key != TEAM:
                notes.append(f"{who[key]}: no calendar address in the targets file; "
                             "not pushed")
            continue
        try:
            servers[key] = _connect(target, passwords, open_calendar, dry_run,
                                    calendar_title(scenario.team.name, _whose(scenario, key)))
        except (ServerError, PasswordError) as error:
            results[key] = CalendarPush(key, who[key], target.url, error=str(error))
    export = build_calendar_export(
        scenario, plan, {k: v for k, v in published.items() if v}, now=now,
        earlier=lambda: read_earlier(e.data for s in servers.values() for e in s.held.values()),
        reminders=reminders)
    files = {f.calendar: f for f in export.files}
    zones = {a.id: a.time_zone for a in scenario.agents}
    for key, server in servers.items():
        results[key] = _push_one(key, who[key], server, files.get(key), ledger, dry_run,
                                 zones.get(key, scenario.team.reference_zone))
    ordered = tuple(results[k] for k in keys if k in results)
    return PushResult(ordered, tuple(notes), dry_run)


@dataclass(slots=True)
class _Server:
    calendar: ServerCalendar
    held: dict[str, ServerEvent]  # what the calendar holds, by UID
    created: bool  # the calendar is (in a dry run: would be) created by this push


def _connect(target: CalendarTarget, passwords: Passwords, open_calendar: OpenCalendar,
             dry_run: bool, display_name: str) -> _Server:
    password = (passwords.password(target.url, target.username)
                if target.username is not None else None)
    calendar = open_calendar(target, password)
    try:
        if calendar.exists():
            return _Server(calendar, calendar.events(), created=False)
        if not target.create:
            raise ServerError(f"no calendar at {target.url}; create it in the calendar app "
                              "(or on the server) first, or check the address")
        if not dry_run:
            calendar.create(display_name)
        return _Server(calendar, {}, created=True)
    except ServerError:
        calendar.close()
        raise


def _push_one(key: str, who: str, server: _Server, file: CalendarFile | None, ledger: Ledger,
              dry_run: bool, zone: str) -> CalendarPush:
    wanted = file.resources() if file is not None else {}
    counts = dict.fromkeys(("created", "updated", "cancelled", "deleted", "unchanged"), 0)
    planned: list[str] = []
    steps: list[tuple[str, Callable[[], None]]] = []  # (what it counts as, the write)
    for uid, data in wanted.items():
        held = server.held.get(uid)
        new = _shown(data)
        if held is not None and _shown(held.data) == new:
            counts["unchanged"] += 1
            continue
        if new.cancelled and (held is None or not _shown(held.data).cancelled):
            change = "cancelled"
        else:
            change = "created" if held is None else "updated"
        counts[change] += 1
        planned.append(f"{change}: {new.describe(zone)}")
        steps.append((change, _writer(server.calendar, uid, held, data)))
    for uid, held in server.held.items():
        if uid not in wanted and _ours(key, uid):
            counts["deleted"] += 1
            planned.append(f"deleted: {_shown(held.data).describe(zone)}")
            steps.append(("deleted", _deleter(server.calendar, held)))
    changes = PushChanges(**counts)
    url = server.calendar.url
    if dry_run:
        return CalendarPush(key, who, url, changes, created_calendar=server.created,
                            planned=tuple(planned))
    done = dict.fromkeys(counts, 0) | {"unchanged": counts["unchanged"]}
    for number, (change, step) in enumerate(steps):
        try:
            step()
        except ServerError as error:
            left = len(steps) - number
            return CalendarPush(key, who, url, PushChanges(**done),
                                error=f"{error} ({count(left, 'change')} not made; pushing again "
                                      "completes them)",
                                created_calendar=server.created, planned=tuple(planned))
        done[change] += 1
    if file is not None:
        ledger.save_published_events(key, file.events)  # only now: the push succeeded
    return CalendarPush(key, who, url, changes, created_calendar=server.created,
                        planned=tuple(planned))


def _writer(calendar: ServerCalendar, uid: str, held: ServerEvent | None,
            data: bytes) -> Callable[[], None]:
    if held is None:
        return lambda: calendar.add(uid, data)
    return lambda: calendar.replace(held, data)


def _deleter(calendar: ServerCalendar, held: ServerEvent) -> Callable[[], None]:
    return lambda: calendar.delete(held)


def _ours(calendar: str, uid: str) -> bool:
    """Whether an event in a calendar was put there by a push of this calendar: our UID
    domain, and the team copy's suffix only in the team calendar."""
    if not uid.endswith(f"@{UID_DOMAIN}"):
        return False
    return uid.endswith(f".team@{UID_DOMAIN}") == (calendar == TEAM)


# --------------------------------------------------------------------------------------------
# Comparing what the server holds with what the file says
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shown:
    """What a client shows of an event; DTSTAMP (the time of writing) is left out."""

    sequence: int
    status: str
    start: datetime | None
    end: datetime | None
    summary: str
    description: str
    transparency: str
    alarms: tuple[tuple[str, timedelta | datetime | None, str], ...]

    @property
    def cancelled(self) -> bool:
        return self.status == "CANCELLED"

    def describe(self, zone: str) -> str:
        when = (f"starts {to_local(self.start, zone):%a %d %b %H:%M} {zone}, "
                if self.start is not None else "")
        return f"{self.summary} ({when}SEQUENCE {self.sequence})"


def _shown(data: bytes) -> _Shown:
    try:
        calendar = icalendar.Calendar.from_ical(data)
        event = next(iter(calendar.walk("VEVENT")))
        start, end = event.decoded("DTSTART", None), event.decoded("DTEND", None)
        sequence = int(event.get("SEQUENCE", 0))
    except (ValueError, KeyError, TypeError, IndexError, StopIteration):
        return _Shown(-1, "", None, None, "", "", "", ())  # unreadable: differs from ours
    alarms = tuple(sorted(((str(a.get("ACTION", "")), a.decoded("TRIGGER", None),
                            str(a.get("DESCRIPTION", ""))) for a in event.walk("VALARM")),
                          key=repr))
    return _Shown(sequence, str(event.get("STATUS", "")),
                  start if isinstance(start, datetime) else None,
                  end if isinstance(end, datetime) else None,
                  str(event.get("SUMMARY", "")), str(event.get("DESCRIPTION", "")),
                  str(event.get("TRANSP", "")), alarms)


def _whose(scenario: Scenario, key: str) -> str:
    if key == TEAM:
        return "all shifts"
    agent = next((a for a in scenario.agents if a.id == key), None)
    return agent.label if agent is not None else key


def _labels(scenario: Scenario, keys: list[str]) -> dict[str, str]:
    agents = {a.id: a for a in scenario.agents}
    labels = {}
    for key in keys:
        agent = agents.get(key)
        if key == TEAM:
            labels[key] = "Team calendar"
        elif agent is None:
            labels[key] = f"Former team member {key}"
        else:
            labels[key] = f"{agent.label} ({key})"
    return labels


def push_with_targets_file(scenario: Scenario, plan: Plan, targets: Path | None, ledger: Ledger,
                           *, dry_run: bool = False) -> PushResult:
    """The app's push: targets from the settings file, passwords from the system keyring."""
    if targets is None:
        raise UserError.say("choose the CalDAV targets file first", "", "targets file",
                            "see \"Pushing to calendar servers\" in the calendar help")
    return push_calendars(scenario, plan, ledger, read_targets(targets), KeyringPasswords(),
                          dry_run=dry_run)
