"""Coverage presets a manager starts from: at least 12 h a day, 16 h a day, and 24/7.

Each is a plain CoverageTarget with generic requirements (any agent); a manager copies one and
edits it (skills, headcounts, dedicated duties). Windows are in the team's reference zone.
"""

from __future__ import annotations

from datetime import time

from models.domain import ALL_WEEKDAYS, CoverageTarget, Requirement, WeeklyWindow

WORKDAYS = frozenset(range(5))


def _daily(start: int, end: int) -> WeeklyWindow:
    """Every day from ``start`` to ``end`` o'clock; 24 means midnight at the end of the day."""
    return WeeklyWindow(ALL_WEEKDAYS, time(start), time(end % 24), ends_next_day=end >= 24)


def twelve_hours(headcount: int = 1) -> CoverageTarget:
    return CoverageTarget(
        "preset-12h", "12 h a day",
        (Requirement("open-12h", "Open 08:00–20:00", _daily(8, 20), headcount, priority=1),),
        description="At least one agent every day from 08:00 to 20:00 (reference zone).",
    )


def sixteen_hours(headcount: int = 1) -> CoverageTarget:
    return CoverageTarget(
        "preset-16h", "16 h a day",
        (Requirement("open-16h", "Open 07:00–23:00", _daily(7, 23), headcount, priority=1),),
        description="At least one agent every day from 07:00 to 23:00 (reference zone).",
    )


def around_the_clock(headcount: int = 1, business_extra: int = 1) -> CoverageTarget:
    business = WeeklyWindow(WORKDAYS, time(9), time(17))
    return CoverageTarget(
        "preset-24-7", "24/7",
        (
            Requirement("open-24h", "Always open", _daily(0, 24), headcount, priority=1),
            Requirement("business-hours", "Business hours", business, headcount + business_extra,
                        priority=2),
        ),
        description="Someone on duty at every hour, more people on weekday business hours.",
    )


def presets() -> tuple[CoverageTarget, ...]:
    return twelve_hours(), sixteen_hours(), around_the_clock()
