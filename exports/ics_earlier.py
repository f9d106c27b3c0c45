"""What calendar files written earlier showed, read back so a new export can repeat it.

An export writes the events of other periods again exactly as they were, and a cancelled event
keeps the title it had. The ledger (:class:`~models.domain.PublishedEvent`) keeps each event's
text for that, but ledgers written by older versions kept only a digest of it: for their
entries the text comes from the files the last export wrote. The digest tells whether a file's
event is the one the ledger describes (a file edited by hand, or written by a later export
elsewhere, is not).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar


@dataclass(frozen=True, slots=True)
class ShownEvent:
    """One event as a calendar file showed it (text unescaped, times in UTC)."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str


Earlier = Mapping[str, Sequence[ShownEvent]]  # UID -> every version found in the files


def read_earlier(files: Iterable[bytes]) -> dict[str, list[ShownEvent]]:
    """Every event of the given .ics files by UID; files or events that do not parse are
    skipped (their text is then rebuilt from the team data, see :mod:`exports.ics`)."""
    found: dict[str, list[ShownEvent]] = {}
    for data in files:
        for event in _events(data):
            found.setdefault(event.uid, []).append(event)
    return found


def _events(data: bytes) -> list[ShownEvent]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, TypeError, IndexError):
        return []
    events = []
    for component in calendar.walk("VEVENT"):
        if component.errors:
            continue
        try:
            start, end = component.decoded("DTSTART"), component.decoded("DTEND")
            uid = str(component["UID"])
        except (KeyError, ValueError):
            continue
        if not (_utc(start) and _utc(end)):
            continue
        events.append(ShownEvent(uid, start.astimezone(UTC), end.astimezone(UTC),
                                 str(component.get("SUMMARY", "")),
                                 str(component.get("DESCRIPTION", ""))))
    return events


def _utc(value: object) -> bool:
    return isinstance(value, datetime) and value.utcoffset() is not None
