"""Helpers for the tests of calendars exported one period after another: plans for a period,
what each calendar file shows, and the validity checks every written file must pass."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import icalendar
import ics
import vobject

from exports.ics_surface import surface_problems
from models.domain import DutyKind, Period, Plan, Scenario, Shift
from models.timerules import to_utc

# What a client keeps of an event: (SEQUENCE, STATUS, DTSTART, DTEND, SUMMARY, DESCRIPTION).
Shown = tuple[int, str, datetime, datetime, str, str]


def shift_id(agent_id: str, day: date) -> str:
    return f"{agent_id}:{day.isoformat()}"


def period_plan(scenario: Scenario, first: date, days: int, *, drop: Iterable[str] = (),
                later: Iterable[str] = (), note: str = "") -> Plan:
    """Every active agent works weekdays 09:00–17:00 local, and a night 22:00–06:00 on the
    period's last day (it ends after the period). Every third day an agent with a dedicated
    duty's skill holds that duty. ``drop`` leaves shifts out, ``later`` starts them an hour
    later, and the first shift without a duty gets ``note``."""
    dropped, moved = set(drop), set(later)
    dedicated = [r for r in scenario.target.requirements if r.duty is DutyKind.DEDICATED]
    shifts: list[Shift] = []
    for agent in scenario.active_agents():
        duty = next((r.id for r in dedicated if all(agent.has_skill(s) for s in r.skills)),
                    None)
        for offset in range(days):
            day = first + timedelta(days=offset)
            night = offset == days - 1
            if day.weekday() >= 5 and not night:
                continue
            sid = shift_id(agent.id, day)
            if sid in dropped:
                continue
            hour = (22 if night else 9) + (1 if sid in moved else 0)
            start = to_utc(day, time(hour), agent.time_zone)
            end = start + timedelta(hours=8)
            held = duty if offset % 3 == 0 else None
            noted = held is None and not any(s.note for s in shifts)
            shifts.append(Shift(sid, agent.id, start, end, duty=held,
                                note=note if noted else ""))
    return Plan(Period(first, days), tuple(shifts), target_id=scenario.active_target_id)


def shown_in(data: bytes) -> dict[str, Shown]:
    """Every event of one calendar file by UID, read with icalendar."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): (int(e["SEQUENCE"]), str(e["STATUS"]), e.decoded("DTSTART"),
                            e.decoded("DTEND"), str(e["SUMMARY"]), str(e["DESCRIPTION"]))
            for e in calendar.walk("VEVENT")}


def folder_events(folder: Path) -> dict[tuple[str, str], Shown]:
    """Every event of every calendar file in a folder, by (file name, UID); each file checked."""
    found = {}
    for path in sorted(folder.glob("*.ics")):
        data = path.read_bytes()
        assert_valid(data, path.name)
        found.update({(path.name, uid): shown for uid, shown in shown_in(data).items()})
    return found


def assert_valid(data: bytes, name: str = "") -> None:
    """RFC 5545 as icalendar validates it (a calendar needs a component; no property that
    failed to parse), the surface rules, and two independent parsers."""
    calendar = icalendar.Calendar.from_ical(data)
    calendar.validate()  # icalendar 7: IncompleteComponent for an empty calendar
    assert [c.errors for c in calendar.walk() if c.errors] == [], name
    assert calendar.walk("VEVENT"), name
    assert surface_problems(data) == [], name
    text = data.decode("utf-8")
    by_vobject = {e.uid.value for e in vobject.readOne(text).vevent_list}
    by_ics = {e.uid for e in ics.Calendar(text).events}
    assert by_vobject == by_ics == set(shown_in(data)), name


def in_period(shown: Shown, plan: Plan, zone: str) -> bool:
    """Whether an event's shift starts on one of the plan's local days in ``zone``."""
    start = shown[2]
    first = to_utc(plan.period.first_day, time(0), zone)
    end = to_utc(plan.period.last_day + timedelta(days=1), time(0), zone)
    return first <= start < end
