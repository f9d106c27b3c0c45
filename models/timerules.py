"""The time engine: local wall-clock rules in IANA zones, expanded to UTC instants.

Rules (DESIGN.md "Time"):
- A local time that does not exist (spring forward) is read with the offset from before the gap,
  as RFC 5545 and zoneinfo's ``fold=0`` read it: 03:30 in a 03:00→04:00 gap is 04:30.
- An ambiguous local time (fall back) is its first occurrence (``fold=0``).
- Durations come from UTC instants only. Python subtracts two datetimes that share a tzinfo as
  wall-clock times, so every instant here is converted to UTC before any arithmetic.
- Zone data comes from the pinned ``tzdata`` package (``models/__init__.py`` empties the search
  path), and :func:`tzdata_version` reports which release that is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import tzdata

from models.domain import (
    Agent,
    AvailabilityKind,
    Period,
    Team,
    WeeklyWindow,
)

MINUTE = timedelta(minutes=1)


def tzdata_version() -> str:
    """The IANA release of the zone data every instant is computed with, e.g. ``2026a``."""
    return str(tzdata.IANA_VERSION)


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def to_utc(local_day: date, local_time: time, zone_name: str) -> datetime:
    """The UTC instant of a local wall-clock time on a local date (``fold=0`` rules)."""
    return datetime.combine(local_day, local_time, tzinfo=zone(zone_name)).astimezone(UTC)


def to_local(instant: datetime, zone_name: str) -> datetime:
    """The wall-clock reading of a UTC instant in a zone (aware, with that zone's offset)."""
    _require_aware(instant)
    return instant.astimezone(zone(zone_name))


@lru_cache(maxsize=1 << 17)  # rules ask for the local day of the same shift starts again and again
def local_date(instant: datetime, zone_name: str) -> date:
    return to_local(instant, zone_name).date()


def day_start(local_day: date, zone_name: str) -> datetime:
    """The UTC instant a local day begins (not always 00:00: some zones skip midnight)."""
    return to_utc(local_day, time(0), zone_name)


def day_bounds(local_day: date, zone_name: str) -> tuple[datetime, datetime]:
    """UTC start and end of a local day: 23, 24 or 25 hours apart (23.5 on Lord Howe)."""
    return day_start(local_day, zone_name), day_start(local_day + timedelta(days=1), zone_name)


def period_bounds(period: Period, zone_name: str) -> tuple[datetime, datetime]:
    """UTC start and end of a planning period of local days in ``zone_name``."""
    start = day_start(period.first_day, zone_name)
    return start, day_start(period.first_day + timedelta(days=period.days), zone_name)


def elapsed_hours(start: datetime, end: datetime) -> float:
    """Real hours between two instants, whatever zones they carry."""
    return elapsed_minutes(start, end) / 60


def elapsed_minutes(start: datetime, end: datetime) -> int:
    _require_aware(start)
    _require_aware(end)
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: every instant must carry its zone")


# --------------------------------------------------------------------------------------------
# Intervals
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A half-open UTC interval ``[start, end)``."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return elapsed_minutes(self.start, self.end)

    def overlap(self, other: Interval) -> Interval | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Interval(start, end) if start < end else None

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union; touching intervals are joined."""
    result: list[Interval] = []
    for iv in sorted(intervals):
        if result and iv.start <= result[-1].end:
            if iv.end > result[-1].end:
                result[-1] = Interval(result[-1].start, iv.end)
        else:
            result.append(iv)
    return result


def subtract(intervals: Iterable[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """``intervals`` minus ``holes``, sorted and merged."""
    result = merge(intervals)
    for hole in merge(holes):
        pieces: list[Interval] = []
        for iv in result:
            if iv.end <= hole.start or hole.end <= iv.start:
                pieces.append(iv)
                continue
            if iv.start < hole.start:
                pieces.append(Interval(iv.start, hole.start))
            if hole.end < iv.end:
                pieces.append(Interval(hole.end, iv.end))
        result = pieces
    return result


def clip(intervals: Iterable[Interval], bounds: Interval) -> list[Interval]:
    return [piece for iv in intervals if (piece := iv.overlap(bounds)) is not None]


# --------------------------------------------------------------------------------------------
# Weekly rules -> UTC
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One concrete occurrence of a weekly window: the local day it starts on, and its instants."""

    local_day: date
    interval: Interval


def window_on(window_start: time, window_end: time, ends_next_day: bool, local_day: date,
              zone_name: str) -> Interval:
    """The UTC interval of a local window that starts on ``local_day``."""
    end_day = local_day + timedelta(days=1) if ends_next_day else local_day
    start = to_utc(local_day, window_start, zone_name)
    end = to_utc(end_day, window_end, zone_name)
    return Interval(start, end)


def occurrences(window: WeeklyWindow, zone_name: str, start: datetime,
                end: datetime) -> Iterator[Occurrence]:
    """Every occurrence of a weekly window that overlaps ``[start, end)``, clipped to it.

    A window that starts the day before ``start`` and runs past midnight is included, clipped.
    An occurrence that collapses to nothing (a window lying wholly in a spring-forward gap) is
    skipped.
    """
    bounds = Interval(start, end)
    first = local_date(start, zone_name) - timedelta(days=1)
    last = local_date(end, zone_name)
    day = first
    while day <= last:
        if day.weekday() in window.weekdays:
            iv = window_on(window.start, window.end, window.ends_next_day, day, zone_name)
            piece = iv.overlap(bounds)
            if piece is not None:
                yield Occurrence(day, piece)
        day += timedelta(days=1)


def expand_weekly(windows: Iterable[WeeklyWindow], zone_name: str, start: datetime,
                  end: datetime) -> list[Interval]:
    """The union of weekly windows in a zone, as sorted non-overlapping UTC intervals."""
    return merge(o.interval for w in windows for o in occurrences(w, zone_name, start, end))


@dataclass(frozen=True, slots=True)
class AgentTime:
    """An agent's availability over a period, in UTC."""

    available: list[Interval]  # includes preferred time
    preferred: list[Interval]


def agent_availability(agent: Agent, start: datetime, end: datetime,
                       time_off_days: Iterable[date] = ()) -> AgentTime:
    """An agent's weekly availability, dated exceptions and whole days off, as UTC intervals."""
    zone_name = agent.time_zone
    windows = agent.availability.windows
    available = expand_weekly([w.window for w in windows], zone_name, start, end)
    preferred = expand_weekly([w.window for w in windows if w.kind is AvailabilityKind.PREFERRED],
                              zone_name, start, end)
    bounds = Interval(start, end)
    added: list[Interval] = []
    removed: list[Interval] = []
    for exc in agent.availability.exceptions:
        iv = window_on(exc.start, exc.end, exc.ends_next_day, exc.day, zone_name).overlap(bounds)
        if iv is not None:
            (added if exc.available else removed).append(iv)
    removed.extend(Interval(*day_bounds(d, zone_name)) for d in time_off_days)
    available = subtract(merge([*available, *added]), removed)
    preferred = subtract(preferred, removed)
    return AgentTime(clip(available, bounds), clip(preferred, bounds))


# --------------------------------------------------------------------------------------------
# Splitting instants by local day, night, weekend, holiday
# --------------------------------------------------------------------------------------------


def split_by_local_day(start: datetime, end: datetime,
                       zone_name: str) -> list[tuple[date, Interval]]:
    """Pieces of ``[start, end)`` on each local day they fall on, in order."""
    pieces: list[tuple[date, Interval]] = []
    cursor = start.astimezone(UTC)
    end = end.astimezone(UTC)
    while cursor < end:
        day = local_date(cursor, zone_name)
        next_midnight = day_start(day + timedelta(days=1), zone_name)
        piece_end = min(end, next_midnight)
        pieces.append((day, Interval(cursor, piece_end)))
        cursor = piece_end
    return pieces


def night_intervals(team: Team, zone_name: str, start: datetime,
                    end: datetime) -> list[Interval]:
    """The team's night window in a zone's local time, as UTC intervals within ``[start, end)``."""
    wraps = team.night_end <= team.night_start
    window = WeeklyWindow(frozenset(range(7)), team.night_start, team.night_end, wraps)
    return expand_weekly([window], zone_name, start, end)


def overlap_minutes(interval: Interval, others: Sequence[Interval]) -> int:
    return sum(piece.minutes for o in others if (piece := interval.overlap(o)) is not None)


@lru_cache(maxsize=1 << 16)  # the checker and gap advice ask for the same shifts many times
def night_minutes(team: Team, zone_name: str, start: datetime, end: datetime) -> int:
    """Minutes of ``[start, end)`` inside the night window, judged in ``zone_name``."""
    return overlap_minutes(Interval(start, end), night_intervals(team, zone_name, start, end))


def is_night_shift(team: Team, zone_name: str, start: datetime, end: datetime) -> bool:
    """A night shift overlaps the team's night window in the agent's local time."""
    return night_minutes(team, zone_name, start, end) > 0


def minutes_on_days(start: datetime, end: datetime, zone_name: str,
                    days: Iterable[date] | None = None, weekdays: Iterable[int] = ()) -> int:
    """Minutes of ``[start, end)`` falling on the given local dates or weekdays."""
    day_set = set(days or ())
    weekday_set = set(weekdays)
    return sum(iv.minutes for day, iv in split_by_local_day(start, end, zone_name)
               if day in day_set or day.weekday() in weekday_set)


def weekend_minutes(start: datetime, end: datetime, zone_name: str) -> int:
    """Minutes worked on the local Saturday and Sunday of ``zone_name``."""
    return minutes_on_days(start, end, zone_name, weekdays=(5, 6))


def iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


# --------------------------------------------------------------------------------------------
# Public holidays
# --------------------------------------------------------------------------------------------


@cache
def _holiday_table(country: str, subdivision: str, years: tuple[int, ...]) -> dict[date, str]:
    import holidays as holidays_lib  # loaded when first needed: the app's start is shorter

    try:
        table = holidays_lib.country_holidays(country, subdiv=subdivision or None, years=years)
    except NotImplementedError:
        return {}
    return {day: str(name) for day, name in table.items()}


def public_holidays(country: str, subdivision: str, first: date, last: date) -> dict[date, str]:
    """Public holidays (local dates and names) of a country and subdivision between two dates."""
    if not country:
        return {}
    years = tuple(range(first.year, last.year + 1))
    table = _holiday_table(country, subdivision, years)
    return {d: n for d, n in sorted(table.items()) if first <= d <= last}


def holiday_problems(country: str, subdivision: str) -> str | None:
    """A message when the holidays package knows no such country or subdivision."""
    if not country:
        return None
    # The registry knows every code without importing the ~500 country modules (which takes
    # seconds: the app asks this while its first window is being built); only the country
    # asked about is loaded, for its subdivisions.
    if country not in _country_codes():
        return f"no public-holiday calendar for country {country!r}"
    import holidays as holidays_lib

    subdivisions = list(getattr(holidays_lib, country).subdivisions)
    if subdivision and subdivision not in subdivisions:
        return (f"no subdivision {subdivision!r} in {country}; known: "
                f"{', '.join(subdivisions[:12])}")
    return None


@cache
def _country_codes() -> frozenset[str]:
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes(include_aliases=True))


def agent_holidays(agent: Agent, first: date, last: date) -> dict[date, str]:
    return public_holidays(agent.country, agent.subdivision, first, last)
