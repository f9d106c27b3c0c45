"""iCalendar export: one calendar per agent and one for the whole team (RFC 5545).

Re-importing must update, never duplicate, so this module is bookkeeping over a ledger of what
was published before (:class:`~models.domain.PublishedEvent`, one per shift and calendar):
- the UID is derived from the shift id (and the calendar), so it never changes;
- SEQUENCE rises each time what an event shows changes (a digest, ``fingerprint``, tells);
- a plan speaks for its own period only. For each agent that is the UTC span from 00:00 of the
  period's first day to 00:00 of the day after its last day, in the agent's zone
  (:func:`period_scope`); a shift belongs to the local day it starts on, so a night that starts
  on the last day belongs to the period although it ends after it. A published event that
  starts in that span and whose shift the plan no longer has is sent as STATUS:CANCELLED, with
  its old UID, a higher SEQUENCE and its title (``Cancelled: Phone duty 22:00–06:00``);
- events of other periods are written again exactly as they were (UID, SEQUENCE, STATUS, title,
  description): the file is the agent's whole calendar, and a subscription drops what the file
  leaves out. Their text is the one the ledger kept (``summary``, ``description``), checked
  against its digest. Ledgers written before the text was kept have none: for those entries it
  is read back from the files written before (:mod:`exports.ics_earlier`, only when needed),
  or rebuilt from the team data when not found there, and then kept in the new ledger;
- a calendar with nothing to publish, nothing to cancel and nothing kept gets no file (RFC 5545
  wants at least one component) and says so (:class:`SkippedCalendar`);
- each file is named "<team> — <agent>" and asks subscribers to fetch it again every hour; an
  agent's confirmed shifts may carry a reminder (``reminders``: minutes before, per agent).

A CalDAV server stores each event as a resource of its own: :meth:`CalendarFile.resources`
gives the same events, byte for byte, one per UID.

:func:`build_calendar_export` returns the files with their new ledgers; the caller stores both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from exports.hours import ShiftHours, plan_hours
from exports.ics_earlier import Earlier, ShownEvent
from exports.ics_text import (
    MAX_REMINDER_MINUTES,
    TEAM,
    EventText,
    cancelled_text,
    event_resource,
    legacy_cancelled_text,
    shift_texts,
    stamp,
    uid_for,
    vcalendar,
    vevent,
)
from exports.labels import ON_DUTY, duty_labeller
from exports.names import unique_stems
from models.domain import Agent, DutyKind, Period, Plan, PublishedEvent, Scenario, Shift
from models.timerules import period_bounds

__all__ = ["MAX_REMINDER_MINUTES", "TEAM", "CalendarChanges", "CalendarExport", "CalendarFile",
           "Ledger", "SkippedCalendar", "build_calendar_export", "build_calendars",
           "calendar_title", "period_scope", "stamp", "uid_for"]

Ledger = Mapping[str, Mapping[str, PublishedEvent]]  # calendar -> shift id -> last published


@dataclass(frozen=True, slots=True)
class CalendarChanges:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0  # newly cancelled by this export
    kept: int = 0  # events of other periods, written again as they were
    rebuilt: int = 0  # earlier events whose text was not found in the files: rebuilt


@dataclass(frozen=True, slots=True)
class CalendarFile:
    """One .ics file and the ledger entries to store for its calendar after writing it."""

    calendar: str  # agent id or "team"
    file_name: str
    title: str
    data: bytes
    events: tuple[PublishedEvent, ...]
    changes: CalendarChanges = field(default_factory=CalendarChanges)
    vevents: tuple[tuple[str, bytes], ...] = ()  # (UID, VEVENT) in the order of the file

    def resources(self) -> dict[str, bytes]:
        """Each event of the file as a calendar object of its own, by UID (for CalDAV)."""
        return {uid: event_resource(vevent) for uid, vevent in self.vevents}


@dataclass(frozen=True, slots=True)
class SkippedCalendar:
    """A calendar with nothing to publish and nothing to cancel: no file is written for it."""

    calendar: str  # agent id or "team"
    message: str  # "Kadri T. (kadri): no shifts from … to … and nothing to cancel; …"


@dataclass(frozen=True, slots=True)
class CalendarExport:
    files: tuple[CalendarFile, ...]
    skipped: tuple[SkippedCalendar, ...] = ()


@lru_cache(maxsize=1024)  # asked once per published event, for a handful of zones
def period_scope(period: Period, zone_name: str) -> tuple[datetime, datetime]:
    """The UTC span in which a shift of ``period`` starts, for an agent in ``zone_name``:
    from 00:00 of the first local day to 00:00 of the day after the last (both in that zone).
    A shift may end after the span; it belongs to the local day it starts on."""
    return period_bounds(period, zone_name)


class _EarlierFiles:
    """The events of the files written before, read on first need: only entries of older
    ledgers, which did not keep their text, need them."""

    def __init__(self, source: Earlier | Callable[[], Earlier] | None) -> None:
        self._source = source
        self._found: Earlier | None = None

    def shown(self, uid: str) -> Sequence[ShownEvent]:
        if self._found is None:
            source = self._source
            self._found = (source() if callable(source) else source) or {}
        return self._found.get(uid, ())


@dataclass(frozen=True, slots=True)
class _Context:
    scenario: Scenario
    period: Period
    earlier: _EarlierFiles
    zones: Mapping[str, str]  # agent id -> time zone, for the agents of the scenario

    def zone(self, agent_id: str) -> str | None:
        return self.zones.get(agent_id)

    def in_period(self, entry: PublishedEvent) -> bool:
        """Whether the plan speaks for this event; an agent who left the team is judged in
        the team's reference zone."""
        zone = self.zones.get(entry.agent_id, self.scenario.team.reference_zone)
        start, end = period_scope(self.period, zone)
        return start <= entry.start < end


def build_calendar_export(scenario: Scenario, plan: Plan, published: Ledger, *, now: datetime,
                          earlier: Earlier | Callable[[], Earlier] | None = None,
                          reminders: Mapping[str, int] | None = None) -> CalendarExport:
    """Every agent's calendar and the team's, as files plus their new ledgers.

    ``published`` holds what earlier exports said, by calendar (agent id or ``"team"``) and
    shift id; calendars missing from it start afresh. ``earlier`` holds the events of the files
    written before, by UID (:func:`exports.ics_earlier.read_earlier`), or a function that reads
    them; it is asked only for ledger entries without their text (older ledgers). A calendar in
    ``published`` whose agent has left the scenario gets a file named by the agent id.
    ``reminders`` gives, by agent id, how many minutes before each confirmed shift the agent's
    calendar reminds them (none by default; the team calendar never does).
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware UTC instant")
    reminders = dict(reminders or {})
    for agent_id, minutes in reminders.items():
        if not 0 <= minutes <= MAX_REMINDER_MINUTES:
            raise ValueError(f"reminder for {agent_id}: 0 to {MAX_REMINDER_MINUTES} minutes "
                             f"before the shift, not {minutes}")
    agents = {a.id: a for a in scenario.agents}
    context = _Context(scenario, plan.period, _EarlierFiles(earlier),
                       {a.id: a.time_zone for a in scenario.agents})
    mine: dict[str, list[EventText]] = {a: [] for a in agents}
    team_events: list[EventText] = []
    for row in plan_hours(scenario, plan):
        agent_event, team_event = shift_texts(scenario, row)
        mine[row.agent.id].append(agent_event)
        team_events.append(team_event)
    extra = sorted(k for k in published if k != TEAM and k not in agents)
    stems = unique_stems([(a.id, a.label) for a in scenario.agents] + [(k, k) for k in extra],
                         reserved=[TEAM])
    dtstamp = stamp(now)
    days = f"from {plan.period.first_day.isoformat()} to {plan.period.last_day.isoformat()}"
    files: list[CalendarFile] = []
    skipped: list[SkippedCalendar] = []

    def add(calendar: str, file_name: str, title: str, description: str,
            events: list[EventText], who: str) -> None:
        data, ledger, changes, vevents = _calendar(
            context, calendar, title, description, events, published.get(calendar, {}),
            dtstamp, reminders.get(calendar) if calendar != TEAM else None)
        if data is None:
            skipped.append(SkippedCalendar(calendar, f"{who}: no shifts {days} and nothing to "
                                                     "cancel; no file written"))
        else:
            files.append(CalendarFile(calendar, file_name, title, data, ledger, changes,
                                      vevents))

    team = scenario.team.name
    for agent_id, events in mine.items():
        agent = agents[agent_id]
        inactive = "" if agent.active else ", inactive"
        add(agent_id, f"{stems[agent_id]}.ics", calendar_title(team, agent.label),
            f"Shifts of {agent.label} in {team}", events,
            f"{agent.label} ({agent_id}{inactive})")
    for agent_id in extra:
        add(agent_id, f"{stems[agent_id]}.ics", calendar_title(team, agent_id),
            "Shifts of a former team member", [], f"Former team member {agent_id}")
    add(TEAM, f"{TEAM}.ics", calendar_title(team, "all shifts"), f"Every shift of {team}",
        team_events, "Team calendar")
    return CalendarExport(tuple(files), tuple(skipped))


def calendar_title(team: str, whose: str) -> str:
    """What a calendar is called in the agent's list of calendars: ``Support — Kadri T.``."""
    return f"{team} — {whose}"


def build_calendars(scenario: Scenario, plan: Plan, published: Ledger, *, now: datetime,
                    earlier: Earlier | Callable[[], Earlier] | None = None,
                    reminders: Mapping[str, int] | None = None) -> list[CalendarFile]:
    """The files of :func:`build_calendar_export` (calendars with nothing to show have none)."""
    return list(build_calendar_export(scenario, plan, published, now=now, earlier=earlier,
                                      reminders=reminders).files)


def _calendar(context: _Context, calendar: str, title: str, description: str,
              events: list[EventText], previous: Mapping[str, PublishedEvent],
              dtstamp: str, reminder: int | None
              ) -> tuple[bytes | None, tuple[PublishedEvent, ...], CalendarChanges,
                         tuple[tuple[str, bytes], ...]]:
    """One calendar's bytes (None when it has no event at all), ledger, counts and events."""
    blocks: list[tuple[datetime, str, str, bytes]] = []
    ledger: dict[str, PublishedEvent] = {}
    counts = dict.fromkeys(("added", "updated", "unchanged", "cancelled", "kept", "rebuilt"), 0)
    for event in events:
        uid = uid_for(calendar, event.shift_id)
        fingerprint = event.fingerprint
        old = previous.get(event.shift_id)
        if old is None:
            sequence, change = 0, "added"
        elif old.cancelled or old.fingerprint != fingerprint:
            sequence, change = old.sequence + 1, "updated"
        else:
            sequence, change = old.sequence, "unchanged"
        counts[change] += 1
        blocks.append((event.start, event.shift_id, uid,
                       vevent(event, uid, sequence, dtstamp, cancelled=False,
                              reminder_minutes=reminder)))
        ledger[event.shift_id] = _with_text(
            PublishedEvent(uid, event.shift_id, event.agent_id, sequence, event.start,
                           event.end, fingerprint), event)
    rest = [old for shift_id, old in previous.items() if shift_id not in ledger]
    texts = _published_texts(context, calendar, rest)
    for old in rest:
        shown, exact = texts[old.shift_id]
        counts["rebuilt"] += not exact
        # An older ledger's entry learns its text once it is certain; a guess is not kept.
        entry, text = (_with_text(old, shown) if exact else old), shown
        if not context.in_period(old):
            counts["kept"] += 1  # another period's event: exactly as it was
        elif not old.cancelled:  # this period's shift, gone from the plan
            counts["cancelled"] += 1
            text = cancelled_text(shown, context.zone(old.agent_id))
            entry = _with_text(dataclasses.replace(old, sequence=old.sequence + 1,
                                                   fingerprint=text.fingerprint,
                                                   cancelled=True), text)
        blocks.append((old.start, old.shift_id, entry.uid,
                       vevent(text, entry.uid, entry.sequence, dtstamp, entry.cancelled,
                              reminder_minutes=reminder)))
        ledger[old.shift_id] = entry
    changes = CalendarChanges(**counts)
    if not blocks:
        return None, (), changes, ()
    vevents = tuple((uid, block) for _, _, uid, block in sorted(blocks))
    data = vcalendar(title, description, (block for _, block in vevents))
    return data, tuple(ledger.values()), changes, vevents


# --------------------------------------------------------------------------------------------
# What earlier events showed
# --------------------------------------------------------------------------------------------


def _with_text(entry: PublishedEvent, text: EventText) -> PublishedEvent:
    """The entry keeping what its event shows (the text whose digest is its fingerprint)."""
    return dataclasses.replace(entry, summary=text.summary, description=text.description)


def _kept_text(entry: PublishedEvent) -> EventText | None:
    """The text the ledger kept, when it has one and it matches the ledger's digest."""
    if not entry.has_text:
        return None
    text = EventText(entry.shift_id, entry.agent_id, entry.start, entry.end, entry.summary,
                     entry.description)
    return text if text.fingerprint == entry.fingerprint else None


def _file_text(context: _Context, entry: PublishedEvent) -> EventText | None:
    """The entry's event as an earlier file shows it, when the ledger's digest confirms it."""
    return next((text for shown in context.earlier.shown(entry.uid)
                 if (shown.start, shown.end) == (entry.start, entry.end)
                 and (text := EventText(entry.shift_id, entry.agent_id, entry.start, entry.end,
                                        shown.summary, shown.description)
                      ).fingerprint == entry.fingerprint), None)


def _published_texts(context: _Context, calendar: str,
                     entries: list[PublishedEvent]) -> dict[str, tuple[EventText, bool]]:
    """What each ledger entry's event showed, by shift id, and whether that is certain (the
    ledger's digest matches). The ledger's own text first; for entries of older ledgers, which
    have none, the earlier files, then a rebuild from the team data; when nothing matches, the
    rebuilt text is the best there is."""
    texts: dict[str, tuple[EventText, bool]] = {}
    missing = []
    for entry in entries:
        found = _kept_text(entry) or _file_text(context, entry)
        if found is None:
            missing.append(entry)
        else:
            texts[entry.shift_id] = (found, True)
    if missing:
        texts.update(_rebuilt_texts(context, calendar, missing))
    return texts


def _rebuilt_texts(context: _Context, calendar: str,
                   entries: list[PublishedEvent]) -> dict[str, tuple[EventText, bool]]:
    """Texts rebuilt from the entries' times and the team data. The ledger does not keep a
    shift's duty, so each dedicated duty is tried against the digest."""
    scenario = context.scenario
    shifts = tuple(Shift(e.shift_id, e.agent_id, e.start, e.end) for e in entries
                   if e.agent_id in context.zones)
    rows = {row.shift.id: row for row in plan_hours(scenario, Plan(context.period, shifts))}
    duties = [r.id for t in scenario.targets for r in t.requirements
              if r.duty is DutyKind.DEDICATED]
    label = duty_labeller(scenario)
    side = 1 if calendar == TEAM else 0
    texts: dict[str, tuple[EventText, bool]] = {}
    for entry in entries:
        row = rows.get(entry.shift_id)
        if row is None:  # the agent has left the team
            who = f"{entry.agent_id}: " if calendar == TEAM else ""
            candidates = [EventText(entry.shift_id, entry.agent_id, entry.start, entry.end,
                                    f"{who}{ON_DUTY}",
                                    f"{entry.start:%Y-%m-%d %H:%M}–{entry.end:%H:%M} UTC")]
        else:
            candidates = [shift_texts(scenario, _with_duty(row, duty, label))[side]
                          for duty in (None, *duties)]
        if entry.cancelled:
            zone = context.zone(entry.agent_id)
            candidates = [*(cancelled_text(c, zone) for c in candidates),
                          legacy_cancelled_text(entry.shift_id, entry.agent_id, entry.start,
                                                entry.end)]
        exact = next((c for c in candidates if c.fingerprint == entry.fingerprint), None)
        texts[entry.shift_id] = (exact, True) if exact is not None else (candidates[0], False)
    return texts


def _with_duty(row: ShiftHours, duty: str | None,
               label: Callable[[Shift, Agent | None], str]) -> ShiftHours:
    if duty is None:
        return row
    shift = dataclasses.replace(row.shift, duty=duty)
    return dataclasses.replace(row, shift=shift, duty=label(shift, row.agent))
