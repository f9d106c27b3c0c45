"""Weekly windows <-> a painted week grid ``cells[weekday][slot]`` (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import time

from models.domain import AvailabilityKind, AvailabilityWindow, WeeklyWindow

DAYS = 7


def windows_from_cells(cells: Sequence[Sequence[str | None]],
                       slot_minutes: int = 60) -> tuple[AvailabilityWindow, ...]:
    """Weekly availability from a painted grid ``cells[weekday][slot]``.

    A cell holds ``"available"``, ``"preferred"`` or None. Preferred time is also available
    (the domain's rule), so a preferred run yields a preferred window and is part of an
    available window. Runs with the same hours on several days share one window.
    """
    runs: dict[tuple[str, int, int], set[int]] = {}
    for day, row in enumerate(cells):
        for kind in (AvailabilityKind.AVAILABLE, AvailabilityKind.PREFERRED):
            wanted = {"available", "preferred"} if kind is AvailabilityKind.AVAILABLE else {
                "preferred"}
            for start, end in _runs([c in wanted for c in row]):
                runs.setdefault((kind.value, start, end), set()).add(day)
    windows = []
    for (kind_name, start, end), days in sorted(runs.items(),
                                                key=lambda i: (i[0][0], i[0][1])):
        windows.append(AvailabilityWindow(weekly_window(days, start * slot_minutes,
                                                  end * slot_minutes),
                                          AvailabilityKind(kind_name)))
    return tuple(windows)


def cells_from_windows(windows: Iterable[AvailabilityWindow],
                       slot_minutes: int = 60) -> list[list[str | None]]:
    """The painted grid of weekly windows: a slot is marked if the window touches it."""
    slots = 24 * 60 // slot_minutes
    cells: list[list[str | None]] = [[None] * slots for _ in range(DAYS)]
    ordered = sorted(windows, key=lambda w: w.kind is AvailabilityKind.PREFERRED)
    for w in ordered:
        for day, slot in window_slots(w.window, slot_minutes):
            cells[day][slot] = w.kind.value
    return cells


def window_slots(window: WeeklyWindow, slot_minutes: int) -> Iterable[tuple[int, int]]:
    slots_per_day = 24 * 60 // slot_minutes
    begin = window.start.hour * 60 + window.start.minute
    end = begin + window.minutes
    for day in window.weekdays:
        first = begin // slot_minutes
        last = -(-end // slot_minutes)
        for k in range(first, last):
            yield (day + k // slots_per_day) % DAYS, k % slots_per_day


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs


def weekly_window(days: Iterable[int], start_minute: int, end_minute: int) -> WeeklyWindow:
    next_day = end_minute >= 24 * 60
    end = end_minute % (24 * 60)
    return WeeklyWindow(frozenset(days), time(start_minute // 60, start_minute % 60),
                        time(end // 60, end % 60), ends_next_day=next_day)
