"""What a calendar event says (title, description, times) and how it is written (RFC 5545).

Event times are UTC (``...Z``): clients disagree on VTIMEZONE blocks, and every client shows a UTC
event in the viewer's zone. The agent's local start, end, zone and hours are in the description.
The ledger keeps what an event shows and its digest (:attr:`EventText.fingerprint`), so an
export can tell whether an event changed and whether a text (kept in the ledger, or read back
from a file) is the one that was published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from exports.hours import ShiftHours, dst_note, format_hours
from exports.ics_surface import content_line
from models.domain import Scenario, Shift
from models.timerules import to_local

TEAM = "team"
PRODID = "-//Coverage Scheduler//Shifts 1.0//EN"
# How often a subscribed calendar is fetched again (RFC 7986 REFRESH-INTERVAL, and the older
# X-PUBLISHED-TTL that Outlook and Apple Calendar read).
REFRESH = "PT1H"
MAX_REMINDER_MINUTES = 7 * 24 * 60  # a reminder at most a week before the shift
UID_DOMAIN = "coverage-scheduler"
CANCELLED_NOTE = "This shift was removed from the rota."
LEGACY_CANCELLED_TITLE = "Cancelled shift"  # what exports before titled cancellations kept
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


def _lines(text: str) -> str:
    """Line breaks as the file writes them (CR LF and CR become LF), so the digest of what is
    written equals the digest of what a parser reads back."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True, slots=True)
class EventText:
    """What one event shows: a shift's times, title and description."""

    shift_id: str
    agent_id: str
    start: datetime
    end: datetime
    summary: str
    description: str

    @property
    def fingerprint(self) -> str:
        text = "\x1f".join([stamp(self.start), stamp(self.end), self.summary, self.description])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def standby_note(scenario: Scenario, shift: Shift) -> str:
    """What a standby shift asks of the agent: be reachable, and at work within the reach."""
    reach = next((r.standby_reach_minutes for t in (scenario.target, *scenario.targets)
                  for r in t.requirements if r.id == shift.duty), 0)
    within = f" and at work within {reach} minutes of a call" if reach else ""
    return f"On standby: not at work unless called; be reachable{within}."


def shift_texts(scenario: Scenario, row: ShiftHours) -> tuple[EventText, EventText]:
    """The shift as shown in the agent's calendar and in the team's."""
    agent = row.agent
    head = f"{agent.label} — {row.duty}"
    details = [local_span(row)]
    if row.shift.is_standby:
        details.append(standby_note(scenario, row.shift))
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
    mine = EventText(shift.id, agent.id, shift.start, shift.end, row.duty,
                     _lines("\n".join([head, *details])))
    team = EventText(shift.id, agent.id, shift.start, shift.end, f"{agent.label}: {row.duty}",
                     _lines("\n".join(team_lines)))
    return mine, team


def cancelled_text(shown: EventText, zone_name: str | None) -> EventText:
    """A cancellation keeps the title it replaces: ``Cancelled: Phone duty 22:00–06:00`` (local
    times in the agent's zone; left out when the agent, and so the zone, is no longer known)."""
    times = ""
    if zone_name is not None:
        start, end = to_local(shown.start, zone_name), to_local(shown.end, zone_name)
        times = f" {start:%H:%M}–{end:%H:%M}"
    return EventText(shown.shift_id, shown.agent_id, shown.start, shown.end,
                     f"Cancelled: {shown.summary}{times}",
                     f"{CANCELLED_NOTE}\n\n{shown.description}")


def legacy_cancelled_text(shift_id: str, agent_id: str, start: datetime,
                          end: datetime) -> EventText:
    """How cancellations looked before they kept their title (still in older ledgers)."""
    return EventText(shift_id, agent_id, start, end, LEGACY_CANCELLED_TITLE, CANCELLED_NOTE)


def valarm(event: EventText, minutes: int) -> bytes:
    """A reminder ``minutes`` before the shift starts (a notification showing its title)."""
    if not 0 <= minutes <= MAX_REMINDER_MINUTES:
        raise ValueError(f"a reminder is 0 to {MAX_REMINDER_MINUTES} minutes before the "
                         f"shift, not {minutes}")
    return b"".join([
        b"BEGIN:VALARM\r\n",
        b"ACTION:DISPLAY\r\n",
        content_line("DESCRIPTION", event.summary, text=True),
        content_line("TRIGGER", f"-PT{minutes}M" if minutes else "PT0M"),
        b"END:VALARM\r\n",
    ])


def vevent(event: EventText, uid: str, sequence: int, dtstamp: str, cancelled: bool,
           reminder_minutes: int | None = None) -> bytes:
    """One event; a cancelled one never carries a reminder."""
    alarm = (valarm(event, reminder_minutes)
             if reminder_minutes is not None and not cancelled else b"")
    parts = [
        b"BEGIN:VEVENT\r\n",
        content_line("UID", uid),
        content_line("DTSTAMP", dtstamp),
        content_line("DTSTART", stamp(event.start)),
        content_line("DTEND", stamp(event.end)),
        b"SEQUENCE:%d\r\n" % sequence,
        b"STATUS:CANCELLED\r\n" if cancelled else b"STATUS:CONFIRMED\r\n",
        content_line("SUMMARY", event.summary, text=True),
        content_line("DESCRIPTION", event.description, text=True),
        b"TRANSP:TRANSPARENT\r\n" if cancelled else b"TRANSP:OPAQUE\r\n",
        alarm,
        b"END:VEVENT\r\n",
    ]
    return b"".join(parts)


def vcalendar(title: str, description: str, events: Iterable[bytes]) -> bytes:
    """A calendar file around ``events``; the caller gives at least one (RFC 5545 wants one).
    Its name (RFC 7986 NAME, and X-WR-CALNAME for the clients that read only that) is what a
    subscription is called, and it asks to be fetched again every hour."""
    head = [
        b"BEGIN:VCALENDAR\r\n",
        content_line("VERSION", "2.0"),
        content_line("PRODID", PRODID),
        content_line("CALSCALE", "GREGORIAN"),
        content_line("METHOD", "PUBLISH"),
        content_line("NAME", title, text=True),
        content_line("X-WR-CALNAME", title, text=True),
        content_line("X-WR-CALDESC", description, text=True),
        content_line("REFRESH-INTERVAL;VALUE=DURATION", REFRESH),
        content_line("X-PUBLISHED-TTL", REFRESH),
    ]
    return b"".join([*head, *events, b"END:VCALENDAR\r\n"])


def event_resource(event: bytes) -> bytes:
    """One event as a calendar object of its own, as a CalDAV server stores it (RFC 4791
    4.1: one UID per resource, and no METHOD property)."""
    head = [
        b"BEGIN:VCALENDAR\r\n",
        content_line("VERSION", "2.0"),
        content_line("PRODID", PRODID),
        content_line("CALSCALE", "GREGORIAN"),
    ]
    return b"".join([*head, event, b"END:VCALENDAR\r\n"])
