"""iCalendar export: one calendar per agent and one for the whole team (RFC 5545).

Event times are UTC (``...Z``): clients disagree on VTIMEZONE blocks, and every client shows a UTC
event in the viewer's zone. The agent's local start, end, zone and hours are in the description.

Re-importing must update, never duplicate, so this module is pure bookkeeping over a ledger of
what was published before (:class:`~models.domain.PublishedEvent`, one per shift and calendar):
- the UID is derived from the shift id (and the calendar), so it never changes;
- SEQUENCE rises each time what an event shows changes (a digest, ``fingerprint``, tells);
- a shift gone since the last export is sent as STATUS:CANCELLED with its old UID and a higher
  SEQUENCE, and sent again (unchanged) by later exports of periods it still falls in.

:func:`build_calendars` returns the files and the new ledger; the caller stores both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from exports.hours import ShiftHours, dst_note, format_hours, plan_hours
from exports.ics_surface import content_line
from exports.names import unique_stems
from models.domain import Plan, PublishedEvent, Scenario
from models.timerules import period_bounds, to_local

TEAM = "team"
PRODID = "-//Coverage Scheduler//Shifts 1.0//EN"
UID_DOMAIN = "coverage-scheduler"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Ledger = Mapping[str, Mapping[str, PublishedEvent]]  # calendar -> shift id -> last published


@dataclass(frozen=True, slots=True)
class CalendarChanges:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0  # newly cancelled by this export


@dataclass(frozen=True, slots=True)
class CalendarFile:
    """One .ics file and the ledger entries to store for its calendar after writing it."""

    calendar: str  # agent id or "team"
    file_name: str
    title: str
    data: bytes
    events: tuple[PublishedEvent, ...]
    changes: CalendarChanges = field(default_factory=CalendarChanges)


def uid_for(calendar: str, shift_id: str) -> str:
    """Stable per shift and calendar: the team calendar's copy has its own UID, so a client that
    shows both calendars never sees one UID in two places."""
    suffix = ".team" if calendar == TEAM else ""
    return f"{shift_id}{suffix}@{UID_DOMAIN}"


def stamp(instant: datetime) -> str:
    """``20261024T190000Z``."""
    t = instant.astimezone(UTC)
    return f"{t.year:04d}{t.month:02d}{t.day:02d}T{t.hour:02d}{t.minute:02d}{t.second:02d}Z"


def _day(moment: datetime) -> str:
    return f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]}"


def local_span(row: ShiftHours) -> str:
    """``22:00–06:00 Europe/Tallinn (Sat 24 Oct–Sun 25 Oct), 9 h: clocks go back this night``."""
    start, end = row.local_start, row.local_end
    days = _day(start) if start.date() == end.date() else f"{_day(start)}–{_day(end)}"
    note = dst_note(row)
    return (f"{start:%H:%M}–{end:%H:%M} {row.zone} ({days}), {format_hours(row.hours)}"
            f"{': ' + note if note else ''}")


@dataclass(frozen=True, slots=True)
class _Event:
    shift_id: str
    agent_id: str
    start: datetime
    end: datetime
    summary: str
    description: str
    dtstart: str = ""
    dtend: str = ""

    @property
    def fingerprint(self) -> str:
        text = "\x1f".join([self.dtstart or stamp(self.start), self.dtend or stamp(self.end),
                            self.summary, self.description])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _events(scenario: Scenario, row: ShiftHours) -> tuple[_Event, _Event]:
    """The shift as shown in the agent's calendar and in the team's."""
    agent = row.agent
    head = f"{agent.label} — {row.duty}"
    details = [local_span(row)]
    extras = [f"{label} {format_hours(value)}" for label, value in
              (("night", row.night_hours), ("weekend", row.weekend_hours),
               ("public holiday", row.holiday_hours)) if value]
    if extras:
        details.append("Of which " + ", ".join(extras))
    if row.holiday_names:
        details.append("Public holiday: " + ", ".join(row.holiday_names))
    if row.shift.note:
        details.append(row.shift.note)
    team_lines = [head, details[0]]
    reference = scenario.team.reference_zone
    if reference != row.zone:
        ref_start = to_local(row.shift.start, reference)
        ref_end = to_local(row.shift.end, reference)
        team_lines.append(f"{ref_start:%H:%M}–{ref_end:%H:%M} {reference} (team time)")
    team_lines += details[1:]
    shift = row.shift
    dtstart, dtend = stamp(shift.start), stamp(shift.end)
    mine = _Event(shift.id, agent.id, shift.start, shift.end, row.duty,
                  "\n".join([head, *details]), dtstart, dtend)
    team = _Event(shift.id, agent.id, shift.start, shift.end, f"{agent.label}: {row.duty}",
                  "\n".join(team_lines), dtstart, dtend)
    return mine, team


def _vevent(event: _Event, uid: str, sequence: int, dtstamp: str, cancelled: bool) -> bytes:
    parts = [
        b"BEGIN:VEVENT\r\n",
        content_line("UID", uid),
        content_line("DTSTAMP", dtstamp),
        content_line("DTSTART", event.dtstart or stamp(event.start)),
        content_line("DTEND", event.dtend or stamp(event.end)),
        b"SEQUENCE:%d\r\n" % sequence,
        b"STATUS:CANCELLED\r\n" if cancelled else b"STATUS:CONFIRMED\r\n",
        content_line("SUMMARY", event.summary, text=True),
        content_line("DESCRIPTION", event.description, text=True),
        b"TRANSP:TRANSPARENT\r\n" if cancelled else b"TRANSP:OPAQUE\r\n",
        b"END:VEVENT\r\n",
    ]
    return b"".join(parts)


def _calendar(title: str, description: str, events: Iterable[bytes]) -> bytes:
    head = [
        b"BEGIN:VCALENDAR\r\n",
        content_line("VERSION", "2.0"),
        content_line("PRODID", PRODID),
        content_line("CALSCALE", "GREGORIAN"),
        content_line("METHOD", "PUBLISH"),
        content_line("X-WR-CALNAME", title, text=True),
        content_line("X-WR-CALDESC", description, text=True),
    ]
    return b"".join([*head, *events, b"END:VCALENDAR\r\n"])


def build_calendar(calendar: str, title: str, description: str, events: list[_Event],
                   previous: Mapping[str, PublishedEvent], *, now: datetime,
                   keep_cancelled_after: datetime) -> tuple[bytes, tuple[PublishedEvent, ...],
                                                            CalendarChanges]:
    """One calendar's bytes and ledger, given its current events and what was published."""
    blocks: list[bytes] = []
    dtstamp = stamp(now)
    ledger: dict[str, PublishedEvent] = {}
    added = updated = unchanged = cancelled = 0
    for event in sorted(events, key=lambda e: (e.start, e.shift_id)):
        uid = uid_for(calendar, event.shift_id)
        fingerprint = event.fingerprint
        old = previous.get(event.shift_id)
        if old is None:
            sequence, added = 0, added + 1
        elif old.cancelled or old.fingerprint != fingerprint:
            sequence, updated = old.sequence + 1, updated + 1
        else:
            sequence, unchanged = old.sequence, unchanged + 1
        blocks.append(_vevent(event, uid, sequence, dtstamp, cancelled=False))
        ledger[event.shift_id] = PublishedEvent(uid, event.shift_id, event.agent_id, sequence,
                                                event.start, event.end, fingerprint)
    for shift_id, old in sorted(previous.items(), key=lambda item: (item[1].start, item[0])):
        if shift_id in ledger:
            continue
        gone = _Event(shift_id, old.agent_id, old.start, old.end, "Cancelled shift",
                      "This shift was removed from the rota.")
        if old.cancelled:
            entry = old
        else:
            cancelled += 1
            entry = PublishedEvent(old.uid, shift_id, old.agent_id, old.sequence + 1, old.start,
                                   old.end, gone.fingerprint, cancelled=True)
        if not old.cancelled or entry.end > keep_cancelled_after:
            blocks.append(_vevent(gone, entry.uid, entry.sequence, dtstamp, cancelled=True))
        ledger[shift_id] = entry
    data = _calendar(title, description, blocks)
    return data, tuple(ledger.values()), CalendarChanges(added, updated, unchanged, cancelled)


def build_calendars(scenario: Scenario, plan: Plan, published: Ledger, *,
                    now: datetime) -> list[CalendarFile]:
    """Every agent's calendar and the team's, as files plus their new ledgers.

    ``published`` holds what earlier exports said, by calendar (agent id or ``"team"``) and
    shift id; calendars missing from it start afresh. An agent with no shift in the plan still
    gets a file (empty, or carrying cancellations). A calendar in ``published`` whose agent has
    left the scenario gets a file of cancellations named by the agent id.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware UTC instant")
    agents = {a.id: a for a in scenario.agents}
    mine: dict[str, list[_Event]] = {a: [] for a in agents}
    team_events: list[_Event] = []
    for row in plan_hours(scenario, plan):
        agent_event, team_event = _events(scenario, row)
        mine[row.agent.id].append(agent_event)
        team_events.append(team_event)
    keep_after, _ = period_bounds(plan.period, scenario.team.reference_zone)
    extra = sorted(k for k in published if k != TEAM and k not in agents)
    stems = unique_stems([(a.id, a.label) for a in scenario.agents] + [(k, k) for k in extra],
                         reserved=[TEAM])
    files = []
    for agent_id, events in mine.items():
        agent = agents[agent_id]
        if not agent.active and not events and not published.get(agent_id):
            continue
        title = f"{agent.label} — shifts"
        files.append(_file(agent_id, f"{stems[agent_id]}.ics", title,
                           f"Shifts of {agent.label} in {scenario.team.name}", events,
                           published.get(agent_id, {}), now, keep_after))
    for agent_id in extra:
        files.append(_file(agent_id, f"{stems[agent_id]}.ics", f"{agent_id} — shifts",
                           "Shifts of a former team member", [], published[agent_id], now,
                           keep_after))
    files.append(_file(TEAM, f"{TEAM}.ics", f"{scenario.team.name} — all shifts",
                       f"Every shift of {scenario.team.name}", team_events,
                       published.get(TEAM, {}), now, keep_after))
    return files


def _file(calendar: str, file_name: str, title: str, description: str, events: list[_Event],
          previous: Mapping[str, PublishedEvent], now: datetime,
          keep_after: datetime) -> CalendarFile:
    data, ledger, changes = build_calendar(calendar, title, description, events, previous,
                                           now=now, keep_cancelled_after=keep_after)
    return CalendarFile(calendar, file_name, title, data, ledger, changes)
